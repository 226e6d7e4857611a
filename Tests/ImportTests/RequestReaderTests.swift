import BudgetCore
import Foundation
@testable import Import
import XCTest

/// The requests reader on what Excel users send (issue 13): 合计/小计/总计 rows are totals, skipped and checked
/// against the rows they sum; `skipInvalid` leaves bad rows out, each listed.
final class RequestReaderTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("requests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ text: String) throws -> String {
        let path = directory.appendingPathComponent("req.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testTotalRowsAreSkippedAndCheckedAgainstTheRowsTheySum() throws {
        let path = try write("""
            实施单位,项目名称,年度,申请金额(万元)
            甲中心,项目一,2021,10.00
            甲中心,项目二,2021,5.50
            小计,,,15.50
            乙中心,项目三,2021,1.00
            乙中心, 小 计 ,2021,2.00
            合计,,,"16.50"
            总计：,,,99
            """)
        let file = try RequestReader.read(path: path, skipInvalid: false)
        XCTAssertEqual(file.requests.map(\.project), ["项目一", "项目二", "项目三"])
        XCTAssertEqual(file.requests.map(\.requested), [Money(fen: 10_000_000), Money(fen: 5_500_000), Money(fen: 1_000_000)])
        XCTAssertEqual(file.notes.map { "\($0.line): \($0.message)" }, [
            "4: a 小计 row (155,000.00), not a project: skipped; it equals the rows above",
            "6: a 小计 row (20,000.00), not a project: skipped; the rows since the previous 小计 sum to 10,000.00, 10,000.00 apart — check the file",
            "7: a 合计 row (165,000.00), not a project: skipped; it equals the rows above",
            "8: a 总计 row (990,000.00), not a project: skipped; the rows above sum to 165,000.00, 825,000.00 apart — check the file",
        ])
        XCTAssertTrue(file.notes.allSatisfy { $0.severity == .warning && $0.field == "requested" })
        XCTAssertEqual(try RequestReader.read(path: path), file.requests)
    }

    func testSkipInvalidLeavesBadRowsOutAndListsThem() throws {
        let path = try write("""
            项目名称,年度,申请金额
            好项目,2021,"1,000.00"
            坏年份,20x1,5.00
            负数,2021,-5.00
            另一个,2021,7.00
            """)
        XCTAssertThrowsError(try RequestReader.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains("req.csv:3: year:"), "\(error)")
        }
        let file = try RequestReader.read(path: path, skipInvalid: true)
        XCTAssertEqual(file.requests.map(\.project), ["好项目", "另一个"])
        XCTAssertEqual(file.skipped.map { "\($0.line) \($0.field ?? "")" }, ["3 year", "4 requested"])
    }
}
