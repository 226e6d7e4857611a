import ArgumentParser
import BudgetCore
import Foundation
import Reports

extension Language: ExpressibleByArgument {}

/// `--lang`, `--amount-unit` and `--wide`: the language and amount unit of text and CSV output, and the width of
/// text tables.
///
/// The language defaults to `BUDGET_LANG`, then the locale (`LANG=zh_CN.UTF-8` → zh). `--amount-unit` (not
/// `--unit`, which selects 实施单位) takes yuan/元 or wan/万元, default `BUDGET_AMOUNT_UNIT`, else 元.
struct PresentationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of headings, verdicts and explanations: en or zh (default: BUDGET_LANG, else zh when the locale is zh_*, else en).", valueName: "en|zh"))
    var lang: Language?

    @Option(name: .customLong("amount-unit"), help: ArgumentHelp("Show amounts in yuan (元, to the fen) or wan (万元, two decimals as the forms print; totals from the exact figures). Default: BUDGET_AMOUNT_UNIT, else yuan.", valueName: "yuan|wan"))
    var amountUnit: String?

    @Flag(help: "Text tables as wide as their content: every column, no wrapping (default: as wide as the terminal, COLUMNS, or 120).")
    var wide = false

    /// The width text tables may take.
    var tableWidth: Int { wide ? Int.max / 4 : TerminalWidth.columns }

    func validate() throws {
        if let amountUnit, Self.unit(amountUnit) == nil {
            throw ValidationError("--amount-unit: '\(amountUnit)' is not yuan (元) or wan (万元)")
        }
    }

    var presentation: Presentation {
        let environment = ProcessInfo.processInfo.environment
        let unit = amountUnit.flatMap(Self.unit) ?? environment["BUDGET_AMOUNT_UNIT"].flatMap(Self.unit) ?? .yuan
        return Presentation(language: lang ?? Language.preferred(environment: environment), unit: unit)
    }

    /// 元 or 万元 (the units the forms print; 千元 is an input unit only).
    static func unit(_ label: String) -> AmountUnit? {
        guard let unit = AmountUnit(label: label), unit != .thousand else { return nil }
        return unit
    }
}
