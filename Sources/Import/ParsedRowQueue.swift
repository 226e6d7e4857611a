import Foundation
import BudgetCore
import Store

/// Rows parsed on a second thread while the importing thread writes them to the store.
///
/// A bounded queue of chunks (the parser waits when `capacity` chunks are waiting, so memory stays flat on
/// large files). The writer takes chunks in file order; rows and their findings keep their order. The
/// writer cancels when it stops early, and the parser then stops at its next chunk.
final class ParsedRowQueue: @unchecked Sendable {
    /// One record: its line, the row (nil when it had errors or nothing to import) and its findings.
    struct Item: Sendable {
        var line: Int
        var row: HistoryRow?
        var findings: [Finding]
    }

    static let chunkSize = 1_024
    private let capacity = 8
    private let condition = NSCondition()
    private var chunks: [[Item]] = []
    private var finished = false
    private var cancelled = false
    private var syntaxError: CSVTokenizer.SyntaxError?

    /// Adds a chunk, waiting while the queue is full. Returns false when the writer has cancelled.
    func put(_ chunk: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Marks the end of the file (with the tokenizer's error, if reading stopped on one).
    func finish(_ error: CSVTokenizer.SyntaxError?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        syntaxError = error
        condition.broadcast()
    }

    /// The next chunk, waiting for the parser; nil once every chunk has been taken.
    func take() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }

    /// The error that ended reading, once ``take()`` has returned nil.
    var endError: CSVTokenizer.SyntaxError? {
        condition.lock()
        defer { condition.unlock() }
        return syntaxError
    }

    /// Tells the parser to stop (the writer gives up on this file).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}
