import Foundation
import XCTest

/// Runs the built `budget` binary, as a user would, in a fresh temporary directory per test.
class CLITestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("budget-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    /// The `budget` executable next to the test bundle.
    static var binary: URL {
        var url = Bundle(for: CLITestCase.self).bundleURL
        while url.pathExtension == "xctest" || !FileManager.default.fileExists(atPath: url.appendingPathComponent("budget").path) {
            url.deleteLastPathComponent()
            if url.path == "/" { break }
        }
        return url.appendingPathComponent("budget")
    }

    /// The package root (for the bundled files under `Scenarios/`).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The bundled sample history (Scenarios/sample-history.csv).
    static var sampleHistory: String { packageRoot.appendingPathComponent("Scenarios/sample-history.csv").path }

    /// A store named `name` in the test's folder holding the bundled sample history.
    func sampleStore(_ name: String = "s.sqlite") throws -> String {
        let db = path(name)
        let result = try budget(["import", "--db", db, Self.sampleHistory])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    /// Three projects over 2015–2022, closed through 2022: enough closed years to backtest.
    func backtestStore() throws -> String {
        let history = try write((["department,unit,project,year,initial_budget,adjusted_budget,executed"]
            + [("会议服务", 100_000.0), ("信息系统运维", 250_000.0), ("培训费", 80_000.0)].flatMap { project, base in
                (0..<8).map { i in
                    let budget = base * (1 + 0.05 * Double(i))
                    return "商务局,服务中心,\(project),\(2015 + i)," + String(format: "%.2f,%.2f,%.2f", budget, budget, budget * (0.8 + 0.02 * Double(i % 3)))
                }
            }).joined(separator: "\n") + "\n", to: "history.csv")
        let db = path("bt.sqlite")
        let result = try budget(["import", "--db", db, history, "--closed-through", "2022"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    /// Runs `body` with a fresh tmpfs of `size` (e.g. "12k") mounted at a folder of the test, unmounted after;
    /// skips the test where mounting is not allowed (needs root).
    func withSmallFileSystem(size: String, _ body: (String) throws -> Void) throws {
        let folder = path("small")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { throw XCTSkip("mount is not available") }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw XCTSkip("cannot mount a small tmpfs here (needs root)") }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [folder]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        try body(folder)
    }

    @discardableResult
    func budget(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try Self.runBudget(arguments, in: directory, environment: environment)
    }

    /// Runs the binary in `directory` with `BUDGET_DB` and `COLUMNS` unset (and `environment` added). Standard error goes
    /// to a file, standard output through a pipe read to the end before waiting.
    static func runBudget(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BUDGET_DB")
        env.removeValue(forKey: "COLUMNS") // text tables at their default width, whatever the terminal running the tests
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("budget-stderr-\(UUID().uuidString)")
        XCTAssertTrue(FileManager.default.createFile(atPath: errPath.path, contents: nil), "cannot create \(errPath.path)")
        let errHandle = try FileHandle(forWritingTo: errPath)
        defer { try? errHandle.close(); try? FileManager.default.removeItem(at: errPath) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = try Data(contentsOf: errPath)
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// `text` with the prose the CLI wraps at the terminal's width joined again: every line break followed by
    /// four or more spaces (a continuation line) becomes `joiner` — `" "` for English, which wraps at spaces,
    /// `""` for Chinese, which wraps inside a run. Table rows with a wrapped cell are joined too: look them up in
    /// the text as printed.
    static func joiningWrappedLines(_ text: String, with joiner: String) -> String {
        text.replacingOccurrences(of: "\n {4,}", with: joiner, options: .regularExpression)
    }

    func write(_ text: String, to name: String) throws -> String {
        let target = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    func fileData(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// Runs SQL on a store through the sqlite3 command-line tool (independent of the engine); its output.
    func sqlite(_ db: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", db, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
