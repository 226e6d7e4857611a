import BudgetCore
import Foundation

/// One request to review: a project's requested amount for a year.
public struct Request: Sendable, Equatable {
    public var department: String?
    public var unit: String?
    public var project: String
    public var year: Int
    public var requested: Money
    /// The file line it came from, for messages (0 for a stored declaration).
    public var line: Int

    public init(department: String?, unit: String?, project: String, year: Int, requested: Money, line: Int) {
        self.department = department
        self.unit = unit
        self.project = project
        self.year = year
        self.requested = requested
        self.line = line
    }
}

/// Reads a CSV of requests (`department`, `unit`, `project`, `year`, `requested`, in any order, by English
/// name or Chinese label: 主管部门, 实施单位/申报单位, 项目名称, 年度, 项目当年预算/申请金额; a unit in the header
/// such as `(万元)` converts). UTF-8, UTF-8 with BOM or GB18030. The table may be laid out as spreadsheets save it,
/// as for `budget import` (``TableHead``): title rows, a unit line (`单位：万元`, for a `requested` header that
/// states no unit), a two-row header, 合计/小计 rows. Every bad row is an error naming the file, line and column;
/// the first one is thrown (nothing is reviewed from a half-read file). An .xlsx workbook is read sheet by sheet
/// (``TableSource``), each sheet as such a table.
public enum RequestReader {
    /// The requests of a file, with what was noted on the way.
    public struct File: Sendable {
        public var requests: [Request]
        /// Warning-level notes: the title rows, header and unit line found (see ``TableHead``), and the total rows
        /// (合计, 小计, 总计) recognised and skipped, checked against the rows they sum (a mismatch names the line).
        public var notes: [Finding]
        /// Rows left out under `skipInvalid`, each with its error.
        public var skipped: [Finding]
    }

    /// How to read a requests file.
    public struct Options: Sendable {
        /// Leave out rows in error (listed in ``File/skipped``) instead of throwing the first.
        public var skipInvalid = false
        /// The header's line (`--header-row`); nil: found (see ``TableHead``).
        public var headerRow: Int?
        /// The sheet of an .xlsx workbook to read (`--sheet`); nil: every sheet that holds data.
        public var sheet: String?

        public init(skipInvalid: Bool = false, headerRow: Int? = nil, sheet: String? = nil) {
            self.skipInvalid = skipInvalid
            self.headerRow = headerRow
            self.sheet = sheet
        }
    }

    /// The requests only (see ``read(path:options:)``): the first bad row is thrown.
    public static func read(path: String) throws(ImportError) -> [Request] {
        try read(path: path, options: Options()).requests
    }

    /// See ``read(path:options:)``.
    public static func read(path: String, skipInvalid: Bool) throws(ImportError) -> File {
        try read(path: path, options: Options(skipInvalid: skipInvalid))
    }

    /// Reads every request. A row in error is thrown (naming file, line and column), or, with `skipInvalid`,
    /// listed in ``File/skipped`` and left out. Rows whose 序号, project, unit or department cell is 合计, 小计 or
    /// 总计 (``TotalLabel``), with no project name besides, are totals, not projects: skipped, and checked against
    /// the rows they sum (``TotalsChecker``).
    public static func read(path: String, options: Options) throws(ImportError) -> File {
        let data = try InputFile.read(path)
        guard TableSource.isWorkbook(data) else {
            var file = try read(try DecodedText.decode(data, as: .auto, file: path), name: path, options: options)
            if let sheet = options.sheet { file.notes.insert(TableSource.sheetIgnored(sheet, path: path), at: 0) }
            return file
        }
        // A workbook: the requests of every sheet read (each sheet a table of its own), in order.
        let source = try TableSource.workbook(data, path: path, sheet: options.sheet)
        var file = File(requests: [], notes: source.notes, skipped: [])
        for table in source.tables {
            let sheet = try read(table.text, name: table.name, options: options)
            file.requests += sheet.requests
            file.notes += sheet.notes
            file.skipped += sheet.skipped
        }
        return file
    }

    /// Reads the requests of decoded CSV text; `name` names it in findings.
    static func read(_ text: DecodedText, name path: String, options: Options) throws(ImportError) -> File {
        func syntax(_ error: CSVTokenizer.SyntaxError) -> ImportError {
            .badRow(file: path, line: error.line, field: "row", reason: error.description)
        }
        func thrown(_ finding: Finding) -> ImportError {
            .badRow(file: path, line: finding.line, field: finding.field ?? "header", reason: finding.message)
        }
        let search: TableHead.Search
        do { search = try TableHead.find(in: CSVTokenizer(bytes: text.bytes), file: path, map: [], headerRow: options.headerRow) } catch {
            throw syntax(error)
        }
        let head: TableHead
        switch search {
        case .found(let found): head = found
        case .missing(let error): throw thrown(error)
        }
        let headerLine = head.line
        let (resolved, errors) = HeaderLayout.resolve(names: head.columns, map: [], file: path, line: headerLine)
        if let error = errors.first { throw thrown(error) }
        guard let layout = resolved else { throw .unreadable(file: path, reason: "no header") }
        for required in [CanonicalColumn.project, .year, .requested] where layout.columns[required] == nil {
            throw .badRow(file: path, line: headerLine, field: required.rawValue,
                          reason: "no \(required.rawValue) column (\(required.chineseLabels.first ?? required.rawValue)); the columns are department, unit, project, year, requested")
        }
        let headers = head.columns.map(\.text)
        let namedHeaderCount = (headers.lastIndex { !$0.isEmpty } ?? -1) + 1
        let unit = layout.units[.requested] ?? head.amountUnit(option: nil) ?? .yuan
        let nameColumns = [head.indexColumn, layout.columns[.project], layout.columns[.unit], layout.columns[.department]].compactMap { $0 }
        var tokenizer = head.rest
        var fields: [CSVTokenizer.Field] = []
        func next() throws(ImportError) -> Int? {
            do { return try tokenizer.next(into: &fields) } catch { throw syntax(error) }
        }
        var requests: [Request] = []
        var notes = head.notes, skipped: [Finding] = []
        var totals = TotalsChecker(file: path, columns: [CanonicalColumn.requested.rawValue])
        /// The current row's cell of field `index`, trimmed; nil when blank or absent.
        func cell(at index: Int?) -> String? {
            guard let index, index < fields.count else { return nil }
            let value = tokenizer.text(of: fields[index]).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        func cell(_ column: CanonicalColumn) -> String? { cell(at: layout.columns[column]) }
        while let line = try next() {
            if fields.allSatisfy(tokenizer.isBlank) { continue }
            let label = nameColumns.lazy.compactMap { cell(at: $0).flatMap(TotalLabel.init(cell:)) }.first
            if let label = TotalLabel.ofRow(label, project: cell(.project)) {
                let total = (try? AmountParser.parse(cell(.requested) ?? "", unit: unit))?.money
                notes += totals.check(label, values: [total], line: line)
                continue
            }
            let request: Request
            do {
                request = try readRow(line)
            } catch {
                guard options.skipInvalid, case .badRow(_, _, let field, let reason) = error else { throw error }
                skipped.append(Finding(.error, file: path, line: line, field: field, message: reason))
                continue
            }
            requests.append(request)
            totals.add(request.requested, column: 0)
        }
        return File(requests: requests, notes: notes, skipped: skipped)

        func readRow(_ line: Int) throws(ImportError) -> Request {
            if fields.count < namedHeaderCount {
                throw .badRow(file: path, line: line, field: "row", reason: "the row has \(fields.count) fields; the header has \(headers.count) (a cut or shifted row)")
            }
            guard let project = cell(.project) else { throw .badRow(file: path, line: line, field: "project", reason: "no project name") }
            guard let yearText = cell(.year), let year = Int(yearText.precomposedStringWithCompatibilityMapping), BudgetYear.range.contains(year) else {
                throw .badRow(file: path, line: line, field: "year", reason: "\"\(cell(.year) ?? "")\" is not a year")
            }
            let raw = cell(.requested) ?? ""
            let amount: Money
            do {
                switch try AmountParser.parse(raw, unit: unit) {
                case .value(let money, _): amount = money
                case .unknown: throw ImportError.badRow(file: path, line: line, field: "requested", reason: "no amount")
                }
            } catch let error as ImportError {
                throw error
            } catch {
                throw .badRow(file: path, line: line, field: "requested", reason: "\(error)")
            }
            guard amount >= .zero else {
                throw .badRow(file: path, line: line, field: "requested", reason: "\"\(raw)\" is negative: a request is an amount asked for")
            }
            return Request(department: cell(.department), unit: cell(.unit), project: project, year: year,
                           requested: amount, line: line)
        }
    }
}
