import Foundation
import GRDB

/// The one error type of the Store module. Messages name the store file and say, in words, what is wrong
/// with it; they never show SQL.
public enum StoreError: Error, CustomStringConvertible {
    /// The store file could not be opened or is not a budget store.
    case cannotOpen(path: String, reason: String)
    /// A name matched more than one entity; the message says how to choose.
    case ambiguous(String)
    /// Nothing matched.
    case notFound(String)
    /// The store could not be read: `problem` says why (damaged, disk error…).
    case readFailed(path: String, problem: String)
    /// The store could not be written: `problem` says why (disk full, read-only, damaged…), `outcome` what
    /// that means for the command ("nothing was imported").
    case writeFailed(path: String, problem: String, outcome: String)
    /// Another process kept the store locked for writing longer than this one would wait.
    case locked(path: String, waited: TimeInterval, outcome: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store \(path): \(reason)"
        case .ambiguous(let message): message
        case .notFound(let message): message
        case .readFailed(let path, let problem): "the store \(path) could not be read: \(problem)"
        case .writeFailed(let path, let problem, let outcome): "the store \(path) could not be written: \(problem); \(outcome)"
        case .locked(let path, let waited, let outcome):
            "another process holds the store \(path): it was still writing to it after \(Self.seconds(waited)); \(outcome). "
                + "Run the command again when that process has finished (set BUDGET_LOCK_TIMEOUT, in seconds, to wait longer)"
        }
    }

    /// What an SQLite error means for the store, in words (without the SQL it came from).
    static func problem(_ error: DatabaseError) -> String {
        let sqlite = error.message.map { " (SQLite: \($0))" } ?? ""
        switch error.resultCode {
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_READONLY: return "it is read-only (this user may not write the file or its folder)"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the file is damaged\(sqlite); restore it from a copy (`budget doctor` checks a store)"
        case .SQLITE_IOERR: return "the disk reported an input/output error\(sqlite)"
        case .SQLITE_CANTOPEN: return "the file or its folder cannot be opened\(sqlite)"
        case .SQLITE_PERM, .SQLITE_AUTH: return "permission denied\(sqlite)"
        case .SQLITE_NOMEM: return "out of memory"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another process holds the store"
        default: return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
    }

    /// `60 s`, `1.5 s`.
    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    /// `error` from reading the store at `path`, as a store error.
    static func reading(_ error: DatabaseError, path: String) -> StoreError {
        .readFailed(path: path, problem: problem(error))
    }

    /// `error` from writing the store at `path`, as a store error; `outcome` says what was not done.
    static func writing(_ error: DatabaseError, path: String, outcome: String, lockTimeout: TimeInterval) -> StoreError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .locked(path: path, waited: lockTimeout, outcome: outcome)
        default: .writeFailed(path: path, problem: problem(error), outcome: outcome)
        }
    }
}
