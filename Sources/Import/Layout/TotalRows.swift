import BudgetCore
import Foundation

/// The label of a row of totals, as spreadsheets add them under a table: 合计 (total), 小计 (subtotal),
/// 总计 (grand total), or in English Total, Subtotal, Grand total.
///
/// Contract: a label is a whole cell; case, spaces (`合 计`, `Grand total`) and one trailing colon (`小计：`)
/// do not matter. `小计划项目` or `Total sales` are names, not labels.
struct TotalLabel: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// 合计, 总计, Total, Grand total: the sum of every data row above.
        case total
        /// 小计, Subtotal: the sum of the data rows since the previous total row.
        case subtotal
    }

    var kind: Kind
    /// How messages name it: 合计, 小计, 总计, Total, Subtotal, Grand total.
    var name: String

    private static let labels: [String: TotalLabel] = [
        "合计": TotalLabel(kind: .total, name: "合计"),
        "总计": TotalLabel(kind: .total, name: "总计"),
        "小计": TotalLabel(kind: .subtotal, name: "小计"),
        "total": TotalLabel(kind: .total, name: "Total"),
        "grandtotal": TotalLabel(kind: .total, name: "Grand total"),
        "subtotal": TotalLabel(kind: .subtotal, name: "Subtotal"),
        "sub-total": TotalLabel(kind: .subtotal, name: "Subtotal"),
    ]

    private init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// The label `cell` is, or nil.
    init?(cell: String) {
        var key = NameKey.matchKey(cell) // NFKC (`：` → `:`), whitespace removed, lower-cased
        if key.hasSuffix(":") { key.removeLast() }
        guard let label = Self.labels[key] else { return nil }
        self = label
    }

    /// The label a cell's UTF-8 bytes are, or nil; bytes that cannot start one (most names) are turned away
    /// without making a `String`, so this may run on every row of a large import.
    static func label(bytes: UnsafeBufferPointer<UInt8>) -> TotalLabel? {
        guard let first = bytes.first, bytes.count <= 48 else { return nil }
        switch first {
        case 0xE5: // 合 E5 90 88, 小 E5 B0 8F
            guard bytes.count >= 3, (bytes[1] == 0x90 && bytes[2] == 0x88) || (bytes[1] == 0xB0 && bytes[2] == 0x8F) else { return nil }
        case 0xE6: // 总 E6 80 BB
            guard bytes.count >= 3, bytes[1] == 0x80, bytes[2] == 0xBB else { return nil }
        case UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "S"), UInt8(ascii: "s"), UInt8(ascii: "G"), UInt8(ascii: "g"):
            break
        default:
            return nil
        }
        return TotalLabel(cell: String(decoding: bytes, as: UTF8.self))
    }

    /// `label`, found in a name cell of a row (序号, department, unit or project), when the row's project cell
    /// leaves it a total row: blank, or itself a label. nil for a data row (`合计` in 序号 beside a project name).
    static func ofRow(_ label: TotalLabel?, project: String?) -> TotalLabel? {
        guard let label else { return nil }
        if let project, !project.trimmingCharacters(in: .whitespaces).isEmpty, TotalLabel(cell: project) == nil { return nil }
        return label
    }
}

/// Checks total rows against the data rows they sum, column by column, as a file is read top to bottom.
///
/// Contract:
/// - 合计/总计/Total/Grand total must equal the sum of every data row above it; 小计/Subtotal the sum of the
///   data rows since the previous total row of any kind (or since the top).
/// - Each total row gives findings of severity warning (a total row is skipped, never imported): when every
///   figure it states matches, one note saying so; otherwise one per column that does not match, naming the
///   column and both figures.
/// - A total cell that is blank or not an amount is not checked. Sums are exact (integer fen); a sum past the
///   range of ``Money`` leaves that column unchecked, never wraps.
struct TotalsChecker: Sendable {
    let file: String
    /// The amount columns, as findings name them.
    let columns: [String]
    private var sinceStart: [Int64]
    private var sinceSection: [Int64]
    /// A column whose sum overflowed since the start / the section (it is then not checked).
    private var overflowStart: [Bool]
    private var overflowSection: [Bool]
    /// The label of the total row that opened the current section (nil: the top of the file).
    private var sectionOpenedBy: TotalLabel?

    init(file: String, columns: [String]) {
        self.file = file
        self.columns = columns
        sinceStart = Array(repeating: 0, count: columns.count)
        sinceSection = sinceStart
        overflowStart = Array(repeating: false, count: columns.count)
        overflowSection = overflowStart
    }

    /// Adds a data row's figure in column `column` (an index into ``columns``).
    mutating func add(_ value: Money, column: Int) {
        let (start, startOverflow) = sinceStart[column].addingReportingOverflow(value.fen)
        sinceStart[column] = start
        overflowStart[column] = overflowStart[column] || startOverflow
        let (section, sectionOverflow) = sinceSection[column].addingReportingOverflow(value.fen)
        sinceSection[column] = section
        overflowSection[column] = overflowSection[column] || sectionOverflow
    }

    /// The findings of a total row on `line` stating `values` (by column; nil where blank or unreadable), and
    /// the start of a new section.
    mutating func check(_ label: TotalLabel, values: [Money?], line: Int) -> [Finding] {
        let isSubtotal = label.kind == .subtotal
        let basis = isSubtotal ? sinceSection : sinceStart
        let overflow = isSubtotal ? overflowSection : overflowStart
        let what = isSubtotal ? sectionOpenedBy.map { "the rows since the previous \($0.name)" } ?? "the rows above" : "the rows above"
        sinceSection = Array(repeating: 0, count: columns.count)
        overflowSection = Array(repeating: false, count: columns.count)
        sectionOpenedBy = label

        let single = columns.count == 1
        var stated: [String] = []
        var findings: [Finding] = []
        for (index, value) in values.enumerated() where index < columns.count {
            guard let value, !overflow[index] else { continue }
            stated.append(single ? value.groupedText : "\(columns[index]) \(value.groupedText)")
            let sum = Money(fen: basis[index])
            if value != sum {
                findings.append(Finding(.warning, file: file, line: line, field: columns[index], message:
                    "a \(label.name) row (\(value.groupedText)), not a project: skipped; \(what) sum to \(sum.groupedText), \((value - sum).groupedText) apart — check the file",
                    material: true))
            }
        }
        if !findings.isEmpty { return findings }
        let field = single ? columns.first : nil
        guard !stated.isEmpty else {
            return [Finding(.warning, file: file, line: line, field: field, message: "a \(label.name) row, not a project: skipped")]
        }
        return [Finding(.warning, file: file, line: line, field: field, message:
            "a \(label.name) row (\(stated.joined(separator: ", "))), not a project: skipped; it equals \(what)")]
    }
}
