import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Working folders named after the process that owns them (`PREFIX-PID-N`), so that a later run can tell the
/// folders of a killed run (its process gone) from those of a run still going, and remove them.
public enum ProcessFolder {
    /// Creates a new folder `PREFIX-PID-N` in `parent` (mode 0700). Throws the POSIX code on failure.
    public static func create(in parent: URL, prefix: String) throws(POSIXError) -> URL {
        for _ in 0..<16 {
            let folder = parent.appendingPathComponent("\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            if mkdir(folder.path, 0o700) == 0 { return folder }
            if errno != EEXIST { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        throw POSIXError(.EEXIST)
    }

    /// Removes the folders `PREFIX-PID-N` in `parent` whose process is gone: their regular files, then the
    /// folder. Folders of running processes, and anything not named so, are left alone.
    public static func removeAbandoned(in parent: URL, prefix: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in entries where name.hasPrefix(prefix + "-") {
            let rest = name.dropFirst(prefix.count + 1)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0,
                  UInt32(rest[rest.index(after: dash)...]) != nil else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue } // still running
            remove(parent.appendingPathComponent(name))
        }
    }

    /// Removes a working folder: its regular files, then the folder (never anything else: a folder that
    /// holds something else stays).
    public static func remove(_ folder: URL) {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            for name in entries {
                var entry = stat()
                let path = folder.appendingPathComponent(name).path
                if lstat(path, &entry) == 0, entry.st_mode & S_IFMT == S_IFREG { unlink(path) }
            }
        }
        rmdir(folder.path)
    }
}
