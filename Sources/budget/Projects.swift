import ArgumentParser
import BudgetCore
import Reports
import Store

extension Budget {
    struct Projects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the projects in the store with their last closed year.",
            discussion: """
                Examples:
                  budget projects --department 深圳市商务局
                  budget projects --format csv > projects.csv
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Only departments whose name contains this text.")
        var department: String?

        @Option(help: "Only units whose name contains this text.")
        var unit: String?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let histories = try withStore(store) { opened in
                try opened.histories(of: opened.projects(department: department, unit: unit))
            }
            // In text, a data source, department, unit or category shared by every row is said once above the
            // table, leaving the width to the project names; CSV and JSON keep every column.
            func shared(_ value: (ProjectRef) -> String?) -> String? {
                guard format == .text, let first = histories.first.map({ value($0.project) ?? "" }),
                      histories.allSatisfy({ (value($0.project) ?? "") == first }) else { return nil }
                return first
            }
            let sharedDepartment = shared(\.department), sharedUnit = shared(\.unit), sharedCategory = shared(\.category)
            let sharedDataSource = shared(\.dataSource)
            var columns: [Listing.Column] = []
            if sharedDataSource == nil { columns.append(.init("data_source", title: "data source", minWidth: 11)) }
            if sharedDepartment == nil { columns.append(.init("department", minWidth: 8)) }
            if sharedUnit == nil { columns.append(.init("unit", minWidth: 10)) }
            columns.append(.init("project", minWidth: 24))
            if sharedCategory == nil { columns.append(.init("category", minWidth: 8)) }
            columns += [
                .init("first_year", title: "from", alignment: .right), .init("last_year", title: "to", alignment: .right, term: "to_year"),
                .init("open_years", title: "open", alignment: .right, term: "open_year_count"),
                .init("last_closed_year", title: "closed", alignment: .right),
                .init("budget", alignment: .right), .init("executed", alignment: .right), .init("rate", alignment: .right),
            ]
            var listing = Listing(columns: columns)
            for history in histories {
                let closed = history.lastClosed
                let budget = closed?.figures.adjustedBudget ?? closed?.figures.initialBudget
                let rate = closed.flatMap { $0.figures.executionRate ?? $0.figures.executionRateAgainstInitial }
                var cells: [Listing.Cell] = []
                if sharedDataSource == nil { cells.append(.text(history.project.dataSource)) }
                if sharedDepartment == nil { cells.append(.text(history.project.department)) }
                if sharedUnit == nil { cells.append(.text(history.project.unit)) }
                cells.append(.text(history.project.name))
                if sharedCategory == nil { cells.append(.text(history.project.category)) }
                cells += [
                    .integer(history.years.first?.year), .integer(history.years.last?.year),
                    .integer(history.years.filter { $0.status == .open }.count), .integer(closed?.year),
                    .money(budget), .money(closed?.figures.executed), .rate(rate),
                ]
                listing.append(cells)
            }
            // A store from before data sources were recorded has one unnamed source: nothing to say.
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            let common = [("data_source", "data source", sharedDataSource.flatMap { $0.isEmpty ? nil : $0 }),
                          ("department", "department", sharedDepartment), ("unit", "unit", sharedUnit),
                          ("category", "category", sharedCategory)]
                .compactMap { key, name, value in
                    value.map { wording.heading(key: key, fallback: name) + wording.colon + ($0.isEmpty ? "-" : $0) }
                }
            if !common.isEmpty && !histories.isEmpty { print(common.joined(separator: "   ")) }
            try emit(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth)
            if format == .text {
                printProse(wording.text(.projectsFooter, ["count": .number(histories.count.grouped)], unit: presentation.unit),
                           maxWidth: presentationOptions.tableWidth)
            }
        }
    }
}
