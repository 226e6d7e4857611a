import Foundation
import XCTest

/// URL of a file in the copied `Fixtures` resource directory.
func importFixtureURL(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let directory = try XCTUnwrap(
        Bundle.module.url(forResource: "Fixtures", withExtension: nil),
        "Fixtures directory missing from the test bundle", file: file, line: line)
    let url = directory.appendingPathComponent(name)
    XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "missing fixture \(name)", file: file, line: line)
    return url
}

/// Bytes of a string literal, for tests that build inputs byte by byte.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
