@testable import Forecasting
import XCTest

final class ParallelMapTests: XCTestCase {
    /// Many chunks on several threads give the sequential map's values in index order; fewer than two chunks
    /// and an empty range work too.
    func testSameAsTheSequentialMapInIndexOrder() {
        for (count, chunk) in [(0, 4), (3, 4), (4, 4), (5, 4), (10_001, 64), (100_000, 2048)] {
            let values = parallelMap(count: count, chunk: chunk) { i in "\(i * i)" }
            XCTAssertEqual(values, (0..<count).map { "\($0 * $0)" }, "count \(count), chunk \(chunk)")
        }
    }
}
