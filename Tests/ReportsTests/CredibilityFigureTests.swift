import Forecasting
@testable import Reports
import XCTest

/// The credibility text shows each year's PI-1/PI-2 figure to one decimal; a figure must never read as a
/// different band from the one it is graded in.
final class CredibilityFigureTests: XCTestCase {
    func testAFigureNeverReadsAsAnotherBand() {
        // 89.996%: band C (below 90); rounding would show 90.0, which reads as B.
        XCTAssertEqual(CredibilityReport.shownPercent(0.89996, band: .C, measure: .outturn), "89.9")
        // 110.004%: band C (above 110); 110.0 would read as B.
        XCTAssertEqual(CredibilityReport.shownPercent(1.10004, band: .C, measure: .outturn), "110.1")
        // Exactly 90%: band B, shown as it is.
        XCTAssertEqual(CredibilityReport.shownPercent(0.9, band: .B, measure: .outturn), "90.0")
        // Rounding that stays in the band is left alone: 94.96% is B and 95.0 would read as A; 94.94% is 94.9.
        XCTAssertEqual(CredibilityReport.shownPercent(0.9496, band: .B, measure: .outturn), "94.9")
        XCTAssertEqual(CredibilityReport.shownPercent(0.9494, band: .B, measure: .outturn), "94.9")
        XCTAssertEqual(CredibilityReport.shownPercent(1.0312, band: .A, measure: .outturn), "103.1")
        // PI-2 bands are strict (A below 5%): 4.996% is A and shows 4.9, not 5.0 (B).
        XCTAssertEqual(CredibilityReport.shownPercent(0.04996, band: .A, measure: .composition), "4.9")
        XCTAssertEqual(CredibilityReport.shownPercent(0.05, band: .B, measure: .composition), "5.0")
        XCTAssertEqual(CredibilityReport.shownPercent(0.1234, band: .C, measure: .composition), "12.3")
        // No band (no budget): plain rounding.
        XCTAssertEqual(CredibilityReport.shownPercent(0.89996, band: nil, measure: .outturn), "90.0")
    }

    func testTheBandOfAShownFigure() {
        XCTAssertEqual(CredibilityReport.band(ofPercent: 95, .outturn), .A)
        XCTAssertEqual(CredibilityReport.band(ofPercent: 105, .outturn), .A)
        XCTAssertEqual(CredibilityReport.band(ofPercent: 89.9, .outturn), .C)
        XCTAssertEqual(CredibilityReport.band(ofPercent: 115.1, .outturn), .D)
        XCTAssertEqual(CredibilityReport.band(ofPercent: 4.9, .composition), .A)
        XCTAssertEqual(CredibilityReport.band(ofPercent: 15, .composition), .D)
    }
}
