import ArgumentParser
import Forecasting
import Foundation
import Import
import Store

/// Exit statuses of the `budget` command (documented in README and `budget --help`).
enum ExitStatus {
    static let badInput: Int32 = 1
    static let notFound: Int32 = 3
    static let storeFailure: Int32 = 4
}

enum BudgetStoreLocator {
    static var defaultPath: String { BudgetStore.defaultPath() }
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning the modules' errors into a message on standard error and the documented exit status.
func withExitCodes<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        printError("budget: \(error)")
        switch error {
        case .notFound, .ambiguous: throw ExitCode(ExitStatus.notFound)
        default: throw ExitCode(ExitStatus.storeFailure)
        }
    } catch let error as ImportError {
        printError("budget: \(error)")
        throw ExitCode(ExitStatus.badInput)
    } catch let error as ForecastingError {
        printError("budget: \(error)")
        throw ExitCode(ExitStatus.badInput)
    }
}

/// Opens the store named by the options, runs `body`, and closes the store (checkpointing its log into the
/// main file). Reading commands pass `mustExist` so that a mistyped path is an error, not a new empty store.
/// `access` says whether the command writes: a reading command opens a store it cannot write read-only.
func withStore<T>(_ options: StoreOptions, mustExist: Bool = true, access: BudgetStore.Access = .read,
                  _ body: (BudgetStore) throws -> T) throws -> T {
    try withExitCodes {
        if mustExist && !FileManager.default.fileExists(atPath: options.path) {
            throw StoreError.cannotOpen(path: options.path, reason: "no such file (import some history first, or give --db)")
        }
        let store = try openStore(options.path, access: access)
        let result: T
        do {
            result = try body(store)
        } catch {
            try? store.close()
            throw error
        }
        // What was written is committed; a checkpoint that fails (a full disk) leaves it in the store's log.
        do { try store.close() } catch { printError("budget: warning: \(error)") }
        return result
    }
}

/// Opens the store at `path` for a command: a write waits for another process writing the store up to
/// `BUDGET_LOCK_TIMEOUT` seconds (default 60), and says once on standard error that it is waiting.
func openStore(_ path: String, access: BudgetStore.Access) throws(StoreError) -> BudgetStore {
    try BudgetStore(path: path, access: access, lockTimeout: StoreLockTimeout.seconds) {
        printError("budget: waiting for another budget process writing \(path)…")
    }
}

enum StoreLockTimeout {
    static let defaultSeconds: TimeInterval = 60

    /// `BUDGET_LOCK_TIMEOUT` (seconds, ≥ 0), else 60.
    static var seconds: TimeInterval {
        seconds(environment: ProcessInfo.processInfo.environment)
    }

    static func seconds(environment: [String: String]) -> TimeInterval {
        guard let text = environment["BUDGET_LOCK_TIMEOUT"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultSeconds
        }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            printError("budget: BUDGET_LOCK_TIMEOUT=\(text) is not a number of seconds; waiting \(Int(defaultSeconds)) s")
            return defaultSeconds
        }
        return value
    }
}
