import ArgumentParser
import BudgetCore
import Forecasting
import Reports
import ScenarioFile

/// `--rules FILE` and `--round-to AMOUNT`, shared by `recommend` and `review`.
struct RulesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A YAML rule pack (keys: \(RulePack.keys.joined(separator: ", "))); default: the built-in rules.", valueName: "FILE"))
    var rules: String?

    @Option(help: ArgumentHelp("Round recommendations down to a multiple of this many yuan (100 = 百元, 10000 = 万元); overrides the rule pack's round_to. Default: to the fen.", valueName: "AMOUNT"))
    var roundTo: String?

    func validate() throws {
        if let roundTo { _ = try Self.step(roundTo) }
    }

    /// `--round-to`'s amount: a positive amount in yuan, to the fen, at most ``RulePack/largestRoundingStep``.
    static func step(_ text: String) throws -> Money {
        guard case .value(let money, rounded: false)? = try? AmountParser.parse(text), money.fen >= 1,
              money <= RulePack.largestRoundingStep else {
            throw ValidationError("--round-to must be an amount in yuan, to the fen, from 0.01 to 100,000,000 (100 = 百元, 10000 = 万元); got \(text)")
        }
        return money
    }

    func load() throws -> RulePack {
        var pack = RulePack()
        if let rules {
            do { pack = try RulesFile.load(path: rules) } catch let problem {
                printError("budget: \(problem)")
                throw ExitCode(ExitStatus.badInput)
            }
        }
        if let roundTo { pack.roundTo = try Self.step(roundTo) }
        return pack
    }
}

extension Budget {
    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recommend each project's budget for a year from its forecast and its past execution.",
            discussion: """
                need = forecast executed ÷ target rate (95%). Rules (defaults; --rules FILE changes them, and \
                the report header prints them): last rate ≥ 90% keeps the budget and grows with the need; 60–90% \
                gets the need, at most the last budget; below 60% at most last executed × 1.05 ÷ 0.95 (so 0 after \
                a year with nothing executed); nothing executed two years running: 0 by its own rule, review for \
                cancellation; --round-to 100 rounds down to whole 百元; grade 差 (total < 60) cuts 10%; grade 优 \
                (≥ 90) with an external deviation reason (疫情 …) keeps the budget down to 60% execution. Every \
                row shows its arithmetic.

                Examples:
                  budget recommend --department 深圳市商务局
                  budget recommend --rules my-rules.yaml --format csv > 建议数.csv
                  budget recommend --department 深圳市商务局 --lang zh --amount-unit wan
                  budget recommend --format xlsx > 建议.xlsx
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var panelOptions: PanelOptions
        @OptionGroup var rulesOptions: RulesOptions

        @Option(help: "The year to recommend for (default: the year after the last closed year).")
        var year: Int?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            let rules = try rulesOptions.load()
            let plan = try withStore(store) { opened in try withExitCodes { try PlanningRun(store: opened, options: panelOptions, year: year) } }
            let recommender = Recommender(rules: rules)
            if format != .text { plan.reportStaleLeftOut() }
            if format == .text {
                printProse(plan.header(in: wording), maxWidth: presentationOptions.tableWidth)
                printProse(wording.text(.rulesLine, ["rules": .text(wording.text([rules.summary], unit: presentation.unit))], unit: presentation.unit),
                           maxWidth: presentationOptions.tableWidth)
            }
            var listing = Listing(columns: [
                .init("department", minWidth: 6), .init("unit", minWidth: 8), .init("project", minWidth: 16),
                .init("year", alignment: .right), .init("last_year", title: "last", alignment: .right, droppable: true),
                .init("last_budget", alignment: .right), .init("last_executed", alignment: .right, droppable: true),
                .init("last_rate", title: "rate", alignment: .right), .init("recommended", alignment: .right),
                .init("change_pct", title: "change", alignment: .right), .init("rule", minWidth: 14, droppable: true),
                .init("explanation", minWidth: 30),
            ])
            for i in plan.shown {
                let s = plan.input.panel.series[i]
                let input = plan.recommendationInput(i)
                let recommendation = recommender.recommend(input)
                listing.append([
                    .text(s.department), .text(s.unit), .text(s.name), .integer(plan.year), .integer(input.lastYear),
                    .money(input.lastBudget), .money(input.lastExecuted),
                    .rate(input.lastRate),
                    .money(recommendation.amount), .rate(recommendation.change), .text(wording.rule(recommendation.ruleParts)),
                    .text(wording.text(recommendation.clauses, unit: presentation.unit)),
                ])
            }
            try emitReport(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth,
                           shared: ["department", "unit", "year"], trailing: ["explanation"])
        }
    }
}
