import BudgetCore
import Foundation

/// Reads 财政项目支出绩效自评表 extracted from PDF as plain text (seed `001_…`): one form per title, table rows
/// wrapped over several lines, cells broken across lines and interleaved with their neighbours.
///
/// The parser works from the family's labels and table structure, never from line numbers or names:
///
/// - **Forms.** Every title line (财政项目支出绩效自评表, perhaps with its year) starts a form, which runs to the
///   next title; ``ParsedForm/endLine`` is its last non-blank line. Figure problems name the form's first line.
/// - **Header.** `项目名称`, `主管部门`, `实施单位` are labels; the text between one label and the next (or
///   `项目资金`) is the value, joined across line breaks without separator. The year is the four digits before
///   `年度` in the header (`(2022 年度)`); the money unit is the parenthesised label after `项目资金` (`（元）`).
///   Amounts are read as printed: a `(万元)` label is recorded in ``ParsedForm/statedUnit`` and left to
///   ``FormChecks`` (which warns), as for the other families.
/// - **年度资金总额.** The columns are the order of `年初预算数 全年预算数 全年执行数 分值 执行率 得分` in the
///   header. A row with all six cells maps one to one. A row with cells missing is aligned on its rate cell
///   (the one ending in `%`): the cell before it is 分值, the cells after it 得分, the cells before 分值 the
///   amounts. If only two amounts print, they are 全年预算数 and 全年执行数 when the second ÷ the first is the
///   printed rate, else 年初预算数 and 全年预算数. A required amount (年初预算数, 全年预算数, 全年执行数) that is
///   not printed, reads `无` or is not an amount is a ``FormProblem`` and the form is not returned.
/// - **Funding split** (其中：当年财政拨款 / 上年结转资金 / 其他资金). The first three cells are the amount columns in
///   header order. When one split row prints a dash after its three amounts, the template has a dash placeholder
///   in the 分值 column; then a trailing dash after fewer than three amounts is that placeholder and the missing
///   right-hand cells are taken as empty (nil), with a note. (So `上年结转资金 0 0 —` is 0 / 0 / empty.)
/// - **年度总体目标.** The lines between `预期目标 实际完成情况` and the indicator header. 预期目标 is printed in a
///   wide column, 实际完成情况 in a narrow one. The split is the first blank line after which every line is
///   narrower than the widest line before it; failing that, the narrow column's width (learnt from the file's
///   other forms) separates them. Best effort, with a note when the blank-line rule did not apply.
/// - **Indicators.** A row's *score line* is a line ending in two numbers (分值 得分, both ≤ 100), optionally
///   followed by text (the middle of its 偏差原因); before the two numbers are 0–3+ cells: 实际完成值 (1),
///   年度指标值 and 实际完成值 (2), the 三级指标 name too (3+). 一级/二级指标 labels (产出指标, 数量指标, …) set
///   the levels of the next score line. The other lines between two score lines are shared out:
///   1. the deviation reason of the previous row, when it lost points or printed text after its score: the lines
///      up to the first label line, through a line ending a sentence (`。`), no wider than the deviation column;
///   2. the head of this row's deviation reason, when the score line prints a tail: the run of lines just
///      before this row's labels (or before the score line), no wider than the deviation column;
///   3. the rest, in order, 三级指标 then 年度指标值 then 实际完成值 for the cells not on the score line; a
///      line that fills its column continues the cell, a shorter one ends it.
///   Column widths (deviation, 三级指标) are learnt from the file's unambiguous rows, and only once a cell of the
///   column wrapped (else the first line is taken as the whole cell). Lines are joined without separator.
///   Every decision of 2 and 3 beyond the plain case is a note (field `indicators`, naming the lines).
///   Limitation: a row that kept its full score and prints no text after its scores is taken to have no
///   deviation reason, so text below it goes to the next row.
public enum SelfEvaluationTextParser {
    static let title = "财政项目支出绩效自评表"
    static let totalRowLabel = "年度资金总额"

    /// True when the text looks like this family (财政项目支出绩效自评表 title, 年度资金总额 row, not tab-separated).
    public static func recognizes(_ lines: [String]) -> Bool {
        var hasTitle = false
        var hasTotalRow = false
        var nonBlank = 0
        var tabbed = 0
        for line in lines {
            if isTitle(line.trimmingCharacters(in: .whitespacesAndNewlines)) { hasTitle = true }
            if line.contains(totalRowLabel) {
                if line.contains("\t") { return false }
                hasTotalRow = true
            }
            if !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                nonBlank += 1
                if line.contains("\t") { tabbed += 1 }
            }
        }
        return hasTitle && hasTotalRow && tabbed * 10 < max(nonBlank, 1)
    }

    /// Whether a line is this family's title (and not tab-separated OCR).
    public static func marks(_ line: String) -> Bool {
        line.has("自评表") && !line.utf8.contains(0x09) && isTitle(FormText.trimmingWhitespace(line))
    }

    /// Splits the file into forms (one per title 财政项目支出绩效自评表) and reads each. `lines` are the file's
    /// lines, line k at index k-1, without line ends.
    public static func parse(_ lines: [String]) -> FormParseResult { parse(lines, progress: nil) }

    /// ``parse(_:)``, telling `progress` how many of the file's forms have been read (done, total).
    static func parse(_ lines: consuming [String], progress: FormProgress?) -> FormParseResult {
        let openLine = FormText.openLastLine(lines)
        let all = lines.enumerated().map { TextLine(number: $0.offset + 1, raw: $0.element) }
        _ = consume lines
        let starts = all.indices.filter { isTitle(all[$0].text) }
        var sections: [FormSection] = []
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : all.count
            sections.append(FormSection(lines: Array(all[start..<end])))
        }
        let widths = ColumnWidths.estimate(sections)
        var result = FormParseResult()
        for (n, section) in sections.enumerated() {
            let (form, problems) = read(section, widths: widths, isLast: n == sections.count - 1, openLine: openLine)
            if problems.isEmpty { result.forms.append(form) } else { result.problems += problems }
            progress?(n + 1, sections.count)
        }
        return result
    }

    /// A title line: 财政项目支出绩效自评表, perhaps with the year around it, not a sentence that mentions it.
    static func isTitle(_ text: String) -> Bool {
        text.has(title) && text.count <= title.count + 14
    }

    // MARK: - Lines

    /// One line of the file: its 1-based number, its text trimmed (NBSP included), its whitespace-separated tokens.
    struct TextLine {
        let number: Int
        let text: String
        let tokens: [String]
        let width: Int

        init(number: Int, raw: String) {
            self.init(number: number, text: FormText.trimmingWhitespace(raw))
        }

        /// `text` with its whitespace (NBSP, ideographic space) trimmed and each inner run made one space.
        init(number: Int, text: String) {
            self.number = number
            self.tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
            self.text = tokens.joined(separator: " ")
            self.width = DisplayWidth.of(self.text)
        }

        var isBlank: Bool { text.isEmpty }
        var endsSentence: Bool { text.last.map { "。！？；!?;".contains($0) } ?? false }
    }


    static func joined(_ lines: [TextLine]) -> String { lines.map(\.text).joined() }

    static func isDash(_ token: String) -> Bool {
        ["-", "—", "–", "－", "--", "——", "−"].contains(token)
    }

    /// `8`, `8.60`: digits with at most one decimal point, no sign.
    static func isPlainNumber(_ token: String) -> Bool {
        var sawDigit = false
        var sawPoint = false
        for scalar in token.unicodeScalars {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ".": if sawPoint { return false }; sawPoint = true
            default: return false
            }
        }
        return sawDigit && token.last != "."
    }

    // MARK: - Sections of one form

    /// Where the parts of one form are, as indices into its lines (index 0 is the title).
    struct FormSection {
        let lines: [TextLine]
        let totalRow: Int?
        let goalHeader: Int?
        let indicatorHeader: Int?
        let totalScore: Int?

        init(lines: [TextLine]) {
            self.lines = lines
            totalRow = lines.firstIndex { $0.text.hasPrefix(SelfEvaluationTextParser.totalRowLabel) }
            let afterTotal = (totalRow ?? 0) + 1
            goalHeader = lines.indices.first { $0 >= afterTotal && lines[$0].text.has("预期目标") }
            indicatorHeader = lines.indices.first {
                $0 >= afterTotal && (lines[$0].text.has("一级指标") || lines[$0].text.has("三级指标"))
            }
            let afterIndicators = (indicatorHeader ?? afterTotal - 1) + 1
            totalScore = lines.indices.first { $0 >= afterIndicators && lines[$0].text.hasPrefix("总分") }
        }

        var startLine: Int { lines.first?.number ?? 0 }
        var endLine: Int { lines.last(where: { !$0.isBlank })?.number ?? startLine }

        /// Header zone: from after the title to the 年度资金总额 row.
        var headerEnd: Int { totalRow ?? min(lines.count, goalHeader ?? indicatorHeader ?? lines.count) }

        /// The goal text lines (blank lines kept as separators), without the vertical labels around them.
        var goalLines: [TextLine] {
            guard let goalHeader else { return [] }
            let end = indicatorHeader ?? totalScore ?? lines.count
            guard goalHeader + 1 < end else { return [] }
            var region = Array(lines[(goalHeader + 1)..<end])
            let vertical: Set<String> = ["绩", "效", "指", "标", "年度", "总体", "目标", "绩效指标", "年度总体目标"]
            region.removeAll { vertical.contains($0.text) }
            while let last = region.last, last.isBlank { region.removeLast() }
            while let first = region.first, first.isBlank { region.removeFirst() }
            return region
        }

        /// The indicator table body: after its header lines, up to 总分.
        var bodyLines: [TextLine] {
            guard let indicatorHeader else { return [] }
            let vocabulary: Set<String> = [
                "一级指标", "二级指标", "三级指标", "年度", "指标值", "年度指标值", "实际", "完成值", "实际完成值",
                "分值", "得分", "偏差原因分析及", "改进措施", "偏差原因分析及改进措施", "偏差原因分析", "及改进措施",
                "原因分析及改进措施", "绩", "效", "指", "标", "绩效指标",
            ]
            var start = indicatorHeader
            while start < lines.count, lines[start].isBlank || lines[start].tokens.allSatisfy({ vocabulary.contains($0) }) {
                start += 1
            }
            let end = totalScore ?? lines.count
            return start < end ? Array(lines[start..<end]) : []
        }
    }

    // MARK: - Column widths learnt from the file

    /// Widths (in display units) of the narrow columns, learnt from rows whose reading is unambiguous. A width is
    /// only known when some cell of that column wrapped (its first line then fills the column); from unwrapped
    /// cells alone it would be a mere lower bound, and it stays nil.
    struct ColumnWidths {
        /// The 偏差原因 column (also used for 年度指标值 / 实际完成值, printed in columns as narrow).
        var deviation: Int?
        /// The 三级指标 column.
        var level3: Int?
        /// The 实际完成情况 column of 年度总体目标.
        var achieved: Int?

        static func estimate(_ sections: [FormSection]) -> ColumnWidths {
            var deviation = Sample()
            var level3 = Sample()
            var achieved = Sample()
            for section in sections {
                if case .blankLine(_, let lines) = splitGoals(section.goalLines, achievedWidth: nil) {
                    achieved.add(lines)
                }
                let body = IndicatorBody(section.bodyLines)
                for (j, segment) in body.segments.enumerated() {
                    var preStart = 0
                    if j > 0, body.segments[j - 1].anchor.expectsDeviation {
                        guard let run = naturalRun(segment.gap) else { continue }
                        deviation.add(run.lines)
                        preStart = run.end
                    }
                    if segment.anchor.inline.count == 2 && segment.anchor.tail.isEmpty {
                        level3.add(segment.gap[preStart...].compactMap(\.textLine))
                    }
                }
                if let last = body.segments.last, last.anchor.expectsDeviation {
                    deviation.add(body.trailing.compactMap(\.textLine))
                }
            }
            var widths = ColumnWidths(deviation: deviation.width, level3: level3.width, achieved: achieved.width)
            // Columns that cannot be told apart by width are not used to tell them apart.
            if let deviation = widths.deviation, let level3 = widths.level3, deviation >= level3 { widths.deviation = nil }
            return widths
        }

        /// The widths seen in one column's cells; the width is known once some cell wrapped.
        struct Sample {
            var widest = 0
            var wrapped = false
            mutating func add(_ cell: [TextLine]) {
                widest = max(widest, cell.map(\.width).max() ?? 0)
                if cell.count > 1 { wrapped = true }
            }
            var width: Int? { wrapped ? widest : nil }
        }

        /// A previous row's deviation lines at the start of a gap, when they end unambiguously (at a label line
        /// or a sentence end); `end` is the gap index after them.
        static func naturalRun(_ gap: [GapEntry]) -> (lines: [TextLine], end: Int)? {
            var lines: [TextLine] = []
            for (index, entry) in gap.enumerated() {
                guard let line = entry.textLine else { return (lines, index) }
                lines.append(line)
                if line.endsSentence { return (lines, index + 1) }
            }
            return nil
        }
    }

    // MARK: - Reading one form

    /// Reads one form. `isLast`: nothing follows it in the file, so a file cut short may have cut it (see
    /// ``cutProblem(_:_:openLine:)``); `openLine`: the file's last line when it has no line end.
    static func read(_ section: FormSection, widths: ColumnWidths, isLast: Bool = false,
                     openLine: Int? = nil) -> (ParsedForm, [FormProblem]) {
        var form = ParsedForm(kind: .selfEvaluation, startLine: section.startLine, endLine: section.endLine)
        var notes: [(field: String, line: Int, message: String)] = []
        func note(_ field: String, _ line: Int, _ message: String) { notes.append((field, line, message)) }

        readHeader(section, into: &form)
        let columns = readFigureColumns(section, note: note)
        var problems: [Problem] = []
        readTotalRow(section, columns: columns, into: &form, problems: &problems, note: note)
        readSplit(section, columns: columns, into: &form, problems: &problems, note: note)
        readGoals(section, widths: widths, into: &form, note: note)
        readIndicators(section, widths: widths, into: &form, note: note)
        readTotalScore(section, into: &form, problems: &problems)

        form.notes = notes.map {
            FormProblem(line: $0.line, field: $0.field, message: $0.message, unit: form.unit, project: form.project)
        }
        if isLast, let cut = cutProblem(section, form, openLine: openLine) { problems = [cut] }
        let formProblems = problems.map {
            FormProblem(line: $0.line, field: $0.field, message: $0.message, unit: form.unit, project: form.project, year: form.year)
        }
        return (form, formProblems)
    }

    /// A reason the form cannot be read: the field, the line it concerns, the message.
    typealias Problem = (field: String, line: Int, message: String)

    /// The 总分 line closes every form: `总分 100 92.93` (the 分值 total and the total score). A form without it
    /// is a problem (its total would have to be made up from the indicator rows that are there); so is a 总分
    /// line whose figures are not scores (a cell with digits that is not a plain number, `9?.5`; words such as a
    /// grade are let be). The total is the line's last number.
    static func readTotalScore(_ section: FormSection, into form: inout ParsedForm, problems: inout [Problem]) {
        guard let index = section.totalScore else {
            let next = (section.lines.last?.number ?? section.endLine) + 1
            problems.append(("total_score", section.endLine, "the form has no 总分 line (after its indicator table) before the next form's title on line \(next)"))
            return
        }
        let line = section.lines[index]
        form.lines["total_score"] = line.number
        let cells = line.tokens.dropFirst()
        if let bad = cells.first(where: { !isPlainNumber($0) && $0.contains(where: \.isNumber) }) {
            problems.append(("total_score", line.number, "the 总分 line prints \"\(bad)\", which is not a score"))
            return
        }
        guard let last = cells.last(where: isPlainNumber), let score = Score(text: last) else {
            problems.append(("total_score", line.number, "the 总分 line prints no total score"))
            return
        }
        form.totalScore = score
    }

    /// Why the file's last form cannot be whole, as the one problem to report for it, or nil. A file cut short
    /// loses the end of its last form: the form must reach its 年度资金总额 row, its indicator table and its
    /// 总分 line; and a last line without a line end (where a cut falls) may hold figures only when it is the
    /// 总分 line, printing the 分值 total and a total equal to the indicator scores plus the execution score.
    static func cutProblem(_ section: FormSection, _ form: ParsedForm, openLine: Int?) -> Problem? {
        let span = "the form on lines \(section.startLine)–\(section.endLine)"
        // The parts in the order they are printed; a cut leaves out the parts after the last one there.
        let parts: [(field: String, part: String, present: Bool)] = [
            ("initial_budget", "年度资金总额 row", section.totalRow != nil),
            ("indicators", "indicator table (一级指标 / 三级指标 header)", section.indicatorHeader != nil),
            ("total_score", "总分 line", section.totalScore != nil || section.lines.dropFirst().contains { $0.text.hasPrefix("总分") }),
        ]
        let lastPresent = parts.lastIndex { $0.present } ?? -1
        if lastPresent < parts.count - 1 {
            let missing = parts[lastPresent + 1]
            return (missing.field, section.endLine, "\(span) ends before its \(missing.part): the file looks cut")
        }
        guard let openLine, openLine >= section.startLine else { return nil }
        let advice = "the file looks cut (if it is whole, end its last line with a line end)"
        guard openLine == form.lines["total_score"] else {
            return ("format", openLine, "the file ends in the middle of line \(openLine) (no line end), after the form's 总分 line: \(advice)")
        }
        let line = section.lines[section.totalScore!]
        let figures = line.tokens.dropFirst().filter(isPlainNumber)
        guard figures.count >= 2, let printed = form.totalScore else {
            return ("total_score", openLine, "the file ends in the middle of the 总分 line (line \(openLine) has no line end), which prints \(figures.count) of its 2 figures: \(advice)")
        }
        let computed = FormChecks.computedTotal(form)
        if let computed, abs(NSDecimalNumber(decimal: printed.value - computed.value).doubleValue) <= 0.005 { return nil }
        return ("total_score", openLine, "the file ends in the middle of the 总分 line (line \(openLine) has no line end), and its total \(printed.text) is not \(computed.map { "the indicator scores plus the execution score, \($0.text)" } ?? "confirmed by the indicator scores"): \(advice)")
    }

    // MARK: Header: names, year, unit

    static func readHeader(_ section: FormSection, into form: inout ParsedForm) {
        let labels: [(String, String?)] = [("项目名称", "project"), ("主管部门", "department"), ("实施单位", "unit"),
                                           ("项目资金", nil)]
        var pieces: [String: [(String, Int)]] = [:]
        var current: String?
        var stopped = false
        let end = section.headerEnd
        for line in section.lines.prefix(end).dropFirst() where !line.isBlank && !stopped {
            var rest = Substring(line.text)
            while !rest.isEmpty {
                let found = labels.compactMap { label, field in rest.range(of: label).map { ($0, field) } }
                    .min { $0.0.lowerBound < $1.0.lowerBound }
                let before = found.map { rest[..<$0.0.lowerBound] } ?? rest
                let piece = before.trimmingCharacters(in: .whitespaces)
                if let current, !piece.isEmpty { pieces[current, default: []].append((piece, line.number)) }
                guard let found else { break }
                let (range, field) = found
                if field == nil { stopped = true; break }
                current = field
                rest = rest[range.upperBound...].drop { $0 == "：" || $0 == ":" || $0.isWhitespace }
            }
        }
        for (field, parts) in pieces {
            let value = NameKey.displayName(parts.map(\.0).joined())
            guard !value.isEmpty, let first = parts.first else { continue }
            switch field {
            case "project": form.project = value
            case "department": form.department = value
            case "unit": form.unit = value
            default: continue
            }
            form.lines[field] = first.1
        }
        for line in section.lines.prefix(end) where !line.text.has("年度资金") {
            if let year = year(in: line.text) {
                form.year = year
                form.lines["year"] = line.number
                break
            }
        }
        // The unit label: a parenthesised 元 / 万元 after 项目资金 (or anywhere in the header).
        let fundsLabel = section.lines.prefix(end).firstIndex { $0.text.has("项目资金") } ?? 0
        for line in section.lines[fundsLabel..<end] {
            if let unit = unitLabel(in: line.text) {
                form.statedUnit = unit
                form.lines["stated_unit"] = line.number
                break
            }
        }
    }

    /// The four digits before `年度` / `年` in `(2022 年度)`.
    static func year(in text: String) -> Int? {
        let characters = Array(text)
        for index in characters.indices where characters[index] == "年" {
            var digitsEnd = index
            while digitsEnd > 0, characters[digitsEnd - 1].isWhitespace { digitsEnd -= 1 }
            var digitsStart = digitsEnd
            while digitsStart > 0, let ascii = characters[digitsStart - 1].asciiValue, (48...57).contains(ascii) {
                digitsStart -= 1
            }
            if digitsEnd - digitsStart == 4, let year = Int(String(characters[digitsStart..<digitsEnd])),
               (1990...2100).contains(year) {
                return year
            }
        }
        return nil
    }

    static func unitLabel(in text: String) -> AmountUnit? {
        var inner: String?
        for character in text {
            if character == "(" || character == "（" { inner = "" } else if character == ")" || character == "）" {
                if let label = inner, let unit = AmountUnit(label: label) { return unit }
                inner = nil
            } else if inner != nil { inner!.append(character) }
        }
        return nil
    }

    // MARK: 年度资金总额 and the funding split

    enum Column: CaseIterable { case initial, adjusted, executed, weight, rate, score }
    static let amountColumns: [Column] = [.initial, .adjusted, .executed]

    static func readFigureColumns(_ section: FormSection, note: (String, Int, String) -> Void) -> [Column] {
        let keywords: [(String, Column)] = [("年初预算数", .initial), ("全年预算数", .adjusted), ("全年执行数", .executed),
                                            ("分值", .weight), ("执行率", .rate), ("得分", .score)]
        let header = section.lines.prefix(section.headerEnd).map { $0.tokens.joined() }.joined()
        if let start = header.range(of: "年初预算数") ?? header.range(of: "全年预算数") {
            let tail = header[start.lowerBound...]
            let found = keywords.compactMap { keyword, column in tail.range(of: keyword).map { ($0.lowerBound, column) } }
                .sorted { $0.0 < $1.0 }.map(\.1)
            if amountColumns.allSatisfy(found.contains) { return found }
        }
        let line = section.totalRow.map { section.lines[$0].number } ?? section.startLine
        note("initial_budget", line, "the column header 年初预算数 / 全年预算数 / 全年执行数 was not found; the 年度资金总额 cells are read in the order 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分")
        return Column.allCases
    }

    static func isValueToken(_ token: String) -> Bool {
        if token.hasSuffix("%"), Double(token.dropLast()) != nil { return true }
        return (try? AmountParser.parse(token)) != nil
    }

    static func readTotalRow(_ section: FormSection, columns: [Column], into form: inout ParsedForm,
                             problems: inout [Problem], note: (String, Int, String) -> Void) {
        let fields: [(Column, String, String)] = [(.initial, "initial_budget", "年初预算数"),
                                                  (.adjusted, "adjusted_budget", "全年预算数"),
                                                  (.executed, "executed", "全年执行数")]
        guard let rowIndex = section.totalRow else {
            for (_, field, label) in fields {
                problems.append((field, section.startLine, "the 年度资金总额 row is not in the form, so its \(label) cannot be read"))
            }
            return
        }
        let row = section.lines[rowIndex]
        var tokens = TextLine(number: row.number, text: String(row.text.dropFirst(totalRowLabel.count))).tokens
        var lastLine = row.number
        // Cells wrapped onto the following lines (value-only lines).
        var next = rowIndex + 1
        while tokens.count < columns.count, next < section.lines.count {
            let line = section.lines[next]
            next += 1
            if line.isBlank { continue }
            guard line.tokens.allSatisfy(isValueToken) else { break }
            tokens += line.tokens
            lastLine = line.number
        }
        if lastLine != row.number {
            note("executed", row.number, "the 年度资金总额 row continues on line(s) \(row.number + 1)–\(lastLine); their cells are read as the row's")
        }

        var values: [Column: String] = [:]
        if tokens.count == columns.count {
            for (column, token) in zip(columns, tokens) { values[column] = token }
        } else if let rateToken = tokens.firstIndex(where: { $0.hasSuffix("%") }), let rateColumn = columns.firstIndex(of: .rate) {
            values[.rate] = tokens[rateToken]
            for (column, token) in zip(columns[(rateColumn + 1)...], tokens[(rateToken + 1)...]) { values[column] = token }
            var before = Array(tokens[..<rateToken])
            var beforeColumns = Array(columns[..<rateColumn])
            while let column = beforeColumns.last, !amountColumns.contains(column), let token = before.last {
                values[column] = token
                beforeColumns.removeLast()
                before.removeLast()
            }
            let amounts = beforeColumns.filter(amountColumns.contains)
            if before.count == 2 && amounts.count == 3 {
                let first = try? AmountParser.parse(before[0]).money
                let second = try? AmountParser.parse(before[1]).money
                let stated = rateValue(tokens[rateToken])
                let matchesRate: Bool = {
                    guard let first, let second, let stated, let ratio = second.ratio(to: first) else { return false }
                    return abs(ratio - stated.value) <= stated.tolerance
                }()
                let pair: [Column] = matchesRate ? [.adjusted, .executed] : [.initial, .adjusted]
                for (column, token) in zip(pair, before) { values[column] = token }
                let missing = amountColumns.first { !pair.contains($0) }!
                note(fields.first { $0.0 == missing }!.1, row.number,
                     "the 年度资金总额 row prints two amounts (\(before.joined(separator: ", "))): read as \(pair.map { label(of: $0) }.joined(separator: " and ")) because \(matchesRate ? "the second ÷ the first is the printed rate \(tokens[rateToken])" : "the second ÷ the first is not the printed rate \(tokens[rateToken])")")
            } else {
                for (column, token) in zip(amounts, before) { values[column] = token }
                if before.count != amounts.count {
                    note("executed", row.number, "the 年度资金总额 row prints \(before.count) amount(s) for \(amounts.count) columns; read left to right")
                }
            }
        } else {
            for (column, token) in zip(columns, tokens) { values[column] = token }
            note("executed", row.number, "the 年度资金总额 row prints \(tokens.count) cells for \(columns.count) columns and no rate ending in %; read left to right")
        }

        for (column, field, label) in fields {
            form.lines[field] = row.number
            guard let token = values[column] else {
                problems.append((field, row.number, "\(label) of 年度资金总额 is not printed"))
                continue
            }
            do {
                switch try AmountParser.parse(token) {
                case .unknown:
                    problems.append((field, row.number, "\(label) of 年度资金总额 is printed as \"\(token)\" (unknown)"))
                case .value(let money, let rounded):
                    if rounded { note(field, row.number, "\(label) \"\(token)\" has digits below 0.01 元; rounded to \(money.plainText)") }
                    switch column {
                    case .initial: form.initialBudget = money
                    case .adjusted: form.adjustedBudget = money
                    default: form.executed = money
                    }
                }
            } catch {
                problems.append((field, row.number, "\(label) of 年度资金总额: \(error)"))
            }
        }
        // 分值, 执行率 and 得分 may be left out (or printed as a dash); printed, they must be readable.
        for (column, field) in [(Column.weight, "execution_weight"), (.score, "execution_score")] {
            guard let token = values[column], !isDash(token) else { continue }
            guard let score = Score(text: token) else {
                problems.append((field, row.number, "\(label(of: column)) of 年度资金总额 reads \"\(token)\", which is not a score"))
                continue
            }
            if column == .weight { form.executionWeight = score } else { form.executionScore = score }
            form.lines[field] = row.number
        }
        if let rate = values[.rate], !isDash(rate) {
            if rateValue(rate) == nil {
                problems.append(("execution_rate", row.number, "执行率 of 年度资金总额 reads \"\(rate)\", which is not a rate"))
            } else {
                form.statedRateText = rate
                form.lines["execution_rate"] = row.number
            }
        }
    }

    static func label(of column: Column) -> String {
        switch column {
        case .initial: "年初预算数"
        case .adjusted: "全年预算数"
        case .executed: "全年执行数"
        case .weight: "分值"
        case .rate: "执行率"
        case .score: "得分"
        }
    }

    /// A printed rate as a ratio and the tolerance its printed precision implies.
    static func rateValue(_ text: String) -> (value: Double, tolerance: Double)? {
        let percent = text.hasSuffix("%")
        let number = percent ? String(text.dropLast()) : text
        guard let value = Double(number) else { return nil }
        let decimals = number.split(separator: ".").dropFirst().first?.count ?? 0
        let scale = percent ? 100.0 : 1.0
        return (value / scale, 0.5 * pow(10, -Double(decimals)) / scale + 1e-9)
    }

    static func readSplit(_ section: FormSection, columns: [Column], into form: inout ParsedForm,
                          problems: inout [Problem], note: (String, Int, String) -> Void) {
        guard let totalRow = section.totalRow else { return }
        let end = section.goalHeader ?? section.indicatorHeader ?? section.lines.count
        let rows: [(String, String, WritableKeyPath<ParsedForm, ColumnTriple?>)] = [
            ("当年财政拨款", "appropriation", \.appropriation), ("上年结转资金", "carryover", \.carryover),
            ("其他资金", "other_funds", \.otherFunds),
        ]
        var found: [(line: TextLine, label: String, field: String, path: WritableKeyPath<ParsedForm, ColumnTriple?>, tokens: [String])] = []
        for line in section.lines[(totalRow + 1)..<max(totalRow + 1, end)] where !line.isBlank {
            var text = Substring(line.text)
            if text.hasPrefix("其中") { text = text.dropFirst(2).drop { $0 == "：" || $0 == ":" || $0.isWhitespace } }
            guard let match = rows.first(where: { text.hasPrefix($0.0) }),
                  !found.contains(where: { $0.field == match.1 }) else { continue }
            let (label, field, path) = match
            let tokens = String(text.dropFirst(label.count)).split(whereSeparator: \.isWhitespace).map(String.init)
            found.append((line, label, field, path, tokens))
        }
        let amounts = columns.filter(amountColumns.contains)
        let placeholder = found.contains { $0.tokens.count > amounts.count && isDash($0.tokens[amounts.count]) }
        for row in found {
            var tokens = Array(row.tokens.prefix(amounts.count))
            if placeholder, row.tokens.count < amounts.count + 1, let last = tokens.last, isDash(last) {
                tokens.removeLast()
            }
            var triple = ColumnTriple()
            for (column, token) in zip(amounts, tokens) {
                let money: Money?
                do { money = try AmountParser.parse(token).money } catch {
                    problems.append((row.field, row.line.number, "\(row.label) \(label(of: column)): \(error)"))
                    money = nil
                }
                switch column {
                case .initial: triple.initial = money
                case .adjusted: triple.adjusted = money
                default: triple.executed = money
                }
            }
            if tokens.count < amounts.count {
                let empty = amounts[tokens.count...].map { label(of: $0) }.joined(separator: ", ")
                let why = placeholder && row.tokens.count > tokens.count
                    ? "its trailing \(row.tokens.last!) is the 分值 placeholder that the split rows print after their amounts"
                    : "the row prints only \(tokens.count) cell(s)"
                note(row.field, row.line.number, "\(row.label) prints \(tokens.count) of the \(amounts.count) amounts; \(empty) taken as empty (\(why))")
            }
            form[keyPath: row.path] = triple
            form.lines[row.field] = row.line.number
        }
    }

    // MARK: 年度总体目标

    enum GoalSplit {
        case blankLine([TextLine], [TextLine])
        case width([TextLine], [TextLine])
        case firstLine([TextLine], [TextLine])
        case none
    }

    static func splitGoals(_ region: [TextLine], achievedWidth: Int?) -> GoalSplit {
        let text = region.filter { !$0.isBlank }
        guard !text.isEmpty else { return .none }
        // 1. A blank line after which every line is narrower than the widest line before it. (The widest line
        // before and after each position is found once each way.)
        var widestBefore = [Int?](repeating: nil, count: region.count + 1)
        var widestAfter = [Int?](repeating: nil, count: region.count + 1)
        for index in region.indices {
            let line = region[index]
            widestBefore[index + 1] = line.isBlank ? widestBefore[index] : max(widestBefore[index] ?? line.width, line.width)
        }
        for index in region.indices.reversed() {
            let line = region[index]
            widestAfter[index] = line.isBlank ? widestAfter[index + 1] : max(widestAfter[index + 1] ?? line.width, line.width)
        }
        for index in region.indices where region[index].isBlank {
            guard let widest = widestBefore[index], let after = widestAfter[index + 1] else { continue }
            if after < widest {
                return .blankLine(region[..<index].filter { !$0.isBlank }, region[(index + 1)...].filter { !$0.isBlank })
            }
        }
        guard text.count > 1 else { return .firstLine(text, []) }
        // 2. The narrow column's width: the lines from the split on fit it, and all but the last fill it.
        if let achievedWidth {
            var split = text.count
            for index in text.indices.reversed() {
                guard text[index].width <= achievedWidth + 2 else { break }
                split = index
            }
            split = max(split, 1)
            while split < text.count - 1, Double(text[split].width) < 0.75 * Double(achievedWidth) { split += 1 }
            if split < text.count { return .width(Array(text[..<split]), Array(text[split...])) }
        }
        // 3. The first paragraph (through the first sentence end) as expected.
        let end = (text.firstIndex { $0.endsSentence } ?? 0) + 1
        return .firstLine(Array(text[..<min(end, text.count - 1)]), Array(text[min(end, text.count - 1)...]))
    }

    static func readGoals(_ section: FormSection, widths: ColumnWidths, into form: inout ParsedForm,
                          note: (String, Int, String) -> Void) {
        let region = section.goalLines
        let expected: [TextLine]
        let achieved: [TextLine]
        switch splitGoals(region, achievedWidth: widths.achieved) {
        case .none: return
        case .blankLine(let e, let a): (expected, achieved) = (e, a)
        case .width(let e, let a):
            (expected, achieved) = (e, a)
            note("goal", e.first!.number, "年度总体目标: no blank line between 预期目标 and 实际完成情况; split by column width at line \(a.first!.number)")
        case .firstLine(let e, let a):
            (expected, achieved) = (e, a)
            note("goal", e.first!.number, "年度总体目标: 预期目标 and 实际完成情况 cannot be told apart; the first paragraph (to line \(e.last!.number)) is taken as 预期目标")
        }
        if !expected.isEmpty {
            form.goalExpected = joined(expected)
            form.lines["goal_expected"] = expected[0].number
            form.lines["goal"] = expected[0].number
        }
        if !achieved.isEmpty {
            form.goalAchieved = joined(achieved)
            form.lines["goal_achieved"] = achieved[0].number
        }
    }

    // MARK: - Indicators

    static let level1Labels: Set<String> = ["产出指标", "效益指标", "满意度指标"]
    static let level2Labels: Set<String> = [
        "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
        "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    ]
    static let costLevel2Labels: Set<String> = ["经济成本指标", "社会成本指标", "生态环境成本指标"]

    /// A line between two score lines: text, or a line of 一级/二级指标 labels only.
    enum GapEntry {
        case text(TextLine)
        case labels(Int)

        var textLine: TextLine? { if case .text(let line) = self { line } else { nil } }
        var isLabels: Bool { if case .labels = self { true } else { false } }
    }

    /// A score line: the cells before 分值 得分, the scores, the text after them, and the levels in force.
    struct Anchor {
        var line: TextLine
        var inline: [String]
        var weight: Score
        var score: Score
        var tail: String
        var level1: String
        var level2: String

        var lostPoints: Bool { score < weight }
        var expectsDeviation: Bool { lostPoints || !tail.isEmpty }
    }

    struct Segment {
        var gap: [GapEntry]
        var anchor: Anchor
    }

    /// The indicator body cut at its score lines: each score line with the lines since the previous one.
    struct IndicatorBody {
        var segments: [Segment] = []
        var trailing: [GapEntry] = []

        init(_ lines: [TextLine]) {
            var level1 = ""
            var level2 = ""
            var gap: [GapEntry] = []
            let lines = lines.filter { !$0.isBlank }
            for (index, line) in lines.enumerated() {
                var tokens = line.tokens[...]
                var sawLabel = false
                while let first = tokens.first {
                    let next = tokens.dropFirst().first
                    if SelfEvaluationTextParser.level1Labels.contains(first)
                        || (first == "成本指标" && next.map(SelfEvaluationTextParser.costLevel2Labels.contains) == true) {
                        level1 = first
                        level2 = ""
                    } else if SelfEvaluationTextParser.level2Labels.contains(first) {
                        level2 = first
                    } else {
                        break
                    }
                    tokens = tokens.dropFirst()
                    sawLabel = true
                }
                if sawLabel { gap.append(.labels(line.number)) }
                guard !tokens.isEmpty else { continue }
                let rest = sawLabel ? TextLine(number: line.number, text: tokens.joined(separator: " ")) : line
                if let parts = SelfEvaluationTextParser.scoreParts(rest.tokens),
                   !Self.isValuePair(parts, before: lines[(index + 1)...].first) {
                    let anchor = Anchor(line: rest, inline: parts.inline, weight: parts.weight, score: parts.score,
                                        tail: parts.tail, level1: level1, level2: level2)
                    segments.append(Segment(gap: gap, anchor: anchor))
                    gap = []
                } else {
                    gap.append(.text(rest))
                }
            }
            trailing = gap
        }

        /// Two bare numbers whose 得分 would exceed the 分值, just above a score line, are 年度指标值 and 实际完成值
        /// (`50 80` over `10 10`), not a score line.
        static func isValuePair(_ parts: (inline: [String], weight: Score, score: Score, tail: String), before next: TextLine?) -> Bool {
            guard parts.inline.isEmpty, parts.tail.isEmpty, parts.score > parts.weight, let next else { return false }
            let tokens = next.tokens.drop {
                SelfEvaluationTextParser.level1Labels.contains($0) || SelfEvaluationTextParser.level2Labels.contains($0)
            }
            return SelfEvaluationTextParser.scoreParts(Array(tokens)) != nil
        }
    }

    /// The two numbers 分值 得分 of a score line (the last two numbers, both ≤ 100, nothing numeric after them),
    /// the cells before them and the text after them.
    static func scoreParts(_ tokens: [String]) -> (inline: [String], weight: Score, score: Score, tail: String)? {
        guard let last = tokens.lastIndex(where: isPlainNumber), last >= 1, isPlainNumber(tokens[last - 1]),
              let weight = Score(text: tokens[last - 1]), let score = Score(text: tokens[last]),
              weight.value <= 100, score.value <= 100 else { return nil }
        return (Array(tokens[..<(last - 1)]), weight, score, tokens[(last + 1)...].joined(separator: " "))
    }

    /// One indicator row being assembled.
    struct RowBuild {
        var anchor: Anchor
        var level3: String
        var target: String?
        var actual: String?
        var head: [TextLine] = []
        var post: [TextLine] = []

        var deviation: String? {
            let text = SelfEvaluationTextParser.joined(head) + anchor.tail + SelfEvaluationTextParser.joined(post)
            return text.isEmpty ? nil : text
        }
    }

    static func readIndicators(_ section: FormSection, widths: ColumnWidths, into form: inout ParsedForm,
                               note: (String, Int, String) -> Void) {
        let body = IndicatorBody(section.bodyLines)
        guard !body.segments.isEmpty else {
            if section.indicatorHeader != nil {
                note("indicators", section.lines[section.indicatorHeader!].number, "no indicator row (a line ending in 分值 得分) was found")
            }
            return
        }
        form.lines["indicators"] = body.segments[0].anchor.line.number
        var rows: [RowBuild] = []
        func span(_ lines: [TextLine]) -> String {
            guard let first = lines.first?.number, let last = lines.last?.number else { return "" }
            return first == last ? "line \(first)" : "lines \(first)–\(last)"
        }
        /// Lines while they fill a column of `width` (the first shorter line ends the cell), leaving `leave` lines.
        func cell(_ lines: [TextLine], width: Int?, leave: Int) -> (taken: [TextLine], rest: [TextLine]) {
            var count = 0
            while count < max(lines.isEmpty ? 0 : 1, lines.count - leave) {
                count += 1
                guard let width, lines[count - 1].width > width - 2 else { break }
            }
            return (Array(lines[..<count]), Array(lines[count...]))
        }

        for (j, segment) in body.segments.enumerated() {
            let anchor = segment.anchor
            let k = anchor.inline.count
            let need = max(0, 3 - k)
            var entries = segment.gap

            // 1. The previous row's deviation reason continues here.
            if j > 0, rows[j - 1].anchor.expectsDeviation {
                var textsLeft = entries.filter { !$0.isLabels }.count
                var index = 0
                var cut = false
                while index < entries.count, let line = entries[index].textLine {
                    if textsLeft <= need { cut = true; break }
                    if let limit = widths.deviation, line.width > limit { break }
                    rows[j - 1].post.append(line)
                    textsLeft -= 1
                    index += 1
                    if line.endsSentence { break }
                }
                if cut {
                    note("indicators", rows[j - 1].anchor.line.number, "the deviation reason of \"\(rows[j - 1].level3)\" may continue past line \(rows[j - 1].post.last?.number ?? rows[j - 1].anchor.line.number): the following lines are needed for the next row (line \(anchor.line.number))")
                }
                entries.removeFirst(index)
            }

            // 2. This row's deviation reason may start before its score line.
            var head: [TextLine] = []
            if !anchor.tail.isEmpty || (k >= 3 && anchor.lostPoints) {
                let textTotal = entries.filter { !$0.isLabels }.count
                let firstText = entries.firstIndex { !$0.isLabels } ?? entries.count
                let labelIndex = entries.indices.last { $0 > firstText && entries[$0].isLabels }
                var index = (labelIndex ?? entries.count) - 1
                var taken: [Int] = []
                while index >= 0, let line = entries[index].textLine, textTotal - taken.count > need {
                    if let limit = widths.deviation, line.width > limit { break }
                    taken.append(index)
                    head.insert(line, at: 0)
                    index -= 1
                }
                if !taken.isEmpty {
                    let removed = Set(taken)
                    entries = entries.indices.filter { !removed.contains($0) }.map { entries[$0] }
                }
            }

            // 3. The cells that are not on the score line.
            let rest = entries.compactMap(\.textLine)
            var row = RowBuild(anchor: anchor, level3: "")
            row.head = head
            var decided: String?
            switch k {
            case 3...:
                let inlineName = anchor.inline[..<(k - 2)].joined(separator: " ")
                row.level3 = joined(rest) + inlineName
                row.target = anchor.inline[k - 2]
                row.actual = anchor.inline[k - 1]
                if !rest.isEmpty { decided = "\(span(rest)) read as the start of the 三级指标 name" }
            case 2:
                row.level3 = joined(rest)
                row.target = anchor.inline[0]
                row.actual = anchor.inline[1]
            case 1:
                let (name, target) = cell(rest, width: widths.level3, leave: 1)
                row.level3 = joined(name)
                row.target = target.isEmpty ? nil : joined(target)
                row.actual = anchor.inline[0]
                decided = "年度指标值 is not on the score line; by column width \(span(name)) read as 三级指标, \(span(target)) as 年度指标值"
            default:
                let (name, values) = cell(rest, width: widths.level3, leave: 2)
                let (target, actual) = cell(values, width: widths.deviation, leave: 1)
                row.level3 = joined(name)
                row.target = target.isEmpty ? nil : joined(target)
                row.actual = actual.isEmpty ? nil : joined(actual)
                decided = "年度指标值 and 实际完成值 are not on the score line; by column width \(span(name)) read as 三级指标, \(span(target)) as 年度指标值, \(span(actual)) as 实际完成值"
            }
            let line = anchor.line.number
            if let decided { note("indicators", line, "indicator \"\(row.level3)\" (score line \(line)): \(decided)") }
            if !head.isEmpty {
                note("indicators", line, "indicator \"\(row.level3)\": \(span(head)), printed before its score line \(line), read as the start of its deviation reason")
            }
            if let first = rest.first, let last = rest.last,
               entries.contains(where: { if case .labels(let n) = $0 { n > first.number && n < last.number } else { false } }) {
                note("indicators", line, "indicator \"\(row.level3)\": its cells are read from \(rest.map { String($0.number) }.joined(separator: ", ")) across the 指标 labels printed between them")
            }
            if row.level3.isEmpty { note("indicators", line, "the indicator on line \(line) has no 三级指标 name") }
            if row.target == nil { note("indicators", line, "indicator \"\(row.level3)\" (line \(line)): no 年度指标值 found") }
            if row.actual == nil { note("indicators", line, "indicator \"\(row.level3)\" (line \(line)): no 实际完成值 found") }
            if anchor.score > anchor.weight {
                note("indicators", line, "indicator \"\(row.level3)\" (line \(line)): 得分 \(anchor.score.text) is above its 分值 \(anchor.weight.text)")
            }
            if anchor.level1.isEmpty || anchor.level2.isEmpty {
                note("indicators", line, "indicator \"\(row.level3)\" (line \(line)): no 一级/二级指标 label before it")
            }
            rows.append(row)
        }

        // Lines after the last score line: the last row's deviation reason.
        if var last = rows.popLast() {
            let lines = body.trailing.compactMap(\.textLine)
            if !lines.isEmpty {
                last.post += lines
                if !last.anchor.expectsDeviation {
                    note("indicators", lines[0].number, "\(span(lines)) after the last indicator row (full score) read as its deviation reason")
                }
            }
            if body.trailing.contains(where: \.isLabels) {
                note("indicators", last.anchor.line.number, "指标 labels after the last indicator row are ignored")
            }
            rows.append(last)
        }
        form.indicators = rows.map {
            Indicator(level1: $0.anchor.level1, level2: $0.anchor.level2, level3: $0.level3, target: $0.target,
                      actual: $0.actual, weight: $0.anchor.weight, score: $0.anchor.score, deviationReason: $0.deviation)
        }
    }
}
