import BudgetCore

/// The one error type of the Import module: the input could not be read as a whole.
/// Problems with single rows are ``Finding``s, not errors.
public enum ImportError: Error, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case encoding(file: String, line: Int, reason: String)
    case badOption(String)
    /// A row that cannot be used, in a file read whole (requests to review): file, line, column, problem.
    case badRow(file: String, line: Int, field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .encoding(let file, let line, let reason): "\(file):\(line): \(reason)"
        case .badOption(let message): message
        case .badRow(let file, let line, let field, let reason): "\(file):\(line): \(field): \(reason)"
        }
    }
}
