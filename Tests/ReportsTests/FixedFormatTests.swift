import Foundation
import XCTest
@testable import Reports

/// `Listing.fixed` (glibc's `%.Nf`, no ICU) must write exactly what Foundation's formatter wrote before it.
final class FixedFormatTests: XCTestCase {
    func testAgreesWithFoundationFormatting() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.00005, 0.99995, 1e-9, 123_456_789.123456, -0.36, 1e20, 1e300, -1e300,
                                Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude]
        for _ in 0..<5_000 {
            values.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1))
            values.append(Double.random(in: -2...2, using: &generator))
        }
        for value in values {
            for digits in [1, 2, 4, 6] {
                XCTAssertEqual(Listing.fixed(value, digits),
                               String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value), "\(value) \(digits)")
            }
        }
    }
}
