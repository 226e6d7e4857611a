import XCTest

@testable import BudgetCore

/// Parses `text` and returns the amount in fen and the `rounded` flag; fails the test (and returns nil) when the
/// text is an error or unknown.
func parsedFen(_ text: String, unit: AmountUnit = .yuan,
               file: StaticString = #filePath, line: UInt = #line) -> (fen: Int64, rounded: Bool)? {
    do {
        switch try AmountParser.parse(text, unit: unit) {
        case .value(let money, let rounded):
            return (money.fen, rounded)
        case .unknown:
            XCTFail("\"\(text)\" parsed as unknown, expected a value", file: file, line: line)
            return nil
        }
    } catch {
        XCTFail("\"\(text)\" did not parse: \(error)", file: file, line: line)
        return nil
    }
}

/// Asserts that `text` parses to exactly `fen` with the given `rounded` flag.
func assertAmount(_ text: String, unit: AmountUnit = .yuan, fen expected: Int64, rounded: Bool = false,
                  file: StaticString = #filePath, line: UInt = #line) {
    guard let result = parsedFen(text, unit: unit, file: file, line: line) else { return }
    XCTAssertEqual(result.fen, expected, "fen of \"\(text)\" (\(unit))", file: file, line: line)
    XCTAssertEqual(result.rounded, rounded, "rounded flag of \"\(text)\" (\(unit))", file: file, line: line)
}

/// Asserts that `text` is rejected, that the error carries the raw text, and that its reason contains `reasonPart`.
func assertParseError(_ text: String, unit: AmountUnit = .yuan, reasonContains reasonPart: String,
                      file: StaticString = #filePath, line: UInt = #line) {
    do {
        let result = try AmountParser.parse(text, unit: unit)
        XCTFail("\"\(text)\" was accepted as \(result), expected an error", file: file, line: line)
    } catch {
        XCTAssertEqual(error.text, text, "error text", file: file, line: line)
        XCTAssertFalse(error.reason.isEmpty, "error reason is empty", file: file, line: line)
        XCTAssertTrue(error.reason.contains(reasonPart),
                      "reason for \"\(text)\" is \"\(error.reason)\", expected it to mention \"\(reasonPart)\"",
                      file: file, line: line)
    }
}

/// Asserts that `text` parses as `.unknown` (not zero, not an error).
func assertUnknown(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let result = try AmountParser.parse(text)
        XCTAssertEqual(result, .unknown, "\"\(text)\"", file: file, line: line)
    } catch {
        XCTFail("\"\(text)\" did not parse: \(error)", file: file, line: line)
    }
}
