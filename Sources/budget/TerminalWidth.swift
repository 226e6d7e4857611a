import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How wide text tables may be on standard output: `COLUMNS` when it is a number of at least
/// ``narrowest``; else the terminal's width when standard output is a terminal; else ``default`` (a file or
/// a pipe keeps the layout of the reports, which are written 120 columns wide).
enum TerminalWidth {
    static let `default` = 120
    static let narrowest = 40

    static let columns: Int = resolve(environment: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminalColumns())

    /// The width from `COLUMNS` (if given) and the terminal's columns (if standard output is one).
    static func resolve(environment: String?, terminal: Int?) -> Int {
        if let text = environment?.trimmingCharacters(in: .whitespaces), let value = Int(text), value >= narrowest { return value }
        if let terminal, terminal >= narrowest { return terminal }
        return `default`
    }

    /// The columns of the terminal on standard output, nil when it is not a terminal.
    private static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
