import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file written all or nothing: the bytes go to a temporary file in the target's folder, which
/// ``commit()`` flushes to disk (fsync) and renames over the target. Readers see the old file or the new one,
/// never a part; a full disk, an error or a `kill -9` before the rename leaves the old file as it was.
///
/// - A symbolic link is followed: its target is replaced and the link stays.
/// - A FIFO or a character device (`/dev/stdout`, a pipe) is written straight through, never replaced.
/// - A folder, a block device or a socket is refused.
/// Errors name the path and the cause in words (the disk is full, permission denied…), never a raw code.
public final class OutputFile {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// The path as given.
    public let path: String
    /// The file actually replaced (the link's target when `path` is a symbolic link).
    private let finalPath: String
    /// The temporary file, or nil when writing straight through to a FIFO or device.
    private let temporaryPath: String?
    private let descriptor: Int32
    private var isFinished = false

    public init(path: String) throws(Failure) {
        self.path = path
        var info = stat()
        var target = path
        if lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        finalPath = target
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                break
            case S_IFIFO, S_IFCHR:
                descriptor = open(target, O_WRONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw Failure(path: path, reason: Self.reason(errno)) }
                temporaryPath = nil
                return
            case S_IFDIR:
                throw Failure(path: path, reason: "it is a folder; give a file name")
            default:
                throw Failure(path: path, reason: "it is neither a file, a pipe nor a terminal; not replaced")
            }
        }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let mode: mode_t = info.st_mode & S_IFMT == S_IFREG ? info.st_mode & 0o7777 : 0o644
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(path: path, reason: Self.reason(errno)) }
        temporaryPath = temporary
    }

    deinit { if !isFinished { discard() } }

    /// Appends `data`.
    public func write(_ data: Data) throws(Failure) {
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw Failure(path: path, reason: Self.reason(failure)) }
    }

    /// Flushes the bytes to disk and puts the file in place of the target.
    public func commit() throws(Failure) {
        guard !isFinished else { return }
        isFinished = true
        guard let temporaryPath else {
            close(descriptor)
            return
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporaryPath)
            throw Failure(path: path, reason: Self.reason(code))
        }
        close(descriptor)
        guard rename(temporaryPath, finalPath) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw Failure(path: path, reason: Self.reason(code))
        }
        let folder = open(URL(fileURLWithPath: finalPath).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 { fsync(folder); close(folder) }
    }

    /// Drops what was written; the target stays as it was.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        close(descriptor)
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Writes `data` to `path` all or nothing.
    public static func write(_ data: Data, to path: String) throws(Failure) {
        let file = try OutputFile(path: path)
        try file.write(data)
        try file.commit()
    }

    /// The cause of a failed system call, in words.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: "the disk is full (nothing was replaced)"
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOENT: "no such folder"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EISDIR: "it is a folder"
        case ENAMETOOLONG: "the name is too long"
        default: String(cString: strerror(code))
        }
    }
}
