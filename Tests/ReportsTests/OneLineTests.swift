@testable import Reports
import XCTest

final class OneLineTests: XCTestCase {
    /// The byte-level test of `TextTable.hasLineBreaking` agrees with the scalar test (Cc, Zl, Zp) on every
    /// scalar of the BMP and a sample of the planes above, alone and between other text.
    func testByteTestAgreesWithTheGeneralCategory() {
        let scalars = (0..<0x1_0000).compactMap(Unicode.Scalar.init) + stride(from: 0x1_0000, to: 0x11_0000, by: 97).compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let breaking: Bool = switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: true
            default: false
            }
            for text in [String(scalar), "项目\(scalar)a", "a\(scalar)"] {
                XCTAssertEqual(TextTable.hasLineBreaking(text), breaking, "U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
            }
        }
        XCTAssertEqual(TextTable.oneLine("甲\r\n乙\u{2028}丙\u{85}"), "甲 乙 丙 ")
    }
}
