import BudgetCore
import Store
import XCTest

final class DeviationReasonTests: StoreTestCase {
    let unit = "深圳市商务发展促进中心"

    func testDeviationReasonsLeaveOutPlaceholdersAndRepeats() throws {
        func indicator(_ name: String, _ reason: String?) -> Indicator {
            Indicator(level1: "产出指标", level2: "数量指标", level3: name, target: "=9台", actual: "=9台", deviationReason: reason)
        }
        try apply([
            HistoryRow(line: 2, unit: unit, project: "贸易摩擦应对事务", year: 2020,
                       figures: AnnualFigures(adjustedBudget: yuan(230_000), executed: Money(fen: 8_269_430)),
                       indicators: [indicator("a", " 因疫情调减 "), indicator("b", "无"), indicator("c", "不适用"),
                                    indicator("d", "/"), indicator("e", "-"), indicator("f", "—"), indicator("g", " 无\n"),
                                    indicator("h", "因疫情调减"), indicator("i", nil), indicator("j", "   "),
                                    indicator("k", "会议延期举办"), indicator("l", "／"), indicator("m", "因疫情调减")]),
            HistoryRow(line: 3, unit: unit, project: "贸易摩擦应对事务", year: 2019,
                       figures: AnnualFigures(adjustedBudget: yuan(230_000), executed: yuan(230_000)),
                       indicators: [indicator("a", "无"), indicator("b", "-")]),
            HistoryRow(line: 4, unit: unit, project: "办公设备采购", year: 2020,
                       figures: AnnualFigures(adjustedBudget: yuan(56_000), executed: yuan(55_871)),
                       indicators: [indicator("a", "采购价格低于预算")]),
        ])
        let trade = try onlyHistory("贸易摩擦应对事务").project, office = try onlyHistory("办公设备采购").project
        XCTAssertEqual(try store.deviationReasons(), [trade.id: [2020: ["因疫情调减", "会议延期举办"]],
                                                      office.id: [2020: ["采购价格低于预算"]]])
    }
}
