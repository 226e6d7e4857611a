import ArgumentParser
import BudgetCore
import Foundation
import Reports
import Store

extension Budget {
    struct Exceptional: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark years as exceptional (forecasts leave them out of fitting), clear the marks, or list them.",
            discussion: """
                budget exceptional --year 2020 --year 2021 --year 2022 --reason 疫情 marks those years for every \
                project in the store; name a project, or give --unit or --department, to mark fewer. A year may be \
                marked before its figures are imported. --clear removes the marks of the years given; --list lists \
                the marks (of the projects selected, of the years given) as text, CSV or JSON. `budget history` \
                shows a year's mark in its exceptional column.
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: "One project (matched like `budget history`); omit it to act on every project of --unit/--department, or of the store.")
        var project: String?

        @Option(help: "Only projects of units whose name contains this text.")
        var unit: String?

        @Option(help: "Only projects of departments whose name contains this text.")
        var department: String?

        @Option(name: .customLong("year"), help: ArgumentHelp("A year to mark or clear, 1900–2100 (repeatable); with --list, only these years.", valueName: "YEAR"))
        var years: [Int] = []

        @Option(help: "Why the years are exceptional (e.g. 疫情); stored with each mark.")
        var reason: String?

        @Flag(help: "Remove the marks of the years given instead of adding them.")
        var clear = false

        @Flag(help: "List the marks: department, unit, project, year, reason.")
        var list = false

        @Option(help: "With --list: text, csv, json or xlsx (default text).")
        var format: OutputFormat?

        @OptionGroup var presentationOptions: PresentationOptions

        func validate() throws {
            if let year = years.first(where: { !BudgetYear.range.contains($0) }) {
                throw ValidationError("--year \(year): a year must be from \(BudgetYear.rangeText)")
            }
            if clear && list { throw ValidationError("--clear and --list: choose one") }
            if !list && years.isEmpty { throw ValidationError("give the years with --year (repeatable), or use --list") }
            if reason != nil && (clear || list) { throw ValidationError("--reason is for marking, not with --\(clear ? "clear" : "list")") }
            if format != nil && !list { throw ValidationError("--format applies to --list") }
        }

        func run() throws {
            try withStore(store, access: list ? .read : .write) { opened in
                let projects = try selected(in: opened)
                if list {
                    try self.list(projects, marks: opened.exceptionalYears())
                    return
                }
                let presentation = presentationOptions.presentation
                let wording = Wording.of(presentation.language)
                func say(_ phrase: Phrase, _ values: [String: Clause.Value] = [:]) -> String {
                    wording.text(phrase, values, unit: presentation.unit)
                }
                let yearsText = Set(years).sorted().map(String.init).joined(separator: presentation.language == .zh ? "、" : ", ")
                let target = projects.count == 1
                    ? [projects[0].unit, projects[0].name].filter { !$0.isEmpty }.joined(separator: " / ")
                    : say(.exceptionalProjects, ["count": .number(projects.count.grouped)])
                let total = projects.count * Set(years).count
                if clear {
                    let removed = try opened.clearExceptional(projects, years: years)
                    if removed == 0 {
                        print(say(.exceptionalNotMarked, ["years": .text(yearsText), "target": .text(target)]))
                    } else {
                        let marks = say(removed == 1 ? .exceptionalMark : .exceptionalMarks, ["count": .number(removed.grouped)])
                        let others = removed < total ? say(.exceptionalOthersNotMarked, ["count": .number((total - removed).grouped)]) : ""
                        print(say(.exceptionalCleared, ["years": .text(yearsText), "target": .text(target), "marks": .text(marks),
                                                        "others": .text(others)]))
                    }
                } else {
                    let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                    let changed = try opened.markExceptional(projects, years: years, reason: reason)
                    let why = reason.isEmpty ? say(.exceptionalNoReason) : say(.exceptionalReason, ["reason": .text(reason)])
                    if changed == 0 {
                        print(say(.exceptionalAlready, ["years": .text(yearsText), "target": .text(target), "why": .text(why)]))
                    } else {
                        let partial = changed < total
                            ? say(.exceptionalPartlyChanged, ["changed": .number(changed.grouped), "total": .number(total.grouped)]) : ""
                        print(say(.exceptionalMarked, ["years": .text(yearsText), "target": .text(target), "why": .text(why),
                                                       "partial": .text(partial)]))
                    }
                }
            }
        }

        /// The one project named, or every project of the unit/department filters (all when none is given).
        func selected(in store: BudgetStore) throws -> [ProjectRef] {
            let filters = [unit.map { "unit \"\($0)\"" }, department.map { "department \"\($0)\"" }].compactMap { $0 }
            let within = filters.isEmpty ? "" : " in " + filters.joined(separator: ", ")
            guard let project else {
                let found = try store.projects(department: department, unit: unit)
                guard !found.isEmpty else {
                    throw StoreError.notFound(filters.isEmpty ? "the store has no projects; import some history first"
                                                              : "no project\(within); `budget projects` lists them")
                }
                return found
            }
            let departmentKey = department.map(NameKey.matchKey) ?? ""
            let found = try store.findProjects(named: project, unit: unit)
                .filter { departmentKey.isEmpty || NameKey.matchKey($0.department).contains(departmentKey) }
            guard let match = found.first else {
                throw StoreError.notFound("no project matches \"\(project)\"\(within); `budget projects` lists them")
            }
            guard found.count == 1 else {
                let list = found.prefix(20).map { "  \($0.department) / \($0.unit) / \($0.name)" }.joined(separator: "\n")
                throw StoreError.ambiguous("\"\(project)\" matches \(found.count) projects; name one with --unit or --department:\n\(list)")
            }
            return [match]
        }

        /// Lists the marks of `projects` (of the years given, when any), in the projects' order, then by year.
        func list(_ projects: [ProjectRef], marks: [Int64: [Int: String]]) throws {
            let wantedYears = Set(years)
            var listing = Listing(columns: [
                .init("department", minWidth: 8), .init("unit", minWidth: 10), .init("project", minWidth: 24),
                .init("year", alignment: .right), .init("reason"),
            ])
            for project in projects {
                for (year, reason) in (marks[project.id] ?? [:]).sorted(by: { $0.key < $1.key })
                where wantedYears.isEmpty || wantedYears.contains(year) {
                    listing.append([.text(project.department), .text(project.unit), .text(project.name),
                                    .integer(year), .text(reason)])
                }
            }
            let format = format ?? .text
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            if format == .text && listing.rows.isEmpty {
                let none = projects.count == 1 ? Clause(.exceptionalNoneFor, ["project": .text(projects[0].name)]) : Clause(.exceptionalNone)
                printProse(wording.text([none], unit: presentation.unit), maxWidth: presentationOptions.tableWidth)
                return
            }
            try emit(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth)
            if format == .text {
                printProse(wording.text(.exceptionalCount, ["count": .number(listing.rows.count.grouped)], unit: presentation.unit),
                           maxWidth: presentationOptions.tableWidth)
            }
        }
    }
}
