import BudgetCore

/// Findings as text for people: grouped under their subject (unit / project / year), one line each —
/// `  warning: field: message  [file:line, batch #N]`. Used by `budget check` and the `checks` report.
public enum FindingsText {
    /// In `wording`'s language: the subject line, severity, field and `batch` (the messages are written in
    /// English where the finding is made, with the forms' terms quoted).
    public static func render(_ findings: [(finding: Finding, batchID: Int64?)], wording: Wording = .english) -> String {
        var output = ""
        var heading: String?
        for (finding, batchID) in findings {
            let subject = finding.subject ?? wording.word("(file-level and CSV rows)")
            if subject != heading {
                output += (heading == nil ? "" : "\n") + subject + "\n"
                heading = subject
            }
            let place = finding.line > 0 ? "\(finding.file):\(finding.line)" : finding.file
            let batch = batchID.map { wording.text(.findingsBatch, ["batch": .number(String($0))], unit: .yuan) } ?? ""
            output += "  " + wording.word(finding.severity.rawValue) + wording.colon
                + (finding.field.map { wording.word($0) + wording.colon } ?? "") + finding.message + "  [" + place + batch + "]\n"
        }
        return output
    }
}
