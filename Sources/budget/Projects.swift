import ArgumentParser
import BudgetCore
import Reports
import Store

extension Budget {
    struct Projects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the projects in the store with their last closed year.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Only departments whose name contains this text.")
        var department: String?

        @Option(help: "Only units whose name contains this text.")
        var unit: String?

        @Option(help: "Output format: text, csv or json.")
        var format: OutputFormat = .text

        func run() throws {
            let histories = try withStore(store) { opened in
                try opened.histories(of: opened.projects(department: department, unit: unit))
            }
            var listing = Listing(columns: [
                .init("department", minWidth: 8), .init("unit", minWidth: 10), .init("project", minWidth: 24),
                .init("category", minWidth: 8),
                .init("first_year", title: "from", alignment: .right), .init("last_year", title: "to", alignment: .right),
                .init("open_years", title: "open", alignment: .right),
                .init("last_closed_year", title: "closed", alignment: .right),
                .init("budget", alignment: .right), .init("executed", alignment: .right), .init("rate", alignment: .right),
            ])
            for history in histories {
                let closed = history.lastClosed
                let budget = closed?.figures.adjustedBudget ?? closed?.figures.initialBudget
                let rate = closed.flatMap { $0.figures.executionRate ?? $0.figures.executionRateAgainstInitial }
                listing.append([
                    .text(history.project.department), .text(history.project.unit), .text(history.project.name),
                    .text(history.project.category), .integer(history.years.first?.year), .integer(history.years.last?.year),
                    .integer(history.years.filter { $0.status == .open }.count), .integer(closed?.year),
                    .money(budget), .money(closed?.figures.executed), .rate(rate),
                ])
            }
            try emit(listing, format: format)
            if format == .text {
                print("\(histories.count.grouped) projects. closed = last closed year; budget = its adjusted budget (全年预算数), else the initial one; rate = executed ÷ that budget.")
            }
        }
    }
}
