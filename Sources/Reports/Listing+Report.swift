import BudgetCore
import Foundation

extension Listing {
    /// The same rows with only the columns whose keys are given, in that order (for a text form that
    /// leaves out what its explanations already say).
    public func selecting(_ keys: [String]) -> Listing {
        let indices = keys.compactMap { key in columns.firstIndex { $0.key == key } }
        var result = Listing(columns: indices.map { columns[$0] }, presentation: presentation)
        for row in rows { result.append(indices.map { row[$0] }) }
        return result
    }

    /// The listing as a report table for people, at most `maxWidth` columns wide when it can be:
    /// - a column in `shared` whose value is the same on every row is said once above the table
    ///   (`department: 深圳市商务局`);
    /// - the long columns in `trailing` (explanations, reasons, notes) are printed under the table, one
    ///   line per row that has one, numbered like the rows (`3. 项目名称: …`), where `label` names the row,
    ///   wrapped at `maxWidth` (``Report/wrapLongLines(_:maxWidth:)``);
    /// - the rows are numbered in a first column `#`.
    /// CSV and JSON keep every column; this is the text form only.
    public func reportText(shared: [String] = ["department", "unit"], trailing: [String], label: String = "project",
                           maxWidth: Int = 120) -> String {
        let keys = columns.map(\.key)
        var output = ""
        var dropped = Set(trailing)
        for key in shared {
            guard let index = keys.firstIndex(of: key), let first = rows.first?[index] else { continue }
            let text = textCell(first)
            if rows.allSatisfy({ textCell($0[index]) == text }) {
                output += heading(index) + wording.colon + text + "\n"
                dropped.insert(key)
            }
        }
        let kept = keys.indices.filter { !dropped.contains(keys[$0]) }
        var table = Listing(columns: [Column("#", alignment: .right)] + kept.map { columns[$0] }, presentation: presentation)
        for (n, row) in rows.enumerated() { table.append([.integer(n + 1)] + kept.map { row[$0] }) }
        output += table.text(maxWidth: maxWidth)
        let labelIndex = keys.firstIndex(of: label)
        for key in trailing {
            guard let index = keys.firstIndex(of: key) else { continue }
            let lines = rows.enumerated().compactMap { n, row -> String? in
                let text = textCell(row[index])
                guard text != "-" else { return nil }
                let name = labelIndex.map { textCell(row[$0]) } ?? ""
                return "\(n + 1). " + name + wording.colon + text
            }
            if !lines.isEmpty {
                output += "\n" + heading(index) + wording.colon.trimmingCharacters(in: .whitespaces) + "\n"
                    + Report.wrapLongLines(lines.map { $0 + "\n" }.joined(), maxWidth: maxWidth)
            }
        }
        return output
    }
}
