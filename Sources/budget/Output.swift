import ArgumentParser
import Foundation
import Reports

/// Writes a listing to standard output in the chosen format.
func emit(_ listing: Listing, format: OutputFormat, bom: Bool = true) throws {
    switch format {
    case .text:
        print(listing.text(), terminator: "")
    case .csv:
        FileHandle.standardOutput.write(try listing.csv(encoding: .utf8(bom: bom)))
    case .json:
        print(listing.json(), terminator: "")
    }
}

/// Writes a report listing. CSV and JSON keep every column. Text keeps the table readable in 120
/// columns: a column in `shared` whose value is the same on every row is said once above the table, and
/// the long columns in `trailing` (explanations, reasons, notes) are printed under the table, one line per
/// row, numbered like the rows.
func emitReport(_ listing: Listing, format: OutputFormat, shared: [String] = ["department", "unit"],
                trailing: [String], label: String = "project") throws {
    guard format == .text else { return try emit(listing, format: format) }
    let keys = listing.columns.map(\.key)
    var dropped = Set(trailing)
    for key in shared {
        guard let index = keys.firstIndex(of: key), let first = listing.rows.first?[index] else { continue }
        let text = Listing.textCell(first)
        if listing.rows.allSatisfy({ Listing.textCell($0[index]) == text }) {
            print("\(key): \(text)")
            dropped.insert(key)
        }
    }
    let kept = keys.indices.filter { !dropped.contains(keys[$0]) }
    var table = Listing(columns: [Listing.Column("#", alignment: .right)] + kept.map { listing.columns[$0] })
    for (n, row) in listing.rows.enumerated() { table.append([.integer(n + 1)] + kept.map { row[$0] }) }
    print(table.text(), terminator: "")
    let labelIndex = keys.firstIndex(of: label)
    for key in trailing {
        guard let index = keys.firstIndex(of: key) else { continue }
        let lines = listing.rows.enumerated().compactMap { n, row -> String? in
            let text = Listing.textCell(row[index])
            guard text != "-" else { return nil }
            let name = labelIndex.map { Listing.textCell(row[$0]) } ?? ""
            return "\(n + 1). \(name): \(text)"
        }
        if !lines.isEmpty {
            print("\n\(key):")
            lines.forEach { print($0) }
        }
    }
}
