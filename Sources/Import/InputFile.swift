import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an input file whole, with the reason in words when it cannot be: no such file, a folder, a device
/// (`/dev/zero` would never end), permission denied. A pipe (`<(command)`, `/dev/stdin` fed by a pipe) is read
/// to its end; a regular file is mapped when safe.
public enum InputFile {
    public static func read(_ path: String) throws(ImportError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(file: path, reason: reason(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            throw .unreadable(file: path, reason: "it is a folder; give a file")
        case S_IFIFO:
            guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(file: path, reason: reason(errno)) }
            defer { try? handle.close() }
            do { return try handle.readToEnd() ?? Data() } catch {
                throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
            }
        default:
            throw .unreadable(file: path, reason: "it is a device, not a file (to read standard input, pipe a file into it)")
        }
        guard access(path, R_OK) == 0 else { throw .unreadable(file: path, reason: reason(errno)) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "there is no such file"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is a file, not a folder"
        default: String(cString: strerror(code))
        }
    }
}
