import BudgetCore
import Store
import XCTest

final class HistoryWriterTests: StoreTestCase {
    let tradeFriction = "世贸事务管理-贸易摩擦应对事务"
    let department = "深圳市商务局"
    let unit = "深圳市商务发展促进中心"

    func figures(initial: Int64? = nil, adjusted: Int64? = nil, executedFen: Int64? = nil) -> AnnualFigures {
        AnnualFigures(initialBudget: initial.map(yuan), adjustedBudget: adjusted.map(yuan), executed: executedFen.map(Money.init(fen:)))
    }

    func testInsertThenIdenticalBatchChangesNothing() throws {
        let row = HistoryRow(line: 2, department: department, unit: unit, project: tradeFriction, year: 2020,
                             figures: figures(initial: 230_000, adjusted: 230_000, executedFen: 8_269_430))
        let first = try apply([row])
        XCTAssertEqual(first.summary.inserted, 1)
        XCTAssertNotNil(first.summary.batchID)
        let second = try apply([row])
        XCTAssertEqual(second.summary.unchanged, 1)
        XCTAssertNil(second.summary.batchID, "a batch that changed nothing is not recorded")
        XCTAssertEqual(second.summary.earlierImport?.id, first.summary.batchID)
        XCTAssertEqual(try store.counts().batches, 1)
        let history = try onlyHistory(tradeFriction)
        XCTAssertEqual(history.years.map(\.year), [2020])
        XCTAssertEqual(history.years[0].status, .closed)
        XCTAssertEqual(history.years[0].figures.executed, Money(fen: 8_269_430))
        // 82,694.30 / 230,000.00, worked by hand: 0.359540…
        XCTAssertEqual(history.years[0].figures.executionRate!, 8_269_430.0 / 23_000_000.0, accuracy: 1e-15)
    }

    func testChangedFigureIsRevisedAndBlankNeverErases() throws {
        try apply([HistoryRow(line: 2, unit: unit, project: "甲", year: 2019, figures: figures(initial: 100, adjusted: 120, executedFen: 10_000))])
        let changed = try apply([HistoryRow(line: 5, unit: unit, project: "甲", year: 2019,
                                            figures: AnnualFigures(adjustedBudget: yuan(150)))], file: "v2.csv")
        XCTAssertEqual(changed.summary.updated, 1)
        XCTAssertEqual(changed.summary.revisions, 1)
        let history = try onlyHistory("甲")
        XCTAssertEqual(history.years[0].figures.initialBudget, yuan(100), "unknown in the new row keeps the stored value")
        XCTAssertEqual(history.years[0].figures.adjustedBudget, yuan(150))
        XCTAssertEqual(history.years[0].figures.executed, yuan(100))
        let revisions = try store.revisions(of: history.project)
        XCTAssertEqual(revisions.count, 1)
        XCTAssertEqual(revisions[0].field, "adjusted_budget")
        XCTAssertEqual(revisions[0].oldValue, "120.00")
        XCTAssertEqual(revisions[0].newValue, "150.00")
        XCTAssertEqual(revisions[0].fileName, "v2.csv")
        XCTAssertEqual(revisions[0].year, 2019)
    }

    func testDeclaredPriorYearYieldsToReportedFigures() throws {
        // A 2020 declaration states 2019: budget 1,865,000, executed 1,865,000.
        let declaration = HistoryRow(line: 2, unit: "上海WTO事务咨询中心", project: "WTO事务社会公众信息服务专项", year: 2020,
                                     declaration: DeclarationFigures(requested: yuan(1_357_000), totalBudget: yuan(1_357_000),
                                                                     priorBudget: yuan(1_865_000), priorExecuted: yuan(1_865_000)))
        try apply([declaration])
        var history = try onlyHistory("WTO事务社会公众信息服务专项")
        XCTAssertEqual(history.years.map(\.year), [2019, 2020])
        XCTAssertEqual(history.years[0].source, .declared)
        XCTAssertEqual(history.years[0].status, .closed)
        XCTAssertEqual(history.years[0].figures.adjustedBudget, yuan(1_865_000))
        XCTAssertNil(history.years[1].status, "2020 has only a declaration")
        XCTAssertEqual(history.years[1].declaration?.requested, yuan(1_357_000))

        // The 2019 self-evaluation arrives: reported wins, the change is a revision.
        let reported = HistoryRow(line: 3, unit: "上海WTO事务咨询中心", project: "WTO事务社会公众信息服务专项", year: 2019,
                                  figures: figures(initial: 1_865_000, adjusted: 1_800_000, executedFen: 170_000_000))
        let applied = try apply([reported], file: "self-eval-2019.csv")
        XCTAssertEqual(applied.summary.updated, 1)
        history = try onlyHistory("WTO事务社会公众信息服务专项")
        XCTAssertEqual(history.years[0].source, .reported)
        XCTAssertEqual(history.years[0].figures.adjustedBudget, yuan(1_800_000))
        XCTAssertEqual(Set(try store.revisions(of: history.project).map(\.field)),
                       ["initial_budget", "adjusted_budget", "executed", "source"])

        // The same declaration again: the reported figures stay; the disagreement is a warning.
        let again = try apply([declaration], file: "declaration-again.csv")
        XCTAssertEqual(again.summary.unchanged, 1)
        XCTAssertEqual(try onlyHistory("WTO事务社会公众信息服务专项").years[0].figures.adjustedBudget, yuan(1_800_000))
        XCTAssertEqual(again.warnings.count, 2, "\(again.warnings)")
        XCTAssertTrue(again.warnings.contains { $0.message.contains("1865000.00 differs from the reported 1800000.00") }, "\(again.warnings)")
    }

    func testOpenYearNeverHoldsAZeroExecution() throws {
        try apply([
            HistoryRow(line: 2, unit: "Police", project: "Personnel", year: 2024, status: .open,
                       figures: AnnualFigures(initialBudget: yuan(534_395_359), executed: .zero)),
            HistoryRow(line: 3, unit: "Police", project: "Personnel", year: 2023,
                       figures: AnnualFigures(initialBudget: yuan(500_902_237), executed: yuan(504_455_918))),
            HistoryRow(line: 4, unit: "Police", project: "Personnel", year: 2026,
                       figures: AnnualFigures(initialBudget: yuan(614_078_535), executed: yuan(1))),
        ])
        let years = try onlyHistory("Personnel").years
        XCTAssertEqual(years.map(\.status), [.closed, .open, .open], "2026 is the current year: open by default")
        XCTAssertNil(years[1].figures.executed, "a zero executed amount in an open year is unknown")
        XCTAssertEqual(years[2].figures.executed, yuan(1), "a non-zero amount to date is kept; the year stays open")
        XCTAssertEqual(try sqlite("SELECT year, executed IS NULL FROM annual_figures ORDER BY year"), "2023|0\n2024|1\n2026|0\n")
    }

    func testYearWithoutExecutionIsOpenUntilExecutionArrives() throws {
        try apply([HistoryRow(line: 2, project: "乙", year: 2021, figures: AnnualFigures(initialBudget: yuan(500)))])
        XCTAssertEqual(try onlyHistory("乙").years[0].status, .open)
        try apply([HistoryRow(line: 2, project: "乙", year: 2021, figures: AnnualFigures(executed: yuan(450)))], file: "b.csv")
        let year = try onlyHistory("乙").years[0]
        XCTAssertEqual(year.status, .closed)
        XCTAssertEqual(year.figures.executionRateAgainstInitial!, 0.9, accuracy: 1e-15)
    }

    func testUnitsAreNamedWithinDepartmentsAndBlankPartsFindTheOneMatch() throws {
        // San Diego: one unit name under two department groups gives two units and two projects.
        let name = "City Planning & Community Investments"
        try apply([
            HistoryRow(line: 2, department: "Development Services", unit: name, project: "Personnel", year: 2011, figures: figures(initial: 1)),
            HistoryRow(line: 3, department: "Economic Development", unit: name, project: "Personnel", year: 2011, figures: figures(initial: 2)),
        ])
        XCTAssertEqual(try store.findProjects(named: "Personnel").count, 2)
        // A row without a department cannot choose between them.
        let ambiguous = try apply([HistoryRow(line: 4, unit: name, project: "Personnel", year: 2012, figures: figures(initial: 3))])
        XCTAssertEqual(ambiguous.rejections.count, 1)
        XCTAssertTrue(ambiguous.rejections[0].message.contains("give the department"), ambiguous.rejections[0].message)

        // A unit first seen without its department adopts it later; the project stays one project.
        try apply([HistoryRow(line: 2, unit: "上海WTO事务咨询中心", project: "全球贸易投资监控预警系统", year: 2020,
                              declaration: DeclarationFigures(requested: yuan(4_691_000)))])
        try apply([HistoryRow(line: 2, department: "上海市商务委员会", unit: "上海WTO事务咨询中心", project: "全球贸易投资监控预警系统",
                              year: 2020, figures: figures(initial: 4_691_000))], file: "b.csv")
        let found = try store.findProjects(named: "全球贸易投资监控预警系统")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].department, "上海市商务委员会")

        // A row with neither department nor unit finds the one project of that name.
        try apply([HistoryRow(line: 2, project: "全球贸易投资监控预警系统", year: 2021, figures: figures(initial: 5))], file: "c.csv")
        XCTAssertEqual(try onlyHistory("全球贸易投资监控预警系统").years.map(\.year), [2020, 2021])
    }

    func testNamesMatchOnNFKCFormAndShowAsWritten() throws {
        try apply([HistoryRow(line: 2, unit: "上海WTO事务咨询中⼼", project: "WTO事务社会公众信息服务专项（2020）", year: 2020,
                              figures: figures(initial: 1))])
        try apply([HistoryRow(line: 2, unit: "上海WTO事务咨询中心", project: "WTO事务社会公众信息服务专项(2020)", year: 2021,
                              figures: figures(initial: 2))], file: "b.csv")
        let found = try store.findProjects(named: "WTO事务社会公众信息服务专项 (2020)")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].unit, "上海WTO事务咨询中心", "the Kangxi radical ⼼ is shown as 心")
        XCTAssertEqual(found[0].name, "WTO事务社会公众信息服务专项（2020）", "full-width brackets are kept as written")
        XCTAssertEqual(try store.history(of: found[0]).years.count, 2)
    }

    func testSameProjectYearTwiceInABatchIsRejected() throws {
        let applied = try apply([
            HistoryRow(line: 2, project: "丙", year: 2019, figures: figures(initial: 1)),
            HistoryRow(line: 7, project: "丙", year: 2019, figures: figures(initial: 2)),
        ])
        XCTAssertEqual(applied.rejections.map(\.message), ["repeats project \"丙\" year 2019 of line 2"])
    }

    func testRolledBackBatchLeavesNothing() throws {
        try apply([HistoryRow(line: 2, project: "丁", year: 2019, figures: figures(initial: 1))], commit: false)
        XCTAssertEqual(try store.counts().projects, 0)
        XCTAssertEqual(try store.counts().batches, 0)
    }

    func testMoneyIsStoredAsIntegerFenNeverReal() throws {
        try apply([HistoryRow(line: 2, project: "戊", year: 2019,
                              figures: AnnualFigures(initialBudget: Money(fen: 194_810_165), executed: Money(fen: 1),
                                                     executionScore: Score(text: "8.60")))])
        XCTAssertEqual(try sqlite("SELECT typeof(initial_budget), initial_budget, typeof(executed), typeof(execution_score), execution_score FROM annual_figures"),
                       "integer|194810165|integer|text|8.6\n")
        XCTAssertEqual(try sqlite("SELECT count(*) FROM pragma_table_info('annual_figures') WHERE type = 'REAL'"), "0\n")
    }

    func testCategoryChangeIsRevised() throws {
        try apply([HistoryRow(line: 2, project: "己", category: "一次性项目", year: 2019, figures: figures(initial: 1))])
        try apply([HistoryRow(line: 2, project: "己", category: "经常性专项业务费", year: 2019, figures: figures(initial: 1))], file: "b.csv")
        let history = try onlyHistory("己")
        XCTAssertEqual(history.project.category, "经常性专项业务费")
        let revisions = try store.revisions(of: history.project)
        XCTAssertEqual(revisions.map(\.field), ["category"])
        XCTAssertNil(revisions[0].year)
    }

    func testReopeningAStoreKeepsSchemaAndData() throws {
        try apply([HistoryRow(line: 2, project: "庚", year: 2019, figures: figures(initial: 1))])
        let path = directory.appendingPathComponent("test.sqlite").path
        try store.close()
        store = try BudgetStore(path: path)
        XCTAssertEqual(try store.schemaVersion(), "v6: material findings")
        XCTAssertEqual(try store.counts().projectYears, 1)
    }
}

final class StoreLifecycleTests: StoreTestCase {
    /// GRDB crashes when a closed queue is checkpointed; closing twice must be harmless.
    func testClosingTwiceIsHarmless() throws {
        try store.close()
        try store.close()
    }
}

final class ShortNameAliasTests: StoreTestCase {
    /// 世贸事务管理-贸易摩擦应对事务 one year, 贸易摩擦应对事务 the next: one project.
    func testChinesePrefixedNameIsFoundByItsShortNameOnImport() throws {
        let unit = "深圳市商务发展促进中心"
        try apply([HistoryRow(line: 2, unit: unit, project: "世贸事务管理-贸易摩擦应对事务", year: 2020,
                              figures: AnnualFigures(adjustedBudget: Money(yuan: 230_000), executed: Money(fen: 8_269_430)))])
        try apply([HistoryRow(line: 2, unit: unit, project: "贸易摩擦应对事务", year: 2021,
                              figures: AnnualFigures(adjustedBudget: Money(yuan: 200_000)))], file: "b.csv")
        let found = try store.findProjects(named: "贸易摩擦应对事务")
        XCTAssertEqual(found.map(\.name), ["世贸事务管理-贸易摩擦应对事务"])
        XCTAssertEqual(try store.history(of: found[0]).years.map(\.year), [2020, 2021])
        XCTAssertEqual(try store.aliases(of: found[0]), ["贸易摩擦应对事务"])
    }

    func testLatinHyphenatedNamesGetNoAliasAndTakenNamesAreLeftAlone() throws {
        try apply([
            HistoryRow(line: 2, unit: "Police", project: "Non-Personnel", year: 2020, figures: AnnualFigures(initialBudget: Money(yuan: 1))),
            HistoryRow(line: 3, unit: "Police", project: "Personnel", year: 2020, figures: AnnualFigures(initialBudget: Money(yuan: 2))),
            HistoryRow(line: 4, unit: "单位", project: "预算准备金", year: 2020, figures: AnnualFigures(initialBudget: Money(yuan: 3))),
            HistoryRow(line: 5, unit: "单位", project: "专项-预算准备金", year: 2020, figures: AnnualFigures(initialBudget: Money(yuan: 4))),
        ])
        XCTAssertEqual(try store.findProjects(named: "Personnel", unit: "Police").map(\.name), ["Personnel"])
        let prefixed = try XCTUnwrap(try store.findProjects(named: "专项-预算准备金").first)
        XCTAssertEqual(try store.aliases(of: prefixed), [], "预算准备金 is already another project of the unit")
    }
}
