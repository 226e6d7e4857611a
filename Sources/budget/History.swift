import ArgumentParser
import BudgetCore
import Reports
import Store

extension Budget {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one project's figures year by year (and its revision history).",
            discussion: """
                Examples:
                  budget history 贸易摩擦应对事务
                  budget history 门户网站 --unit 外国投资 --revisions
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var selection: ProjectSelection

        @Flag(help: "Also list every recorded change: old value, new value, the import batch.")
        var revisions = false

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            try withStore(store) { opened in
                let match = try selection.project(in: opened)
                let history = try opened.history(of: match)
                if format == .text {
                    print("\(match.department.isEmpty ? "-" : match.department) / \(match.unit.isEmpty ? "-" : match.unit) / \(match.name)"
                          + (match.category.map { "  [\($0)]" } ?? ""))
                }
                // In text, the exceptional column only when a year is marked; CSV and JSON always have it.
                let exceptional = format != .text || history.years.contains { $0.exceptionalReason != nil }
                if format == .xlsx { // one workbook: the years, and the revisions on a second sheet
                    let years = [(name: "years", listing: Self.listing(history, exceptionalColumn: exceptional))]
                    return try XLSXOutput.emit(years + (revisions ? [("revisions", Self.revisionListing(try opened.revisions(of: match)))] : []),
                                               presentation: presentationOptions.presentation)
                }
                try emit(Self.listing(history, exceptionalColumn: exceptional), format: format,
                         presentation: presentationOptions.presentation, maxWidth: presentationOptions.tableWidth)
                let presentation = presentationOptions.presentation
                let wording = Wording.of(presentation.language)
                if format == .text {
                    printProse(wording.text(.historyFooter, unit: presentation.unit), maxWidth: presentationOptions.tableWidth)
                }
                if revisions {
                    let entries = try opened.revisions(of: match)
                    if format == .text {
                        print("\n" + wording.text(.revisionsHeader, ["count": .number(String(entries.count))], unit: presentation.unit))
                    }
                    try emit(Self.revisionListing(entries), format: format,
                             presentation: presentationOptions.presentation, maxWidth: presentationOptions.tableWidth)
                }
            }
        }

        /// The years of `history`; `exceptionalColumn` adds `exceptional`: the reason a year is marked
        /// exceptional, `yes` when none was given, empty when the year is not marked. `rate` is executed ÷ the
        /// full-year budget, else (no adjustment recorded, as in San Diego's accounts) ÷ the initial one — the
        /// budget every forecast and recommendation uses; `vs initial` is always ÷ the initial budget.
        static func listing(_ history: ProjectHistory, exceptionalColumn: Bool = true) -> Listing {
            var listing = Listing(columns: [
                .init("year", alignment: .right), .init("status"), .init("source"),
                .init("initial_budget", title: "initial 年初", alignment: .right),
                .init("adjusted_budget", title: "adjusted 全年", alignment: .right),
                .init("executed", title: "executed 执行", alignment: .right),
                .init("rate", title: "rate", alignment: .right),
                .init("rate_vs_initial", title: "vs initial", alignment: .right),
                .init("requested", title: "requested 申报", alignment: .right),
            ] + (exceptionalColumn ? [.init("exceptional")] : []))
            for year in history.years {
                let open = year.status != .closed
                let openNote = year.status == nil ? "-" : "open"
                var cells: [Listing.Cell] = [
                    .integer(year.year), year.status.map { .word($0.rawValue) } ?? .text(nil), year.source.map { .word($0.rawValue) } ?? .text(nil),
                    .money(year.figures.initialBudget), .money(year.figures.adjustedBudget),
                    open && year.figures.executed == nil ? .note(openNote) : .money(year.figures.executed),
                    open ? .note(openNote) : .rate(year.figures.adjustedBudget == nil ? year.figures.executionRateAgainstInitial
                                                                                   : year.figures.executionRate),
                    open ? .note(openNote) : .rate(year.figures.executionRateAgainstInitial),
                    .money(year.declaration?.requested),
                ]
                if exceptionalColumn { cells.append(year.exceptionalReason.map { $0.isEmpty ? .word("yes") : .text($0) } ?? .note("")) }
                listing.append(cells)
            }
            return listing
        }

        static func revisionListing(_ entries: [RevisionEntry]) -> Listing {
            var listing = Listing(columns: [
                .init("batch", alignment: .right), .init("file"), .init("imported_at", title: "imported"),
                .init("year", alignment: .right), .init("field"), .init("old_value", title: "old", alignment: .right),
                .init("new_value", title: "new", alignment: .right),
            ])
            for entry in entries {
                listing.append([.integer(Int(entry.batchID)), .text(entry.fileName), .text(entry.importedAt),
                                .integer(entry.year), .word(entry.field), .text(entry.oldValue), .text(entry.newValue)])
            }
            return listing
        }
    }
}
