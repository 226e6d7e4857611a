import BudgetCore
import Foundation
import Store

/// Reads canonical (or `--map`ped) history CSV into the store; ``HistoryImporter`` runs it per file.
///
/// Contract: every problem is a ``Finding`` naming file, line and column.
public enum CSVImporter {
    /// Imports one decoded CSV file as a batch of `transaction`, adding its outcome to `report`.
    /// `sha256` gives the file's digest (computed alongside; asked for only when the batch is closed).
    static func importFile(_ file: String, text: DecodedText, sha256: () -> String, transaction: ImportTransaction,
                           options: ImportOptions, report: inout ImportReport) {
        var tokenizer = CSVTokenizer(bytes: text.bytes)
        var fields: [CSVTokenizer.Field] = []
        do {
            guard let headerLine = try tokenizer.next(into: &fields) else {
                report.errors.append(Finding(.error, file: file, line: 1, message: "the file is empty: no header"))
                return
            }
            let headers = fields.map { tokenizer.text(of: $0) }
            let resolved = HeaderLayout.resolve(headers: headers, map: options.columnMap, file: file, line: headerLine)
            guard let layout = resolved.layout else { report.errors += resolved.errors; return }
            if !layout.ignored.isEmpty {
                report.warnings.append(Finding(.warning, file: file, line: headerLine,
                    message: "columns not used: \(Excerpt.list(layout.ignored))"))
            }
            let writer = try transaction.beginBatch(BatchMetadata(
                fileName: file, sha256: "", format: "csv", encoding: text.encodingName, options: options.description,
                dataSource: options.dataSource(forFile: file)))
            writer.reserveCapacity(rows: text.bytes.count / 48)

            // Rows are parsed on the other core while this thread writes them (see ParsedRowQueue).
            let queue = ParsedRowQueue()
            let parsing = DispatchGroup()
            let rowsAfterHeader = tokenizer
            DispatchQueue.global().async(group: parsing) {
                parseRows(rowsAfterHeader, file: file, layout: layout, options: options, headers: headers, into: queue)
            }
            defer { queue.cancel(); parsing.wait() }

            var rowsRead = 0, skipped = 0
            var warnings: [Finding] = []
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
                warnings.append(Finding(.warning, file: file, line: headerLine, message:
                    "the file has a header and no rows: nothing imported from it (a cut or empty export?)"))
            }
            warnings += writer.warnings
            report.warnings += warnings
            report.batches.append(try transaction.finishBatch(writer, sha256: sha256(), fileName: file, rowsRead: rowsRead,
                                                              skipped: skipped, warnings: warnings))
        } catch let error as CSVTokenizer.SyntaxError {
            report.errors.append(finding(error, file: file, headers: []))
        } catch {
            report.errors.append(Finding(.error, file: file, line: 0, message: "\(error)"))
        }
    }

    /// The parsing side of the import: reads every record after the header into rows and findings.
    private static func parseRows(_ start: CSVTokenizer, file: String, layout: HeaderLayout, options: ImportOptions,
                                  headers: [String], into queue: ParsedRowQueue) {
        var tokenizer = start
        let named = (headers.lastIndex { !$0.isEmpty } ?? -1) + 1
        let reader = RowReader(file: file, layout: layout, options: options, headerCount: headers.count, namedHeaderCount: named)
        var fields: [CSVTokenizer.Field] = []
        var chunk: [ParsedRowQueue.Item] = []
        chunk.reserveCapacity(ParsedRowQueue.chunkSize)
        do {
            while let line = try tokenizer.next(into: &fields) {
                if fields.allSatisfy(tokenizer.isBlank) { continue } // `,,,,` lines, as spreadsheets write them
                var findings: [Finding] = []
                let row = reader.read(fields: fields, line: line, tokenizer: tokenizer, findings: &findings)
                let valid = row != nil && !findings.contains(where: { $0.severity == .error })
                chunk.append(ParsedRowQueue.Item(line: line, row: valid ? row : nil, findings: findings))
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

    /// The previous row's text of each name column (department, unit, project, category), with its bytes:
    /// consecutive rows of one project repeat them, and reusing the `String` saves an allocation per cell
    /// and makes later comparisons a pointer check.
    private var lastNames = [(bytes: [UInt8], text: String)?](repeating: nil, count: CanonicalColumn.allCases.count)

    init(file: String, layout: HeaderLayout, options: ImportOptions, headerCount: Int, namedHeaderCount: Int? = nil) {
        self.file = file
        self.layout = layout
        self.options = options
        self.headerCount = headerCount
        self.namedHeaderCount = namedHeaderCount ?? headerCount
        fieldIndex = CanonicalColumn.allCases.map { layout.columns[$0] }
        amountColumns = CanonicalColumn.allCases.compactMap { column in
            guard column.isAmount, let index = layout.columns[column] else { return nil }
            return (column, index, layout.units[column] ?? options.amountUnit ?? .yuan)
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
