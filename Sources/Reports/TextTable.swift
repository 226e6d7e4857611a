import BudgetCore
/// A plain-text table for a terminal: columns aligned by display width, so Chinese names line up.
///
/// Rendered layout (see `render(maxWidth:)`):
/// ```
/// 单位                 金额
/// -----------------------
/// 深圳市商务局  82,694.30
/// ```
/// - a header line of the column titles, a separator line of `-`, then one line per row;
/// - columns separated by two spaces; each column as wide as its widest cell or title by
///   `DisplayWidth`, and at least its `minWidth`;
/// - every line, header and separator included, is exactly the table's width in cells: lines are padded,
///   never trimmed, so trailing spaces remain when the last column is left-aligned;
/// - every line ends with "\n".
///
/// A cell's control characters (tab, CR, LF, and the rest of Cc, plus U+2028/U+2029) are each shown as one
/// space, so a row always stays on one line. Cells are otherwise shown as given.
public struct TextTable: Sendable {
    /// Where a cell sits in its column: `.left` for text, `.right` for numbers.
    public enum Alignment: Sendable, Equatable {
        case left, right
    }

    /// One column's title and layout.
    public struct Column: Sendable, Equatable {
        /// Shown on the header line, aligned like the column's cells.
        public var title: String
        /// `.left` for text (shrunk first when the table is too wide), `.right` for numbers.
        public var alignment: Alignment
        /// The column is at least this many cells wide; `render` goes below it only when the table cannot
        /// otherwise fit `maxWidth`.
        public var minWidth: Int?

        public init(_ title: String, alignment: Alignment = .left, minWidth: Int? = nil) {
            self.title = title
            self.alignment = alignment
            self.minWidth = minWidth
        }
    }

    /// Cells between two columns.
    public static let columnGap = 2

    public let columns: [Column]
    public private(set) var rows: [[String]] = []

    /// A table with these columns and no rows. `columns` must not be empty.
    public init(columns: [Column]) {
        precondition(!columns.isEmpty, "TextTable needs at least one column")
        self.columns = columns
    }

    /// Adds a row; it must have exactly one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(
            row.count == columns.count,
            "TextTable row has \(row.count) cells but the table has \(columns.count) columns")
        rows.append(row)
    }

    /// The table as text, at most `maxWidth` cells wide whenever it can be.
    ///
    /// When the natural width (every column as wide as its widest cell) exceeds `maxWidth`, columns are
    /// narrowed one cell at a time, always the widest candidate (the rightmost on a tie):
    /// 1. left-aligned (text) columns, down to their `minWidth` or 1 cell;
    /// 2. only then right-aligned (numeric) columns, down to their `minWidth` or 1 cell;
    /// 3. only then text columns below their `minWidth`, down to 1 cell;
    /// 4. only then numeric columns below their `minWidth`, down to 1 cell.
    /// Cells and titles of a narrowed column are cut with `DisplayWidth.truncate` (ending in `…`). If even
    /// 1-cell columns do not fit, the lines are wider than `maxWidth` but still aligned.
    public func render(maxWidth: Int = 120) -> String {
        let titles = columns.map { Self.oneLine($0.title) }
        let body = rows.map { $0.map(Self.oneLine) }
        let widths = Self.layout(columns: columns, titles: titles, rows: body, maxWidth: maxWidth)
        let tableWidth = widths.reduce(0, +) + Self.columnGap * (widths.count - 1)

        var output = line(titles, widths: widths)
        output += String(repeating: "-", count: tableWidth) + "\n"
        for row in body {
            output += line(row, widths: widths)
        }
        return output
    }

    /// One rendered line: each cell cut and padded to its column's width, joined by the gap, plus "\n".
    private func line(_ cells: [String], widths: [Int]) -> String {
        let gap = String(repeating: " ", count: Self.columnGap)
        var parts: [String] = []
        parts.reserveCapacity(cells.count)
        for (index, cell) in cells.enumerated() {
            let cut = DisplayWidth.truncate(cell, toWidth: widths[index])
            parts.append(DisplayWidth.pad(cut, toWidth: widths[index], alignment: columns[index].alignment))
        }
        return parts.joined(separator: gap) + "\n"
    }

    /// Column widths for these (already one-line) titles and rows, following `render`'s shrinking order.
    static func layout(columns: [Column], titles: [String], rows: [[String]], maxWidth: Int) -> [Int] {
        var widths = columns.indices.map { index in
            max(columns[index].minWidth ?? 1, 1, DisplayWidth.of(titles[index]))
        }
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }

        var excess = widths.reduce(0, +) + columnGap * (widths.count - 1) - maxWidth
        let floor = columns.map { max($0.minWidth ?? 1, 1) }
        let text = columns.indices.filter { columns[$0].alignment == .left }
        let numbers = columns.indices.filter { columns[$0].alignment == .right }

        func shrink(_ candidates: [Int], floor: (Int) -> Int) {
            while excess > 0 {
                var pick: Int?
                for index in candidates where widths[index] > floor(index) {
                    if let current = pick, widths[current] > widths[index] { continue }
                    pick = index
                }
                guard let chosen = pick else { return }
                widths[chosen] -= 1
                excess -= 1
            }
        }
        shrink(text) { floor[$0] }
        shrink(numbers) { floor[$0] }
        shrink(text) { _ in 1 }
        shrink(numbers) { _ in 1 }
        return widths
    }

    /// `text` with every control character, CRLF pair and line/paragraph separator shown as one space.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isLineBreaking) else { return text }
        var result = ""
        for character in text {
            result.append(character.unicodeScalars.contains(where: isLineBreaking) ? " " : character)
        }
        return result
    }

    private static func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
