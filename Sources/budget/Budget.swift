import ArgumentParser
import Foundation

/// The `budget` command: multi-year budget history, forecasts and reviews.
@main
struct Budget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Multi-year budget planning and forecasting for project budgets (绩效目标申报表 / 绩效自评表).",
        discussion: """
            Every command works on the historical store, an SQLite file: --db PATH, else $BUDGET_DB, \
            else ./budget.sqlite. A command that writes waits for another process writing the store up to \
            $BUDGET_LOCK_TIMEOUT seconds (default 60). A store this user cannot write is read, not written.
            Exit status: 0 success; 1 bad input (nothing was written); 3 no such project, or ambiguous; \
            4 store error; 64 bad command line.
            """,
        version: BudgetVersion.current,
        subcommands: [Import.self, Export.self, Projects.self, History.self, Check.self, Alias.self, Exceptional.self, ScenarioCommand.self,
                      Forecast.self, Recommend.self, Review.self, CredibilityCommand.self, Backtest.self, Regress.self, Bench.self, Doctor.self]
    )

    /// `budget help NOSUCH` printed the general help and exited 0, as if the command existed: an unknown
    /// command after `help` is a usage error (exit 64) naming the commands.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help", arguments.count > 1, !arguments[1].hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName }
            if !names.contains(arguments[1]) {
                FileHandle.standardError.write(Data("""
                    Error: no command "\(arguments[1])"; the commands are \(names.joined(separator: ", "))
                    Usage: budget help <command>

                    """.utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        }
        // A binary workbook is refused on a terminal before the command does its work (which can take seconds).
        if XLSXOutput.isRequested(arguments) && XLSXOutput.stdoutIsTerminal {
            printError(XLSXOutput.refusal)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}

enum BudgetVersion {
    static let current = "0.1.0"
}

/// The options every subcommand shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The history store, an SQLite file (default: $BUDGET_DB, else ./budget.sqlite).", valueName: "PATH"))
    var db: String?

    /// `--db`, else `BUDGET_DB`, else `budget.sqlite`.
    var path: String { db ?? BudgetStoreLocator.defaultPath }
}

/// Output formats of the listing commands. `xlsx` is a workbook on standard output, refused on a terminal
/// (``XLSXOutput``).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json, xlsx
}
