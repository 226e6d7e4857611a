import BudgetCore
import Foundation
import Store
import XCTest
@testable import Import

final class CSVImporterTests: ImportStoreTestCase {
    private func options(_ configure: (inout ImportOptions) -> Void = { _ in }) -> ImportOptions {
        var options = ImportOptions(currentYear: 2030)
        configure(&options)
        return options
    }

    /// project name → year → stored year, through the store's own queries.
    private func stored() throws -> [String: [Int: StoredYear]] {
        var result: [String: [Int: StoredYear]] = [:]
        for history in try store.histories(of: try store.projects()) {
            result[history.project.name] = Dictionary(uniqueKeysWithValues: history.years.map { ($0.year, $0) })
        }
        return result
    }

    private static let header = "department,unit,project,year,adjusted_budget,executed\n"

    // MARK: - All or nothing, --skip-invalid

    /// Lines 3 and 5 are bad (an amount, a year); lines 2 and 4 are good.
    private var twoBadRows: String {
        Self.header
            + "商务局,促进中心,项目A,2020,100.00,90.00\n"
            + "商务局,促进中心,项目B,2020,100.00,12x4\n"
            + "商务局,促进中心,项目C,2021,\"1,000.00\",800.50\n"
            + "商务局,促进中心,项目D,20200,100.00,50.00\n"
    }

    func testErrorsListEveryBadRowAndNothingIsWritten() throws {
        let file = try write(twoBadRows)
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.line), [3, 5])
        XCTAssertEqual(report.errors.map(\.field), ["executed", "year"])
        XCTAssertTrue(report.errors.allSatisfy { $0.file == file && $0.severity == .error })
        XCTAssertTrue(report.errors[0].description.hasPrefix("\(file):3: error: field 'executed': "), report.errors[0].description)
        XCTAssertTrue(report.errors[0].message.contains("12x4"))
        XCTAssertEqual(report.skipped, [])
        XCTAssertEqual(try store.projects(), [])
        XCTAssertEqual(try store.counts().projectYears, 0)
        XCTAssertEqual(try store.counts().batches, 0)
    }

    func testSkipInvalidKeepsTheGoodRowsAndListsTheBadOnes() throws {
        let file = try write(twoBadRows)
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.skipInvalid = true })
        XCTAssertTrue(report.committed)
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.skipped.map(\.line), [3, 5])
        XCTAssertEqual(report.skipped.map(\.field), ["executed", "year"])
        XCTAssertTrue(report.skipped[1].description.hasPrefix("\(file):5: error: field 'year': "), report.skipped[1].description)
        XCTAssertEqual(report.batches.count, 1)
        XCTAssertEqual(report.batches.first?.rowsRead, 4)
        XCTAssertEqual(report.batches.first?.inserted, 2)
        XCTAssertEqual(report.batches.first?.skipped, 2)

        let years = try stored()
        XCTAssertEqual(Set(years.keys), ["项目A", "项目C"])
        XCTAssertEqual(years["项目A"]?[2020]?.figures.executed, Money(fen: 9_000))
        XCTAssertEqual(years["项目C"]?[2021]?.figures.adjustedBudget, Money(fen: 100_000))
        XCTAssertEqual(years["项目C"]?[2021]?.figures.executed, Money(fen: 80_050))
        XCTAssertEqual(try store.counts().batches, 1)
    }

    func testDryRunWritesNothing() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2020,100.00,90.00\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.dryRun = true })
        XCTAssertTrue(report.dryRun)
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.batches.first?.inserted, 1, "a dry run still reports what it would do")
        XCTAssertEqual(try store.counts().projects, 0)
        XCTAssertEqual(try store.projects(), [])
        XCTAssertEqual(try store.counts().batches, 0)
    }

    func testLineNumbersAfterAQuotedMultilineName() throws {
        // The name on line 2 spans lines 2–3 (refused: a name holds no line break), so the bad row is on line 4.
        let file = try write(Self.header
            + "商务局,促进中心,\"项目\n甲\",2020,100.00,90.00\n"
            + "商务局,促进中心,项目B,2020,100.00,1.2.3\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertEqual(report.errors.map(\.line), [2, 4])
        XCTAssertTrue(report.errors.first?.message.contains("line break") ?? false)
    }

    func testUnterminatedQuoteIsAnErrorOnItsLine() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2020,100.00,90.00\n商务局,\"促进中心,项目B,2020,1,1\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.line), [3])
        XCTAssertEqual(try store.projects(), [])
    }

    func testTooManyFieldsIsAnError() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2020,100.00,90.00,extra\n商务局,促进中心,项目B,2020,100.00,90.00, \n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertEqual(report.errors.map(\.line), [2], "a trailing blank field is tolerated, a non-blank one is not")
    }

    func testHeaderProblemsStopTheFile() throws {
        let file = try write("项目名称,全年执行数\n项目A,1\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.field), ["year"])
        XCTAssertEqual(report.errors.first?.line, 1)
    }

    func testEmptyFileIsAnError() throws {
        let file = try write("\n\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.count, 1)
    }

    func testMissingFileIsAnError() throws {
        let missing = directory.appendingPathComponent("nope.csv").path
        let report = try HistoryImporter.run(files: [missing], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.file), [missing])
    }

    // MARK: - Units

    func testAmountUnitWanConverts() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2020,10,5.6\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.amountUnit = .wan })
        XCTAssertTrue(report.committed, "\(report.errors)")
        let year = try XCTUnwrap(try stored()["项目A"]?[2020])
        XCTAssertEqual(year.figures.executed, Money(fen: 5_600_000))
        XCTAssertEqual(year.figures.executed?.plainText, "56000.00")
        XCTAssertEqual(year.figures.adjustedBudget, Money(yuan: 100_000))
    }

    func testHeaderUnitWinsOverAmountUnit() throws {
        let file = try write("project,year,adjusted_budget(千元),executed\n项目A,2020,2.5,3\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.amountUnit = .wan })
        XCTAssertTrue(report.committed, "\(report.errors)")
        let year = try XCTUnwrap(try stored()["项目A"]?[2020])
        XCTAssertEqual(year.figures.adjustedBudget, Money(yuan: 2_500))
        XCTAssertEqual(year.figures.executed, Money(yuan: 30_000))
    }

    // MARK: - Open and closed years

    func testClosedThroughOpensLaterYearsAndZeroExecutedIsUnknown() throws {
        let file = try write(Self.header
            + "商务局,促进中心,项目A,2019,100.00,0\n"
            + "商务局,促进中心,项目A,2020,100.00,0.00\n"
            + "商务局,促进中心,项目A,2021,100.00,0\n"
            + "商务局,促进中心,项目A,2022,100.00,40.00\n")
        // currentYear 2030: without closedThrough every one of these years would be closed.
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.closedThrough = 2020 })
        XCTAssertTrue(report.committed, "\(report.errors)")
        let years = try XCTUnwrap(try stored()["项目A"])
        XCTAssertEqual(years[2019]?.status, .closed)
        XCTAssertEqual(years[2019]?.figures.executed, .zero)
        XCTAssertEqual(years[2020]?.status, .closed)
        XCTAssertEqual(years[2020]?.figures.executed, .zero)
        XCTAssertEqual(years[2021]?.status, .open)
        XCTAssertNil(years[2021]?.figures.executed, "a zero executed amount in an open year is stored as unknown")
        XCTAssertEqual(years[2021]?.figures.adjustedBudget, Money(yuan: 100))
        XCTAssertEqual(years[2022]?.status, .open)
        XCTAssertEqual(years[2022]?.figures.executed, Money(yuan: 40))

        // The same through the file itself: NULL, not 0, in the executed column of 2021.
        try store.close()
        let sqlite = try runSQLite(store.path, "SELECT a.year || ':' || a.status || ':' || ifnull(a.executed, 'NULL') FROM annual_figures a ORDER BY a.year")
        XCTAssertEqual(sqlite, "2019:closed:0\n2020:closed:0\n2021:open:NULL\n2022:open:4000\n")
        store = nil
    }

    func testWithoutClosedThroughAZeroInAPastYearIsKept() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2021,100.00,0\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertTrue(report.committed, "\(report.errors)")
        let year = try XCTUnwrap(try stored()["项目A"]?[2021])
        XCTAssertEqual(year.status, .closed)
        XCTAssertEqual(year.figures.executed, .zero)
    }

    func testOpenYearOption() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2021,100.00,0\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.openYears = [2021] })
        XCTAssertTrue(report.committed, "\(report.errors)")
        let year = try XCTUnwrap(try stored()["项目A"]?[2021])
        XCTAssertEqual(year.status, .open)
        XCTAssertNil(year.figures.executed)
    }

    // MARK: - Rows without figures, years

    func testRowWithOnlyBlankAmountsIsSkippedWithAWarning() throws {
        let file = try write(Self.header
            + "商务局,促进中心,项目A,2020,100.00,90.00\n"
            + "商务局,促进中心,项目E,2020,,  \n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertTrue(report.committed, "\(report.errors)")
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.skipped, [], "a row without figures is not an invalid row")
        let warning = try XCTUnwrap(report.warnings.first { $0.line == 3 })
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.file, file)
        XCTAssertEqual(report.batches.first?.skipped, 1)
        XCTAssertEqual(report.batches.first?.inserted, 1)
        XCTAssertEqual(Set(try stored().keys), ["项目A"])
    }

    func testYearForms() throws {
        let file = try write("project,year,executed\n项目A,2020年,1\n项目A,FY2021,2\n项目A,２０２２,3\n项目A,2023.0,4\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertTrue(report.committed, "\(report.errors)")
        let years = try XCTUnwrap(try stored()["项目A"])
        XCTAssertEqual(years.keys.sorted(), [2020, 2021, 2022, 2023])
        XCTAssertEqual(years[2020]?.figures.executed, Money(yuan: 1))
        XCTAssertEqual(years[2021]?.figures.executed, Money(yuan: 2))
    }

    func testFiveDigitYearIsAnErrorNamingTheYearField() throws {
        let file = try write("project,year,executed\n项目A,20200,1\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertEqual(report.errors.first?.field, "year")
        XCTAssertEqual(report.errors.first?.line, 2)
        XCTAssertTrue(report.errors.first?.description.contains("field 'year'") ?? false)
        XCTAssertTrue(report.errors.first?.message.contains("20200") ?? false)
    }

    func testParseYear() throws {
        let layout = try XCTUnwrap(HeaderLayout.resolve(headers: ["project", "year", "executed"], map: [], file: "f", line: 1).layout)
        let reader = RowReader(file: "f", layout: layout, options: options(), headerCount: 3)
        XCTAssertEqual(reader.parseYear("2020"), 2020)
        XCTAssertEqual(reader.parseYear("2020年"), 2020)
        XCTAssertEqual(reader.parseYear("FY2020"), 2020)
        XCTAssertEqual(reader.parseYear("fy2020"), 2020)
        XCTAssertEqual(reader.parseYear("2020.0"), 2020)
        XCTAssertEqual(reader.parseYear("２０２０"), 2020)
        XCTAssertEqual(reader.parseYear("1900"), 1900)
        XCTAssertEqual(reader.parseYear("2100"), 2100)
        for bad in ["20200", "1899", "2101", "2200", "202", "", "year", "2020.5", "二〇二〇"] {
            XCTAssertNil(reader.parseYear(bad), bad)
        }
    }

    func testMissingProjectNameIsAnError() throws {
        let file = try write("project,year,executed\n ,2020,1\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertEqual(report.errors.map(\.field), ["project"])
    }

    // MARK: - Encodings, --map, re-import

    func testGB18030FixtureImports() throws {
        let file = try importFixtureURL("gb18030-sample.csv").path
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertTrue(report.committed, "\(report.errors)")
        let years = try stored()
        XCTAssertEqual(Array(years.keys), ["世贸事务管理-贸易摩擦应对事务"])
        XCTAssertEqual(years["世贸事务管理-贸易摩擦应对事务"]?[2020]?.figures.executed, Money(fen: 8_269_430))
        try store.close()
        let row = try runSQLite(store.path, "SELECT encoding || '|' || sha256 FROM import_batch")
        // sha256 of the file's bytes as stored (Python: hashlib.sha256(open(...,"rb").read()).hexdigest()).
        XCTAssertEqual(row, "gb18030|\(Self.gbFixtureSHA256)\n")
        store = nil
    }

    static let gbFixtureSHA256 = "6aecb7553184b025c87b545fb5cfdb7625ea5ef848cdcd190eea6de51d9497b2"

    func testForcedUTF8OnGB18030FileIsAnErrorWithLine() throws {
        let file = try importFixtureURL("gb18030-sample.csv").path
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.encoding = .utf8 })
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.line), [1])
    }

    func testColumnMapAndUnitInMappedHeader() throws {
        let file = try write("名称,年份,支出(万元),全年执行数\n项目A,2020,1.5,7\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options {
            $0.columnMap = [(.project, "名称"), (.year, "年份"), (.executed, "支出")]
        })
        XCTAssertTrue(report.committed, "\(report.errors)")
        XCTAssertEqual(try stored()["项目A"]?[2020]?.figures.executed, Money(yuan: 15_000))
        XCTAssertTrue(report.warnings.contains { $0.line == 1 && $0.message.contains("全年执行数") },
                      "the unused recognized column is reported")
    }

    func testReimportingTheSameFileChangesNothing() throws {
        let file = try write(Self.header + "商务局,促进中心,项目A,2020,100.00,90.00\n")
        XCTAssertTrue(try HistoryImporter.run(files: [file], into: store, options: options()).committed)
        let again = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(again.committed)
        XCTAssertEqual(again.errors, [])
        XCTAssertEqual(again.batches.first?.unchanged, 1)
        XCTAssertEqual(again.batches.first?.inserted, 0)
        XCTAssertNotNil(again.batches.first?.earlierImport)
        XCTAssertEqual(try store.counts().batches, 1)
    }

    func testAnErrorInOneFileWritesNoFile() throws {
        let good = try write(Self.header + "商务局,促进中心,项目A,2020,100.00,90.00\n", to: "good.csv")
        let bad = try write(Self.header + "商务局,促进中心,项目B,2020,100.00,x\n", to: "bad.csv")
        let report = try HistoryImporter.run(files: [good, bad], into: store, options: options())
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.errors.map(\.file), [bad])
        XCTAssertEqual(try store.projects(), [])
    }

    func testRepeatedProjectYearIsAnErrorNamingTheEarlierLine() throws {
        let text = Self.header + "商务局,促进中心,项目A,2020,100.00,90.00\n商务局,促进中心,项目B,2020,1,1\n商务局,促进中心,项目A,2020,200.00,95.00\n"
        let file = try write(text)
        let strict = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertFalse(strict.committed)
        XCTAssertEqual(strict.errors.map(\.line), [4])
        XCTAssertEqual(strict.errors.first?.field, "year")
        XCTAssertTrue(strict.errors.first?.message.contains("line 2") ?? false, strict.errors.first?.message ?? "")

        let lenient = try HistoryImporter.run(files: [file], into: store, options: options { $0.skipInvalid = true })
        XCTAssertTrue(lenient.committed)
        XCTAssertEqual(lenient.skipped.map(\.line), [4])
        XCTAssertEqual(lenient.batches.first?.skipped, 1)
        XCTAssertEqual(try stored()["项目A"]?[2020]?.figures.adjustedBudget, Money(yuan: 100), "the first row is kept")
    }

    func testImplausibleExecutionWarnsInClosedYearsOnly() throws {
        let file = try write(Self.header
            + "商务局,促进中心,项目A,2020,100.00,200.00\n"
            + "商务局,促进中心,项目A,2021,100.00,200.00\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.closedThrough = 2020 })
        XCTAssertTrue(report.committed, "\(report.errors)")
        XCTAssertEqual(report.warnings.filter { $0.field == "executed" }.map(\.line), [2])
    }

    /// No error (a file of this month's changes may have none), but a warning naming the header's line.
    func testHeaderOnlyFileWritesNothingAndIsNoErrorButAWarning() throws {
        let file = try write(Self.header)
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.warnings.map { "\($0.line): \($0.message)" },
                       ["1: the file has a header and no rows: nothing imported from it (a cut or empty export?)"])
        XCTAssertFalse(report.committed)
        XCTAssertEqual(report.batches.first?.rowsRead, 0)
        XCTAssertEqual(try store.counts().batches, 0)
    }

    // MARK: - Helpers

    /// Output of the sqlite3 command-line tool on `path`.
    private func runSQLite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - Found in review

    func testZeroExecutedOnlyRowInAnOpenYearSaysItImportsNothing() throws {
        let file = try write("project,year,executed\nA,2021,0\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options { $0.closedThrough = 2020 })
        XCTAssertEqual(report.batches.first?.skipped, 1)
        XCTAssertEqual(report.warnings.map(\.line), [2])
        XCTAssertTrue(report.warnings[0].message.contains("only a zero executed amount in open year 2021"), report.warnings[0].message)
        XCTAssertTrue(try stored().isEmpty)
    }

    func testLinesOfOnlyCommasOrSpacesAreSkippedLikeBlankLines() throws {
        let file = try write("project,year,executed\n,,\n   \nA,2019,5\n , ,\t\n")
        let report = try HistoryImporter.run(files: [file], into: store, options: options())
        XCTAssertTrue(report.errors.isEmpty, "\(report.errors)")
        XCTAssertEqual(report.batches.first?.rowsRead, 1)
        XCTAssertEqual(try stored()["A"]?[2019]?.figures.executed, Money(yuan: 5))
    }
}
