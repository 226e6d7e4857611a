

/// The language of headings, verdicts and explanations (`--lang`, `BUDGET_LANG`, else the locale).
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// `zh` when a locale variable names Chinese (`LANG=zh_CN.UTF-8`, `LC_ALL=zh_TW.Big5`), else `en`.
    /// `BUDGET_LANG` wins over the locale; `LC_ALL` over `LC_MESSAGES` over `LANG`, as POSIX orders them.
    public static func preferred(environment: [String: String]) -> Language {
        if let chosen = environment["BUDGET_LANG"].flatMap({ Language(rawValue: $0.lowercased()) }) { return chosen }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}

/// How figures are shown to people: the language of the words and the unit of the amounts.
///
/// Contract: only display changes. Amounts stay exact ``Money`` up to the cell that shows them; totals are summed
/// before they are rounded to the unit (``Money/text(in:grouping:)``).
public struct Presentation: Sendable, Equatable {
    public var language: Language
    /// `.yuan` (to the fen) or `.wan` (万元, two decimals as the forms print).
    public var unit: AmountUnit

    public init(language: Language = .en, unit: AmountUnit = .yuan) {
        self.language = language
        self.unit = unit
    }

    public static let standard = Presentation()
}
