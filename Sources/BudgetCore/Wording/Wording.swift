/// One language's words: the templates of every ``Phrase``, the headings of listing columns, verdict names,
/// and how amounts and separators are written. ``english`` and ``chinese`` are the two tables
/// (Wording+English.swift, Wording+Chinese.swift); nothing else in the code holds user-facing terms that
/// change with the language.
public struct Wording: Sendable {
    public let language: Language
    let templates: [Phrase: String]
    /// Column key → heading (the key itself when absent: a machine name is better than nothing).
    let headings: [String: String]
    /// Values shown in cells that have a word in the language (verdicts `accept`, statuses `open`).
    let words: [String: String]
    /// Between the clauses of an explanation.
    let separator: String
    /// Between the parts of a rule name.
    let ruleJoiner: String
    /// After a label (`department: …`, `3. 项目: …`).
    public let colon: String
    let unknownChange: String
    /// The unit as written after an amount in running text, and in a heading (`recommended (万元)`).
    let amountSuffix: [AmountUnit: String]
    let headingUnit: [AmountUnit: String]

    public static func of(_ language: Language) -> Wording { language == .zh ? chinese : english }

    /// The clauses joined in this language, amounts in `unit`.
    public func text(_ clauses: [Clause], unit: AmountUnit) -> String {
        clauses.map { render($0, unit: unit) }.joined(separator: separator)
    }

    /// A rule name: its parts joined (`60.0%–90.0% + 差 cut`).
    public func rule(_ parts: [Clause]) -> String {
        parts.map { render($0, unit: .yuan) }.joined(separator: ruleJoiner)
    }

    /// A column's heading; amount columns (`isAmount`) name the unit when it is not plain 元 in English.
    public func heading(key: String, fallback: String, isAmount: Bool = false, unit: AmountUnit = .yuan) -> String {
        let base = headings[key] ?? fallback
        guard isAmount, let suffix = headingUnit[unit] else { return base }
        return base + suffix
    }

    /// A forecasting model's name (`kind` is `budget`, `rate` or `executed`; `name` the engine's, e.g. `shrunk`),
    /// in the language: its word, else the name itself.
    public func model(_ kind: String, _ name: String) -> String { word(key: Self.modelKey(kind, name), fallback: name) }

    /// The key of a model's word: `model.KIND.NAME` (`model.rate.shrunk`).
    public static func modelKey(_ kind: String, _ name: String) -> String { "model.\(kind).\(name)" }

    /// How an executed amount was forecast, from its candidates' names (``ProjectForecast/executedModels``): one
    /// candidate's word, the mean of several (`mean(growth, pair)`, `均值(执行数增长、预算×执行率)`), or
    /// budget × rate when there are none.
    public func executedMethod(_ models: [String]) -> String {
        switch models.count {
        case 0: return model("executed", "budget × rate")
        case 1: return model("executed", models[0])
        default: return (language == .zh ? "均值(" : "mean(") + list(models.map { model("executed", $0) }) + ")"
        }
    }

    /// A forecast's method, `budget-model × rate-model`, in the language (`last × shrunk`, `上年预算×收缩执行率`).
    public func method(budgetModel: String, rateModel: String) -> String {
        model("budget", budgetModel) + (language == .zh ? "×" : " × ") + model("rate", rateModel)
    }

    /// One clause in this language, amounts in `unit`.
    public func text(_ phrase: Phrase, _ values: [String: Clause.Value] = [:], unit: AmountUnit) -> String {
        render(Clause(phrase, values), unit: unit)
    }

    /// Items listed in running text: `a, b` in English, `a、b` in Chinese.
    public func list(_ items: [String]) -> String { items.joined(separator: language == .zh ? "、" : ", ") }

    /// The word for a value such as a verdict (`cut` → `核减`), or the value itself.
    public func word(_ value: String) -> String { word(key: value, fallback: value) }

    /// The word kept under `key`, or `fallback` (a group level: `level.project` → 项目, else `project`).
    public func word(key: String, fallback: String) -> String { words[key] ?? fallback }

    /// An amount in running text: `1,948,101.65` / `194.81 wan` in English, `1,948,101.65元` / `194.81万元` in Chinese.
    public func amount(_ money: Money, unit: AmountUnit) -> String {
        money.text(in: unit, grouping: true) + (amountSuffix[unit] ?? "")
    }

    func render(_ clause: Clause, unit: AmountUnit) -> String {
        guard let template = templates[clause.phrase] else { return clause.phrase.rawValue }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += clause.values[name].map { value($0, unit: unit) } ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private func value(_ value: Clause.Value, unit: AmountUnit) -> String {
        switch value {
        case .money(let money): amount(money, unit: unit)
        case .rate(let ratio): Percent.text(ratio)
        case .signedRate(let ratio): ratio.map { ($0 >= 0 ? "+" : "") + Percent.text($0) } ?? unknownChange
        case .year(let year): String(year)
        case .number(let text), .text(let text): text
        case .term(let key, let fallback): word(key: key, fallback: fallback)
        case .rule(let parts): rule(parts)
        case .list(let items): list(items.map { render($0, unit: unit) })
        }
    }
}
