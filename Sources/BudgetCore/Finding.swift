/// A problem found in an input: where it is (file, line, field) and what is wrong, in words a planner
/// understands. Errors stop an import (or skip the row with `--skip-invalid`); warnings are imported and shown.
public struct Finding: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    /// 1-based physical line where the record starts; 0 when the finding is about the whole file.
    public var line: Int
    /// The column or form field, when the finding is about one.
    public var field: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, field: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: error: field 'executed': "12,3x4.00" is not an amount: unexpected 'x'`
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        let fieldText = field.map { "field '\($0)': " } ?? ""
        return "\(place): \(severity.rawValue): \(fieldText)\(message)"
    }
}
