import BudgetCore
import Foundation

/// Which input column holds which canonical column, and the money unit a header states.
///
/// A header is recognized by its canonical name (`executed`) or its Chinese label (`全年执行数`), compared on
/// NFKC match keys, optionally followed by a unit in brackets (`年初预算数(万元)`, `executed (wan)`).
/// `--map canonical=Source Header` names other layouts' columns and wins over recognition.
public struct HeaderLayout: Sendable {
    public var columns: [CanonicalColumn: Int]
    /// Units stated in headers; they win over `--amount-unit`.
    public var units: [CanonicalColumn: AmountUnit]
    /// Headers that map to nothing (reported once as a warning).
    public var ignored: [String]

    private static let recognized: [String: CanonicalColumn] = {
        var table: [String: CanonicalColumn] = [:]
        for column in CanonicalColumn.allCases {
            table[NameKey.matchKey(column.rawValue)] = column
            for label in column.chineseLabels { table[NameKey.matchKey(label)] = column }
        }
        return table
    }()

    /// Splits `年初预算数(万元)` into (`年初预算数`, `.wan`); a header without a recognizable unit is returned whole.
    static func splitUnit(_ header: String) -> (base: String, unit: AmountUnit?) {
        let folded = header.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        guard folded.hasSuffix(")"), let open = folded.lastIndex(of: "(") else { return (folded, nil) }
        let inner = String(folded[folded.index(after: open)..<folded.index(before: folded.endIndex)])
        guard let unit = AmountUnit(label: inner) else { return (folded, nil) }
        return (String(folded[..<open]).trimmingCharacters(in: .whitespaces), unit)
    }

    /// Resolves `headers` (the first record, found on `line`) against the column map.
    /// Returns the layout, or the errors that make the file unreadable.
    public static func resolve(headers: [String], map: [(column: CanonicalColumn, source: String)],
                               file: String, line: Int) -> (layout: HeaderLayout?, errors: [Finding]) {
        var errors: [Finding] = []
        var columns: [CanonicalColumn: Int] = [:]
        var units: [CanonicalColumn: AmountUnit] = [:]
        var claimed: [Int: CanonicalColumn] = [:]
        let split = headers.map(splitUnit)

        func claim(_ column: CanonicalColumn, index: Int, how: String) {
            if let earlier = columns[column] {
                errors.append(Finding(.error, file: file, line: line, field: column.rawValue,
                    message: "columns \(earlier + 1) (\"\(headers[earlier])\") and \(index + 1) (\"\(headers[index])\") both give \(column.rawValue)\(how)"))
                return
            }
            columns[column] = index
            claimed[index] = column
            if let unit = split[index].unit { units[column] = unit }
        }

        for (column, source) in map {
            let key = NameKey.matchKey(source)
            let matches = headers.indices.filter {
                NameKey.matchKey(headers[$0]) == key || NameKey.matchKey(split[$0].base) == key
            }
            guard let index = matches.first else {
                errors.append(Finding(.error, file: file, line: line, field: column.rawValue,
                    message: "--map \(column.rawValue)=\(source): the header has no column \"\(Excerpt.text(source))\" (it has: \(Excerpt.list(headers)))"))
                continue
            }
            claim(column, index: index, how: " (check --map)")
        }
        var ignored: [String] = []
        for index in headers.indices where claimed[index] == nil {
            let base = split[index].base
            guard let column = recognized[NameKey.matchKey(base)] else {
                if !base.isEmpty { ignored.append(headers[index]) }
                continue
            }
            if map.contains(where: { $0.column == column }) { ignored.append(headers[index]); continue }
            claim(column, index: index, how: "")
        }
        for required in [CanonicalColumn.project, .year] where columns[required] == nil {
            errors.append(Finding(.error, file: file, line: line, field: required.rawValue,
                message: "no \(required.rawValue) column (\(required.chineseLabels.joined(separator: "/"))); the header is: \(Excerpt.list(headers)). Name it with --map \(required.rawValue)=COLUMN"))
        }
        if !columns.keys.contains(where: { $0.isAmount || $0.isScore }) {
            errors.append(Finding(.error, file: file, line: line, field: nil,
                message: "no amount column: give at least one of \(CanonicalColumn.allCases.filter(\.isAmount).map(\.rawValue).joined(separator: ", ")) (or --map one)"))
        }
        if !errors.isEmpty { return (nil, errors) }
        return (HeaderLayout(columns: columns, units: units, ignored: ignored), [])
    }
}
