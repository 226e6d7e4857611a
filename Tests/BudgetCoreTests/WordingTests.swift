import BudgetCore
import XCTest

/// The terms tables: complete in both languages, placeholders filled, amounts in the unit asked for.
final class WordingTests: XCTestCase {
    func testEveryPhraseHasATemplateInBothLanguagesWithTheSamePlaceholders() {
        for phrase in Phrase.allCases {
            let en = Wording.english.text([Clause(phrase)], unit: .yuan)
            let zh = Wording.chinese.text([Clause(phrase)], unit: .yuan)
            XCTAssertNotEqual(en, phrase.rawValue, "English has no template for \(phrase)")
            XCTAssertNotEqual(zh, phrase.rawValue, "Chinese has no template for \(phrase)")
            // Unfilled placeholders stay visible as {name}: both languages name the same values.
            // (English alone needs the plural: `{requests}` is "request" or "requests".)
            XCTAssertEqual(Self.placeholders(en).subtracting(["requests"]), Self.placeholders(zh), "\(phrase): \(en) / \(zh)")
        }
    }

    func testAnExplanationInBothLanguagesAndUnits() {
        let clauses = [
            Clause(.opening, ["year": .year(2020), "executed": .money(Money(fen: 8_269_430)),
                              "budget": .money(Money(fen: 23_000_000)), "rate": .rate(82_694.30 / 230_000)]),
            Clause(.cap, ["rule": .rule([Clause(.ruleBelow, ["low": .number("60.0%")])]), "executed": .money(Money(fen: 8_269_430)),
                          "growth": .number("1.05"), "target": .number("0.95"), "cap": .money(Money(fen: 9_139_896))]),
        ]
        XCTAssertEqual(Wording.english.text(clauses, unit: .yuan),
                       "2020 executed 82,694.30 of 230,000.00 (36.0%); rule \"below 60.0%\": 82,694.30 × 1.05 ÷ 0.95 = 91,398.96")
        XCTAssertEqual(Wording.chinese.text(clauses, unit: .wan),
                       "2020年执行8.27万元（预算23.00万元），执行率36.0%；执行率低于60.0%：按上年执行数×1.05÷0.95封顶，8.27万元×1.05÷0.95=9.14万元")
        XCTAssertEqual(Wording.english.text(clauses, unit: .wan).prefix(38), "2020 executed 8.27 wan of 23.00 wan (3")
    }

    func testHeadingsAndWords() {
        XCTAssertEqual(Wording.chinese.heading(key: "recommended", fallback: "recommended", isAmount: true, unit: .wan), "建议数(万元)")
        XCTAssertEqual(Wording.chinese.heading(key: "executed", fallback: "executed", isAmount: true, unit: .yuan), "全年执行数(元)")
        XCTAssertEqual(Wording.english.heading(key: "recommended", fallback: "recommended", isAmount: true, unit: .yuan), "recommended")
        XCTAssertEqual(Wording.english.heading(key: "recommended", fallback: "recommended", isAmount: true, unit: .wan), "recommended (wan)")
        XCTAssertEqual(Wording.chinese.word("cut"), "核减")
        XCTAssertEqual(Wording.chinese.word("query"), "质询")
        XCTAssertEqual(Wording.chinese.word("accept"), "接受")
        XCTAssertEqual(Wording.english.word("cut"), "cut")
    }

    func testExecutedMethodsAndTheBlendNote() {
        XCTAssertEqual(Wording.chinese.executedMethod(["growth", "combination"]), "均值(执行数增长、组合预测)")
        XCTAssertEqual(Wording.english.executedMethod(["growth", "combination"]), "mean(growth, combination)")
        XCTAssertEqual(Wording.chinese.executedMethod(["growth"]), "执行数增长")
        XCTAssertEqual(Wording.chinese.executedMethod([]), "预算×执行率")
        let methods = ["growth", "combination"].map { name in
            Clause(.listItem, ["text": .term(key: Wording.modelKey("executed", name), fallback: name)])
        }
        let note = Clause(.noteExecutedBlend, ["methods": .list(methods), "cases": .number("341"), "level": .term(key: "level.kind", fallback: "same-name projects")])
        XCTAssertEqual(Wording.chinese.text([note], unit: .yuan), "执行数：执行数增长、组合预测的均值，依341例回测择优（同名项目）")
        XCTAssertEqual(Wording.english.text([note], unit: .yuan),
                       "executed: the mean of growth, combination, which beat the last executed amount most on 341 backtest cases (same-name projects)")
    }

    func testLanguageFromTheEnvironment() {
        XCTAssertEqual(Language.preferred(environment: ["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(Language.preferred(environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]), .en)
        XCTAssertEqual(Language.preferred(environment: ["LANG": "en_US.UTF-8", "BUDGET_LANG": "zh"]), .zh)
        XCTAssertEqual(Language.preferred(environment: [:]), .en)
        XCTAssertEqual(Language.preferred(environment: ["LC_MESSAGES": "zh_TW.Big5", "LANG": "C"]), .zh)
    }

    static func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
