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

    /// The column a header names, by recognition alone (its label's canonical name or Chinese label), or nil.
    static func recognizedColumn(_ name: HeaderName) -> CanonicalColumn? {
        recognized[NameKey.matchKey(name.label)]
    }

    /// True when `--map SOURCE` names this header: its whole text or its label, compared on match keys.
    static func mapSource(_ source: String, names name: HeaderName) -> Bool {
        let key = NameKey.matchKey(source)
        return NameKey.matchKey(name.text) == key || NameKey.matchKey(name.label) == key
    }

    /// The column `name` would give under `map`: the mapped column when a `--map` source names it, else the
    /// recognized one (unless `--map` gives that column another header). Cheap: for finding the header row.
    static func column(of name: HeaderName, map: [(column: CanonicalColumn, source: String)]) -> CanonicalColumn? {
        if let mapped = map.first(where: { mapSource($0.source, names: name) }) { return mapped.column }
        guard let column = recognizedColumn(name), !map.contains(where: { $0.column == column }) else { return nil }
        return column
    }

    /// Resolves `headers` (the first record, found on `line`) against the column map.
    /// Returns the layout, or the errors that make the file unreadable.
    public static func resolve(headers: [String], map: [(column: CanonicalColumn, source: String)],
                               file: String, line: Int) -> (layout: HeaderLayout?, errors: [Finding]) {
        resolve(names: headers.map(HeaderName.init), map: map, file: file, line: line)
    }

    /// Resolves a header's columns (``TableHead`` finds them, on `line`) against the column map.
    /// Returns the layout, or the errors that make the file unreadable.
    static func resolve(names: [HeaderName], map: [(column: CanonicalColumn, source: String)],
                        file: String, line: Int) -> (layout: HeaderLayout?, errors: [Finding]) {
        let headers = names.map(\.text)
        var errors: [Finding] = []
        var columns: [CanonicalColumn: Int] = [:]
        var units: [CanonicalColumn: AmountUnit] = [:]
        var claimed: [Int: CanonicalColumn] = [:]

        func claim(_ column: CanonicalColumn, index: Int, how: String) {
            if let earlier = columns[column] {
                errors.append(Finding(.error, file: file, line: line, field: column.rawValue,
                    message: "columns \(earlier + 1) (\"\(headers[earlier])\") and \(index + 1) (\"\(headers[index])\") both give \(column.rawValue)\(how)"))
                return
            }
            columns[column] = index
            claimed[index] = column
            if let unit = names[index].unit { units[column] = unit }
        }

        for (column, source) in map {
            guard let index = names.firstIndex(where: { mapSource(source, names: $0) }) else {
                errors.append(Finding(.error, file: file, line: line, field: column.rawValue,
                    message: "--map \(column.rawValue)=\(source): the header has no column \"\(Excerpt.text(source))\" (it has: \(Excerpt.list(headers)))"))
                continue
            }
            claim(column, index: index, how: " (check --map)")
        }
        var ignored: [String] = []
        for index in headers.indices where claimed[index] == nil {
            guard let column = recognizedColumn(names[index]) else {
                if !names[index].label.isEmpty { ignored.append(headers[index]) }
                continue
            }
            if map.contains(where: { $0.column == column }) { ignored.append(headers[index]); continue }
            claim(column, index: index, how: "")
        }
        for required in [CanonicalColumn.project, .year] where columns[required] == nil {
            errors.append(Finding(.error, file: file, line: line, field: required.rawValue,
                message: "no \(required.rawValue) column (\(required.chineseLabels.joined(separator: "/"))); the header is: \(Excerpt.list(headers)). Name it with --map \(required.rawValue)=COLUMN, or give the header's row with --header-row N"))
        }
        if !columns.keys.contains(where: { $0.isAmount || $0.isScore }) {
            errors.append(Finding(.error, file: file, line: line, field: nil,
                message: "no amount column: give at least one of \(CanonicalColumn.allCases.filter(\.isAmount).map(\.rawValue).joined(separator: ", ")) (or --map one)"))
        }
        if !errors.isEmpty { return (nil, errors) }
        return (HeaderLayout(columns: columns, units: units, ignored: ignored), [])
    }
}

/// One column's header: the text shown (and matched whole by `--map`), the label it is recognized by, and the
/// unit it states.
///
/// A one-row header's text is its cell: `年初预算数(万元)` has the label `年初预算数` and the unit 万元. Under a
/// group label (a two-row header, see ``TableHead``), the text is `group/sub-label` (`项目资金/年初预算数`), the
/// label is the sub-label's, and the unit the sub-label's, else the group's (`项目资金(万元)` over `年初预算数`).
struct HeaderName: Sendable, Equatable {
    var text: String
    var label: String
    var unit: AmountUnit?

    init(_ header: String) {
        text = header
        (label, unit) = HeaderLayout.splitUnit(header)
    }

    init(group: String, sub: String) {
        text = group + "/" + sub
        let (label, unit) = HeaderLayout.splitUnit(sub)
        self.label = label
        self.unit = unit ?? HeaderLayout.splitUnit(group).unit
    }
}
