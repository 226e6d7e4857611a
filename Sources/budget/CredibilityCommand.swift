import ArgumentParser
import BudgetCore
import Forecasting
import Reports

extension Budget {
    struct CredibilityCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credibility",
            abstract: "PEFA budget credibility (PI-1 aggregate outturn, PI-2 composition variance) per department and unit.",
            discussion: """
                Over each group's last three closed years up to --year (default: the last closed year of the \
                selection), against the original budget (年初预算数) and the adjusted one (全年预算数). The same \
                measures as a scenario's credibility report, without writing a scenario.

                Examples:
                  budget credibility --department 深圳市商务局
                  budget credibility --year 2022 --format csv > credibility.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions

        @Option(help: "The last year of the window (default: the last closed year of the selection).")
        var year: Int?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let input = try withStore(store) { opened in try withExitCodes { try ForecastInput.load(opened, panelOptions) } }
            let records = input.selected.map { input.records[$0] }
            guard let last = year ?? input.lastClosedYear else {
                printError("budget: no closed year in the selection: nothing to judge")
                throw ExitCode(ExitStatus.badInput)
            }
            guard BudgetYear.range.contains(last) else {
                throw ValidationError("--year \(last): a year must be from \(BudgetYear.rangeText)")
            }
            let scores = Credibility.assess(CredibilityLine.lines(of: records, through: last), through: last)
            if format == .text {
                print(CredibilityReport.text(scores, through: last, maxWidth: presentationOptions.tableWidth,
                                             presentation: presentationOptions.presentation), terminator: "")
            } else {
                try emit(CredibilityReport.table(scores), format: format, presentation: presentationOptions.presentation,
                         maxWidth: presentationOptions.tableWidth)
            }
        }
    }
}
