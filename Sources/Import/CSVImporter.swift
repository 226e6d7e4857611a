import BudgetCore
import Foundation
import Store

/// One table to import: a CSV file, or (later) one sheet of a workbook, as UTF-8 CSV text.
struct TableInput {
    /// How findings and the batch name it: the file, or `file[Sheet]`.
    var name: String
    /// The file it came from: its name gives the default data source.
    var path: String
    var text: DecodedText
    /// The batch's format: `csv`, `xlsx`.
    var format: String
}

/// Reads canonical (or `--map`ped) history CSV into the store; ``HistoryImporter`` runs it per file.
///
/// The table may be laid out as spreadsheets save it (see ``TableHead``): title rows and a unit line above the
/// header, a header of two rows, 合计/小计 rows among the data (skipped and checked, see ``TotalsChecker``).
///
/// Contract: every problem is a ``Finding`` naming file, line and column.
public enum CSVImporter {
    /// Imports one decoded CSV file as a batch of `transaction`, adding its outcome to `report`.
    /// `sha256` gives the file's digest (computed alongside; asked for only when the batch is closed).
    static func importFile(_ file: String, text: DecodedText, sha256: () -> String, transaction: ImportTransaction,
                           options: ImportOptions, report: inout ImportReport) {
        importTable(TableInput(name: file, path: file, text: text, format: "csv"), sha256: sha256,
                    transaction: transaction, options: options, report: &report)
    }

    /// Imports one table as a batch of `transaction`, adding its outcome to `report`.
    static func importTable(_ input: TableInput, sha256: () -> String, transaction: ImportTransaction,
                            options: ImportOptions, report: inout ImportReport) {
        let file = input.name
        var headers: [String] = []
        do {
            let head: TableHead
            switch try TableHead.find(in: CSVTokenizer(bytes: input.text.bytes), file: file, map: options.columnMap,
                                      headerRow: options.headerRow) {
            case .found(let found): head = found
            case .missing(let error): report.errors.append(error); return
            }
            headers = head.columns.map(\.text)
            let resolved = HeaderLayout.resolve(names: head.columns, map: options.columnMap, file: file, line: head.line)
            guard let layout = resolved.layout else { report.errors += resolved.errors; return }
            if let conflict = head.unitConflict(option: options.amountUnit, file: file) { report.errors.append(conflict); return }
            var notes = head.notes
            if !layout.ignored.isEmpty {
                notes.append(Finding(.warning, file: file, line: head.line,
                    message: "columns not used: \(Excerpt.list(layout.ignored))"))
            }
            let writer = try transaction.beginBatch(BatchMetadata(
                fileName: file, sha256: "", format: input.format, encoding: input.text.encodingName,
                options: options.description, dataSource: options.dataSource(forFile: input.path)))
            writer.reserveCapacity(rows: input.text.bytes.count / 48)
            writer.neighbourSampleLimit = UnitScaleCheck.sampleRows

            // Rows are parsed on the other core while this thread writes them (see ParsedRowQueue).
            let queue = ParsedRowQueue()
            let parsing = DispatchGroup()
            let rowsAfterHeader = head.rest, headerCount = head.columns.count, indexColumn = head.indexColumn
            let namedHeaderCount = (headers.lastIndex { !$0.isEmpty } ?? -1) + 1
            let amountUnit = head.amountUnit(option: options.amountUnit)
            DispatchQueue.global().async(group: parsing) {
                let reader = RowReader(file: file, layout: layout, options: options, headerCount: headerCount,
                                       namedHeaderCount: namedHeaderCount, amountUnit: amountUnit, indexColumn: indexColumn)
                parseRows(rowsAfterHeader, reader: reader, into: queue)
            }
            defer { queue.cancel(); parsing.wait() }

            var rowsRead = 0, skipped = 0
            var warnings = notes
            while let chunk = queue.take() {
                for item in chunk {
                    rowsRead += 1
                    var rowFindings = item.findings
                    var row = item.row
                    if let valid = row {
                        do {
                            try writer.apply(valid)
                        } catch let rejection as RowRejection {
                            rowFindings.append(Finding(.error, file: file, line: item.line, field: rejection.field, message: rejection.message))
                            row = nil
                        }
                    }
                    if rowFindings.isEmpty {
                        if row == nil { skipped += 1 }
                        continue
                    }
                    let errors = rowFindings.filter { $0.severity == .error }
                    warnings += rowFindings.filter { $0.severity == .warning }
                    if !errors.isEmpty {
                        if options.skipInvalid { skipped += 1; report.skipped += errors } else { report.errors += errors }
                    } else if row == nil {
                        skipped += 1
                    }
                }
            }
            if let error = queue.endError {
                report.errors.append(finding(error, file: file, headers: headers))
                return
            }
            if rowsRead == 0 {
                warnings.append(Finding(.warning, file: file, line: head.lastLine, message:
                    "the file has a header and no rows: nothing imported from it (a cut or empty export?)"))
            }
            warnings += writer.warnings
            if let scale = UnitScaleCheck.storedMismatch(writer.storedNeighbours, file: file) { warnings.append(scale) }
            report.warnings += warnings
            report.batches.append(try transaction.finishBatch(writer, sha256: sha256(), fileName: file, rowsRead: rowsRead,
                                                              skipped: skipped, warnings: warnings))
        } catch let error as CSVTokenizer.SyntaxError {
            report.errors.append(finding(error, file: file, headers: headers))
        } catch {
            report.errors.append(Finding(.error, file: file, line: 0, message: "\(error)"))
        }
    }

    /// The parsing side of the import: reads every record after the header into rows and findings. Total rows
    /// (合计, 小计 …) are checked against the rows they sum and skipped; a project's 10,000-fold jump from one row
    /// to the next is a warning.
    private static func parseRows(_ start: CSVTokenizer, reader: RowReader, into queue: ParsedRowQueue) {
        var tokenizer = start
        var totals = TotalsChecker(file: reader.file, columns: reader.amountColumnNames)
        var jumps = UnitScaleCheck.JumpCheck(file: reader.file)
        var fields: [CSVTokenizer.Field] = []
        var chunk: [ParsedRowQueue.Item] = []
        chunk.reserveCapacity(ParsedRowQueue.chunkSize)
        do {
            while let line = try tokenizer.next(into: &fields) {
                if fields.allSatisfy(tokenizer.isBlank) { continue } // `,,,,` lines, as spreadsheets write them
                var findings: [Finding] = []
                var row: HistoryRow?
                if let label = reader.totalLabel(fields: fields, tokenizer: tokenizer) {
                    findings = totals.check(label, values: reader.amounts(fields: fields, tokenizer: tokenizer), line: line)
                } else {
                    row = reader.read(fields: fields, line: line, tokenizer: tokenizer, findings: &findings)
                    if let valid = row, !findings.contains(where: { $0.severity == .error }) {
                        reader.addAmounts(of: valid, to: &totals)
                        if let jump = jumps.check(valid) { findings.append(jump) }
                    } else {
                        row = nil
                    }
                }
                chunk.append(ParsedRowQueue.Item(line: line, row: row, findings: findings))
                if chunk.count == ParsedRowQueue.chunkSize {
                    guard queue.put(chunk) else { return }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            _ = queue.put(chunk)
            queue.finish(nil)
        } catch {
            _ = queue.put(chunk)
            queue.finish(error)
        }
    }

    /// The finding for a record that is not well-formed CSV, naming the column when the header has one.
    static func finding(_ error: CSVTokenizer.SyntaxError, file: String, headers: [String]) -> Finding {
        let column = error.field <= headers.count ? headers[error.field - 1] : nil
        return Finding(.error, file: file, line: error.line, field: column, message: error.description)
    }
}

/// The amounts of one row, by column, without a dictionary (this runs once per row).
struct AmountsByColumn {
    private var values = [Money?](repeating: nil, count: CanonicalColumn.allCases.count)
    subscript(column: CanonicalColumn) -> Money? {
        get { values[column.ordinal] }
        set { values[column.ordinal] = newValue }
    }
}

/// Turns one CSV record into a ``HistoryRow``, or findings.
final class RowReader {
    let file: String
    let layout: HeaderLayout
    let options: ImportOptions
    let headerCount: Int
    /// The header's fields up to its last non-blank name: a row must have at least these.
    let namedHeaderCount: Int
    /// Field index of each canonical column (by `allCases` position), looked up once per file.
    private let fieldIndex: [Int?]
    /// The amount columns present, with their field index and unit.
    private let amountColumns: [(column: CanonicalColumn, index: Int, unit: AmountUnit)]
    /// The fields whose cell may label a total row: 序号, department, unit, project.
    private let nameFields: [Int]

    /// The previous row's text of each name column (department, unit, project, category), with its bytes:
    /// consecutive rows of one project repeat them, and reusing the `String` saves an allocation per cell
    /// and makes later comparisons a pointer check.
    private var lastNames = [(bytes: [UInt8], text: String)?](repeating: nil, count: CanonicalColumn.allCases.count)

    /// `amountUnit` is the unit of amounts whose header states none (a unit line's, else `--amount-unit`; nil: 元);
    /// `indexColumn` the 序号 column, whose cell may label a total row.
    init(file: String, layout: HeaderLayout, options: ImportOptions, headerCount: Int, namedHeaderCount: Int? = nil,
         amountUnit: AmountUnit? = nil, indexColumn: Int? = nil) {
        self.file = file
        self.layout = layout
        self.options = options
        self.headerCount = headerCount
        self.namedHeaderCount = namedHeaderCount ?? headerCount
        fieldIndex = CanonicalColumn.allCases.map { layout.columns[$0] }
        amountColumns = CanonicalColumn.allCases.compactMap { column in
            guard column.isAmount, let index = layout.columns[column] else { return nil }
            return (column, index, layout.units[column] ?? amountUnit ?? options.amountUnit ?? .yuan)
        }
        nameFields = [indexColumn, layout.columns[.department], layout.columns[.unit], layout.columns[.project]].compactMap { $0 }
    }

    /// The amount columns, in the order of ``amounts(fields:tokenizer:)`` and ``addAmounts(of:to:)``.
    var amountColumnNames: [String] { amountColumns.map(\.column.rawValue) }

    /// The total label of a record (合计, 小计 … in its 序号, department, unit or project cell, and no project name
    /// besides; see ``TotalLabel/ofRow(names:project:)``), or nil for a data row. Cheap for data rows.
    func totalLabel(fields: [CSVTokenizer.Field], tokenizer: CSVTokenizer) -> TotalLabel? {
        var found: TotalLabel?
        for index in nameFields where index < fields.count {
            if let label = tokenizer.withTrimmedBytes(of: fields[index], TotalLabel.label(bytes:)) { found = label; break }
        }
        guard found != nil else { return nil }
        let project = fieldIndex[CanonicalColumn.project.ordinal].flatMap { $0 < fields.count ? tokenizer.text(of: fields[$0]) : nil }
        return TotalLabel.ofRow(found, project: project)
    }

    /// A record's amounts by amount column (nil where blank or not an amount), for a total row.
    func amounts(fields: [CSVTokenizer.Field], tokenizer: CSVTokenizer) -> [Money?] {
        amountColumns.map { column, index, unit in
            guard index < fields.count else { return nil }
            return (try? AmountParser.parse(tokenizer.text(of: fields[index]), unit: unit))?.money
        }
    }

    /// Adds a data row's amounts to the running sums of `totals`.
    func addAmounts(of row: HistoryRow, to totals: inout TotalsChecker) {
        for (position, column) in amountColumns.enumerated() {
            if let value = row.amount(column.column) { totals.add(value, column: position) }
        }
    }

    func read(fields: [CSVTokenizer.Field], line: Int, tokenizer: CSVTokenizer, findings: inout [Finding]) -> HistoryRow? {
        func cell(_ column: CanonicalColumn) -> String? {
            guard let index = fieldIndex[column.ordinal], index < fields.count else { return nil }
            return tokenizer.text(of: fields[index])
        }
        func fail(_ column: CanonicalColumn?, _ message: String) {
            findings.append(Finding(.error, file: file, line: line, field: column?.rawValue, message: message))
        }
        if fields.count > headerCount, !fields[headerCount...].allSatisfy(tokenizer.isBlank) {
            fail(nil, "the row has \(fields.count) fields; the header has \(headerCount)")
        } else if fields.count < namedHeaderCount {
            fail(nil, "the row has \(fields.count) fields; the header has \(headerCount) (a cut or shifted row: every field must be there, even empty)")
        }
        func name(_ column: CanonicalColumn) -> String? {
            guard let index = fieldIndex[column.ordinal], index < fields.count, !fields[index].hasEscapedQuote else {
                return cell(column)
            }
            return tokenizer.withTrimmedBytes(of: fields[index]) { bytes in
                if let last = lastNames[column.ordinal], last.bytes.elementsEqual(bytes) { return last.text }
                let text = String(decoding: bytes, as: UTF8.self)
                lastNames[column.ordinal] = (Array(bytes), text)
                return text
            }
        }
        let project = name(.project) ?? ""
        if project.isEmpty { fail(.project, "the project name is blank") }
        var year: Int?
        if let index = fieldIndex[CanonicalColumn.year.ordinal], index < fields.count {
            year = tokenizer.withTrimmedBytes(of: fields[index]) { bytes in
                guard bytes.count == 4, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
                let value = bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                return BudgetYear.range.contains(value) ? value : nil
            } ?? parseYear(cell(.year) ?? "")
        }
        if year == nil { fail(.year, "\"\(Excerpt.text(cell(.year) ?? ""))\" is not a year (\(BudgetYear.rangeText))") }

        var amounts = AmountsByColumn()
        for (column, index, unit) in amountColumns where index < fields.count {
            let field = fields[index]
            do throws(AmountParseError) {
                var parsed: ParsedAmount
                if !field.hasEscapedQuote, let plain = try tokenizer.withTrimmedBytes(of: field, { bytes throws(AmountParseError) in
                    try AmountParser.parsePlainASCII(bytes, unit: unit)
                }) {
                    parsed = plain
                } else {
                    parsed = try AmountParser.parse(tokenizer.text(of: field), unit: unit)
                }
                if case .value(let money, let rounded) = parsed {
                    amounts[column] = money
                    if rounded {
                        findings.append(Finding(.warning, file: file, line: line, field: column.rawValue,
                            message: "\"\(tokenizer.text(of: field))\" has digits below 0.01 元; rounded to \(money.plainText)"))
                    }
                }
            } catch {
                fail(column, error.description)
            }
        }
        var scores: [CanonicalColumn: Score] = [:]
        for column in [CanonicalColumn.executionScore, .totalScore] {
            guard let text = cell(column), !text.isEmpty, text != "-", text != "无" else { continue }
            guard let score = Score(text: text) else { fail(column, "\"\(Excerpt.text(text))\" is not a score"); continue }
            guard Score.range.contains(score.value) else { fail(column, "\(text) is not a score from 0 to 100"); continue }
            scores[column] = score
        }
        var status: YearStatus?
        if let text = cell(.status), !text.isEmpty {
            status = YearStatus(rawValue: text.lowercased())
            if status == nil { fail(.status, "\"\(Excerpt.text(text))\" is not a status (open or closed)") }
        }
        var source = FigureSource.reported
        if let text = cell(.source), !text.isEmpty {
            if let parsed = FigureSource(rawValue: text.lowercased()) { source = parsed } else {
                fail(.source, "\"\(Excerpt.text(text))\" is not a source (reported or declared)")
            }
        }
        guard let year, !project.isEmpty, !findings.contains(where: { $0.severity == .error }) else { return nil }
        // A data_source cell states where the row's department belongs (explicit: it wins over --data-source).
        let dataSource = name(.dataSource).flatMap { $0.isEmpty ? nil : DataSourceName($0, isExplicit: true) }
        if status == nil {
            if options.openYears.contains(year) { status = .open }
            else if let closedThrough = options.closedThrough { status = year > closedThrough ? .open : .closed }
        }

        let figures = AnnualFigures(
            initialBudget: amounts[.initialBudget], adjustedBudget: amounts[.adjustedBudget], executed: amounts[.executed],
            appropriation: amounts[.appropriation], carryover: amounts[.carryover], otherFunds: amounts[.otherFunds],
            executionScore: scores[.executionScore], totalScore: scores[.totalScore])
        let declaration = DeclarationFigures(requested: amounts[.requested], totalBudget: amounts[.totalBudget],
                                             priorBudget: amounts[.priorBudget], priorExecuted: amounts[.priorExecuted])
        if figures.isEmpty && declaration.isEmpty {
            findings.append(Finding(.warning, file: file, line: line, message: "no figure on this row; nothing imported"))
            return nil
        }
        let open = status == .open || (status == nil && year >= options.currentYear)
        if open && declaration.isEmpty && figures == AnnualFigures(executed: .zero) {
            findings.append(Finding(.warning, file: file, line: line, field: "executed",
                message: "only a zero executed amount in open year \(year) (not known yet); nothing imported"))
            return nil
        }
        if status != .open {
            for warning in FigureChecks.warnings(for: figures) {
                findings.append(Finding(.warning, file: file, line: line, field: warning.field, message: warning.message))
            }
        }
        var row = HistoryRow(line: line, department: name(.department) ?? "", unit: name(.unit) ?? "", project: project,
                             category: name(.category).flatMap { $0.isEmpty ? nil : $0 }, year: year, status: status,
                             source: source, figures: figures, declaration: declaration)
        row.dataSource = dataSource
        return row
    }

    /// `2020`, `2020年`, `FY2020`, `2020.0`.
    func parseYear(_ text: String) -> Int? {
        if text.utf8.count == 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let year = Int(text) {
            return BudgetYear.range.contains(year) ? year : nil // the common case, without normalizing
        }
        var digits = text.precomposedStringWithCompatibilityMapping
        if digits.hasPrefix("FY") || digits.hasPrefix("fy") { digits.removeFirst(2) }
        if digits.hasSuffix("年") { digits.removeLast() }
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        guard digits.count == 4, let year = Int(digits), BudgetYear.range.contains(year) else { return nil }
        return year
    }
}

extension HistoryRow {
    /// The row's figure in an amount column.
    func amount(_ column: CanonicalColumn) -> Money? {
        switch column {
        case .initialBudget: figures.initialBudget
        case .adjustedBudget: figures.adjustedBudget
        case .executed: figures.executed
        case .appropriation: figures.appropriation
        case .carryover: figures.carryover
        case .otherFunds: figures.otherFunds
        case .requested: declaration.requested
        case .totalBudget: declaration.totalBudget
        case .priorBudget: declaration.priorBudget
        case .priorExecuted: declaration.priorExecuted
        default: nil
        }
    }
}
