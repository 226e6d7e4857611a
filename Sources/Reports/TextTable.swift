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
/// - every line ends with "\n";
/// - a text cell wider than its column continues on the row's next lines (wrapped, never cut: see
///   ``DisplayWidth/wrap(_:toWidth:)``); numbers keep their full width.
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
        /// The column's `minWidth` is at least its widest cell or title: it is cut only when nothing else can give.
        public var keepsNaturalWidth: Bool

        public init(_ title: String, alignment: Alignment = .left, minWidth: Int? = nil, keepsNaturalWidth: Bool = false) {
            self.title = title
            self.alignment = alignment
            self.minWidth = minWidth
            self.keepsNaturalWidth = keepsNaturalWidth
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
    /// When the natural width (every column as wide as its widest cell) exceeds `maxWidth`, text columns are
    /// narrowed one cell at a time, always the widest candidate (the rightmost on a tie): first down to their
    /// `minWidth` or their widest word (or their natural width when they keep it), then down to 1 cell; titles
    /// wrap onto about two lines before that (``titleFloor(_:)``). Cells and titles of a
    /// narrowed column wrap onto the row's next lines. Right-aligned (numeric) columns and columns that keep
    /// their natural width are never narrowed: when they alone do not fit, the lines are wider than `maxWidth`
    /// but still aligned and whole.
    public func render(maxWidth: Int = 120) -> String {
        let titles = columns.map { Self.oneLine($0.title) }
        let body = rows.map { $0.map(Self.oneLine) }
        // Each cell is measured once: the layout and the padding use the same widths.
        let titleWidths = titles.map(DisplayWidth.of)
        let bodyWidths = body.map { $0.map(DisplayWidth.of) }
        let natural = Self.naturalWidth(titleWidths: titleWidths, rowWidths: bodyWidths)
        let words = natural > maxWidth ? Self.wordWidths(columns: columns, body: body) : [Int](repeating: 1, count: columns.count)
        let widths = Self.layout(columns: columns, titleWidths: titleWidths, rowWidths: bodyWidths, wordWidths: words,
                                 maxWidth: maxWidth)
        let tableWidth = widths.reduce(0, +) + Self.columnGap * (widths.count - 1)

        var output = ""
        output.reserveCapacity((tableWidth + 1) * (rows.count + 2))
        appendRow(titles, cellWidths: titleWidths, widths: widths, to: &output)
        output += String(repeating: "-", count: tableWidth) + "\n"
        for (row, rowWidths) in zip(body, bodyWidths) {
            appendRow(row, cellWidths: rowWidths, widths: widths, to: &output)
        }
        return output
    }

    /// One row: a line, or several when a cell is wider than its column (wrapped; the other cells' next lines
    /// are blank).
    private func appendRow(_ cells: [String], cellWidths: [Int], widths: [Int], to output: inout String) {
        guard cells.indices.contains(where: { cellWidths[$0] > widths[$0] }) else {
            return appendLine(cells, cellWidths: cellWidths, widths: widths, to: &output)
        }
        let pieces = cells.indices.map { index in
            cellWidths[index] > widths[index] ? DisplayWidth.wrap(cells[index], toWidth: widths[index]) : [cells[index]]
        }
        for line in 0..<(pieces.map(\.count).max() ?? 1) {
            let texts = pieces.map { line < $0.count ? $0[line] : "" }
            appendLine(texts, cellWidths: texts.map(DisplayWidth.of), widths: widths, to: &output)
        }
    }

    /// One rendered line: each cell (of the measured width) padded to its column's width, joined by the gap,
    /// plus "\n". A cell is wider than its column only when one grapheme is (then the line is wider).
    private func appendLine(_ cells: [String], cellWidths: [Int], widths: [Int], to output: inout String) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { output += "  " }
            let text = cell, width = cellWidths[index]
            let missing = widths[index] - width
            if missing > 0 && columns[index].alignment == .right { output += String(repeating: " ", count: missing) }
            output += text
            if missing > 0 && columns[index].alignment == .left { output += String(repeating: " ", count: missing) }
        }
        output += "\n"
    }

    /// A Latin word or number longer than this may be split when its column must be narrow.
    static let longestWholeWord = 20

    /// The table's width when every column is as wide as its widest cell or title.
    static func naturalWidth(titleWidths: [Int], rowWidths: [[Int]]) -> Int {
        var widths = titleWidths.map { max($0, 1) }
        for row in rowWidths {
            for (index, width) in row.enumerated() where width > widths[index] { widths[index] = width }
        }
        return widths.reduce(0, +) + columnGap * (widths.count - 1)
    }

    /// Per column, the widest word of its cells (``widestWord(inCell:)``, at most ``longestWholeWord``): a text
    /// column is narrowed below it only after everything else has given. 1 for numeric and natural-width columns.
    static func wordWidths(columns: [Column], body: [[String]]) -> [Int] {
        columns.indices.map { index in
            guard columns[index].alignment == .left && !columns[index].keepsNaturalWidth else { return 1 }
            var widest = 1
            for row in body where widest < longestWholeWord {
                widest = max(widest, widestWord(inCell: row[index]))
            }
            return min(widest, longestWholeWord)
        }
    }

    /// The widest run of narrow characters in `text` between spaces, `-`, `/` and wide (CJK) characters — the
    /// Latin words and numbers ``DisplayWidth/wrap(_:toWidth:)`` keeps whole when the column is wide enough.
    static func widestWord(inCell text: String) -> Int {
        var widest = 0, run = 0
        for character in text {
            let narrow = character.isASCII || DisplayWidth.of(String(character)) == 1
            if character == " " || character == "-" || character == "/" || !narrow {
                run = 0
            } else {
                run += 1
                widest = max(widest, run)
            }
        }
        return widest
    }

    /// Column widths for cells and titles of these display widths, following `render`'s shrinking order:
    /// the titles of numeric and natural-width columns wrap, down to their widest cell or their
    /// ``titleFloor(_:)``; then text columns narrow down to their `minWidth`, their widest word (`wordWidths`) or
    /// their title floor, whichever is widest; then text columns down to their `minWidth`, splitting words; then
    /// numeric titles down to their widest piece; then text columns down to 1 cell.
    static func layout(columns: [Column], titleWidths: [Int], rowWidths: [[Int]], wordWidths: [Int], maxWidth: Int) -> [Int] {
        var widths = columns.indices.map { index in
            max(columns[index].minWidth ?? 1, 1, titleWidths[index])
        }
        var body = [Int](repeating: 1, count: columns.count)
        for row in rowWidths {
            for (index, width) in row.enumerated() {
                widths[index] = max(widths[index], width)
                body[index] = max(body[index], width)
            }
        }
        var excess = widths.reduce(0, +) + columnGap * (widths.count - 1) - maxWidth
        let text = columns.indices.filter { columns[$0].alignment == .left && !columns[$0].keepsNaturalWidth }
        let whole = columns.indices.filter { columns[$0].alignment == .right || columns[$0].keepsNaturalWidth }

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
        // A title wrapped onto a second line costs the table one line; a narrower text column, a line per row.
        shrink(whole) { max(body[$0], Self.titleFloor(columns[$0].title)) }
        shrink(text) { max(columns[$0].minWidth ?? 1, Self.titleFloor(columns[$0].title), wordWidths[$0], 1) }
        shrink(text) { max(columns[$0].minWidth ?? 1, Self.longestWord(columns[$0].title), 1) }
        shrink(whole) { max(body[$0], Self.longestWord(columns[$0].title)) }
        shrink(text) { _ in 1 }
        return widths
    }

    /// What ``fits(columns:measures:maxWidth:)`` needs of a column's cells: the widest (on one line) and, for
    /// a text column, its widest word (``wordWidths(columns:body:)``).
    public struct Measure: Sendable {
        var cells: Int
        var word: Int
    }

    /// Each column's ``Measure``, read once from every cell.
    public func measures() -> [Measure] {
        let body = rows.map { $0.map(Self.oneLine) }
        let words = Self.wordWidths(columns: columns, body: body)
        return columns.indices.map { index in
            Measure(cells: body.lazy.map { DisplayWidth.of($0[index]) }.max() ?? 1, word: words[index])
        }
    }

    /// Whether the table fits `maxWidth` without narrowing a text column below its `minWidth` or its widest
    /// word (``wordWidths(columns:body:)``), nor a numeric one below its widest cell.
    public func fits(maxWidth: Int) -> Bool {
        Self.fits(columns: columns, measures: measures(), maxWidth: maxWidth)
    }

    /// ``fits(maxWidth:)`` for columns whose cells were measured before (a listing trying which columns to
    /// leave out measures its cells once).
    public static func fits(columns: [Column], measures: [Measure], maxWidth: Int) -> Bool {
        var total = columnGap * (columns.count - 1)
        for (column, measure) in zip(columns, measures) {
            if column.alignment == .right || column.keepsNaturalWidth {
                total += max(measure.cells, titleFloor(column.title), column.minWidth ?? 1)
            } else {
                total += min(max(measure.cells, DisplayWidth.of(column.title)),
                             max(column.minWidth ?? 1, measure.word, titleFloor(column.title), 1))
            }
        }
        return total <= maxWidth
    }

    /// How narrow a title may be made while anything else can give: its widest unbreakable piece, and half its
    /// width (rounded up to whole Chinese characters), so that a title takes about two lines (`执行率下限` as
    /// `执行率/下限`, never one character a line); a title of at most three Chinese characters (6 cells: `分值`,
    /// `上年度`) stays whole.
    static func titleFloor(_ title: String) -> Int {
        let width = DisplayWidth.of(title)
        guard width > shortestBreakableTitle else { return width }
        let half = (width + 1) / 2
        return max(longestWord(title), half + half % 2)
    }

    /// Titles this wide or narrower are not wrapped while anything else can give.
    static let shortestBreakableTitle = 6

    /// The widest unbreakable piece of a title: a title wraps between words, and Chinese between characters,
    /// but `(万元)` and a word stay whole.
    static func longestWord(_ title: String) -> Int {
        title.split(whereSeparator: { $0 == " " }).map { word in
            word.contains(where: { DisplayWidth.of(String($0)) == 2 })
                ? max(2, word.split(separator: "(").dropFirst().map { DisplayWidth.of(String($0)) + 1 }.max() ?? 2)
                : DisplayWidth.of(String(word))
        }.max() ?? 1
    }

    /// `text` with every control character, CRLF pair and line/paragraph separator shown as one space.
    static func oneLine(_ text: String) -> String {
        guard hasLineBreaking(text) else { return text }
        var result = ""
        for character in text {
            result.append(character.unicodeScalars.contains(where: isLineBreaking) ? " " : character)
        }
        return result
    }

    /// Whether `text` has a scalar that ``isLineBreaking(_:)``, read from its UTF-8 bytes: Cc is U+0000–U+001F
    /// and U+007F–U+009F (bytes < 0x20, 0x7F, or C2 80–C2 9F), and the separators are U+2028 and U+2029
    /// (E2 80 A8, E2 80 A9).
    static func hasLineBreaking(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for (k, byte) in bytes.enumerated() {
                switch byte {
                case 0..<0x20, 0x7F: return true
                case 0xC2 where k + 1 < bytes.count && (0x80...0x9F).contains(bytes[k + 1]): return true
                case 0xE2 where k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9):
                    return true
                default: continue
                }
            }
            return false
        }
    }

    private static func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
