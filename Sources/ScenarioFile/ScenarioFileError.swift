import Forecasting

/// The one error of this module: a scenario file or a rule pack that cannot be used, with where the
/// problem was written.
///
/// `description` is `file:line:column: message` (1-based line and column, as an editor shows them), or
/// `file: message` when the problem has no position (the file cannot be read, the file is empty).
public struct ScenarioFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the problem was written; its `file` is the file the position is in (a rules file named by a
    /// scenario is its own file).
    public var mark: SourceMark?
    /// The file the problem is in.
    public var file: String
    /// What is wrong and what is expected, for a planner.
    public var message: String

    public init(file: String, mark: SourceMark? = nil, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    public var description: String {
        if let mark { return "\(mark): \(message)" }
        return "\(file): \(message)"
    }
}
