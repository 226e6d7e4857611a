import Foundation
import XCTest

/// `projects` and `history` line up with Chinese names: measured by display width (a CJK character takes
/// two terminal cells), with a width function written here, independent of the Reports module.
final class TableAlignmentTests: CLITestCase {
    /// East Asian Wide/Fullwidth ranges (Unicode EastAsianWidth W and F), enough for these names.
    static func cells(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD: width + 2
            default: width + 1
            }
        }
    }

    /// The display column where `token` starts in `line`, or nil.
    static func column(of token: String, in line: Substring) -> Int? {
        guard let range = line.range(of: token) else { return nil }
        return cells(line[..<range.lowerBound])
    }

    /// The table part of an output: from the line before the dashes to the last row.
    func tableLines(_ output: String) -> [Substring] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let dashes = lines.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
        let rows = lines[(dashes + 1)...].prefix { line in
            !line.isEmpty && !line.hasPrefix("rate =") && !line.contains(" projects.")
        }
        return [lines[dashes - 1], lines[dashes]] + rows
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let sample = Self.packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path
        XCTAssertEqual(try budget(["import", "--db", path("h.sqlite"), sample]).status, 0)
    }

    func testProjectsListAlignsChineseNamesByDisplayWidth() throws {
        let output = try budget(["projects", "--db", path("h.sqlite")], environment: ["COLUMNS": "160"]).stdout
        let lines = tableLines(output)
        XCTAssertEqual(lines.count, 2 + 9, output)
        let width = Self.cells(lines[0])
        XCTAssertLessThanOrEqual(width, 160)
        for line in lines { XCTAssertEqual(Self.cells(line), width, "every line as wide as the table: \(line)") }
        // The years and amounts start/end at the same display column on every row.
        let yearColumns = Set(lines.dropFirst(2).compactMap { line in
            [Self.column(of: "2019  ", in: line), Self.column(of: "2020  ", in: line)].compactMap { $0 }.min()
        })
        XCTAssertEqual(yearColumns.count, 1, output)
        let trade = try XCTUnwrap(lines.first { $0.contains("贸易摩擦") }, output)
        let office = try XCTUnwrap(lines.first { $0.contains("办公设备采购") }, output)
        XCTAssertEqual(Self.column(of: "230,000.00", in: trade)! + Self.cells("230,000.00"),
                       Self.column(of: "56,000.00", in: office)! + Self.cells("56,000.00"), "right-aligned budgets")
        XCTAssertTrue(trade.hasSuffix("36.0%"), String(trade))
    }

    /// At 120 columns the names do not fit on one line: they wrap onto the row's next line, and nothing is cut.
    func testProjectsAt120ColumnsWrapNamesAndCutNothing() throws {
        let output = try budget(["projects", "--db", path("h.sqlite")]).stdout
        XCTAssertFalse(output.contains("…"), output)
        for line in output.split(separator: "\n") where !line.contains("projects.") {
            XCTAssertLessThanOrEqual(Self.cells(line), 120, String(line))
        }
        let csv = try budget(["projects", "--db", path("h.sqlite"), "--format", "csv"]).stdout
        for row in csv.split(separator: "\r\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > 10, let point = fields[9].firstIndex(of: ".") else { continue }
            var whole = String(fields[9][..<point]), grouped = ""
            while whole.count > 3 { grouped = "," + whole.suffix(3) + grouped; whole.removeLast(3) }
            grouped = whole + grouped + fields[9][point...]
            XCTAssertTrue(output.contains(grouped), "\(grouped) whole in:\n\(output)")
        }
    }

    func testFilteredProjectsSayTheSharedDepartmentOnce() throws {
        let output = try budget(["projects", "--db", path("h.sqlite"), "--department", "深圳市商务局"]).stdout
        XCTAssertTrue(output.hasPrefix("data source: sample-history   department: 深圳市商务局   category: -\n"), output)
        XCTAssertTrue(output.contains("世贸事务管理-贸易摩擦应对事务"), "names fit whole once the shared columns are lifted:\n\(output)")
        let csv = try budget(["projects", "--db", path("h.sqlite"), "--department", "深圳市商务局", "--format", "csv"]).stdout
        XCTAssertTrue(csv.contains("data_source,department,unit,project,category,"), "CSV keeps every column: \(csv)")
    }

    func testHistoryTableAlignsAndLongNamesAreCutWithAnEllipsis() throws {
        let output = try budget(["history", "--db", path("h.sqlite"), "全球贸易投资监控预警系统"]).stdout
        let lines = tableLines(output)
        XCTAssertEqual(lines.count, 4, output)
        let width = Self.cells(lines[0])
        for line in lines { XCTAssertEqual(Self.cells(line), width, "\(line)") }
        XCTAssertTrue(lines[2].contains("4,546,200.00"), String(lines[2]))
        XCTAssertTrue(lines[2].contains("100.0%"), String(lines[2]))
        XCTAssertTrue(lines[3].hasSuffix("4,691,000.00"), "the 2020 request: \(lines[3])")
    }
}
