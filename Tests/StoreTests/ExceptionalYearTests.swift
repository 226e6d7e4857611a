import BudgetCore
import Store
import XCTest

final class ExceptionalYearTests: StoreTestCase {
    let unit = "深圳市商务发展促进中心"

    /// Two projects of one unit with 2019–2021 figures, and one of another unit with 2020 only.
    func seed() throws -> (trade: ProjectRef, office: ProjectRef, other: ProjectRef) {
        var rows: [HistoryRow] = []
        for year in 2019...2021 {
            rows.append(HistoryRow(line: rows.count + 2, unit: unit, project: "贸易摩擦应对事务", year: year,
                                   figures: AnnualFigures(initialBudget: yuan(230_000), adjustedBudget: yuan(230_000),
                                                          executed: Money(fen: 8_269_430))))
            rows.append(HistoryRow(line: rows.count + 2, unit: unit, project: "办公设备采购", year: year,
                                   figures: AnnualFigures(initialBudget: yuan(56_000), executed: yuan(55_871))))
        }
        rows.append(HistoryRow(line: rows.count + 2, unit: "上海WTO事务咨询中心", project: "全球贸易投资监控预警系统", year: 2020,
                               figures: AnnualFigures(adjustedBudget: yuan(4_546_200), executed: yuan(4_546_200))))
        try apply(rows)
        return (try onlyHistory("贸易摩擦应对事务").project, try onlyHistory("办公设备采购").project,
                try onlyHistory("全球贸易投资监控预警系统").project)
    }

    func testMarkListAndClear() throws {
        let (trade, office, other) = try seed()
        // 2 projects × 2 years, a year given twice counts once.
        XCTAssertEqual(try store.markExceptional([trade, office], years: [2020, 2021, 2020], reason: "疫情"), 4)
        XCTAssertEqual(try store.markExceptional([other], years: [2020], reason: ""), 1)
        XCTAssertEqual(try store.exceptionalYears(), [trade.id: [2020: "疫情", 2021: "疫情"],
                                                     office.id: [2020: "疫情", 2021: "疫情"],
                                                     other.id: [2020: ""]])
        XCTAssertEqual(try store.clearExceptional([trade], years: [2021]), 1)
        XCTAssertEqual(try store.exceptionalYears()[trade.id], [2020: "疫情"])
        XCTAssertEqual(try store.clearExceptional([trade, office, other], years: [2020, 2021]), 4)
        XCTAssertEqual(try store.exceptionalYears(), [:])
    }

    func testMarkingTwiceChangesNothingAndANewReasonIsOneChange() throws {
        let (trade, office, _) = try seed()
        XCTAssertEqual(try store.markExceptional([trade, office], years: [2020], reason: "疫情"), 2)
        XCTAssertEqual(try store.markExceptional([trade, office], years: [2020], reason: "疫情"), 0)
        XCTAssertEqual(try store.markExceptional([trade, office], years: [2020], reason: "  疫情\n"), 0, "the reason is trimmed")
        XCTAssertEqual(try sqlite("SELECT count(*) FROM exceptional_year"), "2\n")
        // Only the trade project's reason differs: one change, and the reason is replaced.
        try store.markExceptional([office], years: [2020], reason: "")
        XCTAssertEqual(try store.markExceptional([trade, office], years: [2020], reason: ""), 1)
        XCTAssertEqual(try store.exceptionalYears(), [trade.id: [2020: ""], office.id: [2020: ""]])
    }

    func testClearingAnUnmarkedYearChangesNothing() throws {
        let (trade, _, _) = try seed()
        XCTAssertEqual(try store.clearExceptional([trade], years: [2020]), 0)
        try store.markExceptional([trade], years: [2020], reason: "疫情")
        XCTAssertEqual(try store.clearExceptional([trade], years: [2019, 2021]), 0)
        XCTAssertEqual(try store.exceptionalYears()[trade.id], [2020: "疫情"])
    }

    func testMarksSurviveReopeningAndAYearWithoutFiguresCanBeMarked() throws {
        let (trade, _, _) = try seed()
        XCTAssertEqual(try store.markExceptional([trade], years: [2022], reason: "疫情"), 1, "2022 has no figures yet")
        try store.close()
        store = try BudgetStore(path: directory.appendingPathComponent("test.sqlite").path)
        XCTAssertEqual(try store.exceptionalYears(), [trade.id: [2022: "疫情"]])
        XCTAssertEqual(try store.schemaVersion(), "v6: material findings")
        // Checked outside GRDB: the row and its timestamp.
        let row = try sqlite("SELECT project_id, year, reason, length(marked_at) > 0 FROM exceptional_year")
        XCTAssertEqual(row, "\(trade.id)|2022|疫情|1\n")
        // The year without figures is not a history year (history lists the years with figures).
        XCTAssertEqual(try store.history(of: trade).years.map(\.year), [2019, 2020, 2021])
    }

    func testHistoriesCarryTheReason() throws {
        let (trade, office, other) = try seed()
        try store.markExceptional([trade], years: [2020, 2021], reason: "疫情")
        try store.markExceptional([office], years: [2020], reason: "")
        let histories = try store.histories(of: [trade, office, other])
        XCTAssertEqual(histories.map { $0.years.map(\.exceptionalReason) },
                       [[nil, "疫情", "疫情"], [nil, "", nil], [nil]])
        XCTAssertEqual(try store.history(of: trade).years.map(\.exceptionalReason), [nil, "疫情", "疫情"])
        var streamed: [String: String] = [:]
        try store.forEachProjectYear { project, year in
            if let reason = year.exceptionalReason { streamed["\(project.name) \(year.year)"] = reason }
        }
        XCTAssertEqual(streamed, ["贸易摩擦应对事务 2020": "疫情", "贸易摩擦应对事务 2021": "疫情", "办公设备采购 2020": ""])
        // The figures themselves are unchanged by the join.
        XCTAssertEqual(histories[0].years[1].figures.executed, Money(fen: 8_269_430))
    }
}
