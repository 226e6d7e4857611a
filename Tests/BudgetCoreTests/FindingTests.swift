import XCTest

@testable import BudgetCore

final class FindingTests: XCTestCase {
    func testDescriptionWithLineAndField() {
        let finding = Finding(.error, file: "2020.csv", line: 12, field: "executed",
                              message: "\"12,3x4.00\" is not an amount: unexpected 'x'")
        XCTAssertEqual(finding.description,
                       "2020.csv:12: error: field 'executed': \"12,3x4.00\" is not an amount: unexpected 'x'")
    }

    func testDescriptionForWholeFileWithoutField() {
        let finding = Finding(.warning, file: "2020.csv", line: 0, message: "no rows")
        XCTAssertEqual(finding.description, "2020.csv: warning: no rows")
    }
}
