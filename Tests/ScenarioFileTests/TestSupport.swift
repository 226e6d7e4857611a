import Forecasting
import Foundation
import ScenarioFile
import XCTest

/// A fresh temporary folder per test, with a history file `h.csv` in it, and helpers that write a scenario
/// there and read it.
class ScenarioFileTestCase: XCTestCase {
    var directory: URL!

    /// The two lines every scenario below starts with (a valid history), so that errors fall on line 3 on.
    let history = "history:\n  files: [h.csv]\n"

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try touch("h.csv")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `contents` to `name` under the temporary folder (making subfolders) and returns its path.
    @discardableResult
    func touch(_ name: String, _ contents: String = "year,project,executed\n") throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// Writes a scenario file and reads it.
    func load(_ text: String, name: String = "x.yaml") throws -> ScenarioSpec {
        try ScenarioReader.load(path: try touch(name, text))
    }

    /// Writes a scenario file, reads it and returns the error it must raise (fails the test when it reads).
    func problem(_ text: String, name: String = "x.yaml", file: StaticString = #filePath, line: UInt = #line) throws -> ScenarioFileError {
        let path = try touch(name, text)
        do {
            let spec = try ScenarioReader.load(path: path)
            XCTFail("read without error: \(spec.scenario)", file: file, line: line)
            return ScenarioFileError(file: path, message: "no error")
        } catch {
            return error
        }
    }

    /// Asserts that the error is at `line:column` of the scenario `name` and its description starts with
    /// `path:line:column: ` followed by `message` (the whole message when `exact`).
    func assertProblem(_ error: ScenarioFileError, at line: Int, _ column: Int, _ message: String, name: String = "x.yaml", exact: Bool = false,
                       file: StaticString = #filePath, line testLine: UInt = #line) {
        let path = directory.appendingPathComponent(name).path
        XCTAssertEqual(error.file, path, file: file, line: testLine)
        XCTAssertEqual(error.mark, SourceMark(file: path, line: line, column: column), "\(error)", file: file, line: testLine)
        let prefix = "\(path):\(line):\(column): \(message)"
        if exact {
            XCTAssertEqual(error.description, prefix, file: file, line: testLine)
        } else {
            XCTAssertTrue(error.description.hasPrefix(prefix), "expected \(prefix)…\n     got \(error.description)", file: file, line: testLine)
        }
    }
}

