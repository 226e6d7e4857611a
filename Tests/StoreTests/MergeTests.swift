import BudgetCore
import Store
import XCTest

/// `merge(_:into:)`: a second project of a unit (an OCR reading imported before its alias) merged into the
/// project, all or nothing.
final class MergeTests: StoreTestCase {
    func figures(_ initial: Int64, _ executedFen: Int64?, score: String? = nil) -> AnnualFigures {
        AnnualFigures(initialBudget: yuan(initial), executed: executedFen.map(Money.init(fen:)), totalScore: score.flatMap(Score.init(text:)))
    }

    func project(_ name: String) throws -> ProjectRef { try XCTUnwrap(try store.findProjects(named: name).first { $0.name == name }) }

    func testYearsMoveAgreeingYearsCombineAndTheNameBecomesAnAlias() throws {
        try apply([
            HistoryRow(line: 2, unit: "中心", project: "对口交流综合事务", year: 2019, figures: figures(100, 9_000)),
            HistoryRow(line: 3, unit: "中心", project: "对口交流综合事务", year: 2020, figures: figures(180_000, 13_792_374)),
            HistoryRow(line: 4, unit: "中心", project: "对口交流组宗合事务", year: 2020, figures: figures(180_000, 13_792_374, score: "96.7"),
                       indicators: [Indicator(level1: "产出", level2: "数量", level3: "交流次数", target: "4", actual: "4")]),
            HistoryRow(line: 5, unit: "中心", project: "对口交流组宗合事务", year: 2021, figures: figures(200_000, nil)),
        ])
        try store.markExceptional([try project("对口交流组宗合事务")], years: [2021], reason: "疫情")
        let keep = try project("对口交流综合事务"), other = try project("对口交流组宗合事务")
        XCTAssertEqual(try store.merge(other, into: keep), MergeSummary(yearsMoved: [2021], yearsAlike: [2020]))
        XCTAssertEqual(try store.projects().map(\.name), ["对口交流综合事务"])
        let history = try store.history(of: keep)
        XCTAssertEqual(history.years.map(\.year), [2019, 2020, 2021])
        XCTAssertEqual(history.years[1].figures.totalScore?.text, "96.7", "a figure only the other knew is taken over")
        XCTAssertEqual(history.years[1].figures.executed, Money(fen: 13_792_374))
        XCTAssertEqual(history.years[2].exceptionalReason, "疫情")
        XCTAssertEqual(try sqlite("SELECT level3, actual FROM indicator"), "交流次数|4\n")
        XCTAssertEqual(try store.findProjects(named: "对口交流组宗合事务").map(\.id), [keep.id], "the other name is an alias")
        let revisions = try store.revisions(of: keep)
        XCTAssertEqual(revisions.last.map { "\($0.field) \($0.oldValue ?? "") → \($0.newValue ?? "") \($0.fileName)" },
                       "merged 对口交流组宗合事务 → 对口交流综合事务 budget alias --merge")
        XCTAssertEqual(try sqlite("PRAGMA foreign_key_check; PRAGMA integrity_check;"), "ok\n")
    }

    func testDifferentFiguresOnAYearBothHoldMergeNothing() throws {
        try apply([
            HistoryRow(line: 2, unit: "中心", project: "甲", year: 2020, figures: figures(100, 9_000)),
            HistoryRow(line: 3, unit: "中心", project: "甲乙", year: 2020, figures: figures(100, 9_100)),
            HistoryRow(line: 4, unit: "中心", project: "甲乙", year: 2021, figures: figures(120, nil)),
            HistoryRow(line: 5, unit: "别的", project: "丙", year: 2020, figures: figures(1, nil)),
        ])
        let before = try sqlite("SELECT project_id, year, executed FROM annual_figures ORDER BY 1, 2")
        XCTAssertThrowsError(try store.merge(try project("甲乙"), into: try project("甲"))) { error in
            XCTAssertEqual("\(error)", "\"甲乙\" and \"甲\" differ in 2020 (executed): nothing was merged. Correct one of them by importing its figures again, or give --prefer-other to take its figures")
        }
        XCTAssertThrowsError(try store.merge(try project("丙"), into: try project("甲"))) { error in
            XCTAssertTrue("\(error)".contains("are in different units"), "\(error)")
        }
        XCTAssertEqual(try sqlite("SELECT project_id, year, executed FROM annual_figures ORDER BY 1, 2"), before)
        XCTAssertEqual(try store.projects().count, 3)
    }

    /// Told which wins, the merged project's differing figure replaces the kept one, as a revision.
    func testPreferOtherTakesItsFiguresAsRevisionsAndFilesItsFindings() throws {
        try apply([
            HistoryRow(line: 2, unit: "中心", project: "甲", year: 2020, figures: figures(100, 9_000)),
            HistoryRow(line: 3, unit: "中心", project: "甲乙", year: 2020, figures: figures(100, 9_100)),
            HistoryRow(line: 4, unit: "中心", project: "甲乙", year: 2021, figures: figures(120, nil)),
        ])
        _ = try sqlite("""
            INSERT INTO finding (batch_id, severity, file, line, field, message, unit, project, year)
            VALUES (1, 'warning', 'x.txt', 7, 'project', 'OCR reading', '中心', '甲乙', 2020)
            """)
        let summary = try store.merge(try project("甲乙"), into: try project("甲"), preferOther: true)
        XCTAssertEqual(summary, MergeSummary(yearsMoved: [2021], yearsAlike: [], yearsTaken: [2020]))
        let keep = try project("甲")
        XCTAssertEqual(try store.history(of: keep).years.map { $0.figures.executed }, [Money(fen: 9_100), nil])
        XCTAssertEqual(try store.revisions(of: keep).map { "\($0.year.map(String.init) ?? "-") \($0.field) \($0.oldValue ?? "") \($0.newValue ?? "")" },
                       ["2020 executed 90.00 91.00", "- merged 甲乙 甲"])
        XCTAssertEqual(try store.findings(project: "甲").map { $0.finding.project }, ["甲"])
    }
}
