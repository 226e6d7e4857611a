import ArgumentParser
import BudgetCore
import Forecasting
import Foundation
import Reports

extension Budget {
    struct ScenarioCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scenario",
            abstract: "Run what-if scenarios (Scenarios/*.yaml) and write their report set; compare two scenarios.",
            discussion: """
                A scenario file names its history (a store, or files imported into a temporary store), the base \
                year, the horizon (1–5 years), the interval level, the rules and growth, and adjustments: changes \
                by department, unit, category or project (−10% on general spending), execution shocks, \
                exceptional years, overrides and new projects. Scenarios/README.md documents the keys; \
                Reports/README.md the reports and their CSV columns.

                Examples:
                  budget scenario run Scenarios/baseline.yaml
                  budget scenario compare Scenarios/baseline.yaml Scenarios/austerity.yaml
                """,
            subcommands: [Run.self, Compare.self])
    }
}

/// `--encoding` of the CSV reports.
struct CSVEncodingOption: ParsableArguments {
    @Option(name: .customLong("encoding"), help: "CSV encoding: utf8-bom (default, for Excel), utf8, or gb18030 (older Chinese Excel installations).")
    var name: String = "utf8-bom"

    func validate() throws {
        guard CSVEncoding(name: name) != nil else { throw ValidationError("--encoding: '\(name)' is not utf8-bom, utf8 or gb18030") }
    }

    var encoding: CSVEncoding { CSVEncoding(name: name) ?? .utf8(bom: true) }
}

extension Budget.ScenarioCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario and write its reports (summary, projects, review, credibility, checks, backtest; .txt and .csv; all the tables in report.xlsx).",
            discussion: """
                Examples:
                  budget scenario run Scenarios/baseline.yaml
                  budget scenario run Scenarios/austerity.yaml --out-dir 报告/压减
                """)

        @Argument(help: ArgumentHelp("The scenario file, e.g. Scenarios/baseline.yaml.", valueName: "FILE"))
        var file: String

        @Option(help: ArgumentHelp("Where to write the reports (default: Reports/NAME/, NAME the scenario file's stem).", valueName: "DIR"))
        var outDir: String?

        @OptionGroup var csv: CSVEncodingOption
        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            func say(_ phrase: Phrase, _ values: [String: Clause.Value]) -> String { wording.text(phrase, values, unit: presentation.unit) }
            let progress = ProgressBar(steps: 2)
            let execution = try ScenarioExecution.execute(path: file, progress: progress, presentation: presentation)
            let directory = outDir ?? "Reports/\(execution.run.scenario.name)"
            let names = try execution.write(to: directory, encoding: csv.encoding)
            progress.finish()
            let run = execution.run
            let first = run.years[0]
            print(say(.scenarioRunLine, ["name": .text(run.scenario.name), "projects": .number(String(run.records.count)),
                                         "base": .year(run.baseYear),
                                         "years": .text(run.years.count == 1 ? "\(first)" : "\(first)–\(run.years.last!)")]))
            print(ScenarioReports(run: run, provenance: execution.provenance, presentation: presentation).headline())
            if let review = execution.reports.first(where: { $0.name == "review" })?.table,
               let column = review.columns.firstIndex(where: { $0.key == "verdict" }), !review.rows.isEmpty {
                let verdicts = review.rows.map { Listing.textCell($0[column]) }
                func count(_ v: Verdict) -> Clause.Value { .number(String(verdicts.filter { $0 == v.rawValue }.count)) }
                print(say(.scenarioReviewCounts, ["count": .number(String(verdicts.count)), "accept": count(.accept),
                                                  "query": count(.query), "cut": count(.cut)]))
            }
            print(say(.scenarioReportsIn, ["directory": .text(directory), "files": .text(names.joined(separator: ", "))]))
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run two scenarios and show where their forecasts and recommendations differ: by project, unit, department and in total.",
            discussion: """
                Example:
                  budget scenario compare Scenarios/baseline.yaml Scenarios/austerity.yaml
                  budget scenario compare Scenarios/baseline.yaml Scenarios/austerity.yaml --sort name
                """)

        @Argument(help: ArgumentHelp("The first scenario (the reference), e.g. Scenarios/baseline.yaml.", valueName: "A"))
        var first: String

        @Argument(help: ArgumentHelp("The second scenario, e.g. Scenarios/austerity.yaml.", valueName: "B"))
        var second: String

        @Option(help: ArgumentHelp("Where to write compare.txt and compare.csv (default: Reports/A-vs-B/).", valueName: "DIR"))
        var outDir: String?

        @Option(help: "Order of compare.txt's department, unit and project lists: difference (largest |B − A| first, by year) or name. compare.csv is in name order.")
        var sort: ScenarioComparison.Order = .difference

        @OptionGroup var csv: CSVEncodingOption
        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let presentation = presentationOptions.presentation
            let progress = ProgressBar(steps: 2)
            let a = try ScenarioExecution.execute(path: first, progress: progress, presentation: presentation)
            let b = try ScenarioExecution.execute(path: second, progress: progress, presentation: presentation)
            var comparison = ScenarioComparison(a.run, b.run, provenanceA: a.provenance, provenanceB: b.provenance,
                                                presentation: presentation)
            comparison.order = sort
            let report = comparison.report()
            let directory = outDir ?? "Reports/\(a.run.scenario.name)-vs-\(b.run.scenario.name)"
            _ = try ScenarioExecution.write([report], to: directory, encoding: csv.encoding)
            progress.finish()
            print(report.text, terminator: "")
            print("\n" + Wording.of(presentation.language).text(.scenarioCompareWritten, ["directory": .text(directory)],
                                                                  unit: presentation.unit))
        }
    }
}

extension ScenarioComparison.Order: ExpressibleByArgument {}
