import BudgetCore
import XCTest

final class NameRulesTests: XCTestCase {
    func testOrdinaryNamesPass() {
        for name in ["世贸事务管理-贸易摩擦应对事务", "Police", "Administración (2019 升级改造)", "A·B", String(repeating: "项", count: 200)] {
            XCTAssertNil(NameRules.problem(in: name), name)
        }
    }

    func testControlsBidiInvisibleAndLengthAreNamed() {
        XCTAssertEqual(NameRules.problem(in: "红\u{1B}[0m"), "contains a control character (U+001B) at character 2")
        XCTAssertTrue(NameRules.problem(in: "a\u{0}b")?.contains("U+0000") ?? false)
        XCTAssertTrue(NameRules.problem(in: "a\u{85}b")?.contains("U+0085") ?? false)
        XCTAssertTrue(NameRules.problem(in: "甲\n乙")?.contains("line break") ?? false)
        XCTAssertTrue(NameRules.problem(in: "abc\u{202E}")?.contains("bidirectional control (U+202E) at character 4") ?? false)
        XCTAssertTrue(NameRules.problem(in: "甲\u{200B}")?.contains("invisible character (U+200B)") ?? false)
        XCTAssertTrue(NameRules.problem(in: "\u{FEFF}甲")?.contains("U+FEFF") ?? false)
        XCTAssertEqual(NameRules.problem(in: String(repeating: "项", count: 201)), "is 201 characters long; a name has at most 200")
    }
}
