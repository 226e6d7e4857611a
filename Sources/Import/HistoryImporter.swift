import BudgetCore
import Foundation
import Store

/// The kinds of input file.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Form text when the file's head shows a form (``FormImporter/recognizes(_:)``), else CSV.
    case auto
    case csv
    /// The text of 绩效自评表 / 绩效目标申报表 forms (see ``FormImporter``).
    case form
}

/// How an import reads its files.
public struct ImportOptions: Sendable {
    /// `--map canonical=Source Header` pairs.
    public var columnMap: [(column: CanonicalColumn, source: String)] = []
    public var encoding: InputEncoding = .auto
    /// The unit of amounts whose header states none (`--amount-unit`); 元 when nil.
    public var amountUnit: AmountUnit?
    /// Years after this one are open (execution not final); years up to it are closed.
    public var closedThrough: Int?
    /// Years named open one by one.
    public var openYears: Set<Int> = []
    /// The calendar year now; years from it on are open unless the input says otherwise.
    public var currentYear: Int
    /// Keep the valid rows and list the skipped ones, instead of all-or-nothing.
    public var skipInvalid = false
    /// Validate and report, write nothing.
    public var dryRun = false
    /// What the files are: detected (form text, else CSV), or forced.
    public var format: InputFormat = .auto
    /// The line of a CSV table's header (`--header-row`); nil: the first row, among the first 30, that names the
    /// project and the year (see ``TableHead``).
    public var headerRow: Int?
    /// The sheet of an .xlsx workbook to import (`--sheet`); nil: every sheet that holds data.
    public var sheet: String?
    /// The data source (jurisdiction) of the files' departments, as the user named it (`--data-source`): it
    /// also moves existing departments to it. nil: each file's default (see ``defaultDataSource(file:)``),
    /// which names only the departments an import creates.
    public var dataSource: String?
    /// Told how far a long import has got (form files report the forms read, then the forms written); called on
    /// the importing thread.
    public var progress: (@Sendable (ImportProgress) -> Void)?

    public init(currentYear: Int) { self.currentYear = currentYear }

    /// The data source given for all files (explicit), or the default for `file`: its name without directory
    /// and extension (`Scenarios/sample-history.csv` → `sample-history`). A form file's rows name their
    /// 主管部门 instead, and a CSV row its `data_source` cell.
    public func dataSource(forFile file: String) -> DataSourceName {
        if let dataSource { return DataSourceName(dataSource, isExplicit: true) }
        return DataSourceName(Self.defaultDataSource(file: file))
    }

    /// `Scenarios/san-diego-budget-vs-actuals.csv` → `san-diego-budget-vs-actuals`. What a name may not hold
    /// (``NameRules``: control characters, invisible ones) is left out, and the name cut to the longest a name
    /// may be: a file name is not a typed name, and nothing in it should stop the import.
    public static func defaultDataSource(file: String) -> String {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var kept = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where NameRules.problem(in: String(scalar)) == nil { kept.append(scalar) }
        return String(String(kept).prefix(NameRules.maximumLength))
    }

    /// The options that change how rows are read, as recorded with the batch.
    var description: String {
        var parts = columnMap.map { "--map \($0.column.rawValue)=\($0.source)" }
        if let amountUnit { parts.append("--amount-unit \(amountUnit.rawValue)") }
        if let headerRow { parts.append("--header-row \(headerRow)") }
        if let sheet { parts.append("--sheet \(sheet)") }
        if let closedThrough { parts.append("--closed-through \(closedThrough)") }
        parts += openYears.sorted().map { "--open-year \($0)" }
        if skipInvalid { parts.append("--skip-invalid") }
        if let dataSource { parts.append("--data-source \(dataSource)") }
        return parts.joined(separator: " ")
    }
}

/// How far the import of one file has got: `done` of `total` items of its current stage.
public struct ImportProgress: Sendable {
    public enum Stage: String, Sendable {
        case readingForms = "reading forms"
        case writing = "writing forms"
        /// The file is done (`done` = `total`).
        case done
    }

    public var file: String
    public var stage: Stage
    public var done: Int
    public var total: Int

    public init(file: String, stage: Stage, done: Int, total: Int) {
        self.file = file
        self.stage = stage
        self.done = done
        self.total = total
    }
}

/// The outcome of one import command.
public struct ImportReport: Sendable {
    public var batches: [BatchSummary] = []
    /// Problems that stop the import (nothing is written when there is any).
    public var errors: [Finding] = []
    /// Rows left out under `--skip-invalid`, each with its reason.
    public var skipped: [Finding] = []
    /// Suspicious-but-legal data that was imported.
    public var warnings: [Finding] = []
    public var committed = false
    public var dryRun = false

    public init(dryRun: Bool = false) { self.dryRun = dryRun }
}

/// Imports history files into the store — CSV or form text, detected per file — all in one transaction.
///
/// Contract: every problem is a ``Finding`` naming file, line and field; any error (unless skipped with
/// `skipInvalid`) means nothing is written; a file identical to what is stored writes nothing.
public enum HistoryImporter {
    public static func run(files: [String], into store: BudgetStore, options: ImportOptions) throws -> ImportReport {
        var report = ImportReport(dryRun: options.dryRun)
        report = try store.importTransaction(currentYear: options.currentYear, shouldCommit: { report in
            !report.dryRun && report.errors.isEmpty && report.batches.contains(where: \.changedSomething)
        }) { transaction in
            for file in files {
                importFile(file, transaction: transaction, options: options, report: &report)
            }
            return report
        }
        report.committed = !report.dryRun && report.errors.isEmpty && report.batches.contains(where: \.changedSomething)
        return report
    }

    private static func importFile(_ file: String, transaction: ImportTransaction, options: ImportOptions,
                                   report: inout ImportReport) {
        let data: Data
        do {
            data = try InputFile.read(file)
        } catch {
            guard case .unreadable(_, let reason) = error else { return }
            report.errors.append(Finding(.error, file: file, line: 0, message: "cannot read the file: \(reason)"))
            return
        }
        if TableSource.isWorkbook(data) {
            importWorkbook(data, file: file, transaction: transaction, options: options, report: &report)
            return
        }
        if let sheet = options.sheet { report.warnings.append(TableSource.sheetIgnored(sheet, path: file)) }
        let text: DecodedText
        do {
            text = try DecodedText.decode(data, as: options.encoding, file: file)
        } catch {
            if case .encoding(_, let line, let reason) = error {
                report.errors.append(Finding(.error, file: file, line: line, message: reason))
            } else {
                report.errors.append(Finding(.error, file: file, line: 0, message: error.description))
            }
            return
        }
        // The file's hash goes with its batch; it is computed on the other core while the file is read.
        let hashing = DispatchGroup()
        let digest = DigestBox()
        DispatchQueue.global().async(group: hashing) { digest.value = SHA256.hex(of: data) }
        defer { hashing.wait() }
        let sha256 = { hashing.wait(); return digest.value }

        let format = options.format == .auto ? (FormImporter.recognizes(text) ? .form : .csv) : options.format
        switch format {
        case .form:
            FormImporter.importFile(file, text: text, sha256: sha256, transaction: transaction, options: options, report: &report)
        default:
            CSVImporter.importFile(file, text: text, sha256: sha256, transaction: transaction, options: options, report: &report)
        }
    }
}

extension HistoryImporter {
    /// Imports each sheet of an .xlsx workbook as a CSV table (``TableSource``), one batch per sheet.
    private static func importWorkbook(_ data: Data, file: String, transaction: ImportTransaction, options: ImportOptions,
                                       report: inout ImportReport) {
        if options.format == .form {
            report.errors.append(Finding(.error, file: file, line: 0, field: "format",
                message: "--format form: the file is an .xlsx workbook, not form text"))
            return
        }
        let source: TableSource.Tables
        do {
            source = try TableSource.workbook(data, path: file, sheet: options.sheet)
        } catch {
            guard case .unreadable(_, let reason) = error else {
                report.errors.append(Finding(.error, file: file, line: 0, message: error.description))
                return
            }
            report.errors.append(Finding(.error, file: file, line: 0, message: reason))
            return
        }
        report.warnings += source.notes
        let digest = SHA256.hex(of: data)
        for table in source.tables {
            CSVImporter.importTable(table, sha256: { digest }, transaction: transaction, options: options, report: &report)
        }
    }
}

/// Holds a digest computed on another thread; read only after the group that writes it has finished.
private final class DigestBox: @unchecked Sendable {
    var value = ""
}
