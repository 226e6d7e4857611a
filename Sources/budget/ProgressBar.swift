import Foundation

/// A progress bar on standard error, for runs that take a while: shown only when standard error is a
/// terminal and only once the run has taken more than a second; erased when done. Never on a pipe or file,
/// so logs and tests see nothing of it.
final class ProgressBar: @unchecked Sendable {
    private let start = Date()
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false
    private var steps: Int
    private var step = 0
    /// When the bar was last drawn by ``show(_:of:_:)``, which redraws at most ten times a second.
    private var drawn = Date.distantPast

    init(steps: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.steps = max(steps, 1)
        self.enabled = enabled
    }

    /// Adds steps learnt later (e.g. the horizon, once the scenario is read).
    func expect(_ more: Int) {
        lock.lock(); steps += more; lock.unlock()
    }

    /// Marks the start of the next step.
    func advance(_ what: String) {
        lock.lock(); defer { lock.unlock() }
        step = min(step + 1, steps)
        guard enabled, Date().timeIntervalSince(start) > 1 else { return }
        shown = true
        let width = 30
        let filled = width * (step - 1) / steps
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "[\(bar)] \(step)/\(steps) \(what)"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Shows `done` of `total` items of `what` (a run that counts items rather than steps), redrawn at most ten
    /// times a second; ``finish()`` erases it.
    func show(_ done: Int, of total: Int, _ what: String) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard enabled, now.timeIntervalSince(start) > 1, now.timeIntervalSince(drawn) >= 0.1 || done >= total else { return }
        drawn = now
        shown = true
        let width = 30
        let filled = total > 0 ? width * min(done, total) / total : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + "[\(bar)] \(done.grouped)/\(total.grouped) \(what)").utf8))
    }

    /// Erases the bar.
    func finish() {
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
