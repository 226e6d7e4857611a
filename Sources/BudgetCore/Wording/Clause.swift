/// A sentence of an explanation or a review, as data: which ``Phrase`` and the values it names. Rendered in a
/// language and an amount unit by ``Wording`` only when shown, so that the engine's reasoning is written once
/// and read in English or Chinese, in 元 or 万元.
public struct Clause: Sendable, Equatable {
    /// A value a phrase names, kept typed until it is shown.
    public enum Value: Sendable, Equatable {
        case money(Money)
        /// A ratio shown as a percentage (0.36 → 36.0%).
        case rate(Double)
        /// A change shown with its sign (+10.6%), or `n/a` / `—` when unknown.
        case signedRate(Double?)
        case year(Int)
        /// A number already written as people read it (`0.95`, `1.05`, `85`).
        case number(String)
        /// Text from the input (a deviation reason, a scenario's label), shown as it is.
        case text(String)
        /// A term the language may have a word for (`level.unit`, `model.rate.shrunk`): its word, else `fallback`.
        case term(key: String, fallback: String)
        /// A rule's name (a list of rule phrases), shown in the language.
        case rule([Clause])
        /// Clauses listed in running text (`growth +2.0%/year × 1, change -10.0%`; `…、…` in Chinese).
        case list([Clause])
    }

    public var phrase: Phrase
    public var values: [String: Value]

    public init(_ phrase: Phrase, _ values: [String: Value] = [:]) {
        self.phrase = phrase
        self.values = values
    }
}

extension Array where Element == Clause {
    /// In English and 元: the form the engine's tests and logs have always used.
    public var englishText: String { Wording.english.text(self, unit: .yuan) }
    /// A rule name in English (`60.0%–90.0% + 差 cut`).
    public var englishRule: String { Wording.english.rule(self) }
}
