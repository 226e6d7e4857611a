import Foundation
import Reports
import XCTest

final class ReportFolderTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("report-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func set(_ tag: String) -> [(name: String, data: Data)] {
        ["summary.txt", "summary.csv", "run.txt"].map { ($0, Data("\(tag) \($0)\n".utf8)) }
    }

    func contents(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    /// Everything in `root` but the given names: staging folders or temporaries left behind.
    func leftovers(besides names: [String]) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !names.contains($0) }.sorted()
    }

    func testNewFolderAppearsWithTheWholeSet() throws {
        let folder = root.appendingPathComponent("a/b/baseline")
        XCTAssertEqual(try ReportFolder.write(set("new"), to: folder.path), .created)
        XCTAssertEqual(try contents(folder), ["summary.txt": "new summary.txt\n", "summary.csv": "new summary.csv\n", "run.txt": "new run.txt\n"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path), ["baseline"])
    }

    func testFolderOfTheSetAloneIsExchangedWholeKeepingItsModeAndALinkToIt() throws {
        let folder = root.appendingPathComponent("baseline")
        try ReportFolder.write(set("old"), to: folder.path)
        XCTAssertEqual(chmod(folder.path, 0o750), 0)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("latest"), withDestinationURL: folder)
        XCTAssertEqual(try ReportFolder.write(set("new"), to: root.appendingPathComponent("latest").path), .exchanged)
        XCTAssertEqual(try contents(folder), ["summary.txt": "new summary.txt\n", "summary.csv": "new summary.csv\n", "run.txt": "new run.txt\n"])
        var info = stat()
        XCTAssertEqual(stat(folder.path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o750)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("latest").path), folder.path)
        XCTAssertEqual(try leftovers(besides: ["baseline", "latest"]), [], "the previous set went with the staging folder")
    }

    func testFolderWithOtherFilesHasEachFileReplacedAndTheOthersKept() throws {
        let folder = root.appendingPathComponent("baseline")
        try ReportFolder.write(set("old"), to: folder.path)
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        XCTAssertEqual(try ReportFolder.write(set("new"), to: folder.path), .eachFile)
        XCTAssertEqual(try contents(folder), ["summary.txt": "new summary.txt\n", "summary.csv": "new summary.csv\n",
                                              "run.txt": "new run.txt\n", "notes.txt": "mine\n"])
        XCTAssertEqual(try leftovers(besides: ["baseline"]), [])
    }

    func testANonFileWithAReportsNameStopsBeforeAnythingIsWritten() throws {
        let folder = root.appendingPathComponent("baseline")
        try ReportFolder.write(set("old"), to: folder.path)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("summary.csv"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("summary.csv"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try ReportFolder.write(set("new"), to: folder.path)) { error in
            XCTAssertTrue("\(error)".contains("summary.csv: a folder or another non-file has a report's name"), "\(error)")
        }
        XCTAssertEqual(try contents(folder.appendingPathComponent("summary.csv")), [:], "the folder is kept")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("summary.txt"), encoding: .utf8), "old summary.txt\n")
        XCTAssertEqual(try leftovers(besides: ["baseline"]), [])
    }

    func testAFileWhereTheFolderShouldBeIsRefused() throws {
        let file = root.appendingPathComponent("baseline")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try ReportFolder.write(set("new"), to: file.path)) { error in
            XCTAssertTrue("\(error)".contains("it is a file, not a folder"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "x")
    }

    /// A killed run's staging folder (its process gone) is removed by the next run; a running one's is not.
    func testStagingFoldersOfKilledRunsAreRemovedOthersKept() throws {
        let dead = root.appendingPathComponent(".baseline.budget-999999999-17")   // no such process
        let alive = root.appendingPathComponent(".baseline.budget-\(getpid())-18")
        let foreign = root.appendingPathComponent(".baseline.budget-notes")
        for folder in [dead, alive, foreign] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            try Data("x".utf8).write(to: folder.appendingPathComponent("summary.txt"))
        }
        try ReportFolder.write(set("new"), to: root.appendingPathComponent("baseline").path)
        XCTAssertEqual(try leftovers(besides: ["baseline"]), [alive.lastPathComponent, foreign.lastPathComponent].sorted())
    }
}
