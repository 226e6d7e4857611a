import Foundation

/// One worksheet part, streamed: the text of every cell as Excel shows it, row by row, then merged ranges
/// filled with their top-left value; notes on cells that could not be shown as Excel would.
///
/// Contract: `rows[i]` is spreadsheet row i + 1; a missing cell is "", trailing empty cells and trailing
/// empty rows are dropped, empty rows in between are `[]`. A cell without `r` follows the previous cell of
/// its row, a row without `r` the previous row. A reference past Excel's last row or column stops the read.
final class XLSXSheetReader: XLSXPartReader {
    static let rowLimit = 1_048_576
    static let columnLimit = 16_384

    private let sharedStrings: [String]
    private let styles: XLSXStyles
    private let uses1904Dates: Bool

    private(set) var rows: [[String]] = []
    private var notes = XLSXNotes()
    private var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []

    private var inRow = false
    private var rowIndex = -1
    private var cells: [String] = []
    private var nextColumn = 0
    private var cell: Cell?

    /// What is known of the cell being read.
    private struct Cell {
        var column: Int
        var type: String
        var style: Int
        var hasFormula = false
        var value: String?
        var inlineText: String?
        var inInlineString = false
        var inPhonetic = false
    }

    init(sharedStrings: [String], styles: XLSXStyles, uses1904Dates: Bool) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.uses1904Dates = uses1904Dates
    }

    /// The sheet's notes, at most ``XLSXNotes/shown`` and a count of the others.
    var sheetNotes: [String] { notes.all }

    /// Fills merged ranges and drops trailing empty rows; call once the part is read.
    func finish() {
        fillMergedRanges()
        while rows.last?.isEmpty == true { rows.removeLast() }
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "row": startRow(attributes)
        case "c" where inRow: startCell(attributes)
        case "v" where cell != nil, "t" where cell?.inInlineString == true && cell?.inPhonetic == false:
            text = ""
            collectsText = true
        case "f": cell?.hasFormula = true
        case "is":
            cell?.inInlineString = true
            if cell?.inlineText == nil { cell?.inlineText = "" }
        case "rPh": cell?.inPhonetic = true
        case "mergeCell": attributes["ref"].map(addMerge)
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "v" where collectsText:
            cell?.value = text
            collectsText = false
        case "t" where collectsText:
            cell?.inlineText? += text
            collectsText = false
        case "is": cell?.inInlineString = false
        case "rPh": cell?.inPhonetic = false
        case "c": endCell()
        case "row": endRow()
        default: break
        }
    }

    private func startRow(_ attributes: [String: String]) {
        let number = attributes["r"].flatMap { Int(XLSXCellText.trimmed($0)) } ?? rowIndex + 2
        guard (1...Self.rowLimit).contains(number) else {
            return stop(reason: "row number \(number) is outside Excel's rows 1 to \(Self.rowLimit)")
        }
        rowIndex = number - 1
        inRow = true
        cells.removeAll(keepingCapacity: true)
        nextColumn = 0
    }

    private func startCell(_ attributes: [String: String]) {
        let column = attributes["r"].flatMap { Self.position(of: $0[...]).column } ?? nextColumn
        guard column < Self.columnLimit else {
            return stop(reason: "cell \(attributes["r"] ?? "") is past Excel's last column XFD")
        }
        cell = Cell(column: column, type: attributes["t"] ?? "n", style: attributes["s"].flatMap { Int($0) } ?? 0)
    }

    private func endCell() {
        guard let cell else { return }
        self.cell = nil
        nextColumn = cell.column + 1
        let value = text(of: cell)
        guard !value.isEmpty else { return }
        if cell.column >= cells.count {
            cells.append(contentsOf: repeatElement("", count: cell.column - cells.count))
            cells.append(value)
        } else {
            cells[cell.column] = value
        }
    }

    private func endRow() {
        guard inRow else { return }
        inRow = false
        while cells.last?.isEmpty == true { cells.removeLast() }
        if rowIndex >= rows.count {
            rows.append(contentsOf: repeatElement([], count: rowIndex - rows.count))
            rows.append(cells)
        } else {
            // A row listed twice or out of order: its cells join those already read.
            for (column, value) in cells.enumerated() where !value.isEmpty { set(value, row: rowIndex, column: column) }
        }
    }

    /// The text a cell shows: shared or inline text, a number in General format or a date, TRUE/FALSE, an error.
    private func text(of cell: Cell) -> String {
        guard let value = cell.value else {
            if cell.hasFormula { notes.add("\(reference(cell.column)): a formula with no saved value (open and save the file in Excel)") }
            return XLSXEscapes.decode(cell.inlineText ?? "")
        }
        switch cell.type {
        case "s":
            guard let index = Int(XLSXCellText.trimmed(value)), sharedStrings.indices.contains(index) else {
                notes.add("\(reference(cell.column)): refers to shared text \(value), which the workbook does not have")
                return ""
            }
            return sharedStrings[index]
        case "inlineStr": return XLSXEscapes.decode(cell.inlineText ?? value)
        case "str": return XLSXEscapes.decode(value)
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "e": return value
        case "d": return XLSXCellText.isoDate(value)
        default:
            if let display = styles.dateDisplay(ofStyle: cell.style), let serial = Double(XLSXCellText.trimmed(value)),
               let date = XLSXCellText.date(serial: serial, display: display, uses1904Dates: uses1904Dates) {
                return date
            }
            return XLSXCellText.general(value)
        }
    }

    private func addMerge(_ range: String) {
        let corners = range.split(separator: ":")
        guard corners.count == 2 else { return }
        let first = Self.position(of: corners[0]), last = Self.position(of: corners[1])
        guard let top = first.row, let left = first.column, let bottom = last.row, let right = last.column,
              top <= bottom, left <= right else { return }
        merges.append((top, left, bottom, right))
    }

    /// Copies each merged range's top-left text into its other cells, within the rows and columns that hold
    /// text (so a merge over whole columns cannot blow the sheet up).
    private func fillMergedRanges() {
        let lastRow = rows.count - 1
        let lastColumn = (rows.map(\.count).max() ?? 0) - 1
        for merge in merges where merge.top <= lastRow && merge.left <= lastColumn {
            guard rows[merge.top].indices.contains(merge.left) else { continue }
            let value = rows[merge.top][merge.left]
            guard !value.isEmpty else { continue }
            for row in merge.top...min(merge.bottom, lastRow) {
                for column in merge.left...min(merge.right, lastColumn) { set(value, row: row, column: column) }
            }
        }
    }

    private func set(_ value: String, row: Int, column: Int) {
        if column >= rows[row].count { rows[row].append(contentsOf: repeatElement("", count: column + 1 - rows[row].count)) }
        rows[row][column] = value
    }

    /// `C5` for the cell being read.
    private func reference(_ column: Int) -> String { Self.columnName(column) + String(rowIndex + 1) }

    /// `AB12` → (row 11, column 27), 0-based; nil parts where the reference has no letters or no digits.
    /// Columns past XFD come back as ``columnLimit``.
    static func position(of reference: Substring) -> (row: Int?, column: Int?) {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = min(column * 26 + Int(byte - UInt8(ascii: "A")) + 1, columnLimit + 1); letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = min(column * 26 + Int(byte - UInt8(ascii: "a")) + 1, columnLimit + 1); letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = min(row * 10 + Int(byte - UInt8(ascii: "0")), rowLimit + 1); digits += 1
            case UInt8(ascii: "$"): continue
            default: return (nil, nil)
            }
        }
        return (digits > 0 && row > 0 ? row - 1 : nil, letters > 0 ? column - 1 : nil)
    }

    /// 0 → `A`, 27 → `AB`.
    static func columnName(_ column: Int) -> String {
        var name = "", rest = column + 1
        while rest > 0 {
            name.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8((rest - 1) % 26))), at: name.startIndex)
            rest = (rest - 1) / 26
        }
        return name
    }
}

/// Notes on a sheet, kept short: the first ``shown``, then how many more.
struct XLSXNotes: Sendable {
    static let shown = 10
    private var first: [String] = []
    private var more = 0

    mutating func add(_ note: String) {
        if first.count < Self.shown { first.append(note) } else { more += 1 }
    }

    var all: [String] { more == 0 ? first : first + ["and \(more) more"] }
}
