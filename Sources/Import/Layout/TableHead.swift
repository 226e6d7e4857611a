import BudgetCore

/// Where the table starts in CSV text as spreadsheets save it, and what its header says: title rows, a unit
/// line, a header of one or two rows.
///
/// Contract:
/// - The header is the first record, among the first ``searchLimit`` non-blank ones, in which both the project
///   and the year column are found (by name or label, or through `--map`); `headerRow` names its line instead.
///   Records of nothing but commas and spaces are blank.
/// - The non-blank records above the header are a title (one note names them); one of them may be a
///   ``UnitLine``, which gives the unit of the amounts whose header states none. When the header was searched
///   for (no `headerRow`), a record above it that reads like a data row (``looksLikeData(_:)``) is an error:
///   rows of figures are never dropped as a title unless `--header-row` says so.
/// - The record after the header is the header's second row (Excel's merged cells: `项目资金` over three columns,
///   saved in the first of them or copied into each) when it holds no digit, and fills at least one column the
///   header leaves blank or under a group label (a name that is no column) with a recognized label. Names are then
///   flattened to `group/label` and recognized by the label (see ``HeaderName``); the data starts after it.
/// - When no record has both the project and the year, the first record naming some column is taken as the
///   header, so that ``HeaderLayout`` says what it lacks; a file with no such record gives a finding that shows
///   its first rows and asks for `--header-row` or `--map`.
/// - A second-row cell equal to the one above it (a label merged down two rows, copied into both) is that label.
/// - It reads the header, the record after it and the records above it, at most ``searchLimit`` of them: no
///   pass over the file.
struct TableHead {
    /// How many non-blank records are searched for the header.
    static let searchLimit = 30

    /// The header's columns (flattened when it has two rows).
    var columns: [HeaderName]
    /// The header's (first) row.
    var line: Int
    /// The header's last row: `line`, or the second row's.
    var lastLine: Int
    /// The tokenizer positioned after the header: its next record is the first data row.
    var rest: CSVTokenizer
    /// The unit line above the header, if any.
    var unitLine: UnitLine?
    /// The 序号 column (a row number; its cell may say 合计 on a total row), if the header has one.
    var indexColumn: Int?
    /// Warning-level notes: the title rows, the two-row header, the unit line.
    var notes: [Finding]

    /// What a search found: the head, or why there is none (an error finding).
    enum Search {
        case found(TableHead)
        case missing(Finding)
    }

    /// Labels of a 序号 (row number) column.
    private static let indexLabels: Set<String> = ["序号", "编号", "行次", "行号", "序", "no", "no.", "#"]

    /// Finds the head of the table read by `tokenizer` (at the start of the text). Throws the first record
    /// that is not well-formed CSV.
    static func find(in tokenizer: CSVTokenizer, file: String, map: [(column: CanonicalColumn, source: String)],
                     headerRow: Int?) throws(CSVTokenizer.SyntaxError) -> Search {
        var tokenizer = tokenizer
        var fields: [CSVTokenizer.Field] = []
        /// Non-blank records read before the header: line, trimmed cells, and the tokenizer after them.
        var above: [(line: Int, cells: [String], after: CSVTokenizer)] = []
        var header: (line: Int, cells: [String])?
        var lastLine = 0
        while let line = try tokenizer.next(into: &fields) {
            lastLine = line
            let cells = fields.map(tokenizer.text(of:))
            let blank = cells.allSatisfy(\.isEmpty)
            if let headerRow {
                if line == headerRow {
                    if blank { return .missing(Finding(.error, file: file, line: line, message: "--header-row \(headerRow): row \(headerRow) is blank")) }
                    header = (line, cells)
                    break
                }
                if line > headerRow {
                    return .missing(Finding(.error, file: file, line: headerRow, message:
                        "--header-row \(headerRow): no row starts on line \(headerRow) (it is blank, or inside a quoted cell that starts above it)"))
                }
                if !blank { above.append((line, cells, tokenizer)) }
                continue
            }
            if blank { continue }
            if locates(cells, map: map) { header = (line, cells); break }
            above.append((line, cells, tokenizer))
            if above.count == searchLimit { break }
        }
        if header == nil, let headerRow {
            return .missing(Finding(.error, file: file, line: 0, message:
                "--header-row \(headerRow): the file has no row \(headerRow)\(lastLine > 0 ? " (its last row is \(lastLine))" : "")"))
        }
        if headerRow == nil, let header, let data = above.first(where: { looksLikeData($0.cells) }) {
            let figures = data.cells.filter { !$0.isEmpty }
            return .missing(Finding(.error, file: file, line: data.line, field: "header", message: """
                row \(data.line) holds figures (\(Excerpt.list(figures, limit: 6))) above the header, row \(header.line): \
                a data row above the header? Put the header first, or give --header-row \(header.line) to take the rows \
                above it as a title
                """))
        }
        if header == nil {
            // No record has both: the first that names a column is the header, for HeaderLayout's errors.
            guard let index = above.firstIndex(where: { $0.cells.contains { HeaderLayout.column(of: HeaderName($0), map: map) != nil } }) else {
                return .missing(notFound(above, file: file))
            }
            header = (above[index].line, above[index].cells)
            tokenizer = above[index].after
            above.removeSubrange(index...)
        }
        guard let header else { return .missing(notFound(above, file: file)) }

        var head = TableHead(columns: header.cells.map(HeaderName.init), line: header.line, lastLine: header.line,
                             rest: tokenizer, unitLine: nil, notes: [])
        var mergedNote: Finding?
        var peek = tokenizer
        // A record that is not well-formed CSV is no second header row: the data reading meets it and names its column.
        if let secondLine = try? peek.next(into: &fields) {
            let second = fields.map(peek.text(of:))
            if isSecondRow(second, under: header.cells, map: map) {
                head.columns = flatten(header.cells, second, map: map)
                head.lastLine = secondLine
                head.rest = peek
                let grouped = head.columns.map(\.text).filter { $0.contains("/") }
                mergedNote = (Finding(.warning, file: file, line: header.line, field: "header", message:
                    "rows \(header.line)–\(secondLine) are one header (merged cells); its columns read as \(Excerpt.list(grouped))"))
            }
        }
        head.indexColumn = head.columns.firstIndex { indexLabels.contains(NameKey.matchKey($0.label)) }
        if let first = above.first, let last = above.last {
            let rows = first.line == last.line ? "row \(first.line) is" : "rows \(first.line)–\(last.line) are"
            let headerRows = head.lastLine == head.line ? "row \(head.line)" : "rows \(head.line)–\(head.lastLine)"
            head.notes.append(Finding(.warning, file: file, line: first.line, field: "header", message:
                "\(rows) a title, not data; the header is \(headerRows)"))
        }
        let unitLines = above.compactMap { UnitLine.find(in: $0.cells, line: $0.line) }
        if let unitLine = unitLines.last {
            if let other = unitLines.first(where: { $0.unit != unitLine.unit }) {
                return .missing(Finding(.error, file: file, line: unitLine.line, field: "header", message:
                    "rows \(other.line) and \(unitLine.line) state different units (\"\(Excerpt.text(other.text))\", \"\(Excerpt.text(unitLine.text))\"): correct one of them"))
            }
            head.unitLine = unitLine
            head.notes.append(Finding(.warning, file: file, line: unitLine.line, field: "header", message:
                "row \(unitLine.line) (\"\(Excerpt.text(unitLine.text))\") gives the unit of the amounts whose header states none"))
        }
        if let mergedNote { head.notes.append(mergedNote) }
        return .found(head)
    }

    /// The unit of amounts whose header states none: the unit line's, else `option` (`--amount-unit`), else nil (元).
    func amountUnit(option: AmountUnit?) -> AmountUnit? { unitLine?.unit ?? option }

    /// An error when the unit line and `--amount-unit` disagree.
    func unitConflict(option: AmountUnit?, file: String) -> Finding? {
        guard let unitLine, let option, option != unitLine.unit else { return nil }
        return Finding(.error, file: file, line: unitLine.line, field: "header", message:
            "row \(unitLine.line) says \"\(Excerpt.text(unitLine.text))\", but --amount-unit \(option.rawValue) was given: leave out --amount-unit, or correct the row")
    }

    /// True when `cells` read like a data row, not a title: three or more cells, two or more of them numbers
    /// (`2011`, `3,952,960.00`, `-12.5`). A title (`2021年部门预算表`, `编制单位：…`, `单位：万元`, a date) has no two.
    static func looksLikeData(_ cells: [String]) -> Bool {
        let filled = cells.filter { !$0.isEmpty }
        return filled.count >= 3 && filled.count(where: isNumber) >= 2
    }

    /// A plain number: an optional sign, digits with optional thousands commas, an optional decimal part.
    private static func isNumber(_ cell: String) -> Bool {
        var body = Substring(cell)
        if let first = body.first, first == "-" || first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, let lead = whole.first, lead.isASCII, lead.isNumber,
              whole.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ",") }) else { return false }
        return parts.count == 1 || parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// True when `cells` have both a project and a year column.
    private static func locates(_ cells: [String], map: [(column: CanonicalColumn, source: String)]) -> Bool {
        var project = false, year = false
        for cell in cells where !cell.isEmpty {
            switch HeaderLayout.column(of: HeaderName(cell), map: map) {
            case .project?: project = true
            case .year?: year = true
            default: break
            }
        }
        return project && year
    }

    /// True when `second` is the second row of a header whose first row is `top` (see the type's contract).
    private static func isSecondRow(_ second: [String], under top: [String], map: [(column: CanonicalColumn, source: String)]) -> Bool {
        guard second.contains(where: { !$0.isEmpty }),
              !second.contains(where: { $0.unicodeScalars.contains { $0.properties.numericType == .decimal } }) else { return false }
        var group = false // the column is under a group label (spilled from the left, or its own)
        for (index, cell) in second.enumerated() {
            let upper = index < top.count ? top[index] : ""
            if !upper.isEmpty { group = HeaderLayout.column(of: HeaderName(upper), map: map) == nil }
            if !cell.isEmpty, cell != upper, upper.isEmpty || group, HeaderLayout.column(of: HeaderName(cell), map: map) != nil { return true }
        }
        return false
    }

    /// The columns of a two-row header: `group/label` under a group label, else the name of the row that has one.
    private static func flatten(_ top: [String], _ second: [String], map: [(column: CanonicalColumn, source: String)]) -> [HeaderName] {
        var names: [HeaderName] = []
        var group: String?
        for index in 0..<max(top.count, second.count) {
            let upper = index < top.count ? top[index] : "", lower = index < second.count ? second[index] : ""
            if !upper.isEmpty { group = HeaderLayout.column(of: HeaderName(upper), map: map) == nil ? upper : nil }
            if lower.isEmpty || lower == upper || (!upper.isEmpty && group == nil) { // lower == upper: merged down, copied
                names.append(HeaderName(upper))
            } else if let group {
                names.append(HeaderName(group: group, sub: lower))
            } else {
                names.append(HeaderName(lower))
            }
        }
        return names
    }

    /// The error for a file whose first rows hold no header: what they are, and what to do.
    private static func notFound(_ above: [(line: Int, cells: [String], after: CSVTokenizer)], file: String) -> Finding {
        guard !above.isEmpty else { return Finding(.error, file: file, line: 1, message: "the file is empty: no header") }
        let shown = above.prefix(3).map { "row \($0.line): \(Excerpt.list($0.cells.filter { !$0.isEmpty }, limit: 8))" }
        return Finding(.error, file: file, line: above[0].line, message: """
            no header in the first \(above.count) row\(above.count == 1 ? "" : "s"): no row names both the project \
            (项目名称) and the year (年度). The file begins with \(shown.joined(separator: "; ")). Give the header's row \
            with --header-row N, or name its columns with --map project=COLUMN --map year=COLUMN
            """)
    }
}
