import BudgetCore
import Foundation

/// Reads target declarations (绩效目标表 / 绩效目标申报表) from PDF text, in the two layouts of the family:
///
/// - **Inline** (财政项目支出绩效目标表, seed 000): `label：value` pairs in form order
///   (`项目名称： …`, `项目总预算（元）： 1,357,000 项目当年预算（元）： 1,357,000`) and an indicator table
///   printed as three text columns under a `一级目标 二级目标 三级目标 指标目标值` header.
/// - **Labels apart** (上海市财政支出项目绩效目标申报表, seed 002): the label column (`项目名称`, `资金用途`,
///   `开始时间`, …) is printed before the title, the values of 项目名称 and the dates after the title block, the
///   项目类型 as rows of ☐/■ boxes, figures as `项目总预算（元） 275000` with 同名项目上年预算执行数 wrapped around
///   its `（元）`, a 子项目名称 / 预算金额 table, and an indicator table whose columns are printed as separate runs.
///
/// Labels are matched on their compatibility-folded form (Kangxi radicals such as `⽬` read as `目`), values are
/// kept as printed except for those folds. Every amount goes through ``AmountParser``.
public enum DeclarationParser {
    /// True when the text looks like a target declaration (绩效目标表 / 绩效目标申报表 title, 项目当年预算 label), in either layout.
    public static func recognizes(_ lines: [String]) -> Bool {
        var title = false
        var request = false
        for line in lines {
            let key = NameKey.matchKey(line)
            if !title && isTitleKey(key) { title = true }
            if !request && key.has("项目当年预算") { request = true }
            if title && request { return true }
        }
        return false
    }

    /// Whether a line is this family's title (绩效目标表 / 绩效目标申报表).
    public static func marks(_ line: String) -> Bool {
        line.has("表") && isTitleKey(FormText.matchKey(line))
    }

    /// Splits the file into forms (one per title) and reads each. `lines` are the file's lines, line k at index k-1, without line ends.
    ///
    /// A form starts at its title, or — in the labels-apart layout, whose label column is printed before the title —
    /// at the standalone `项目名称` label that opens that column; it ends where the next form starts (trailing blank
    /// lines excluded).
    public static func parse(_ lines: [String]) -> FormParseResult { parse(lines, progress: nil) }

    /// ``parse(_:)``, telling `progress` how many of the file's forms have been read (done, total).
    static func parse(_ lines: consuming [String], progress: FormProgress?) -> FormParseResult {
        let openLine = FormText.openLastLine(lines)
        let text = lines.map(Line.init)
        _ = consume lines
        let titles = text.indices.filter { isTitleKey(text[$0].key) }
        var result = FormParseResult()
        guard !titles.isEmpty else { return result }
        var starts: [Int] = []
        for (n, title) in titles.enumerated() {
            let floor = n == 0 ? 0 : titles[n - 1] + 1
            let labelColumn = (floor..<title).last { text[$0].key == "项目名称" }
            starts.append(labelColumn ?? title)
        }
        for n in titles.indices {
            var end = (n + 1 < titles.count ? starts[n + 1] : text.count) - 1
            while end > starts[n] && text[end].trimmed.isEmpty { end -= 1 }
            var reader = FormReader(text: text, start: starts[n], title: titles[n], end: end,
                                    isLast: n == titles.count - 1, openLine: openLine)
            switch reader.read() {
            case .success(let form): result.forms.append(form)
            case .failure(let problems): result.problems += problems.list
            }
            progress?(n + 1, titles.count)
        }
        return result
    }

    // MARK: - Text

    /// One line: as printed, folded for display (compatibility ideographs mapped, whitespace kept as spaces),
    /// and as a match key (no whitespace, NFKC, brackets folded).
    struct Line {
        let text: String
        let trimmed: String
        let key: String

        init(_ raw: String) {
            text = Self.folded(raw)
            trimmed = FormText.trimmingSpaces(text)
            key = FormText.matchKey(raw)
        }

        /// The line with each whitespace character made a space and compatibility ideographs folded (each run of
        /// other characters through ``NameKey/displayName(_:)``).
        static func folded(_ raw: String) -> String {
            // Fast path: no compatibility ideograph or radical, no CR: only the whitespace changes.
            var needsWork = false
            var plain = true
            for scalar in raw.unicodeScalars {
                switch scalar.value {
                case 0x2E80...0x2FDF, 0xF900...0xFAFF, 0x2F800...0x2FA1F, 0x0D: plain = false
                default: if FormText.isWhitespace(scalar) && scalar != " " { needsWork = true }
                }
                if !plain { break }
            }
            if plain {
                guard needsWork else { return raw }
                return String(String.UnicodeScalarView(raw.unicodeScalars.map { FormText.isWhitespace($0) ? " " : $0 }))
            }
            var out = ""
            var run = ""
            for character in raw {
                if character.isWhitespace {
                    if !run.isEmpty { out += NameKey.displayName(run); run = "" }
                    out.append(" ")
                } else {
                    run.append(character)
                }
            }
            if !run.isEmpty { out += NameKey.displayName(run) }
            return out
        }

        var tokens: [String] { trimmed.split(whereSeparator: { $0.isWhitespace }).map(String.init) }
    }

    static func isTitleKey(_ key: String) -> Bool {
        (key.has("绩效目标表") || key.has("绩效目标申报表")) && !key.contains(":") && key.count <= 40
    }

    /// Labels of the family, as match keys. A line whose key starts with one of them is a label line.
    static let layoutLabels = [
        "申报单位名称", "项目名称", "资金用途", "开始时间", "结束时间", "项目概况", "立项依据", "项目设立的必", "保证项目实施",
        "项目总预算", "项目当年预算", "同名项目", "子项目名称", "项目类型", "项目类别", "项目当年投入", "资金构成",
        "项目实施计划", "项目总目标", "年度绩效目标", "计划开始日期", "计划完成日期", "绩效类型", "是否含有政府购买服务",
        "总目标及阶段性目标", "分解目标",
    ]

    /// Labels that end the value of the label before them on the same line.
    static let valueStops = [
        "申报单位名称", "项目名称", "项目类别", "计划开始日期", "计划完成日期", "是否含有政府购买服务", "绩效类型",
        "项目总预算", "项目当年预算", "同名项目上年预算额", "同名项目上年预算执行数", "开始时间", "结束时间",
    ]

    static func isLabelLine(_ line: Line) -> Bool {
        layoutLabels.contains { line.key.hasPrefix($0) }
    }

    static func containsLabel(_ line: Line) -> Bool {
        layoutLabels.contains { line.key.contains($0) }
    }

    /// `2019-12-31`, `2019-1-1`, `2019年1月1日`, `2019年12月`.
    static func isDateOnly(_ text: String) -> Bool {
        // The whole text matches `\d{4}(-\d{1,2}(-\d{1,2})?|年\d{1,2}月(\d{1,2}日)?)`.
        guard let first = text.first, FormText.isDecimalDigit(first) else { return false }
        var scanner = PatternScanner(text)
        guard scanner.digits(4...4) else { return false }
        if scanner.take("-") {
            guard scanner.digits(1...2) else { return false }
            if scanner.take("-") { guard scanner.digits(1...2) else { return false } }
        } else {
            guard scanner.take("年"), scanner.digits(1...2), scanner.take("月") else { return false }
            if !scanner.atEnd { guard scanner.digits(1...2), scanner.take("日") else { return false } }
        }
        return scanner.atEnd
    }

    /// A left-to-right reader of a string's characters for the family's few fixed patterns (dates, page
    /// numbers, `（元）`), in place of regular expressions. `\d` is a decimal digit of any script, `\s` whitespace.
    struct PatternScanner {
        let characters: [Character]
        var index = 0

        init(_ text: String) { characters = Array(text) }

        var atEnd: Bool { index == characters.count }

        /// Takes `character` if it is next.
        mutating func take(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }

        /// Takes as many digits as `count` allows (greedy); false when fewer than its lower bound are next.
        mutating func digits(_ count: ClosedRange<Int>) -> Bool {
            var taken = 0
            while taken < count.upperBound, index < characters.count, FormText.isDecimalDigit(characters[index]) {
                index += 1
                taken += 1
            }
            return taken >= count.lowerBound
        }

        /// Takes the digits next (`\d+`) and returns them, or nil when none is next.
        mutating func number() -> String? {
            let start = index
            while index < characters.count, FormText.isDecimalDigit(characters[index]) { index += 1 }
            return index > start ? String(characters[start..<index]) : nil
        }

        mutating func skipWhitespace() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }
    }

    /// The year of the first `(YYYY年度)` / `(YYYY年)` in a match key (`\((\d{4})年度?\)`).
    static func bracketedYear(in key: String) -> Int? {
        guard key.has("年") else { return nil }
        var scanner = PatternScanner(key)
        for start in scanner.characters.indices where scanner.characters[start] == "(" {
            scanner.index = start + 1
            let digitsStart = scanner.index
            guard scanner.digits(4...4) else { continue }
            let digits = String(scanner.characters[digitsStart..<scanner.index])
            guard scanner.take("年") else { continue }
            _ = scanner.take("度")
            guard scanner.take(")") else { continue }
            return Int(digits)
        }
        return nil
    }

    /// The unit of a line that is only a bracketed unit, `（元）` (`[（(]\s*(万元|千元|元)\s*[)）]`).
    static func unitOnly(_ text: String) -> String? {
        var scanner = PatternScanner(text)
        guard scanner.take("（") || scanner.take("(") else { return nil }
        scanner.skipWhitespace()
        var unit = ""
        if scanner.take("万") { unit = "万" } else if scanner.take("千") { unit = "千" }
        guard scanner.take("元") else { return nil }
        scanner.skipWhitespace()
        guard scanner.take(")") || scanner.take("）"), scanner.atEnd else { return nil }
        return unit + "元"
    }

    /// A page number line, `- 3 -` (`-\s*\d+\s*-`).
    static func isPageNumber(_ text: String) -> Bool {
        var scanner = PatternScanner(text)
        guard scanner.take("-") else { return false }
        scanner.skipWhitespace()
        guard scanner.number() != nil else { return false }
        scanner.skipWhitespace()
        return scanner.take("-") && scanner.atEnd
    }

    /// A list number, `3`, `3.`, `3、` (`\d+[.、]?`).
    static func isListNumber(_ text: String) -> Bool {
        var scanner = PatternScanner(text)
        guard scanner.number() != nil else { return false }
        _ = scanner.take(".") || scanner.take("、")
        return scanner.atEnd
    }

    /// The value after `label` on a line: skips an optional `（元）`-style parenthesis (returned as its unit text)
    /// and colon, and stops at the next label of ``valueStops``. `cut` tells whether a label ended the value.
    struct LabelValue {
        var unitText: String?
        var value: String
        var cut: Bool
    }

    static func labelValue(_ text: String, label: String, requireColon: Bool = false) -> LabelValue? {
        var searchFrom = text.startIndex
        while let found = text.range(of: label, range: searchFrom..<text.endIndex) {
            searchFrom = found.upperBound
            if label == "项目名称", found.lowerBound > text.startIndex, text[text.index(before: found.lowerBound)] == "子" {
                continue
            }
            var index = found.upperBound
            func skipSpaces() { while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) } }
            skipSpaces()
            var unitText: String?
            if index < text.endIndex, "（(".contains(text[index]),
               let close = text[index...].firstIndex(where: { "）)".contains($0) }) {
                unitText = text[text.index(after: index)..<close].trimmingCharacters(in: .whitespaces)
                index = text.index(after: close)
                skipSpaces()
            }
            var colon = false
            if index < text.endIndex, "：:".contains(text[index]) {
                colon = true
                index = text.index(after: index)
                skipSpaces()
            }
            if requireColon && !colon { continue }
            var rest = text[index...]
            var cut = false
            var earliest = rest.endIndex
            for stop in valueStops where stop != label {
                if let other = rest.range(of: stop), other.lowerBound < earliest { earliest = other.lowerBound }
            }
            if earliest < rest.endIndex {
                rest = rest[..<earliest]
                cut = true
            }
            return LabelValue(unitText: unitText, value: rest.trimmingCharacters(in: .whitespaces), cut: cut)
        }
        return nil
    }

    // MARK: - Indicator vocabulary

    static let level1Names: Set<String> = [
        "投入与管理", "投入和管理", "投入与管理目标", "投入和管理目标", "产出目标", "效果目标", "影响力目标",
        "产出指标", "效益指标", "效果指标", "满意度指标", "影响力指标",
    ]
    static let level2Names: Set<String> = [
        "投入管理", "财务管理", "实施管理", "数量", "质量", "时效", "成本", "经济效益", "社会效益", "环境效益", "生态效益",
        "可持续影响", "满意度", "长效管理", "信息共享", "人力资源", "硬件条件", "档案管理", "投入目标", "管理目标",
        "数量目标", "质量目标", "时效目标", "成本目标", "经济效益目标", "社会效益目标", "环境效益目标", "生态效益目标",
        "可持续目标", "可持续影响目标", "满意度目标", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标",
        "社会效益指标", "环境效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标",
    ]

    /// The level-1 parts a whole indicator table ends with: 影响力目标 in the Shanghai template (投入与管理, 产出目标,
    /// 效果目标, 影响力目标), 满意度指标 in the national one (产出指标, 效益指标, 满意度指标).
    static let closingLevel1Names: Set<String> = ["影响力目标", "影响力指标", "满意度指标"]

    static func isLevel1(_ token: String) -> Bool { level1Names.contains(NameKey.matchKey(token)) }
    static func isLevel2(_ token: String) -> Bool { level2Names.contains(NameKey.matchKey(token)) }

    /// A column heading of the indicator table (`一级指标`, `指标目标值`, `社会效益目标`), not a cell.
    static func isHeading(_ token: String) -> Bool {
        let key = NameKey.matchKey(token)
        return isLevel1(token) || isLevel2(token) || key.hasSuffix("目标") || key.hasSuffix("指标")
            || key.hasSuffix("目标值") || key == "备注" || key == "分解目标内容"
    }
}

// MARK: - One form

extension DeclarationParser {
    /// The problems that keep a form out (an `Error`, for `Result`).
    struct Problems: Error {
        var list: [FormProblem]
    }

    struct FormReader {
        let text: [Line]
        let start: Int
        let title: Int
        let end: Int
        /// Nothing follows the form in the file: a file cut short may have cut it (see ``cutProblem()``).
        var isLast = false
        /// The file's last line (1-based) when it has no line end.
        var openLine: Int?
        var form: ParsedForm
        /// The parts of the template not found, in template order, with the field each concerns and whether the
        /// form ends where the part should be (see ``cutProblem()``).
        var missingParts: [(field: String, part: String, atEnd: Bool)] = []
        /// Problems besides a missing request: unreadable figures.
        var problems: [FormProblem] = []
        /// Lines already read as a field or a table row.
        var consumed = Set<Int>()
        /// Date-only lines met while looking for the project name (the labels-apart layout prints stray values there).
        var strayDates: [Int] = []

        init(text: [Line], start: Int, title: Int, end: Int, isLast: Bool = false, openLine: Int? = nil) {
            self.text = text
            self.start = start
            self.title = title
            self.end = end
            self.isLast = isLast
            self.openLine = openLine
            form = ParsedForm(kind: .declaration, startLine: start + 1, endLine: end + 1)
        }

        var range: ClosedRange<Int> { start...end }

        mutating func note(_ index: Int, _ field: String, _ message: String) {
            form.notes.append(FormProblem(line: index + 1, field: field, message: message))
        }

        /// The inline layout prints `项目名称：value`; the other prints the label alone.
        var isInline: Bool {
            range.contains { DeclarationParser.labelValue(text[$0].text, label: "项目名称", requireColon: true) != nil }
        }

        func firstLine(containing label: String) -> (index: Int, value: LabelValue)? {
            for index in range {
                guard text[index].key.contains(label) else { continue }
                if let value = DeclarationParser.labelValue(text[index].text, label: label) { return (index, value) }
            }
            return nil
        }

        /// Reads the form. It is left out, with its problems, when its request (项目当年预算) cannot be read or a
        /// figure it prints is not an amount; the last form of a file also when a part of its template is missing
        /// or the file ends in the middle of one of its lines (a cut file: ``cutProblem()``).
        mutating func read() -> Result<ParsedForm, Problems> {
            readYear()
            readUnit()
            let inline = isInline
            if inline {
                readInlineProject()
                readInlineCategoryAndDates()
            } else {
                readApartProject()
                readBoxes()
                readApartDates()
            }
            if form.project == nil { missingParts.append(("project", "项目名称 line", true)) }
            var requestProblem: FormProblem?
            switch readAmount("项目当年预算", field: "requested") {
            case .value(let money, let line):
                form.requested = money
                form.lines["requested"] = line + 1
            case .unknown(let line):
                requestProblem = problem(line: line + 1, "项目当年预算 is printed as unknown (\(text[line].trimmed))")
            case .missing(let labelLine, let atEnd):
                if let labelLine {
                    requestProblem = problem(line: labelLine + 1, "项目当年预算 has no value")
                    missingParts.append(("requested", "项目当年预算 value", atEnd))
                } else {
                    requestProblem = problem(line: start + 1, "no 项目当年预算 label in the form")
                    missingParts.append(("requested", "项目当年预算 line", true))
                }
            case .invalid(let error, let line):
                requestProblem = problem(line: line + 1, "项目当年预算: \(error)")
            }
            readTotal()
            readPrior()
            readSubProjects()
            if inline || hasThreeLevelHeader { readColumnIndicators() } else { readApartIndicators() }
            if form.indicators.isEmpty { missingParts.append(("indicators", "indicator rows (年度绩效目标)", true)) }
            for index in form.notes.indices {
                form.notes[index].unit = form.unit
                form.notes[index].project = form.project
            }
            if isLast, let cut = cutProblem() { return .failure(Problems(list: [cut])) }
            let all = (requestProblem.map { [$0] } ?? []) + problems
            return all.isEmpty ? .success(form) : .failure(Problems(list: all))
        }

        func problem(line: Int, field: String = "requested", _ message: String) -> FormProblem {
            FormProblem(line: line, field: field, message: message, unit: form.unit, project: form.project, year: form.year)
        }

        /// Why the file's last form cannot be whole, or nil. A file cut short loses the end of its last form: the
        /// form must show every part of the template (申报单位名称, 项目名称, 项目当年预算, 项目总预算, 同名项目上年预算额
        /// and 上年预算执行数 with their values or 无, the rows of a 子项目名称 table, indicator rows), and the file
        /// must not end in the middle of one of its lines (a last line without a line end). A cut between two
        /// indicator rows cannot be told from a shorter table: the family prints no closing line.
        func cutProblem() -> FormProblem? {
            let span = "the form on lines \(start + 1)–\(end + 1)"
            // A missing part is what a cut left out when the form ends where it should be; a missing label, in the
            // inline layout (printed in a fixed order, the indicator table last) only when no indicator row is
            // there, in the other layout (no fixed order) always.
            let cut = missingParts.first { part in
                part.atEnd && (!part.part.hasSuffix(" line") || !isInline || form.indicators.isEmpty)
            }
            if let missing = cut {
                return problem(line: end + 1, field: missing.field, "\(span) ends before its \(missing.part): the file looks cut")
            }
            if !isInline, let next = (title + 1...max(title + 1, end)).first(where: { $0 <= end && text[$0].key == "项目名称" }) {
                return problem(line: next + 1, field: "format", "a new form's label column starts on line \(next + 1) (项目名称), but the file ends before that form's title: the file looks cut")
            }
            if let openLine, openLine - 1 >= start, openLine - 1 <= end {
                return problem(line: openLine, field: "format", "the file ends in the middle of line \(openLine) (no line end), inside the form: the file looks cut (if it is whole, end its last line with a line end)")
            }
            return nil
        }

        // MARK: Year, unit, project

        mutating func readYear() {
            let near = title...min(title + 3, end)
            let candidates = Array(near) + range.filter { !near.contains($0) }
            for index in candidates {
                if let year = DeclarationParser.bracketedYear(in: text[index].key) {
                    form.year = year
                    form.lines["year"] = index + 1
                    if !near.contains(index) { note(index, "year", "年度 taken from line \(index + 1), away from the title") }
                    return
                }
            }
            note(title, "year", "no （YYYY年度） under the title: year unknown")
        }

        mutating func readUnit() {
            guard let (index, value) = firstLine(containing: "申报单位名称") else {
                note(start, "unit", "no 申报单位名称 in the form")
                missingParts.append(("unit", "申报单位名称 line", true))
                return
            }
            if !value.value.isEmpty {
                form.unit = NameKey.displayName(value.value)
                form.lines["unit"] = index + 1
                return
            }
            let next = nextNonBlank(after: index)
            if let next, !DeclarationParser.isLabelLine(text[next]) {
                form.unit = NameKey.displayName(text[next].trimmed)
                form.lines["unit"] = next + 1
                note(next, "unit", "申报单位名称 value printed on the line after its label")
            } else {
                note(index, "unit", "申报单位名称 has no value")
                missingParts.append(("unit", "申报单位名称 value", next == nil))
            }
        }

        func nextNonBlank(after index: Int) -> Int? {
            var next = index + 1
            while next <= end {
                if !text[next].trimmed.isEmpty { return next }
                next += 1
            }
            return nil
        }

        /// Lines directly below `index` (no blank line between) that continue a wrapped value.
        func continuation(after index: Int) -> [Int] {
            var lines: [Int] = []
            var next = index + 1
            while next <= end {
                let line = text[next]
                if line.trimmed.isEmpty || DeclarationParser.containsLabel(line) || DeclarationParser.isTitleKey(line.key)
                    || DeclarationParser.isDateOnly(line.trimmed) {
                    break
                }
                lines.append(next)
                next += 1
            }
            return lines
        }

        mutating func setProject(_ lines: [Int], first: String) {
            var name = first
            for index in lines.dropFirst() { name += text[index].trimmed }
            form.project = NameKey.displayName(name)
            form.lines["project"] = lines[0] + 1
            if lines.count > 1 {
                note(lines[0], "project", "项目名称 joined from lines \(lines[0] + 1)–\(lines.last! + 1): \(form.project!)")
            }
        }

        mutating func readInlineProject() {
            guard let index = range.first(where: {
                DeclarationParser.labelValue(text[$0].text, label: "项目名称", requireColon: true) != nil
            }), let value = DeclarationParser.labelValue(text[index].text, label: "项目名称", requireColon: true) else { return }
            if !value.value.isEmpty {
                setProject([index] + (value.cut ? [] : continuation(after: index)), first: value.value)
            } else if let next = nextNonBlank(after: index), !DeclarationParser.containsLabel(text[next]) {
                setProject([next] + continuation(after: next), first: text[next].trimmed)
            } else {
                note(index, "project", "项目名称 has no value")
            }
        }

        /// Labels-apart layout: the name is the first text line after 申报单位名称 (or the year under the title).
        mutating func readApartProject() {
            let anchor = (form.lines["unit"] ?? form.lines["year"]).map { $0 - 1 } ?? title
            var index = anchor + 1
            var seen = 0
            while index <= end && seen < 6 {
                let line = text[index]
                if line.trimmed.isEmpty { index += 1; continue }
                seen += 1
                if DeclarationParser.isDateOnly(line.trimmed) {
                    strayDates.append(index)
                    index += 1
                    continue
                }
                if DeclarationParser.isLabelLine(line) || line.trimmed.contains("□") || line.trimmed.contains("■") { break }
                setProject([index] + continuation(after: index), first: line.trimmed)
                return
            }
            note(anchor, "project", "no 项目名称 value after the title block")
        }

        // MARK: Category and dates

        mutating func readInlineCategoryAndDates() {
            if let (index, value) = firstLine(containing: "项目类别"), !value.value.isEmpty {
                form.category = NameKey.displayName(value.value)
                consumed.insert(index)
            } else {
                note(start, "category", "no 项目类别 value")
            }
            if let (_, value) = firstLine(containing: "计划开始日期"), !value.value.isEmpty {
                form.plannedStart = value.value
            } else {
                note(start, "planned_start", "no 计划开始日期 value")
            }
            if let (_, value) = firstLine(containing: "计划完成日期"), !value.value.isEmpty {
                form.plannedEnd = value.value
            } else {
                note(start, "planned_end", "no 计划完成日期 value")
            }
        }

        /// 项目类型 as box rows: `其他经常性项目■`, `政府购买服务 ■`, wrapped rows (`政府购买服\n务■`) joined.
        mutating func readBoxes() {
            guard let labelIndex = range.first(where: { text[$0].key.hasPrefix("项目类型") }) else {
                note(start, "category", "no 项目类型 in the form")
                return
            }
            consumed.insert(labelIndex)
            var joined = ""
            if let labelEnd = text[labelIndex].text.range(of: "项目类型") {
                joined = String(text[labelIndex].text[labelEnd.upperBound...])
            }
            var previous = labelIndex
            var index = labelIndex + 1
            while index <= end {
                let line = text[index]
                if line.trimmed.isEmpty { index += 1; continue }
                let hasBox = line.trimmed.contains("□") || line.trimmed.contains("■")
                let wrapped = previous == index - 1 && line.trimmed.count <= 12
                    && !DeclarationParser.containsLabel(line) && !line.trimmed.contains(where: { "，。；：:".contains($0) })
                guard hasBox || wrapped else { break }
                // A row wrapped by the PDF continues directly; rows of the box grid are separated by blank lines.
                joined += (previous == index - 1 ? "" : "  ") + line.text
                consumed.insert(index)
                previous = index
                index += 1
            }
            var ticked: [String] = []
            var unboxed: [String] = []
            var segment = ""
            func options(_ segment: String) -> [String] {
                segment.components(separatedBy: "  ")
                    .map { $0.filter { !$0.isWhitespace } }
                    .filter { !$0.isEmpty }
            }
            for character in joined {
                guard character == "□" || character == "■" else {
                    segment.append(character)
                    continue
                }
                var names = options(segment)
                segment = ""
                guard let name = names.popLast() else {
                    note(labelIndex, "category", "项目类型: a box without a name")
                    continue
                }
                unboxed += names
                if character == "■" { ticked.append(name) }
            }
            unboxed += options(segment)
            if !unboxed.isEmpty {
                note(labelIndex, "category", "项目类型 option(s) printed without a box, taken as not ticked: \(unboxed.joined(separator: ", "))")
            }
            guard let first = ticked.first else {
                note(labelIndex, "category", "项目类型: no box ticked")
                return
            }
            form.category = first
            if ticked.count > 1 {
                note(labelIndex, "category",
                     "项目类型: \(ticked.count) boxes ticked (\(ticked.joined(separator: ", "))); kept the first, \(first)")
            }
        }

        /// `2019年1月1日 结束时间 2019年12月31日`: the start is printed before the 结束时间 label, the end after it.
        mutating func readApartDates() {
            guard let index = range.first(where: { text[$0].key.has("结束时间") }),
                  let label = text[index].text.range(of: "结束时间") else {
                note(start, "planned_start", "no 结束时间 line: planned dates unknown")
                return
            }
            consumed.insert(index)
            var before = String(text[index].text[..<label.lowerBound])
            if let startLabel = before.range(of: "开始时间") { before = String(before[startLabel.upperBound...]) }
            before = before.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "：:"))
                .trimmingCharacters(in: .whitespaces)
            let after = DeclarationParser.labelValue(text[index].text, label: "结束时间")?.value ?? ""
            let others = range.filter { $0 != index && DeclarationParser.isDateOnly(text[$0].trimmed) && !consumed.contains($0) }
            let otherSet = Set(others), straySet = Set(strayDates)
            var spare = strayDates.filter { otherSet.contains($0) } + others.filter { !straySet.contains($0) }
            if before.isEmpty {
                if let date = spare.first {
                    spare.removeFirst()
                    form.plannedStart = text[date].trimmed
                    consumed.insert(date)
                    note(date, "planned_start", "开始时间 value printed apart from its line \(index + 1), on line \(date + 1): \(text[date].trimmed)")
                } else {
                    note(index, "planned_start", "开始时间 has no value")
                }
            } else {
                form.plannedStart = before
            }
            if after.isEmpty {
                if let date = spare.first {
                    form.plannedEnd = text[date].trimmed
                    consumed.insert(date)
                    note(date, "planned_end", "结束时间 value printed apart from its label (line \(index + 1)), on line \(date + 1): \(text[date].trimmed)")
                } else {
                    note(index, "planned_end", "结束时间 has no value")
                }
            } else {
                form.plannedEnd = after.split(whereSeparator: { $0.isWhitespace }).first.map(String.init)
            }
        }

        // MARK: Figures

        enum AmountRead {
            case value(Money, line: Int)
            case unknown(line: Int)
            /// No label (`labelLine` nil), or a label without a value; `atEnd`: the value was looked for up to the
            /// form's last line (where a cut file would have lost it).
            case missing(labelLine: Int?, atEnd: Bool = false)
            case invalid(AmountParseError, line: Int)
        }

        func unit(of text: String?) -> AmountUnit? {
            guard let text else { return nil }
            return AmountUnit(label: text)
        }

        /// The amount after `label`: on the label's line, or — when the label ends its line, as the wrapped
        /// `同名项目上年预算执行数\n（元）\n275000` — on the next lines, past a unit-only `（元）` line.
        mutating func readAmount(_ label: String, field: String) -> AmountRead {
            guard let (index, value) = firstLine(containing: label) else { return .missing(labelLine: nil) }
            var atEnd = false
            var amountUnit = unit(of: value.unitText)
            var token: String?
            var tokenLine = index
            if !value.value.isEmpty {
                token = value.value.split(whereSeparator: { $0.isWhitespace }).first.map(String.init)
            } else if !value.cut {
                var next = index + 1
                var seen = 0
                atEnd = true
                while next <= end && seen < 4 {
                    let line = text[next]
                    if line.trimmed.isEmpty { next += 1; continue }
                    atEnd = false
                    seen += 1
                    if let unitOnly = DeclarationParser.unitOnly(line.trimmed) {
                        amountUnit = amountUnit ?? AmountUnit(label: unitOnly)
                        consumed.insert(next)
                        next += 1
                        atEnd = next > end
                        continue
                    }
                    let tokens = line.tokens
                    if tokens.count == 1, !DeclarationParser.containsLabel(line) {
                        let candidate = tokens[0]
                        let startsWithDigit = candidate.first.map { $0.isNumber } ?? false
                        if startsWithDigit || (try? AmountParser.parse(candidate)) == .unknown {
                            token = candidate
                            tokenLine = next
                        }
                    }
                    break
                }
            }
            guard let token else { return .missing(labelLine: index, atEnd: atEnd) }
            if value.unitText == nil && amountUnit == nil {
                note(tokenLine, field, "\(label) prints no unit: read as 元")
            }
            consumed.insert(index)
            consumed.insert(tokenLine)
            do {
                switch try AmountParser.parse(token, unit: amountUnit ?? .yuan) {
                case .unknown: return .unknown(line: tokenLine)
                case .value(let money, let rounded):
                    if rounded { note(tokenLine, field, "\(label) \(token) rounded to 0.01 元") }
                    return .value(money, line: tokenLine)
                }
            } catch {
                return .invalid(error, line: tokenLine)
            }
        }

        mutating func readTotal() {
            switch readAmount("项目总预算", field: "total_budget") {
            case .value(let money, let line):
                form.totalBudget = money
                form.lines["total_budget"] = line + 1
            case .unknown(let line):
                form.lines["total_budget"] = line + 1
                note(line, "total_budget", "项目总预算 printed as \(text[line].trimmed): unknown")
            case .missing(let labelLine, let atEnd):
                note(labelLine ?? start, "total_budget", labelLine == nil ? "no 项目总预算 in the form" : "项目总预算 has no value")
                missingParts.append(("total_budget", labelLine == nil ? "项目总预算 line" : "项目总预算 value", labelLine == nil || atEnd))
            case .invalid(let error, let line):
                form.lines["total_budget"] = line + 1
                problems.append(problem(line: line + 1, field: "total_budget", "项目总预算: \(error)"))
            }
        }

        mutating func readPrior() {
            let budget = readAmount("同名项目上年预算额", field: "prior_budget")
            let executed = readAmount("同名项目上年预算执行数", field: "prior_executed")
            var budgetIsNone = false
            var executedIsNone = false
            for (read, field, label) in [(budget, "prior_budget", "同名项目上年预算额"), (executed, "prior_executed", "同名项目上年预算执行数")] {
                switch read {
                case .value(let money, let line):
                    if field == "prior_budget" { form.priorBudget = money } else { form.priorExecuted = money }
                    form.lines[field] = line + 1
                case .unknown(let line):
                    form.lines[field] = line + 1
                    if field == "prior_budget" { budgetIsNone = true } else { executedIsNone = true }
                case .missing(let labelLine, let atEnd):
                    note(labelLine ?? start, field, labelLine == nil ? "no \(label) in the form" : "\(label) has no value (not 无)")
                    missingParts.append((field, labelLine == nil ? "\(label) line" : "\(label) value", labelLine == nil || atEnd))
                case .invalid(let error, let line):
                    form.lines[field] = line + 1
                    problems.append(problem(line: line + 1, field: field, "\(label): \(error)"))
                }
            }
            if budgetIsNone {
                form.isNewProject = true
                let line = (form.lines["prior_budget"] ?? start + 1) - 1
                note(line, "prior_budget", "同名项目上年预算额 is 无: new project, no prior-year figures")
                if let executed = form.priorExecuted {
                    note(line, "prior_executed", "同名项目上年预算执行数 \(executed) printed although the prior budget is 无; kept")
                }
            } else if executedIsNone {
                let line = (form.lines["prior_executed"] ?? start + 1) - 1
                note(line, "prior_executed", "同名项目上年预算执行数 is 无 while the prior budget is printed: execution unknown")
            }
        }

        // MARK: Sub-projects

        /// `子项目名称 预算金额（元）` then rows `name amount`; a name may wrap, its amount then on a line of its own.
        mutating func readSubProjects() {
            guard let header = range.first(where: { text[$0].key.has("子项目名称") }) else {
                // The labels-apart layout always prints the table (the inline layout has none).
                if !isInline { missingParts.append(("sub_projects", "子项目名称 line", true)) }
                return
            }
            consumed.insert(header)
            let amountUnit = unit(of: DeclarationParser.labelValue(text[header].text, label: "预算金额")?.unitText) ?? .yuan
            var rows: [SubProject] = []
            var pending: [Int] = []
            var index = header + 1
            func isProse(_ text: String) -> Bool { text.contains(where: { "，。；：:".contains($0) }) || text.count > 40 }
            func amount(_ token: String) -> Money? {
                guard token.first?.isNumber == true else { return nil }
                return (try? AmountParser.parse(token, unit: amountUnit))?.money
            }
            scan: while index <= end && index <= header + 25 {
                let line = text[index]
                defer { index += 1 }
                if line.trimmed.isEmpty { continue }
                if DeclarationParser.isLabelLine(line) || DeclarationParser.isHeading(line.trimmed) {
                    if rows.isEmpty && pending.isEmpty { continue } // the label column the table sits beside
                    break scan
                }
                if isProse(line.trimmed) { break scan }
                let tokens = line.tokens
                if let last = tokens.last, let money = amount(last) {
                    let namePart = tokens.dropLast().joined(separator: " ")
                    let name = NameKey.displayName(pending.map { text[$0].trimmed }.joined() + namePart)
                    if name.isEmpty {
                        note(index, "sub_projects", "子项目 amount \(last) without a name, skipped")
                    } else {
                        rows.append(SubProject(name: name, amount: money))
                        if !pending.isEmpty {
                            let nameEnd = namePart.isEmpty ? pending.last! : index
                            note(pending[0], "sub_projects",
                                 "子项目名称 joined from lines \(pending[0] + 1)–\(nameEnd + 1), amount on line \(index + 1): \(name)")
                        }
                    }
                    consumed.formUnion(pending)
                    consumed.insert(index)
                    pending = []
                    continue
                }
                pending.append(index)
                if pending.count > 3 { break scan }
            }
            if rows.isEmpty {
                note(header, "sub_projects", "子项目名称 table has no readable row")
                missingParts.append(("sub_projects", "子项目名称 rows (header on line \(header + 1))", index > end))
            }
            form.subProjects = rows
            if !rows.isEmpty, let requested = form.requested, rows.map(\.amount).sum() != requested {
                note(header, "sub_projects", "子项目 amounts sum to \(rows.map(\.amount).sum()), not the 项目当年预算 \(requested)")
            }
        }

        // MARK: Indicators

        var hasThreeLevelHeader: Bool { threeLevelHeader != nil }

        var threeLevelHeader: Int? {
            range.first { index in
                let key = text[index].key
                return (key.has("一级目标") || key.has("一级指标")) && (key.has("三级目标") || key.has("三级指标"))
            }
        }

        /// The inline layout's table: three columns of text. A level-1 or level-2 heading stands at the start of
        /// the row it opens (`质量 项目质量可控性 可控`, `影响力目标 长效管理`) or alone on its line; a level-3 name wrapped
        /// over lines continues directly below, its target after a blank line.
        mutating func readColumnIndicators() {
            guard let header = threeLevelHeader else {
                note(start, "indicators", "no 一级目标 / 二级目标 / 三级目标 header: indicators not read")
                return
            }
            var level1 = ""
            var level2 = ""
            var pending: (name: String, lines: [Int])?
            var read: [(Indicator, Int)] = []
            var blankBefore = false
            func emit(_ level3: String, _ target: String, _ line: Int) {
                read.append((Indicator(level1: level1, level2: level2, level3: level3, target: target), line))
            }
            for index in (header + 1)...max(header + 1, end) where index <= end {
                let line = text[index]
                if line.trimmed.isEmpty { blankBefore = true; continue }
                defer { blankBefore = false }
                if DeclarationParser.isPageNumber(line.trimmed) { continue }
                var tokens = line.tokens
                if let open = pending {
                    if tokens.count == 1 && !DeclarationParser.isLevel1(tokens[0]) && !DeclarationParser.isLevel2(tokens[0]) {
                        if !blankBefore {
                            pending = (open.name + tokens[0], open.lines + [index])
                        } else {
                            emit(open.name, tokens[0], open.lines[0])
                            note(open.lines[0], "indicators",
                                 "三级目标 \(open.name) wrapped over lines \(open.lines.map { String($0 + 1) }.joined(separator: ", ")), its target on line \(index + 1)")
                            pending = nil
                        }
                        continue
                    }
                    note(open.lines[0], "indicators", "三级目标 \(open.name) has no target value: skipped")
                    pending = nil
                }
                if DeclarationParser.isLevel1(tokens[0]) {
                    level1 = tokens.removeFirst()
                    level2 = ""
                }
                switch tokens.count {
                case 0:
                    continue
                case 1:
                    if !DeclarationParser.isLevel2(tokens[0]) {
                        note(index, "indicators", "\(tokens[0]) taken as a level-2 heading")
                    }
                    level2 = tokens[0]
                case 2:
                    if DeclarationParser.isLevel2(tokens[0]) {
                        level2 = tokens[0]
                        pending = (tokens[1], [index])
                    } else {
                        emit(tokens[0], tokens[1], index)
                    }
                default:
                    level2 = tokens[0]
                    emit(tokens[1], tokens[2...].joined(separator: " "), index)
                }
            }
            if let open = pending {
                note(open.lines[0], "indicators", "三级目标 \(open.name) has no target value: skipped")
            }
            form.indicators = read.map(\.0)
            if isLast, let (lastRow, line) = read.last,
               !read.contains(where: { DeclarationParser.closingLevel1Names.contains(NameKey.matchKey($0.0.level1)) }) {
                note(line, "indicators", """
                    the file ends with this form's indicator table under \(lastRow.level1.isEmpty ? "its first part" : lastRow.level1), \
                    before a 影响力目标 or 满意度指标 part, where a whole table ends: if the file was cut, indicator rows are missing
                    """)
            }
            var firstSeen: [String: Int] = [:]
            for (indicator, line) in read {
                let key = [indicator.level1, indicator.level2, indicator.level3, indicator.target ?? ""].joined(separator: "|")
                if let earlier = firstSeen[key] {
                    note(line, "indicators", "indicator \(indicator.level2) / \(indicator.level3) \(indicator.target ?? "") printed twice (lines \(earlier + 1) and \(line + 1)); both kept as printed")
                } else {
                    firstSeen[key] = line
                }
            }
        }

        /// The labels-apart layout prints the table's columns as separate runs (headings, then targets, then names),
        /// so only a level-3 name and its target printed on one line can be paired; their level-1 and level-2
        /// headings cannot be told and are left empty.
        mutating func readApartIndicators() {
            guard let regionStart = range.first(where: {
                let key = text[$0].key
                return key == "年度绩效目标" || key.has("一级指标") || key.has("绩效指标") || key.has("三级指标")
            }) else {
                note(start, "indicators", "no 年度绩效目标 table: indicators not read")
                return
            }
            var pairs: [Indicator] = []
            for index in regionStart...end where !consumed.contains(index) {
                let line = text[index]
                let tokens = line.tokens
                guard tokens.count == 2, !DeclarationParser.containsLabel(line),
                      !line.trimmed.contains(where: { "，。；：:".contains($0) }),
                      !tokens.contains(where: DeclarationParser.isHeading),
                      !DeclarationParser.isListNumber(tokens[0]),
                      !DeclarationParser.isDateOnly(tokens[0]),
                      tokens[1].first?.isNumber != true || tokens[1].contains("%") || tokens[1].contains(where: { $0 > "\u{7F}" })
                else { continue }
                pairs.append(Indicator(level1: "", level2: "", level3: tokens[0], target: tokens[1]))
            }
            form.indicators = pairs
            if isLast, !pairs.isEmpty, !(regionStart...end).contains(where: { index in
                text[index].tokens.contains { DeclarationParser.closingLevel1Names.contains(NameKey.matchKey($0)) }
            }) {
                note(end, "indicators", """
                    the file ends with this form's indicator table before a 影响力目标 or 满意度指标 part, where a whole \
                    table ends: if the file was cut, indicator rows are missing
                    """)
            }
            note(regionStart, "indicators",
                 "绩效指标 printed as separate column runs: \(pairs.count) level-3/target pair(s) printed on one line read, level-1/level-2 left empty; rows whose name and target are printed apart cannot be paired and were skipped")
        }
    }
}
