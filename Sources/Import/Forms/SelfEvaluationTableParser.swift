import BudgetCore
import Foundation

/// Reads 绩效自评表 printed as tab-separated OCR of spreadsheets (seed 003: the 2020 self-evaluations of
/// 深圳市商务局 / 深圳市商务发展促进中心).
///
/// ## Layout of the family
/// One form per `项目名称` row (name cells, then `项目金额` and the project amount); a `主管部门 … 实施单位 …`
/// row; the funding table under a `年初预算数 全年预算数 全年执行数 [分值 执行率 得分]` header with the rows
/// 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金 and the unit label `(元)` / `(万元)` in the left cells;
/// the 年度总体目标 row; the indicator table under `一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
/// 偏差原因分析及改进措施`, ended by the `总分` row (weight total, score total). Cells are read by the columns of
/// their header row (the header's `年初预算数` and `年度指标值` cells anchor the columns), never by line numbers.
///
/// A page break repeats the `项目名称` row inside a form (no `主管部门` / `年初预算数` follows it, same 项目金额):
/// it is a second reading of the form's name, not a new form. Lines of OCR noise standing alone right above a
/// `项目名称` row (after a blank line) belong to no form. The right-hand columns of a sheet may be printed as a
/// separate block further down (`分值 执行率 得分` + one row; `分值 得分` + one row per indicator and the total):
/// those blocks are read when the table rows have no such columns.
///
/// ## Names (项目名称, 主管部门, 实施单位): rules, each recorded as a note on the form
/// 1. *Cells*: the name is the cells between the label and `项目金额` (`实施单位` for the department; the row's end
///    for the unit), joined without the tab; whitespace next to a CJK character is dropped. Leading or trailing
///    cells with no CJK character and no two consecutive Latin letters or digits (`L`, `-`, `<u> </u>`) and a
///    one-character cell standing apart after an empty cell (`兀`) are table-border noise and dropped.
/// 2. *Read twice*: a character read on both sides of a cell border (`世贸|贸事务`, `深圳市|市商务`) is one glyph
///    cut by the border: kept once.
/// 3. *Consensus*: a department or unit differing from the one shared by at least two forms of the file, and a
///    project prefix (the text before the first `-`) differing from a prefix shared by at least two other forms of
///    the same file and unit, is replaced by the shared text when the reading is a truncation of it (`深圳市商`,
///    `市商务发展促进中心`) or a garbled head: both end with the same tail of ≥ 2 characters (and ≥ a third of the
///    shared text), the heads differ in length by at most one and the reading's head holds a cell border
///    (`深均|川市商务局` → 深圳市商务局, `世 四 重|多管理` → 世贸事务管理).
/// 4. *Cut glyph*: in a name known to be damaged (its prefix needed rule 3, or its page-repeat readings differ),
///    a border `L|R` inside the part after the prefix whose pair `LR` occurs nowhere else in the file (outside the
///    name rows) is one glyph cut by the border and read twice: the left reading is dropped (`原|服务` → 服务,
///    `经|综合` → 综合). In an undamaged name such a pair is only reported.
/// 5. *Cut tail*: a damaged name whose last character begins the two-character word that at least two other names
///    of the same file and unit end with, and is followed by that same character wherever it occurs in them
///    (`…应对事`, siblings `…预警事务`, `…管理事务`), lost that character at the cell's edge: it is completed.
/// 6. *Several readings* (page repeats): each is repaired; the longest result is kept.
/// A name no rule repairs is kept as read, with a note when it looks cut (rule 4 report).
///
/// ## Figures
/// Every amount goes through ``AmountParser``. A cell that is a lone dash-like glyph (`ı`, `l`, `|`, `·`, `_`, `一`)
/// or a lone `1` in a table whose amounts print two decimals is a mis-OCR'd `-` (zero), with a note; for the
/// 全年执行数 of 年度资金总额 that reading must be confirmed by a printed 执行率 or 得分 of 0, else the figure is
/// unreadable. A required figure (年初预算数, 全年预算数, 全年执行数 of 年度资金总额) that is empty or unreadable
/// is a ``FormProblem`` naming the field, and the form is left out of `forms`. Other unreadable cells are left
/// empty with a note. A `(万元)` label is applied (×10,000) unless an indicator in 万元 (`≤5.6万元`) matches a
/// budget figure read as 元 within 1 %: then the figures are kept as printed (元) and a note says so.
///
/// ## Year
/// The forms of this family print no 年度 label as a rule. The year is, in order: a title cell `(2020 年度)` /
/// `2020年度…自评表`; else the most frequent `20xx年` in the indicator targets (年度指标值) and the expected goal;
/// else in any cell of the form; else the year most forms of the same file gave (with a note); else nil with a note.
///
/// ## Indicators, scores
/// Every row between the indicator header and the `总分` row (or a row with only numbers, the total row without its
/// label) is an indicator; level 2 comes from the merged label cells (see ``FormReader/assignLevels(_:rows:level1Column:level2Column:)``),
/// level 1 from the standard framework (数量/质量/时效/成本 → 产出指标, 经济/社会/生态效益, 可持续影响 → 效益指标,
/// 满意度 → 满意度指标). The 总分 row's last number is `totalScore`; a 总分 row without figures leaves it nil
/// (note `total_score`). 年度总体目标 texts are kept as OCR'd, only when the row splits into exactly two text runs.
///
/// `lines` keys: `project` (the name row whose reading was kept), `department`, `unit`, `initial_budget`,
/// `adjusted_budget`, `executed`, `execution_score`, `execution_rate`, `total_score`, `year`, and for notes
/// `amount_unit`, `appropriation`, `carryover`, `other_funds`, `indicators`, `indicator_scores`, `goal`.
public enum SelfEvaluationTableParser {
    /// True when the text looks like this family (tab-separated cells, 项目名称 / 年初预算数 / 全年执行数 labels).
    public static func recognizes(_ lines: [String]) -> Bool {
        var name = false, initial = false, executed = false
        for line in lines where line.utf8.contains(0x09) {
            let row = Row(line: 0, raw: line)
            for key in row.keys {
                if key.hasPrefix("项目名称") { name = true }
                if key.has("年初预算数") { initial = true }
                if key.has("全年执行数") { executed = true }
            }
            if name && initial && executed { return true }
        }
        return false
    }

    /// Whether a line is a row only this family prints: a tab-separated `项目名称 … 项目金额` row, or a funding
    /// table header with `年初预算数` and `全年执行数` cells.
    public static func marks(_ line: String) -> Bool {
        guard line.utf8.contains(0x09), line.has("项目") || line.has("年初") else { return false }
        let row = Row(line: 0, raw: line)
        if row.isNameHeader && row.keys.contains(where: { $0.has("项目金额") }) { return true }
        return row.keys.contains { $0.has("年初预算数") } && row.keys.contains { $0.has("全年执行数") }
    }

    /// Splits the file into forms (one per 项目名称 block) and reads each. `lines` are the file's lines, line k at
    /// index k-1, without line ends (a file that ends with a line end has an empty last element).
    ///
    /// A form is returned only when it is whole. Every form must close its indicator table with a `总分` row; a
    /// form missing a required figure or that row is a ``FormProblem``. The last form of the file is also checked
    /// for what a file cut short loses (see ``cutProblem(_:openLine:)``).
    public static func parse(_ lines: [String]) -> FormParseResult { parse(lines, progress: nil) }

    /// ``parse(_:)``, telling `progress` how many of the file's forms have been read (done, total).
    static func parse(_ lines: consuming [String], progress: FormProgress?) -> FormParseResult {
        let openLine = FormText.openLastLine(lines)
        let rows = lines.enumerated().map { Row(line: $0.offset + 1, raw: $0.element) }
        _ = consume lines // the rows hold the text now
        let blocks = splitBlocks(rows)
        guard !blocks.isEmpty else { return FormParseResult() }
        let headerLines = Set(blocks.flatMap { $0.headers.map { rows[$0].line } })
        let corpus = Bigrams(rows.lazy.filter { !headerLines.contains($0.line) })
        var drafts: [Draft] = []
        drafts.reserveCapacity(blocks.count)
        for (n, block) in blocks.enumerated() {
            var reader = FormReader(rows: rows, block: block)
            drafts.append(reader.read())
            progress?(n + 1, blocks.count)
        }
        resolveDepartmentsAndUnits(&drafts)
        resolveProjects(&drafts, corpus: corpus)
        resolveYears(&drafts)

        var result = FormParseResult()
        for (n, draft) in drafts.enumerated() {
            if n == drafts.count - 1, let problem = cutProblem(draft, openLine: openLine) {
                result.problems.append(problem)
            } else if draft.missing.isEmpty {
                result.forms.append(draft.form)
            } else {
                for (field, message) in draft.missing {
                    let line = field == "total_score" ? draft.form.endLine : draft.form.lines[field] ?? draft.form.startLine
                    result.problems.append(FormProblem(line: line, field: field, message: message,
                                                       unit: draft.form.unit, project: draft.form.project, year: draft.form.year))
                }
            }
        }
        return result
    }

    /// Why the file's last form cannot be whole, as the one problem to report for it, or nil. A file cut short
    /// loses the end of its last form: the form must show every part of its template (主管部门 row, funding
    /// table with its 年度资金总额 row, indicator table closed by its 总分 row, the detached 分值 / 得分 blocks its
    /// table leaves out), and a last line without a line end (where a cut falls) may hold figures only when it
    /// is the 总分 row and its total is the indicator scores plus the execution score.
    static func cutProblem(_ draft: Draft, openLine: Int?) -> FormProblem? {
        let form = draft.form
        let span = form.startLine == form.endLine ? "the form on line \(form.startLine)" : "the form on lines \(form.startLine)–\(form.endLine)"
        func problem(_ field: String, line: Int, _ message: String) -> FormProblem {
            FormProblem(line: line, field: field, message: message, unit: form.unit, project: form.project, year: form.year)
        }
        // The parts in the order they are printed; a cut leaves out the parts after the last one there.
        let parts: [(field: String, part: String)] = [
            ("department", "主管部门 row"), ("initial_budget", "年初预算数 / 全年预算数 / 全年执行数 table"),
            ("initial_budget", "年度资金总额 row"), ("indicators", "indicator table (年度指标值 header)"), ("total_score", "总分 row"),
        ]
        var missing = Set(draft.missingParts.map(\.part))
        if missing.contains(parts[1].part) { missing.insert(parts[2].part) }
        if missing.contains(parts[3].part) { missing.insert(parts[4].part) }
        let lastPresent = parts.lastIndex { !missing.contains($0.part) } ?? -1
        if lastPresent < parts.count - 1 {
            let part = parts[lastPresent + 1]
            return problem(part.field, line: form.endLine, "\(span) ends before its \(part.part): the file looks cut")
        }
        if let unfinished = draft.unfinished {
            return problem(unfinished.field, line: form.endLine, "\(span) ends before \(unfinished.what): the file looks cut")
        }
        guard let openLine, openLine >= form.startLine else { return nil }
        let advice = "the file looks cut (if it is whole, end its last line with a line end)"
        if openLine == form.lines["total_score"] {
            guard let printed = form.totalScore else {
                return problem("total_score", line: openLine, "the file ends in the middle of the 总分 row (line \(openLine) has no line end), which prints no total: \(advice)")
            }
            let computed = FormChecks.computedTotal(form)
            if let computed, abs(NSDecimalNumber(decimal: printed.value - computed.value).doubleValue) <= 0.005 { return nil }
            return problem("total_score", line: openLine, "the file ends in the middle of the 总分 row (line \(openLine) has no line end), and its total \(printed.text) is not \(computed.map { "the indicator scores plus the execution score, \($0.text)" } ?? "confirmed by the indicator scores"): \(advice)")
        }
        return problem(draft.figureLines.contains(openLine) ? "indicators" : "format", line: openLine,
                       "the file ends in the middle of line \(openLine) (no line end), \(openLine < (draft.closingLine ?? .max) || draft.figureLines.contains(openLine) ? "inside the form" : "after the form's 总分 row"): \(advice)")
    }
}

// MARK: - Rows and cells

extension SelfEvaluationTableParser {
    /// One line: its cells (split at tabs, trimmed, trailing empty cells removed) and their label keys.
    struct Row {
        let line: Int
        let cells: [String]
        /// ``NameKey/matchKey(_:)`` of each cell without `*` (the "required" mark): labels are compared on these.
        var keys: [String] { ownKeys ?? cells }
        /// The keys, when some differs from its cell (most rows' keys are their cells: one array serves both).
        private let ownKeys: [String]?

        init(line: Int, raw: String) {
            self.line = line
            var cells = FormText.tabCells(raw)
            while cells.last?.isEmpty == true { cells.removeLast() }
            self.cells = cells
            let keys = cells.map(FormText.labelKey)
            self.ownKeys = zip(keys, cells).allSatisfy { $0.utf8.elementsEqual($1.utf8) } ? nil : keys
        }

        var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
        func cell(_ index: Int?) -> String {
            guard let index, index >= 0, index < cells.count else { return "" }
            return cells[index]
        }
        func key(_ index: Int?) -> String {
            guard let index, index >= 0, index < keys.count else { return "" }
            return keys[index]
        }
        func index(where predicate: (String) -> Bool) -> Int? { keys.firstIndex(where: predicate) }
        /// The first non-empty cell's key.
        var firstKey: String { keys.first(where: { !$0.isEmpty }) ?? "" }
        var isNameHeader: Bool { firstKey.hasPrefix("项目名称") }
    }

    /// A form's rows: `headers` are the indices (into the file's rows) of its 项目名称 rows, the first opening it.
    struct Block {
        var headers: [Int]
        var start: Int
        var end: Int
    }

    static func splitBlocks(_ rows: [Row]) -> [Block] {
        let headerRows = rows.indices.filter { rows[$0].isNameHeader }
        var blocks: [Block] = []
        // Whether the current block has shown its 总分 row: a 项目名称 row after it is never a page repeat.
        var closed = false
        for (n, header) in headerRows.enumerated() {
            let next = n + 1 < headerRows.count ? headerRows[n + 1] : rows.count
            let opensForm = rows[header..<next].dropFirst().contains { row in
                row.keys.contains { $0.hasPrefix("主管部门") || $0.has("年初预算数") }
            }
            if !closed && !opensForm, var current = blocks.last,
               projectAmount(rows[current.headers[0]]) == nil || projectAmount(rows[header]) == nil
                || projectAmount(rows[current.headers[0]]) == projectAmount(rows[header]) {
                current.headers.append(header)
                blocks[blocks.count - 1] = current
            } else {
                blocks.append(Block(headers: [header], start: header, end: header))
                closed = false
            }
            if !closed {
                closed = rows[header..<next].contains { row in row.keys.contains { $0.has("总分") } }
            }
        }
        for n in blocks.indices {
            var end = (n + 1 < blocks.count ? blocks[n + 1].start : rows.count) - 1
            while end > blocks[n].start && rows[end].isBlank { end -= 1 }
            if n + 1 < blocks.count {
                // Up to two noise lines standing alone (after a blank line) right above the next form's 项目名称 row.
                var top = end
                while top > blocks[n].start && !rows[top].isBlank && end - top < 2 { top -= 1 }
                if top < end, rows[top].isBlank, !rows[(top + 1)...end].contains(where: { row in
                    row.keys.contains { $0.has("总分") || $0.has("指标") || $0.has("资金") }
                }) {
                    end = top
                    while end > blocks[n].start && rows[end].isBlank { end -= 1 }
                }
            }
            blocks[n].end = end
        }
        return blocks
    }

    /// The 项目金额 cell of a 项目名称 row, as printed.
    static func projectAmount(_ row: Row) -> String? {
        guard let label = row.index(where: { $0.has("项目金额") }) else { return nil }
        let tail = row.keys[label].components(separatedBy: "项目金额").last ?? ""
        if !tail.isEmpty { return tail }
        return row.keys[(label + 1)...].first { !$0.isEmpty && $0.first?.isNumber == true }
    }

    /// Every pair of adjacent CJK characters inside one cell (whitespace removed), over the given rows: the pairs
    /// rule 4 asks about. Single-scalar characters (all of CJK text in practice) are kept as numbers, so the set
    /// costs no string hashing.
    struct Bigrams {
        private var pairs = Set<UInt64>()
        private var others = Set<String>()

        init<S: Sequence>(_ rows: S) where S.Element == Row {
            for row in rows {
                for cell in row.cells where cell.utf8.count > 3 { add(cell) }
            }
        }

        private mutating func add(_ cell: String) {
            // Fast path: every scalar is its own character when none is a combining mark, joiner or variation
            // selector (all below U+0300 are ASCII or Latin-1 letters, which do not combine backwards).
            var previous: UInt32 = 0
            for scalar in cell.unicodeScalars {
                let value = scalar.value
                if value >= 0x300 && !SelfEvaluationTableParser.isCJKScalar(value) && !FormText.isWhitespace(scalar)
                    && !Self.standsAlone(value) {
                    addSlowly(cell)
                    return
                }
                if FormText.isWhitespace(scalar) { continue }
                let cjk = SelfEvaluationTableParser.isCJKScalar(value)
                if cjk && previous != 0 { pairs.insert(UInt64(previous) << 32 | UInt64(value)) }
                previous = cjk ? value : 0
            }
        }

        /// CJK and full-width punctuation, general punctuation: characters that always begin a character of their
        /// own and take nothing after them into it (not combining marks, joiners or variation selectors).
        private static func standsAlone(_ value: UInt32) -> Bool {
            switch value {
            case 0x3001...0x3029, 0x3030...0x303F, 0xFF01...0xFF9D, 0xFFA0...0xFFEF, 0x2010...0x2027, 0x2030...0x205E,
                 0x2190...0x21FF, 0x2200...0x22FF:
                return true
            default:
                return false
            }
        }

        private mutating func addSlowly(_ cell: String) {
            let chars = Array(cell.filter { !$0.isWhitespace })
            guard chars.count > 1 else { return }
            for i in 1..<chars.count where SelfEvaluationTableParser.isCJK(chars[i - 1]) && SelfEvaluationTableParser.isCJK(chars[i]) {
                if let left = Self.single(chars[i - 1]), let right = Self.single(chars[i]) {
                    pairs.insert(UInt64(left) << 32 | UInt64(right))
                } else {
                    others.insert(String([chars[i - 1], chars[i]]))
                }
            }
        }

        private static func single(_ character: Character) -> UInt32? {
            let scalars = character.unicodeScalars
            return scalars.count == 1 ? scalars.first!.value : nil
        }

        /// Whether `left` and `right` stand next to each other in some cell.
        func contains(_ left: Character, _ right: Character) -> Bool {
            if let l = Self.single(left), let r = Self.single(right) { return pairs.contains(UInt64(l) << 32 | UInt64(r)) }
            return others.contains(String([left, right]))
        }
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return isCJKScalar(scalar.value)
    }

    static func isCJKScalar(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x2E80...0x2FDF: return true
        default: return false
        }
    }

    /// CJK ideographs and CJK / full-width punctuation.
    static func isCJKLike(_ character: Character) -> Bool {
        if isCJK(character) { return true }
        guard let scalar = character.unicodeScalars.first else { return false }
        return (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
    }

    /// Drops whitespace next to a CJK character or at the ends, collapses other runs to one space.
    static func squeeze(_ text: String) -> String {
        if !text.unicodeScalars.contains(where: FormText.isWhitespace) { return text }
        if let squeezed = squeezeScalars(text) { return squeezed }
        let chars = Array(text)
        var out: [Character] = []
        var nextVisible = [Character?](repeating: nil, count: chars.count + 1)
        for i in chars.indices.reversed() { nextVisible[i] = chars[i].isWhitespace ? nextVisible[i + 1] : chars[i] }
        for (i, character) in chars.enumerated() {
            guard character.isWhitespace else { out.append(character); continue }
            guard let previous = out.last, previous != " " else { continue }
            guard let next = nextVisible[i + 1] else { continue }
            if isCJKLike(previous) || isCJKLike(next) { continue }
            out.append(" ")
        }
        return String(out)
    }

    /// ``squeeze(_:)`` by scalars, for text whose every scalar is a character of its own (ASCII, CJK, CJK and
    /// full-width punctuation, whitespace); nil for other text.
    static func squeezeScalars(_ text: String) -> String? {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for scalar in scalars {
            let value = scalar.value
            guard value < 0x80 || isCJKScalar(value) || (0x3000...0x3029).contains(value) || (0x3030...0x303F).contains(value)
                    || (0xFF00...0xFF9D).contains(value) || FormText.isWhitespace(scalar) else { return nil }
        }
        func cjkLike(_ scalar: Unicode.Scalar) -> Bool {
            isCJKScalar(scalar.value) || (0x3000...0x303F).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
        }
        // The next non-whitespace scalar after each position, found once from the right.
        var nextVisible = [Unicode.Scalar?](repeating: nil, count: scalars.count + 1)
        for i in scalars.indices.reversed() {
            nextVisible[i] = FormText.isWhitespace(scalars[i]) ? nextVisible[i + 1] : scalars[i]
        }
        for (i, scalar) in scalars.enumerated() {
            guard FormText.isWhitespace(scalar) else { out.append(scalar); continue }
            guard let previous = out.last, previous != " " else { continue }
            guard let next = nextVisible[i + 1] else { continue }
            if cjkLike(previous) || cjkLike(next) { continue }
            out.append(" ")
        }
        return String(out)
    }

    /// A cell with no CJK character and no two consecutive Latin letters or digits: border or markup noise.
    static func isNoiseCell(_ text: String) -> Bool {
        if text.contains(where: isCJK) { return false }
        var run = 0
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber) {
                run += 1
                if run >= 2 { return false }
            } else {
                run = 0
            }
        }
        return true
    }

    static func quoted(_ text: String) -> String { "“\(text)”" }
}

// MARK: - Names as cells

extension SelfEvaluationTableParser {
    /// A name read from cells: its characters and where the cell borders fell (index i: between i−1 and i).
    struct Split: Equatable {
        var chars: [Character]
        var borders: [Int]
        /// The cells as printed, joined with ` | ` (for notes).
        var asRead: String
        /// Cells dropped as noise.
        var dropped: [String]

        var text: String { String(chars) }

        /// Joins the non-empty cells of a label's value after dropping noise cells (rule 1).
        init?(cells rawCells: [String]) {
            var cells = rawCells.map(squeeze)
            while cells.first?.isEmpty == true { cells.removeFirst() }
            while cells.last?.isEmpty == true { cells.removeLast() }
            var dropped: [String] = []
            let asRead = cells.filter { !$0.isEmpty }.joined(separator: " | ")
            // A one-character cell standing apart (after an empty cell) from the rest.
            var index = 0
            while index < cells.count {
                if cells[index].count == 1, index > 0, cells[index - 1].isEmpty, cells.filter({ !$0.isEmpty }).count > 1,
                   index + 1 == cells.count || cells[index + 1].isEmpty {
                    dropped.append(cells[index])
                    cells[index] = ""
                }
                index += 1
            }
            var kept = cells.filter { !$0.isEmpty }
            while let first = kept.first, kept.count > 1, isNoiseCell(first) { dropped.append(first); kept.removeFirst() }
            while let last = kept.last, kept.count > 1, isNoiseCell(last) { dropped.append(last); kept.removeLast() }
            if kept.count == 1, isNoiseCell(kept[0]) { dropped.append(kept[0]); kept = [] }
            guard !kept.isEmpty else { return nil }
            var chars: [Character] = []
            var borders: [Int] = []
            for cell in kept {
                if !chars.isEmpty { borders.append(chars.count) }
                chars += Array(cell)
            }
            self.chars = chars
            self.borders = borders
            self.asRead = asRead
            self.dropped = dropped
        }

        mutating func remove(at index: Int) {
            chars.remove(at: index)
            borders = borders.compactMap { border in
                let moved = border > index ? border - 1 : border
                return moved > 0 && moved < chars.count ? moved : nil
            }
            var seen = Set<Int>()
            borders = borders.filter { seen.insert($0).inserted }
        }

        /// Rule 2: a character read on both sides of a border is kept once. Returns the pairs repaired.
        mutating func dropDuplicatesAtBorders() -> [String] {
            var repaired: [String] = []
            for border in borders.sorted(by: >) where border > 0 && border < chars.count {
                if chars[border - 1] == chars[border], !chars[border].isWhitespace {
                    repaired.append("\(chars[border - 1])|\(chars[border])")
                    remove(at: border)
                }
            }
            return repaired.reversed()
        }

        /// Stray punctuation at the ends (`深圳市商)`): an unmatched closing bracket or a dash, dot, bar.
        mutating func trimStrayPunctuation() -> [String] {
            var trimmed: [String] = []
            let stray: Set<Character> = ["-", "_", "|", "·", "•", ".", ",", ";", ":", "=", "~", "、", "，", "。", "：", "；"]
            while let last = chars.last, chars.count > 1,
                  stray.contains(last) || ((last == ")" || last == "）") && !chars.contains("(") && !chars.contains("（")) {
                trimmed.append(String(last))
                remove(at: chars.count - 1)
            }
            while let first = chars.first, chars.count > 1, stray.contains(first) {
                trimmed.append(String(first))
                remove(at: 0)
            }
            return trimmed
        }

        /// Index of the `-` between the project prefix and the rest, if any.
        var prefixEnd: Int? {
            chars.firstIndex { "-－—–".contains($0) }.flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// Rule 3: whether `reading` is a truncation or a garbled head of `shared` (see the type's documentation).
    static func isDamagedCopy(_ reading: Split, of shared: [Character]) -> Bool {
        let text = reading.chars
        guard text != shared, text.count >= 2 else { return false }
        if shared.starts(with: text) || shared.reversed().starts(with: text.reversed()) { return true }
        var tail = 0
        while tail < min(text.count, shared.count), text[text.count - 1 - tail] == shared[shared.count - 1 - tail] { tail += 1 }
        guard tail >= max(2, shared.count / 3) else { return false }
        let head = text.count - tail, sharedHead = shared.count - tail
        guard head > 0, abs(head - sharedHead) <= 1 else { return false }
        return reading.borders.contains { $0 > 0 && $0 <= head }
    }

    /// The text at least `minimum` entries share (most frequent, first in file order on ties).
    static func shared(_ texts: [String], minimum: Int) -> String? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for text in texts {
            if counts[text] == nil { order.append(text) }
            counts[text, default: 0] += 1
        }
        guard let top = counts.values.max(), top >= minimum else { return nil }
        return order.first { counts[$0]! == top }
    }
}

// MARK: - Reading one form

extension SelfEvaluationTableParser {
    /// One name row as read: line, cells as a split (rules 1–2 applied later), 项目金额.
    struct NameReading {
        var line: Int
        var split: Split
    }

    /// A form being read: the model, the raw name readings for the file-wide rules, and the missing figures.
    struct Draft {
        var form: ParsedForm
        var readings: [NameReading] = []
        var department: (split: Split, line: Int)?
        var unit: (split: Split, line: Int)?
        var missing: [(field: String, message: String)] = []
        /// `20xx` found by tier (1 label, 2 targets/goal, 3 anywhere) and the line it came from.
        var yearEvidence: (year: Int, tier: Int, line: Int)?
        /// The line of each indicator, in order.
        var indicatorLines: [Int] = []
        /// The line of the 总分 row that closes the indicator table (or of the figures-only row standing for it).
        var closingLine: Int?
        /// The lines the form's figures were read from: a file cut in the middle of one of them lost figures.
        var figureLines: Set<Int> = []
        /// Why the form cannot be whole when nothing follows it in the file (a part it needs is missing or
        /// short), with the field it concerns; checked for the last form of a file only (see ``cutProblem``).
        var unfinished: (field: String, what: String)?
        /// The parts of the form's template not found, in template order, with the field each concerns.
        var missingParts: [(field: String, part: String)] = []

        mutating func note(_ field: String, line: Int, _ message: String) {
            form.notes.append(FormProblem(line: line, field: field, message: message))
        }
    }

    struct FormReader {
        let rows: [Row]
        let block: Block
        var draft: Draft

        init(rows: [Row], block: Block) {
            self.rows = rows
            self.block = block
            let form = ParsedForm(kind: .selfEvaluation, startLine: rows[block.start].line, endLine: rows[block.end].line)
            self.draft = Draft(form: form)
        }

        /// Rows of the form other than its 项目名称 rows, in order.
        var body: [Row] {
            (block.start...block.end).filter { !block.headers.contains($0) }.map { rows[$0] }
        }

        mutating func read() -> Draft {
            readNames()
            readDepartmentAndUnit()
            let budgetEnd = readBudget()
            let indicatorStart = readIndicators(after: budgetEnd)
            readGoal(from: budgetEnd, to: indicatorStart)
            decideUnit()
            findYear()
            return draft
        }

        // MARK: Names

        mutating func readNames() {
            for header in block.headers {
                let row = rows[header]
                guard let label = row.index(where: { $0.hasPrefix("项目名称") }) else { continue }
                var cells: [String] = []
                let labelCell = row.cells[label]
                if let range = labelCell.range(of: "项目名称") { cells.append(String(labelCell[range.upperBound...])) }
                for index in (label + 1)..<max(label + 1, row.cells.count) {
                    let cell = row.cells[index]
                    if let range = cell.range(of: "项目金额") {
                        cells.append(String(cell[..<range.lowerBound]))
                        break
                    }
                    cells.append(cell)
                }
                if let split = Split(cells: cells) {
                    draft.readings.append(NameReading(line: row.line, split: split))
                }
            }
            if let first = draft.readings.first {
                draft.form.lines["project"] = first.line
            }
        }

        mutating func readDepartmentAndUnit() {
            guard let row = body.first(where: { $0.keys.contains { $0.hasPrefix("主管部门") } }),
                  let label = row.index(where: { $0.hasPrefix("主管部门") }) else {
                draft.missingParts.append(("department", "主管部门 row"))
                return
            }
            var departmentCells: [String] = []
            var unitCells: [String] = []
            var inUnit = false
            let labelCell = row.cells[label]
            if let range = labelCell.range(of: "主管部门") { departmentCells.append(String(labelCell[range.upperBound...])) }
            for index in (label + 1)..<max(label + 1, row.cells.count) {
                let cell = row.cells[index]
                if !inUnit, let range = cell.range(of: "实施单位") {
                    departmentCells.append(String(cell[..<range.lowerBound]))
                    unitCells.append(String(cell[range.upperBound...]))
                    inUnit = true
                    continue
                }
                if inUnit { unitCells.append(cell) } else { departmentCells.append(cell) }
            }
            draft.form.lines["department"] = row.line
            draft.form.lines["unit"] = row.line
            if let split = Split(cells: departmentCells) { draft.department = (split, row.line) }
            if let split = Split(cells: unitCells) { draft.unit = (split, row.line) }
        }

        // MARK: Budget

        /// Dash-like glyphs OCR prints for a `-` cell.
        static let misreadDashes: Set<String> = ["ı", "l", "I", "|", "·", "•", "_", "一", "ー", "~", "～"]

        enum AmountCell {
            case empty
            case value(Money, misread: String?)
            case unreadable(String)

            var money: Money? {
                if case .value(let money, _) = self { return money }
                return nil
            }
        }

        static func amount(_ text: String, decimalsInTable: Bool) -> AmountCell {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .empty }
            if misreadDashes.contains(trimmed) || (trimmed == "1" && decimalsInTable) { return .value(.zero, misread: trimmed) }
            do {
                switch try AmountParser.parse(trimmed) {
                case .unknown: return .empty
                case .value(let money, _): return .value(money, misread: nil)
                }
            } catch {
                return .unreadable(trimmed)
            }
        }

        /// Whether a cell ends with a point and two digits (`\.\d\d$`).
        static func endsWithTwoDecimals(_ cell: String) -> Bool {
            let tail = Array(cell.suffix(3))
            return tail.count == 3 && tail[0] == "." && FormText.isDecimalDigit(tail[1]) && FormText.isDecimalDigit(tail[2])
        }

        /// Reads the funding table; returns the index (into `rows`) of its last row, or the form's start.
        mutating func readBudget() -> Int {
            let indices = (block.start...block.end).filter { !block.headers.contains($0) }
            guard let headerIndex = indices.first(where: { rows[$0].keys.contains { $0.has("年初预算数") } }) else {
                for field in ["initial_budget", "adjusted_budget", "executed"] {
                    draft.missing.append((field, "no 年初预算数 / 全年预算数 / 全年执行数 table"))
                }
                draft.missingParts.append(("initial_budget", "年初预算数 / 全年预算数 / 全年执行数 table"))
                return block.start
            }
            let header = rows[headerIndex]
            let initialColumn = header.index { $0.has("年初预算数") }!
            let adjustedColumn = header.index { $0.has("全年预算数") } ?? initialColumn + 1
            let executedColumn = header.index { $0.has("全年执行数") } ?? adjustedColumn + 1
            let above = indices.last { $0 < headerIndex }.map { rows[$0] }
            func scoreColumn(_ label: String, fallback: Int) -> Int {
                header.index { $0 == label } ?? above?.index { $0 == label } ?? fallback
            }
            let weightColumn = scoreColumn("分值", fallback: executedColumn + 1)
            let rateColumn = scoreColumn("执行率", fallback: executedColumn + 2)
            let scoreColumnIndex = scoreColumn("得分", fallback: executedColumn + 3)

            // The data rows: up to six rows after the header, until the goal or indicator section.
            var tableRows: [(index: Int, label: String)] = []
            for index in indices where index > headerIndex {
                let row = rows[index]
                if row.isBlank { continue }
                let label = row.keys.prefix(initialColumn).joined()
                if row.keys.contains(where: { $0.has("目标") || $0.has("一级指标") || $0.has("实际完成") }) { break }
                tableRows.append((index, label))
                if tableRows.count == 6 { break }
            }
            var lastIndex = headerIndex
            let amountColumns = [initialColumn, adjustedColumn, executedColumn]
            let decimalsInTable = tableRows.contains { entry in
                amountColumns.contains { Self.endsWithTwoDecimals(rows[entry.index].cell($0)) }
            }
            func find(_ match: (String) -> Bool) -> Row? {
                guard let entry = tableRows.first(where: { match($0.label) }) else { return nil }
                lastIndex = max(lastIndex, entry.index)
                return rows[entry.index]
            }
            let total = find { ($0.has("总额") || $0.has("合计")) && !$0.has("拨款") }
            let appropriation = find { $0.has("拨款") }
            let carryover = find { $0.has("结转") }
            let other = find { $0.has("其他") }
            if let last = tableRows.last { lastIndex = max(lastIndex, last.index) }

            // Unit label: (元) / (万元) in the table's cells.
            let labelRows = [above, header].compactMap { $0 } + tableRows.map { rows[$0.index] }
            for row in labelRows {
                for key in row.keys {
                    if key.has("(万元)") { draft.form.statedUnit = .wan }
                    else if key.has("(千元)") { draft.form.statedUnit = .thousand }
                    else if key.has("(元)") { draft.form.statedUnit = .yuan }
                    if draft.form.statedUnit != nil { draft.form.lines["amount_unit"] = row.line; break }
                }
                if draft.form.statedUnit != nil { break }
            }

            func triple(_ row: Row?, field: String) -> ColumnTriple? {
                guard let row else { return nil }
                var values: [Money?] = []
                for (column, name) in zip(amountColumns, ["年初预算数", "全年预算数", "全年执行数"]) {
                    switch Self.amount(row.cell(column), decimalsInTable: decimalsInTable) {
                    case .empty: values.append(nil)
                    case .value(let money, let misread):
                        values.append(money)
                        if let misread {
                            let rowLabel = row.cells.prefix(initialColumn).map(squeeze).filter { !$0.isEmpty }.joined(separator: " ")
                            draft.note(field, line: row.line, "the \(name) cell of \(quoted(rowLabel)) reads \(quoted(misread)), taken as a mis-OCR'd \"-\" (zero)")
                        }
                    case .unreadable(let text):
                        values.append(nil)
                        draft.note(field, line: row.line, "the \(name) cell reads \(quoted(text)), which is not an amount; left empty")
                    }
                }
                draft.form.lines[field] = row.line
                return ColumnTriple(initial: values[0], adjusted: values[1], executed: values[2])
            }
            draft.form.appropriation = triple(appropriation, field: "appropriation")
            draft.form.carryover = triple(carryover, field: "carryover")
            draft.form.otherFunds = triple(other, field: "other_funds")

            guard let total else {
                for field in ["initial_budget", "adjusted_budget", "executed"] {
                    draft.missing.append((field, "no 年度资金总额 row under the 年初预算数 / 全年预算数 / 全年执行数 header (line \(header.line))"))
                }
                draft.missingParts.append(("initial_budget", "年度资金总额 row"))
                return lastIndex
            }

            // Execution rate and score: on the total row, else in a detached 分值 / 执行率 / 得分 block.
            var weight = FormText.score(total.cell(weightColumn))
            var rateText = total.cell(rateColumn)
            var score = FormText.score(total.cell(scoreColumnIndex))
            var scoreLine = total.line
            draft.figureLines.insert(total.line)
            for row in [appropriation, carryover, other].compactMap({ $0 }) { draft.figureLines.insert(row.line) }
            if weight == nil && score == nil && Double(rateText.replacingOccurrences(of: "%", with: "")) == nil {
                rateText = ""
                draft.unfinished = ("execution_score", "the detached 分值 / 执行率 / 得分 block its 年度资金总额 row leaves out")
                for (n, index) in indices.enumerated() where index > headerIndex {
                    let keys = rows[index].keys.filter { !$0.isEmpty }
                    guard keys.count >= 3, keys[0] == "分值", keys[1] == "执行率", keys[2] == "得分",
                          n + 1 < indices.count else { continue }
                    let labelRow = rows[index], valueRow = rows[indices[n + 1]]
                    let columns = ["分值", "执行率", "得分"].map { label in labelRow.index { $0 == label } }
                    weight = FormText.score(valueRow.cell(columns[0]))
                    rateText = valueRow.cell(columns[1])
                    score = FormText.score(valueRow.cell(columns[2]))
                    scoreLine = valueRow.line
                    draft.figureLines.insert(valueRow.line)
                    draft.unfinished = nil
                    break
                }
            }
            draft.form.executionWeight = weight
            draft.form.executionScore = score
            let rateKey = rateText.replacingOccurrences(of: "%", with: "")
            draft.form.statedRateText = Double(rateKey) != nil ? rateText : nil
            if score != nil || weight != nil { draft.form.lines["execution_score"] = scoreLine }
            if draft.form.statedRateText != nil { draft.form.lines["execution_rate"] = scoreLine }

            let fields = [("initial_budget", "年初预算数", initialColumn), ("adjusted_budget", "全年预算数", adjustedColumn),
                          ("executed", "全年执行数", executedColumn)]
            var figures: [Money?] = []
            for (field, name, column) in fields {
                draft.form.lines[field] = total.line
                switch Self.amount(total.cell(column), decimalsInTable: decimalsInTable) {
                case .empty:
                    figures.append(nil)
                    draft.missing.append((field, "the \(name) cell of 年度资金总额 (line \(total.line)) is empty"))
                case .unreadable(let text):
                    figures.append(nil)
                    draft.missing.append((field, "the \(name) cell of 年度资金总额 (line \(total.line)) reads \(quoted(text)), which is not an amount"))
                case .value(let money, let misread):
                    guard let misread else { figures.append(money); break }
                    let zeroRate = draft.form.statedRate == 0
                    let zeroScore = score?.value == 0
                    if field == "executed" && !zeroRate && !zeroScore {
                        figures.append(nil)
                        draft.missing.append((field, "the \(name) cell of 年度资金总额 (line \(total.line)) reads \(quoted(misread)); the printed 执行率 / 得分 do not confirm it as zero"))
                    } else {
                        figures.append(money)
                        let confirmation = field == "executed"
                            ? ", as the printed \(zeroRate ? "执行率 \(rateText)" : "得分 \(score?.text ?? "")") confirms" : ""
                        draft.note(field, line: total.line, "the \(name) cell of 年度资金总额 reads \(quoted(misread)), taken as a mis-OCR'd \"-\" (zero)\(confirmation)")
                    }
                }
            }
            draft.form.initialBudget = figures[0]
            draft.form.adjustedBudget = figures[1]
            draft.form.executed = figures[2]
            return lastIndex
        }

        /// A `(万元)` label: converted unless an indicator in 万元 shows the figures are 元 (see the type's documentation).
        mutating func decideUnit() {
            guard let unit = draft.form.statedUnit, unit != .yuan else { return }
            let figures = [draft.form.initialBudget, draft.form.adjustedBudget, draft.form.executed].compactMap { $0 }.filter { $0.fen > 0 }
            let line = draft.form.lines["amount_unit"] ?? draft.form.startLine
            if unit == .wan {
                for indicator in draft.form.indicators {
                    for text in [indicator.target, indicator.actual].compactMap({ $0 }) {
                        guard let wan = Self.wanAmount(in: text),
                              let match = figures.first(where: { abs($0.yuanValue - wan * 10_000) <= 0.01 * $0.yuanValue }) else { continue }
                        draft.note("amount_unit", line: line, "the funding table is labelled (万元), but its figures are plainly 元: the indicator \(quoted(indicator.level3)) says \(quoted(text)), and \(match.groupedText) read as 元 is \(String(format: "%g", match.yuanValue / 10_000)) 万元 (as 万元 it would be \(String(format: "%g", match.yuanValue / 10_000)) 亿元); amounts kept in 元 as printed")
                        return
                    }
                }
            }
            func scaled(_ money: Money?) -> Money? { money.map { Money(fen: $0.fen * unit.yuanPerUnit) } }
            func scaled(_ triple: ColumnTriple?) -> ColumnTriple? {
                triple.map { ColumnTriple(initial: scaled($0.initial), adjusted: scaled($0.adjusted), executed: scaled($0.executed)) }
            }
            draft.form.initialBudget = scaled(draft.form.initialBudget)
            draft.form.adjustedBudget = scaled(draft.form.adjustedBudget)
            draft.form.executed = scaled(draft.form.executed)
            draft.form.appropriation = scaled(draft.form.appropriation)
            draft.form.carryover = scaled(draft.form.carryover)
            draft.form.otherFunds = scaled(draft.form.otherFunds)
            draft.note("amount_unit", line: line, "the funding table is labelled (\(unit == .wan ? "万元" : "千元")); figures converted to 元")
        }

        /// The number before `万元` / `万` in a text such as `≤5.6万元`.
        static func wanAmount(in text: String) -> Double? {
            // The leftmost match of `(\d+(?:\.\d+)?)\s*万`.
            let characters = Array(text)
            func digitsEnd(from start: Int) -> Int {
                var end = start
                while end < characters.count, FormText.isDecimalDigit(characters[end]) { end += 1 }
                return end
            }
            func wanFollows(_ index: Int) -> Bool {
                var next = index
                while next < characters.count, characters[next].isWhitespace { next += 1 }
                return next < characters.count && characters[next] == "万"
            }
            for start in characters.indices where FormText.isDecimalDigit(characters[start]) {
                let integerEnd = digitsEnd(from: start)
                if integerEnd + 1 < characters.count, characters[integerEnd] == ".",
                   FormText.isDecimalDigit(characters[integerEnd + 1]) {
                    let fractionEnd = digitsEnd(from: integerEnd + 1)
                    if wanFollows(fractionEnd) { return Double(String(characters[start..<fractionEnd])) }
                }
                if wanFollows(integerEnd) { return Double(String(characters[start..<integerEnd])) }
            }
            return nil
        }

        // MARK: Goal

        /// 年度总体目标: the row whose first cell is the label (`年度总体目标`, or `目标` under a `年度总体` row); its
        /// text cells form runs separated by empty cells; runs without a CJK character are noise. Two runs are the
        /// expected goal and what was achieved; anything else is not recoverable and left empty.
        mutating func readGoal(from budgetEnd: Int, to indicatorStart: Int) {
            guard budgetEnd < indicatorStart else { return }
            for index in (budgetEnd + 1)..<indicatorStart where !block.headers.contains(index) {
                let row = rows[index]
                let first = row.key(0)
                guard first == "目标" || first.hasSuffix("总体目标") else { continue }
                if row.keys.contains(where: { $0.has("预期目标") }) { continue }
                var runs: [[String]] = [[]]
                for cell in row.cells.dropFirst() {
                    if cell.isEmpty { if !runs[runs.count - 1].isEmpty { runs.append([]) } } else { runs[runs.count - 1].append(cell) }
                }
                let texts = runs.filter { $0.contains { $0.contains(where: isCJK) } }.map { $0.map(squeeze).joined() }
                if texts.count == 2 {
                    draft.form.goalExpected = texts[0]
                    draft.form.goalAchieved = texts[1]
                    draft.form.lines["goal"] = row.line
                }
                return
            }
        }

        // MARK: Indicators

        static let level2Labels: [(label: String, level1: String, order: Int)] = [
            ("数量指标", "产出指标", 0), ("质量指标", "产出指标", 1), ("时效指标", "产出指标", 2), ("成本指标", "产出指标", 3),
            ("经济效益指标", "效益指标", 4), ("社会效益指标", "效益指标", 5), ("生态效益指标", "效益指标", 6),
            ("可持续影响指标", "效益指标", 7), ("服务对象满意度指标", "满意度指标", 8), ("满意度指标", "满意度指标", 8),
        ]
        static let level1Labels = ["产出指标", "效益指标", "满意度指标"]

        /// `key` without its `(N分)` marks (`\(\d+分\)`): `产出指标(50分)` → `产出指标`.
        static func removingPoints(_ key: String) -> String {
            guard key.has("分)") else { return key }
            let characters = Array(key)
            var out: [Character] = []
            var index = 0
            while index < characters.count {
                if characters[index] == "(" {
                    var next = index + 1
                    while next < characters.count, FormText.isDecimalDigit(characters[next]) { next += 1 }
                    if next > index + 1, next + 1 < characters.count, characters[next] == "分", characters[next + 1] == ")" {
                        index = next + 2
                        continue
                    }
                }
                out.append(characters[index])
                index += 1
            }
            return String(out)
        }

        /// A level-2 label in a label cell: exact, or a unique prefix of one (`经` for 经济效益指标; not a prefix of a
        /// level-1 label).
        static func level2Label(_ key: String) -> Int? {
            let text = Self.removingPoints(key)
            guard !text.isEmpty else { return nil }
            if let exact = level2Labels.firstIndex(where: { $0.label == text }) { return exact }
            guard text.allSatisfy(isCJK) else { return nil }
            let candidates = level2Labels.indices.filter { level2Labels[$0].label.hasPrefix(text) }
            let orders = Set(candidates.map { level2Labels[$0].order })
            guard orders.count == 1, !level1Labels.contains(where: { $0.hasPrefix(text) && $0 != "满意度指标" }) else { return nil }
            return candidates.first
        }

        /// Reads the indicator table; returns the index (into `rows`) of its header, or the form's end + 1.
        mutating func readIndicators(after budgetEnd: Int) -> Int {
            let indices = (block.start...block.end).filter { !block.headers.contains($0) && $0 > budgetEnd }
            guard let headerIndex = indices.first(where: { rows[$0].keys.contains { $0.has("年度指标值") } }) else {
                draft.missing.append(("total_score", "no indicator table (年度指标值 header), so no 总分 row"))
                draft.missingParts.append(("indicators", "indicator table (年度指标值 header)"))
                return block.end + 1
            }
            let header = rows[headerIndex]
            let target = header.index { $0.has("年度指标值") }!
            let level3 = target - 1, level2 = target - 2, level1 = target - 3
            let actual = header.index { $0.has("实际完成值") } ?? target + 1
            let weightColumn = header.index { $0 == "分值" }
            let scoreColumn = header.index { $0 == "得分" }
            let reasonColumn = header.index { $0.has("偏差原因") } ?? scoreColumn.map { $0 + 1 }

            var tableRows: [Row] = []
            var totalRow: Row?
            var afterTable = headerIndex
            for index in indices where index > headerIndex {
                let row = rows[index]
                afterTable = index
                if row.isBlank { continue }
                if row.keys.contains(where: { $0.has("总分") }) { totalRow = row; break }
                let name = row.cell(level3), targetText = row.cell(target)
                if name.isEmpty && targetText.isEmpty {
                    let numbers = row.cells.compactMap { FormText.score($0) }
                    if !numbers.isEmpty && row.cells.prefix(max(level3, 0)).allSatisfy({ $0.isEmpty || isNoiseCell($0) }) {
                        totalRow = row
                        break
                    }
                    continue
                }
                tableRows.append(row)
            }

            var indicators: [Indicator] = tableRows.map { row in
                let reason = reasonColumn.map { column in
                    row.cells.indices.filter { $0 >= column }.map { squeeze(row.cells[$0]) }.filter { !$0.isEmpty }.joined(separator: " ")
                }
                return Indicator(
                    level1: "", level2: "", level3: squeeze(row.cell(level3)),
                    target: Self.text(row.cell(target)), actual: Self.text(row.cell(actual)),
                    weight: weightColumn.flatMap { FormText.score(row.cell($0)) },
                    score: scoreColumn.flatMap { FormText.score(row.cell($0)) },
                    deviationReason: reason.flatMap { $0.isEmpty ? nil : $0 })
            }
            assignLevels(&indicators, rows: tableRows, level1Column: level1, level2Column: level2)

            // Total row: its last two numbers are the weight total and the score total.
            if let totalRow {
                let numbers = totalRow.cells.compactMap { FormText.score($0) }
                draft.form.lines["total_score"] = totalRow.line
                draft.closingLine = totalRow.line
                if numbers.count >= 2 {
                    draft.form.totalScore = numbers[numbers.count - 1]
                } else if numbers.count == 1 {
                    draft.note("total_score", line: totalRow.line, "the 总分 row prints one figure (\(numbers[0].text)); it is not known whether it is the weight total or the score total: left empty")
                }
            }

            // Detached 分值 / 得分 block (the sheet's right columns printed below the table).
            if weightColumn == nil || scoreColumn == nil {
                let later = (block.start...block.end).filter { !block.headers.contains($0) && $0 > afterTable }
                if let labelPosition = later.firstIndex(where: { index in
                    let keys = rows[index].keys.filter { !$0.isEmpty }
                    return keys.count >= 2 && keys[0] == "分值" && keys[1] == "得分"
                }) {
                    let labelRow = rows[later[labelPosition]]
                    let weightAt = labelRow.index { $0 == "分值" }, scoreAt = labelRow.index { $0 == "得分" }
                    var pairs: [(Score?, Score?, Int)] = []
                    for index in later[(labelPosition + 1)...] {
                        let row = rows[index]
                        let weight = FormText.score(row.cell(weightAt)), score = FormText.score(row.cell(scoreAt))
                        if weight == nil && score == nil { if row.isBlank && pairs.isEmpty { continue } else { break } }
                        pairs.append((weight, score, row.line))
                    }
                    draft.figureLines.formUnion(pairs.map(\.2))
                    if pairs.count == indicators.count || pairs.count == indicators.count + 1 {
                        for n in indicators.indices {
                            indicators[n].weight = pairs[n].0
                            indicators[n].score = pairs[n].1
                        }
                        if pairs.count == indicators.count + 1, draft.form.totalScore == nil, let score = pairs.last?.1 {
                            draft.form.totalScore = score
                            draft.form.lines["total_score"] = pairs.last!.2
                        }
                        draft.form.lines["indicator_scores"] = labelRow.line
                        if pairs.count == indicators.count {
                            draft.unfinished = ("total_score", "the total of its detached 分值 / 得分 block (line \(labelRow.line))")
                        }
                    } else {
                        draft.note("indicators", line: labelRow.line, "the detached 分值 / 得分 block has \(pairs.count) rows for \(indicators.count) indicators; weights and scores left empty")
                        draft.unfinished = ("indicators", "the rest of its detached 分值 / 得分 block (line \(labelRow.line): \(pairs.count) rows for \(indicators.count) indicators)")
                    }
                } else {
                    draft.unfinished = ("indicators", "the detached 分值 / 得分 block its indicator table leaves out")
                }
            }
            if totalRow == nil {
                draft.missing.append(("total_score", "the indicator table (header on line \(header.line)) has no 总分 row"))
                draft.missingParts.append(("total_score", "总分 row"))
            } else if draft.form.totalScore == nil {
                let line = totalRow!.line
                draft.note("total_score", line: line, "the 总分 row (line \(line)) prints no figures (cut off); the total is left to be computed")
            }
            draft.form.indicators = indicators
            draft.indicatorLines = tableRows.map(\.line)
            draft.figureLines.formUnion(tableRows.map(\.line))
            if let first = tableRows.first { draft.form.lines["indicators"] = first.line }
            return headerIndex
        }

        static func text(_ cell: String) -> String? {
            let squeezed = squeeze(cell)
            return squeezed.isEmpty ? nil : squeezed
        }

        /// Level-2 labels are merged cells whose text the OCR prints on one row of the group: on the first row
        /// (the table's first row carries a label) or about the middle (it does not). Unlabelled rows take the label
        /// above (top-aligned) or the nearest one, above on ties (centred). Rows between two labels that are not
        /// consecutive in the standard order (数量 质量 时效 成本 经济效益 社会效益 生态效益 可持续影响 满意度) may belong to
        /// the missing group: their level 2 is left empty, level 1 taken only when both neighbours agree.
        mutating func assignLevels(_ indicators: inout [Indicator], rows tableRows: [Row], level1Column: Int, level2Column: Int) {
            var anchors: [Int: Int] = [:]
            for (n, row) in tableRows.enumerated() {
                if let label = Self.level2Label(row.key(level2Column)) ?? Self.level2Label(row.key(level1Column)) {
                    anchors[n] = label
                }
            }
            let topAligned = anchors[0] != nil
            // The nearest anchor at or above each row, and at or below it, found in one pass each way.
            var above = [Int?](repeating: nil, count: indicators.count)
            var below = [Int?](repeating: nil, count: indicators.count)
            var last: Int?
            for n in indicators.indices {
                if anchors[n] != nil { last = n }
                above[n] = last
            }
            last = nil
            for n in indicators.indices.reversed() {
                if anchors[n] != nil { last = n }
                below[n] = last
            }
            var unknown: [Int] = []
            for n in indicators.indices {
                let previous = above[n]
                let next = below[n]
                var label: Int?
                switch (previous, next) {
                case (nil, nil): label = nil
                case (let p?, nil): label = anchors[p]
                case (nil, let q?): label = anchors[q]
                case (let p?, let q?):
                    let above = Self.level2Labels[anchors[p]!], below = Self.level2Labels[anchors[q]!]
                    if p == n { label = anchors[p] }
                    else if below.order - above.order > 1 || below.order < above.order {
                        label = nil
                        if above.level1 == below.level1 { indicators[n].level1 = above.level1 }
                    } else if topAligned || n - p <= q - n {
                        label = anchors[p]
                    } else {
                        label = anchors[q]
                    }
                }
                if let label {
                    indicators[n].level2 = Self.level2Labels[label].label
                    indicators[n].level1 = Self.level2Labels[label].level1
                } else {
                    unknown.append(tableRows[n].line)
                }
            }
            if !unknown.isEmpty {
                draft.note("indicators", line: unknown[0], "the level-2 label (二级指标) of the indicator rows on line(s) \(unknown.map(String.init).joined(separator: ", ")) is not printed legibly and cannot be told from the neighbouring labels (a group of the standard order is missing between them); left empty")
            }
        }

        // MARK: Year

        /// A key that is only `20xx年度`, perhaps in brackets (`\(?20\d\d年度\)?`).
        static func isYearLabel(_ key: String) -> Bool {
            var characters = Array(key)
            if characters.first == "(" { characters.removeFirst() }
            if characters.last == ")" { characters.removeLast() }
            guard characters.count == 6, let found = FormText.firstYearNiandu(in: String(characters)) else { return false }
            return found.range == 0..<6
        }

        mutating func findYear() {
            func years(in text: String) -> [Int] { FormText.yearsBeforeNian(in: text) }
            // Tier 1: a title / 年度 label: `(20\d\d)年度` in a cell that names the 自评表 or is only that label.
            for index in block.start...block.end {
                for (cell, labelKey) in zip(rows[index].cells, rows[index].keys) where labelKey.has("年度") {
                    let key = FormText.matchKey(cell)
                    guard let found = FormText.firstYearNiandu(in: key) else { continue }
                    if key.has("自评表") || Self.isYearLabel(key) {
                        draft.yearEvidence = (found.year, 1, rows[index].line)
                        return
                    }
                }
            }
            func mostFrequent(_ found: [(Int, Int)]) -> (Int, Int)? {
                var counts: [Int: Int] = [:]
                for (year, _) in found { counts[year, default: 0] += 1 }
                guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) else { return nil }
                return found.first { $0.0 == best.key }
            }
            // Tier 2: indicator targets and the expected goal.
            var found: [(Int, Int)] = []
            for (indicator, line) in zip(draft.form.indicators, draft.indicatorLines) {
                for year in years(in: indicator.target ?? "") { found.append((year, line)) }
            }
            if let goal = draft.form.goalExpected {
                for year in years(in: goal) { found.append((year, draft.form.lines["goal"] ?? draft.form.startLine)) }
            }
            if let best = mostFrequent(found) {
                draft.yearEvidence = (best.0, 2, best.1)
                return
            }
            // Tier 3: anywhere in the form (name rows excluded).
            for index in (block.start...block.end) where !block.headers.contains(index) {
                for cell in rows[index].cells { for year in years(in: cell) { found.append((year, rows[index].line)) } }
            }
            if let best = mostFrequent(found) { draft.yearEvidence = (best.0, 3, best.1) }
        }

    }
}

// MARK: - File-wide rules

extension SelfEvaluationTableParser {
    /// Rules 1–3 for 主管部门 and 实施单位.
    static func resolveDepartmentsAndUnits(_ drafts: inout [Draft]) {
        for field in ["department", "unit"] {
            func get(_ draft: Draft) -> (split: Split, line: Int)? { field == "department" ? draft.department : draft.unit }
            var readings: [Split?] = drafts.map { get($0)?.split }
            var steps: [[String]] = Array(repeating: [], count: drafts.count)
            for n in readings.indices {
                guard var split = readings[n] else { continue }
                let duplicates = split.dropDuplicatesAtBorders()
                if !duplicates.isEmpty { steps[n].append("\(duplicates.map(quoted).joined(separator: ", ")) read on both sides of a cell border, kept once") }
                let stray = split.trimStrayPunctuation()
                if !stray.isEmpty { steps[n].append("stray \(stray.map(quoted).joined(separator: ", ")) dropped") }
                if !split.dropped.isEmpty { steps[n].append("noise cell(s) \(split.dropped.map(quoted).joined(separator: ", ")) dropped") }
                readings[n] = split
            }
            let consensus = shared(readings.compactMap { $0?.text }, minimum: 2)
            let consensusCount = consensus.map { consensus in readings.filter { $0?.text == consensus }.count } ?? 0
            for n in drafts.indices {
                guard let split = readings[n], let line = get(drafts[n])?.line else { continue }
                var value = split.text
                if let consensus, value != consensus, isDamagedCopy(split, of: Array(consensus)) {
                    steps[n].append("\(quoted(value)) is a cut or garbled copy of \(quoted(consensus)), which \(consensusCount) forms of the file print: taken as that")
                    value = consensus
                }
                let label = field == "department" ? "主管部门" : "实施单位"
                if field == "department" { drafts[n].form.department = NameKey.displayName(value) } else { drafts[n].form.unit = NameKey.displayName(value) }
                if get(drafts[n])!.split.borders.count > 0 && steps[n].isEmpty {
                    steps[n].append("joined")
                }
                if !steps[n].isEmpty {
                    drafts[n].note(field, line: line, "\(label) read as \(quoted(get(drafts[n])!.split.asRead)); \(steps[n].joined(separator: "; ")): \(quoted(value))")
                }
            }
        }
    }

    /// Rules 1–6 for 项目名称.
    static func resolveProjects(_ drafts: inout [Draft], corpus: Bigrams) {
        struct Work {
            var split: Split
            var line: Int
            var asRead: String
            var steps: [String] = []
        }
        // Rules 1, 2 and stray punctuation, per reading.
        var works: [[Work]] = drafts.map { draft in
            draft.readings.map { reading in
                var work = Work(split: reading.split, line: reading.line, asRead: reading.split.asRead)
                if !work.split.dropped.isEmpty { work.steps.append("noise cell(s) \(work.split.dropped.map(quoted).joined(separator: ", ")) dropped") }
                let duplicates = work.split.dropDuplicatesAtBorders()
                if !duplicates.isEmpty { work.steps.append("\(duplicates.map(quoted).joined(separator: ", ")) read on both sides of a cell border, kept once") }
                let stray = work.split.trimStrayPunctuation()
                if !stray.isEmpty { work.steps.append("stray \(stray.map(quoted).joined(separator: ", ")) dropped") }
                return work
            }
        }
        func prefix(_ split: Split) -> String? { split.prefixEnd.map { String(split.chars[..<$0]) } }
        let unitKeys = drafts.map { $0.form.unit.map(NameKey.matchKey) ?? "" }

        // Rule 3: the project prefix shared by other forms of the same unit. The prefixes of every unit are
        // counted once (each form counts a prefix once) and kept up to date as forms are repaired, in file order;
        // a form's own prefixes are taken off its unit's counts.
        var damaged = drafts.indices.map { n in Set(drafts[n].readings.map { String($0.split.chars) }).count > 1 }
        func ownPrefixes(_ n: Int) -> Set<String> { Set(works[n].compactMap { prefix($0.split) }) }
        var prefixCounts: [String: [String: Int]] = [:]
        for n in drafts.indices {
            for text in ownPrefixes(n) { prefixCounts[unitKeys[n], default: [:]][text, default: 0] += 1 }
        }
        for n in drafts.indices {
            let before = ownPrefixes(n)
            var counts = prefixCounts[unitKeys[n]] ?? [:]
            for text in before { counts[text, default: 0] -= 1 }
            let candidates = counts.filter { $0.value >= 2 }.keys.sorted()
            defer {
                let after = ownPrefixes(n)
                if after != before {
                    for text in before { prefixCounts[unitKeys[n]]![text, default: 0] -= 1 }
                    for text in after { prefixCounts[unitKeys[n], default: [:]][text, default: 0] += 1 }
                }
            }
            for r in works[n].indices {
                guard let end = works[n][r].split.prefixEnd else { continue }
                let head = String(works[n][r].split.chars[..<end])
                guard !candidates.contains(head) else { continue }
                var headSplit = works[n][r].split
                headSplit.chars = Array(headSplit.chars[..<end])
                headSplit.borders = headSplit.borders.filter { $0 < end }
                let matches = candidates.filter { isDamagedCopy(headSplit, of: Array($0)) }
                guard matches.count == 1, let shared = matches.first else { continue }
                works[n][r].split.chars.replaceSubrange(..<end, with: Array(shared))
                let shift = shared.count - end
                works[n][r].split.borders = works[n][r].split.borders.compactMap { $0 >= end ? $0 + shift : nil }
                works[n][r].steps.append("prefix \(quoted(head)) repaired to \(quoted(shared)), the prefix \(counts[shared]!) other forms of the same file and unit share (same tail)")
                damaged[n] = true
            }
        }

        // Rule 4: a glyph cut by a border inside the part after the prefix.
        for n in drafts.indices {
            for r in works[n].indices {
                var split = works[n][r].split
                let start = (split.prefixEnd ?? -1) + 1
                for border in split.borders.sorted(by: >) where border - 1 >= start && border < split.chars.count {
                    let left = split.chars[border - 1], right = split.chars[border]
                    guard isCJK(left), isCJK(right), !corpus.contains(left, right) else { continue }
                    if damaged[n] {
                        works[n][r].steps.append("\(quoted("\(left)|\(right)")) across a cell border occurs nowhere else in the file: one glyph cut by the border and read twice, the left reading \(quoted(String(left))) dropped")
                        split.remove(at: border - 1)
                    } else {
                        works[n][r].steps.append("\(quoted("\(left)|\(right)")) across a cell border occurs nowhere else in the file and may be one glyph cut by the border; kept as read")
                    }
                }
                works[n][r].split = split
            }
        }

        // Rule 5: a damaged name's cut last character. What the other names of a unit say of a character (which
        // characters follow it, how many names end with it, how many have it second to last) is summed per unit
        // once; a form's own name is taken off its unit's sums.
        let names = works.map { $0.map { $0.split.text } }
        let longest = names.map { $0.max { $0.count < $1.count }.map(Array.init) }
        var stats: [String: [Character: CharacterStats]] = [:]
        for n in drafts.indices where damaged[n] {
            stats[unitKeys[n]] = [:]
        }
        if !stats.isEmpty {
            for n in drafts.indices where stats[unitKeys[n]] != nil {
                guard let chars = longest[n] else { continue }
                CharacterStats.add(chars, to: &stats[unitKeys[n]]!, sign: 1)
            }
        }
        for n in drafts.indices where damaged[n] {
            let unit = unitKeys[n]
            if let own = longest[n] { CharacterStats.add(own, to: &stats[unit]!, sign: -1) }
            defer { if let own = longest[n] { CharacterStats.add(own, to: &stats[unit]!, sign: 1) } }
            for r in works[n].indices {
                guard let last = works[n][r].split.chars.last else { continue }
                let entry = stats[unit]![last] ?? CharacterStats()
                let followers = entry.followers.filter { $0.value > 0 }.keys
                let endings = entry.secondToLast
                let endsWithIt = entry.last > 0
                guard endings >= 2, followers.count == 1, !endsWithIt, let completion = followers.first else { continue }
                works[n][r].split.chars.append(completion)
                works[n][r].steps.append("ends with \(quoted(String(last))), which in the \(endings) other names of the same file and unit ending with \(quoted(String([last, completion]))) is always followed by \(quoted(String(completion))): the last character was cut at the cell's edge, completed")
            }
        }

        // Rule 6: the longest repaired reading.
        for n in drafts.indices {
            guard let best = works[n].indices.max(by: { works[n][$0].split.chars.count < works[n][$1].split.chars.count || (works[n][$0].split.chars.count == works[n][$1].split.chars.count && $0 > $1) }) else {
                drafts[n].note("project", line: drafts[n].form.startLine, "the 项目名称 cells are empty or noise")
                continue
            }
            let chosen = works[n][best]
            let name = NameKey.displayName(chosen.split.text)
            drafts[n].form.project = name
            drafts[n].form.lines["project"] = chosen.line
            var parts: [String] = []
            for work in works[n] {
                var part = "line \(work.line) reads \(quoted(work.asRead))"
                if !work.steps.isEmpty { part += ": " + work.steps.joined(separator: "; ") }
                if works[n].count > 1 { part += " → \(quoted(work.split.text))" }
                parts.append(part)
            }
            let readAsJoined = works[n].count == 1 && works[n][0].split.borders.isEmpty && works[n][0].steps.isEmpty
                && !works[n][0].asRead.contains("|")
            if !readAsJoined {
                let choice = works[n].count > 1 ? "; the page-repeat readings kept: the longest" : ""
                drafts[n].note("project", line: chosen.line, "项目名称 \(parts.joined(separator: "; "))\(choice); name taken as \(quoted(name))")
            }
        }
    }

    /// What the names of a unit say of one character, for rule 5: how often each character follows it, how many
    /// names end with it, how many have it second to last.
    struct CharacterStats {
        var followers: [Character: Int] = [:]
        var last = 0
        var secondToLast = 0

        /// Adds (`sign` 1) or takes off (−1) one name's evidence.
        static func add(_ chars: [Character], to stats: inout [Character: CharacterStats], sign: Int) {
            for i in chars.indices {
                if i + 1 < chars.count {
                    stats[chars[i], default: CharacterStats()].followers[chars[i + 1], default: 0] += sign
                } else {
                    stats[chars[i], default: CharacterStats()].last += sign
                }
            }
            if chars.count >= 2 { stats[chars[chars.count - 2], default: CharacterStats()].secondToLast += sign }
        }
    }

    /// The year: the form's own evidence, else the year most forms of the file gave.
    static func resolveYears(_ drafts: inout [Draft]) {
        let found = drafts.compactMap { $0.yearEvidence?.year }
        let fileYear = shared(found.map(String.init), minimum: 1).flatMap { Int($0) }
        let fileYearCount = fileYear.map { year in found.filter { $0 == year }.count } ?? 0
        for n in drafts.indices {
            if let evidence = drafts[n].yearEvidence {
                drafts[n].form.year = evidence.year
                drafts[n].form.lines["year"] = evidence.line
            } else if let fileYear {
                drafts[n].form.year = fileYear
                drafts[n].note("year", line: drafts[n].form.startLine, "the form prints no year (no 年度 label, no 20xx年 in its cells); taken as \(fileYear), the year \(fileYearCount) other form(s) of the file print")
            } else {
                drafts[n].note("year", line: drafts[n].form.startLine, "no year is printed on this form or any other form of the file")
            }
        }
    }
}
