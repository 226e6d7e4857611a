import BudgetCore
import XCTest

/// Probable duplicates: the trial's OCR pair (`…对口交流组宗合事务` imported from a form next to the typed
/// `…对口交流综合事务`, same 2020 figures) is found, the project with more years kept; names further apart, other
/// figures, another unit or zero amounts are not paired. Edit distances worked by hand.
final class ProbableDuplicatesTests: XCTestCase {
    func entry(_ id: Int64, _ name: String, _ year: Int, budget: Int64?, executed: Int64?, unit: String = "深圳市商务发展促进中心")
        -> ProbableDuplicates.Entry {
        .init(id: id, department: "深圳市商务局", unit: unit, name: name, year: year,
              budget: budget.map(Money.init(fen:)), executed: executed.map(Money.init(fen:)))
    }

    func testTheTrialsOCRPairIsFoundAndTheLongerHistoryKept() {
        let typed = "世贸事务管理-对口交流综合事务", garbled = "世贸事务管理-对口交流组宗合事务"
        // 组宗合 → 综合: substitute 组 → 综, delete 宗: 2.
        XCTAssertEqual(EditDistance.between(garbled, typed), 2)
        let found = ProbableDuplicates.find([
            entry(1, typed, 2019, budget: 17_000_000, executed: 16_500_000),
            entry(1, typed, 2020, budget: 18_000_000, executed: 13_792_374),
            entry(2, garbled, 2020, budget: 18_000_000, executed: 13_792_374),
        ])
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found[0].kept.name, typed)
        XCTAssertEqual(found[0].other.name, garbled)
        XCTAssertEqual(found[0].distance, 2)
        XCTAssertEqual(found[0].year, 2020)
        XCTAssertEqual(found[0].executed, Money(fen: 13_792_374))
    }

    func testDifferentProjectsAreNotPaired() {
        XCTAssertEqual(ProbableDuplicates.find([
            // Same figures, names 3 apart (培训费 / 会议费用 …): not a misreading.
            entry(1, "干部培训费", 2020, budget: 100, executed: 90), entry(2, "会议费用支出", 2020, budget: 100, executed: 90),
            // Names 1 apart but different figures.
            entry(3, "项目一期", 2020, budget: 100, executed: 90), entry(4, "项目二期", 2020, budget: 100, executed: 80),
            // Same name and figures in another unit.
            entry(5, "设备采购", 2020, budget: 500, executed: 500), entry(6, "设备采购", 2020, budget: 500, executed: 500, unit: "另一单位"),
            // Nothing executed: zero amounts match by chance.
            entry(7, "预算准备金甲", 2020, budget: 500, executed: 0), entry(8, "预算准备金乙", 2020, budget: 500, executed: 0),
            // Short names: 1 apart is a third of 3 characters.
            entry(9, "差旅费", 2020, budget: 700, executed: 600), entry(10, "差旅贵", 2020, budget: 700, executed: 600),
        ]), [])
    }
}
