import BudgetCore

/// Findings as text for people: grouped under their subject (unit / project / year), one line each —
/// `  warning: field: message  [file:line, batch #N]`. Used by `budget check` and the `checks` report.
public enum FindingsText {
    public static func render(_ findings: [(finding: Finding, batchID: Int64?)]) -> String {
        var output = ""
        var heading: String?
        for (finding, batchID) in findings {
            let subject = finding.subject ?? "(file-level and CSV rows)"
            if subject != heading {
                output += (heading == nil ? "" : "\n") + subject + "\n"
                heading = subject
            }
            let place = finding.line > 0 ? "\(finding.file):\(finding.line)" : finding.file
            output += "  \(finding.severity.rawValue): \(finding.field.map { "\($0): " } ?? "")\(finding.message)  [\(place)"
                + (batchID.map { ", batch #\($0)" } ?? "") + "]\n"
        }
        return output
    }
}
