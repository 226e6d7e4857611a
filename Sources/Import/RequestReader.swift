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
/// such as `(万元)` converts). UTF-8, UTF-8 with BOM or GB18030. Every bad row is an error naming the file,
/// line and column; the first one is thrown (nothing is reviewed from a half-read file).
public enum RequestReader {
    /// The requests of a file, with what was noted on the way.
    public struct File: Sendable {
        public var requests: [Request]
        /// Total rows (合计, 小计, 总计) recognised and skipped, checked against the rows they sum: a mismatch
        /// is a warning naming the line.
        public var notes: [Finding]
        /// Rows left out under `skipInvalid`, each with its error.
        public var skipped: [Finding]
    }

    /// The requests only (see ``read(path:skipInvalid:)``): the first bad row is thrown.
    public static func read(path: String) throws(ImportError) -> [Request] {
        try read(path: path, skipInvalid: false).requests
    }

    /// A total row's label: 合计 (grand total), 小计 (subtotal of the rows since the previous one), 总计.
    static func totalLabel(_ text: String?) -> String? {
        guard let text else { return nil }
        let key = NameKey.matchKey(text).filter { !$0.isWhitespace }
        return ["合计", "小计", "总计"].first { key == $0 || key == $0 + ":" || key == $0 + "：" }
    }

    /// Reads every request. A row in error is thrown (naming file, line and column), or, with `skipInvalid`,
    /// listed in ``File/skipped`` and left out. Rows whose project, unit or department cell is 合计, 小计 or
    /// 总计, with no project name besides, are totals, not projects: skipped, and checked against the rows they
    /// sum (小计: since the previous 小计; 合计 and 总计: every request above).
    public static func read(path: String, skipInvalid: Bool) throws(ImportError) -> File {
        let data = try InputFile.read(path)
        let text = try DecodedText.decode(data, as: .auto, file: path)
        var tokenizer = CSVTokenizer(bytes: text.bytes)
        var fields: [CSVTokenizer.Field] = []
        func next() throws(ImportError) -> Int? {
            do { return try tokenizer.next(into: &fields) } catch {
                throw .badRow(file: path, line: error.line, field: "row", reason: error.description)
            }
        }
        guard let headerLine = try next() else { throw .unreadable(file: path, reason: "the file is empty") }
        let headers = fields.map(tokenizer.text(of:))
        let (resolved, errors) = HeaderLayout.resolve(headers: headers, map: [], file: path, line: headerLine)
        if let error = errors.first { throw .badRow(file: path, line: headerLine, field: error.field ?? "header", reason: error.message) }
        guard let layout = resolved else { throw .unreadable(file: path, reason: "no header") }
        for required in [CanonicalColumn.project, .year, .requested] where layout.columns[required] == nil {
            throw .badRow(file: path, line: headerLine, field: required.rawValue,
                          reason: "no \(required.rawValue) column (\(required.chineseLabels.first ?? required.rawValue)); the columns are department, unit, project, year, requested")
        }
        let namedHeaderCount = (headers.lastIndex { !$0.isEmpty } ?? -1) + 1
        var requests: [Request] = []
        var notes: [Finding] = [], skipped: [Finding] = []
        var sinceSubtotal = Money.zero, sinceStart = Money.zero
        /// The current row's cell of a column, trimmed; nil when blank or absent.
        func cell(_ column: CanonicalColumn) -> String? {
            guard let index = layout.columns[column], index < fields.count else { return nil }
            let value = tokenizer.text(of: fields[index]).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        while let line = try next() {
            if fields.allSatisfy(tokenizer.isBlank) { continue }
            let names = [CanonicalColumn.project, .unit, .department].compactMap(cell)
            // A total: 合计/小计/总计 in a name cell, and no project name besides.
            if let label = names.lazy.compactMap(totalLabel).first, cell(.project).map({ totalLabel($0) != nil }) ?? true {
                let raw = cell(.requested) ?? ""
                let basis = label == "小计" ? sinceSubtotal : sinceStart
                let what = label == "小计" ? "the rows since the previous 小计" : "the rows above"
                if case .value(let total, _)? = try? AmountParser.parse(raw, unit: layout.units[.requested] ?? .yuan) {
                    notes.append(total == basis
                        ? Finding(.warning, file: path, line: line, field: "requested", message: "a \(label) row (\(total.groupedText)), not a project: skipped; it equals \(what)")
                        : Finding(.warning, file: path, line: line, field: "requested", message: "a \(label) row (\(total.groupedText)), not a project: skipped; \(what) sum to \(basis.groupedText), \((total - basis).groupedText) apart — check the file"))
                } else {
                    notes.append(Finding(.warning, file: path, line: line, field: "requested", message: "a \(label) row, not a project: skipped"))
                }
                if label == "小计" { sinceSubtotal = .zero }
                continue
            }
            let request: Request
            do {
                request = try readRow(line)
            } catch {
                guard skipInvalid, case .badRow(_, _, let field, let reason) = error else { throw error }
                skipped.append(Finding(.error, file: path, line: line, field: field, message: reason))
                continue
            }
            requests.append(request)
            sinceSubtotal += request.requested
            sinceStart += request.requested
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
                switch try AmountParser.parse(raw, unit: layout.units[.requested] ?? .yuan) {
                case .value(let money, _): amount = money
                case .unknown: throw ImportError.badRow(file: path, line: line, field: "requested", reason: "no amount")
                }
            } catch let error as ImportError {
                throw error
            } catch {
                throw .badRow(file: path, line: line, field: "requested", reason: "\"\(raw)\" is not an amount (\(error))")
            }
            guard amount >= .zero else {
                throw .badRow(file: path, line: line, field: "requested", reason: "\"\(raw)\" is negative: a request is an amount asked for")
            }
            return Request(department: cell(.department), unit: cell(.unit), project: project, year: year,
                           requested: amount, line: line)
        }
    }
}
