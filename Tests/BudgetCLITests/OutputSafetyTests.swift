import Foundation
import XCTest

/// Issue 12's data-loss and message defects of output files and folders (D3, D4, D16, D22), on the real
/// binary: an output is replaced all or nothing, special files are never replaced, folders the program did
/// not create are never removed, and every failure is said in words.
final class OutputSafetyTests: CLITestCase {

    func testD3AFailedExportKeepsThePreviousFile() throws {
        let previous = try write("previous export\n", to: "prev.csv")
        let result = try budget(["export", "--db", path("missing.sqlite"), "--out", previous])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(try String(contentsOfFile: previous, encoding: .utf8), "previous export\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "no temporary file left behind")
    }

    func testD3ASymlinkIsFollowedAndKept() throws {
        let db = try sampleStore()
        let target = try write("keep\n", to: "t.csv")
        try FileManager.default.createSymbolicLink(atPath: path("l.csv"), withDestinationPath: "t.csv")
        let result = try budget(["export", "--db", db, "--out", path("l.csv")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("l.csv")), "t.csv", "the link stays a link")
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).contains("data_source"), "its target holds the export")
    }

    func testD3ACharacterDeviceIsWrittenThroughNotReplaced() throws {
        let db = try sampleStore()
        let node = path("nul")
        guard mknod(node, S_IFCHR | 0o666, (1 << 8) | 3) == 0 else { throw XCTSkip("mknod needs root") }
        let result = try budget(["export", "--db", db, "--out", node])
        XCTAssertEqual(result.status, 0, result.stderr)
        var info = stat()
        XCTAssertEqual(lstat(node, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "the device node is still a device")
    }

    func testD3AFullDiskKeepsThePreviousFileAndSaysSo() throws {
        let db = try sampleStore()
        try withSmallFileSystem(size: "12k") { small in
            // Fill the file system but for a few KB, then export more than that over a previous file.
            let previous = small + "/prev.csv"
            try Data("old\n".utf8).write(to: URL(fileURLWithPath: previous))
            try Data(repeating: 0x41, count: 6 * 1024).write(to: URL(fileURLWithPath: small + "/filler"))
            let big = try write((0..<400).map { "项目\($0),2020,1000.00,900.00\n" }.joined(), to: "rows.csv")
            let header = try String(contentsOfFile: big, encoding: .utf8)
            _ = try write("project,year,initial_budget,executed\n" + header, to: "rows.csv")
            XCTAssertEqual(try budget(["import", "--db", db, big]).status, 0)
            let result = try budget(["export", "--db", db, "--out", previous])
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("the disk is full"), result.stderr)
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
            XCTAssertEqual(try String(contentsOfFile: previous, encoding: .utf8), "old\n", "the previous file is kept")
        }
    }

    private func scenario() throws -> String {
        _ = try sampleStore()
        return try write("history:\n  store: s.sqlite\nhorizon: 1\n", to: "ok.yaml")
    }

    func testD4AFolderWithAReportsNameIsNeverDeleted() throws {
        let yaml = try scenario()
        try FileManager.default.createDirectory(atPath: path("D/review.txt/blocker"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path("D/review.txt/blocker/x")))
        let result = try budget(["scenario", "run", yaml, "--out-dir", path("D")])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("review.txt"), result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("D/review.txt/blocker/x")), "the folder and its file stay")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("D/summary.txt")), "nothing written when a name is taken")
    }

    func testD16AndD22OutDirProblemsAreSaidInWordsAndLeaveNoStrayFolder() throws {
        let yaml = try scenario()
        let file = try write("a file\n", to: "afile")
        let onFile = try budget(["scenario", "run", yaml, "--out-dir", file])
        XCTAssertEqual(onFile.status, 1)
        XCTAssertTrue(onFile.stderr.contains("it is a file, not a folder"), onFile.stderr)
        XCTAssertFalse(onFile.stderr.contains("NSCocoaErrorDomain"), onFile.stderr)

        try FileManager.default.createDirectory(atPath: path("X"), withIntermediateDirectories: true)
        let dotted = try budget(["scenario", "run", yaml, "--out-dir", path("X/nonexist/../dd2")])
        XCTAssertEqual(dotted.status, 0, dotted.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("X")), ["dd2"], "no stray X/nonexist")
    }

    func testD16InputsThatAreNotFilesAreSaidInWords() throws {
        try FileManager.default.createDirectory(atPath: path("folder"), withIntermediateDirectories: true)
        let folder = try budget(["import", "--db", path("x.sqlite"), path("folder")])
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.stderr.contains("it is a folder"), folder.stderr)
        let device = try budget(["import", "--db", path("x.sqlite"), "/dev/zero"])
        XCTAssertEqual(device.status, 1)
        XCTAssertTrue(device.stderr.contains("it is a device"), device.stderr)
        let regress = try budget(["regress", "--csv", path("folder"), "--y", "a", "--x", "b"])
        XCTAssertEqual(regress.status, 1)
        XCTAssertTrue(regress.stderr.contains("it is a folder"), regress.stderr)
        for output in [folder, device, regress] { XCTAssertFalse(output.stderr.contains("NSCocoaErrorDomain"), output.stderr) }
        let poly = try budget(["regress", "--csv", path("folder"), "--y", "a", "--x", "b", "--poly", "-3"])
        XCTAssertNotEqual(poly.status, 0)
        XCTAssertTrue(poly.stderr.contains("--poly: a degree from 1 to 20"), poly.stderr)
    }
}
