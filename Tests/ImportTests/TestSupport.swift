import Foundation
import Store
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

/// A test with a fresh folder and an empty store of its own, removed afterwards.
class ImportStoreTestCase: XCTestCase {
    var directory: URL!
    var store: BudgetStore!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ImportTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try BudgetStore(path: directory.appendingPathComponent("store.sqlite").path)
    }

    override func tearDownWithError() throws {
        try store?.close()
        store = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Writes `text` (UTF-8) to a file of the test's folder; its path.
    func write(_ text: String, to name: String = "in.csv") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
