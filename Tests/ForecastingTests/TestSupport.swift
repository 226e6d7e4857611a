import Foundation
import XCTest
@testable import Forecasting

/// A closed year: budget and executed known (rate = executed ÷ budget).
func closed(_ year: Int, _ budget: Double, _ executed: Double, initial: Double = .nan) -> Observation {
    Observation(year: year, budget: budget, initial: initial, executed: executed)
}

/// An open year: the budget may be known, the execution is not.
func open(_ year: Int, _ budget: Double = .nan) -> Observation {
    Observation(year: year, budget: budget)
}

func project(_ id: Int64, unit: String = "U", department: String = "D", category: String = "",
             _ observations: [Observation], excluded: [Int] = []) -> ProjectSeries {
    ProjectSeries(id: id, department: department, unit: unit, category: category, name: "P\(id)",
                  observations: observations, excludedYears: excluded)
}

/// |got − expected| ≤ tolerance · max(1, |expected|).
func assertClose(_ got: Double?, _ expected: Double, _ tolerance: Double = 1e-12, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let got else { return XCTFail("nil, expected \(expected) \(message)", file: file, line: line) }
    XCTAssert(abs(got - expected) <= tolerance * max(1, abs(expected)),
              "got \(got), expected \(expected) \(message)", file: file, line: line)
}

/// SplitMix64 (Steele, Lea & Flood 2014): a fixed-seed generator independent of the platform's.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform on the open interval (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    /// Laplace(0, b) by the inverse CDF: x = −b·sgn(u − ½)·ln(1 − 2|u − ½|).
    mutating func laplace(scale b: Double) -> Double {
        let u = uniform() - 0.5
        return -b * (u < 0 ? -1 : 1) * log(1 - 2 * abs(u))
    }
}

/// A budget model that returns a fixed amount (for hand-worked accuracy).
struct FixedBudget: PerProjectModel {
    var value: Double
    var name: String { "fixed" }
    var target: Target { .budget }
    var summary: String { "always \(value)" }
    func forecast(_ panel: Panel, series: Int, year: Int) -> Double? { value }
}

/// A budget model that knows the actual budget and is off by `offset` where `isOff(series, year)` (to script
/// which model wins when and where).
struct ScriptedBudget: PerProjectModel {
    var name: String
    var offset: Double
    var isOff: @Sendable (_ series: Int, _ year: Int) -> Bool
    var target: Target { .budget }
    var summary: String { "scripted" }
    func forecast(_ panel: Panel, series: Int, year: Int) -> Double? {
        guard let actual = panel.series[series].observation(in: year)?.budget else { return nil }
        return isOff(series, year) ? actual + offset : actual
    }
}
