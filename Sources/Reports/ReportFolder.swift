import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A set of files (a report set) written into a folder so that, whatever happens — an error, a full disk, a
/// `kill -9` — the folder holds the previous set or the new one, not a mix, whenever the folder is the set's
/// own:
/// - **The folder does not exist**: the files are written and flushed into a hidden staging folder beside it
///   (`.NAME.budget-PID-N`), which is then renamed to the folder: the set appears whole or not at all.
/// - **The folder holds only files of the new set's names** (a re-run into the same folder): the same staging,
///   then the staging folder and the folder are exchanged in one step (Linux `renameat2(RENAME_EXCHANGE)`),
///   and the previous files, now in the staging folder, are removed with it. The folder keeps its path, its
///   permissions and a symbolic link to it.
/// - **Otherwise** (the folder holds other files too, is a mount point, or the file system cannot exchange):
///   each file is replaced all or nothing on its own (``OutputFile``), after every file is written. Other
///   files stay; a kill while the files are renamed in can leave some new and some old.
/// Nothing but the set's own files and the program's own staging folders is ever removed. Before anything is
/// written, a folder or other non-file with one of the set's names stops the run, and is never touched.
/// Staging folders left by killed runs (their process gone) are removed by the next run into the folder.
public enum ReportFolder {
    /// How the set was put in place.
    public enum Placement: Sendable, Equatable {
        /// The folder was created with the set in one rename.
        case created
        /// The folder, holding only the set's names, was exchanged for the new set in one step.
        case exchanged
        /// Each file was replaced on its own (the folder holds other files too, or cannot be exchanged).
        case eachFile
    }

    /// Writes `files` (name, bytes; plain names, no `/`) into `directory`, creating the folders above it as
    /// needed. Returns how the set was put in place.
    @discardableResult
    public static func write(_ files: [(name: String, data: Data)], to directory: String) throws(OutputFile.Failure) -> Placement {
        var target = URL(fileURLWithPath: directory).standardizedFileURL
        var info = stat()
        if lstat(target.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            target = target.resolvingSymlinksInPath() // a link to the folder stays a link to it
        }
        let parent = target.deletingLastPathComponent()
        let exists = stat(target.path, &info) == 0
        if exists {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputFile.Failure(path: directory, reason: "it is a file, not a folder") }
            for (name, _) in files {
                let path = target.appendingPathComponent(name).path
                var entry = stat()
                if lstat(path, &entry) == 0, entry.st_mode & S_IFMT != S_IFREG, entry.st_mode & S_IFMT != S_IFLNK {
                    throw OutputFile.Failure(path: path, reason: "a folder or another non-file has a report's name; move it away (it is not replaced)")
                }
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw OutputFile.Failure(path: directory, reason: OutputFile.reason(posixCode(error)))
            }
        }
        ProcessFolder.removeAbandoned(in: parent, prefix: stagingPrefix(target))
        if exists && !(holdsOnly(Set(files.map(\.name)), folder: target) && !isMountPoint(target, parent: parent)) {
            try writeEachFile(files, into: target)
            return .eachFile
        }
        let staging = try stage(files, beside: target, mode: exists ? info.st_mode & 0o7777 : 0o755)
        if !exists {
            guard rename(staging.path, target.path) == 0 else {
                let code = errno
                ProcessFolder.remove(staging)
                throw OutputFile.Failure(path: directory, reason: OutputFile.reason(code))
            }
            syncFolder(parent)
            return .created
        }
        if exchange(staging, target) {
            syncFolder(parent)
            ProcessFolder.remove(staging) // the previous set, now in the staging folder
            return .exchanged
        }
        // The file system cannot exchange folders: each file renamed in from the staging folder (the same
        // file system: not a mount point).
        defer { ProcessFolder.remove(staging) }
        for (name, _) in files {
            guard rename(staging.appendingPathComponent(name).path, target.appendingPathComponent(name).path) == 0 else {
                throw OutputFile.Failure(path: target.appendingPathComponent(name).path, reason: OutputFile.reason(errno))
            }
        }
        syncFolder(target)
        return .eachFile
    }

    /// The prefix of the staging folders beside `target` (``ProcessFolder``).
    static func stagingPrefix(_ target: URL) -> String { "." + target.lastPathComponent + ".budget" }

    /// Writes every file into a new staging folder beside `target`, each flushed to disk, and the folder too.
    private static func stage(_ files: [(name: String, data: Data)], beside target: URL, mode: mode_t) throws(OutputFile.Failure) -> URL {
        let staging: URL
        do {
            staging = try ProcessFolder.create(in: target.deletingLastPathComponent(), prefix: stagingPrefix(target))
        } catch {
            throw OutputFile.Failure(path: target.path, reason: OutputFile.reason(error.code.rawValue))
        }
        do {
            for (name, data) in files {
                try OutputFile.write(data, to: staging.appendingPathComponent(name).path)
            }
        } catch {
            ProcessFolder.remove(staging)
            throw error
        }
        chmod(staging.path, mode)
        syncFolder(staging)
        return staging
    }

    /// The current behaviour for a shared folder: every file written to its temporary beside it, then each
    /// renamed into place.
    private static func writeEachFile(_ files: [(name: String, data: Data)], into folder: URL) throws(OutputFile.Failure) {
        var outputs: [OutputFile] = []
        for (name, data) in files {
            let file = try OutputFile(path: folder.appendingPathComponent(name).path)
            outputs.append(file)
            try file.write(data)
        }
        for file in outputs { try file.commit() }
    }

    /// Whether every entry of `folder` is a regular file with one of `names`.
    private static func holdsOnly(_ names: Set<String>, folder: URL) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return false }
        return entries.allSatisfy { name in
            var entry = stat()
            return names.contains(name) && lstat(folder.appendingPathComponent(name).path, &entry) == 0
                && entry.st_mode & S_IFMT == S_IFREG
        }
    }

    private static func isMountPoint(_ folder: URL, parent: URL) -> Bool {
        var a = stat(), b = stat()
        guard stat(folder.path, &a) == 0, stat(parent.path, &b) == 0 else { return true }
        return a.st_dev != b.st_dev
    }

    /// Exchanges two folders in one step (`renameat2(RENAME_EXCHANGE)`, Linux 3.15 and later, found at run
    /// time: glibc declares it only for C). False where the system or file system cannot.
    private static func exchange(_ a: URL, _ b: URL) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let exchangeFlag: UInt32 = 1 << 1 // RENAME_EXCHANGE
        return renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, exchangeFlag) == 0
    }

    private static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 { fsync(descriptor); close(descriptor) }
    }

    /// The POSIX code under a Foundation file error (EIO when there is none).
    private static func posixCode(_ error: any Error) -> Int32 {
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return Int32(posix.code)
        }
        switch (error as? CocoaError)?.code {
        case .fileWriteOutOfSpace?: return ENOSPC
        case .fileWriteNoPermission?: return EACCES
        case .fileWriteVolumeReadOnly?: return EROFS
        case .fileNoSuchFile?: return ENOENT
        case .fileWriteFileExists?: return ENOTDIR
        default: return EIO
        }
    }
}
