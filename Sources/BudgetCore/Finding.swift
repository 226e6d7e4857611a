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
    /// What the finding is about, when it is about one project-year: the unit and project as written.
    public var unit: String?
    public var project: String?
    public var year: Int?
    /// A warning that may mean amounts are wrong — a file 10,000× off its own earlier years (万元 read as 元),
    /// a 合计 row that does not add up, a unit label the figures contradict — as against a note on how a
    /// form was read. Import and `check` list these first.
    public var material: Bool

    public init(_ severity: Severity, file: String, line: Int, field: String? = nil, message: String,
                unit: String? = nil, project: String? = nil, year: Int? = nil, material: Bool = false) {
        self.material = material
        self.severity = severity
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.unit = unit
        self.project = project
        self.year = year
    }

    /// `file:line: error: field 'executed': "12,3x4.00" is not an amount: unexpected 'x'`, with
    /// `unit / project year: ` before the field when the finding is about a form's project-year.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        let fieldText = field.map { "field '\($0)': " } ?? ""
        return "\(place): \(severity.rawValue): \(subject.map { $0 + ": " } ?? "")\(fieldText)\(message)"
    }

    /// `unit / project (year)` when the finding names a project.
    public var subject: String? {
        guard let project else { return nil }
        let unitText = unit.flatMap { $0.isEmpty ? nil : NameKey.displayName($0) + " / " } ?? ""
        return "\(unitText)\(NameKey.displayName(project))\(year.map { " (\($0))" } ?? "")"
    }
}
