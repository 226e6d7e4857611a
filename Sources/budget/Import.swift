import ArgumentParser
import BudgetCore
import Foundation
import Import
import Store

extension Budget {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import history CSV files, .xlsx workbooks and form text (绩效自评表, 绩效目标申报表) into the store, all files in one transaction.",
            discussion: """
                Canonical columns (or their Chinese labels): department 主管部门, unit 实施单位/申报单位, \
                project 项目名称, category 项目类别, year 年度, status (open|closed), source (reported|declared), \
                initial_budget 年初预算数, adjusted_budget 全年预算数, executed 全年执行数, appropriation 当年财政拨款, \
                carryover 上年结转资金, other_funds 其他资金, execution_score, total_score 总分, \
                requested 项目当年预算, total_budget 项目总预算, prior_budget 同名项目上年预算额, \
                prior_executed 同名项目上年预算执行数, data_source 数据来源. Only project, year and one amount column \
                are required.
                Amounts: 1,948,101.65; '-' or '—' is zero; blank or 无 is unknown. A unit in the header \
                (年初预算数(万元)) or --amount-unit converts to 元.
                Data source: every department belongs to one data source (jurisdiction); forecasts never pool \
                peers across data sources. A department new to the store takes the row's data_source, else \
                --data-source, else the default (the CSV file's name without directory and extension; a form's 主管部门). \
                An existing department keeps its data source unless it is named explicitly (--data-source or a \
                data_source cell): then it moves, with a warning.
                An .xlsx workbook (known by its content, whatever its name) is read sheet by sheet, each sheet as \
                a CSV table (one batch each; --sheet NAME picks one; empty sheets are skipped).
                Tables as Excel saves them: the header is the first of the first 30 rows that names the project \
                and the year (--header-row N names it); rows above it are a title, and a line such as 单位：万元 \
                there gives the unit of amounts whose header states none. A two-row header (项目资金 merged over \
                年初预算数/全年预算数/全年执行数) is read as one. Rows whose 序号, department, unit or project cell is \
                合计, 小计 or 总计 (Total, Subtotal) are skipped and checked against the rows they sum. Amounts about \
                10,000 times (or 1/10,000 of) the stored figures of the same projects are a warning: a 万元/元 mix-up.
                Any error means nothing is written (exit 1), unless --skip-invalid.

                Examples:
                  budget import Scenarios/sample-history.csv Scenarios/003_2df205466e1d5f98.txt
                  budget import --dry-run history.csv
                  budget import --amount-unit wan --encoding gb18030 历史数据.csv
                  budget import --header-row 3 项目支出执行情况表.csv   # rows 1–2: title and 单位：万元
                  budget import 历史数据.xlsx --sheet 2019年
                  budget import --map project=account_type --map year=fiscal_year accounts.csv
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("CSV files, .xlsx workbooks or form text files to import.", valueName: "FILE"))
        var files: [String]

        @Option(help: "Input format: auto (form text when recognized, else CSV), csv, or form (绩效自评表 / 绩效目标申报表 text).")
        var format: String = "auto"

        @Option(name: .customLong("map"), help: ArgumentHelp(
            "Read a canonical column from another header, e.g. --map executed=actual_amount (repeatable).",
            valueName: "canonical=Source Header"))
        var maps: [String] = []

        @Option(help: "Text encoding: auto (UTF-8, UTF-8 with BOM or GB18030, detected), utf8, gb18030.")
        var encoding: String = "auto"

        @Option(help: "Unit of amounts whose header names none: yuan, wan (万元), thousand.")
        var amountUnit: String?

        @OptionGroup var table: TableOptions

        @Option(help: ArgumentHelp("Years after this one are open (execution not final; a zero executed amount there means not yet known).", valueName: "YEAR"))
        var closedThrough: Int?

        @Option(help: ArgumentHelp("A year whose execution is not final (repeatable).", valueName: "YEAR"))
        var openYear: [Int] = []

        @Option(help: ArgumentHelp(
            "Name of the data source (jurisdiction) the file's departments belong to; forecasts never pool peers across data sources. Default: the CSV file's name, or a form's 主管部门.",
            valueName: "NAME"))
        var dataSource: String?

        @Flag(help: "Validate and report what would change; write nothing.")
        var dryRun = false

        @Flag(help: "Import the valid rows and list every skipped row with its reason.")
        var skipInvalid = false

        @Flag(help: "Print every warning (by default the first \(ImportReportPrinter.shownWarnings) and a count per field).")
        var allWarnings = false

        func validate() throws {
            for year in (closedThrough.map { [$0] } ?? []) + openYear where !BudgetYear.range.contains(year) {
                throw ValidationError("--\(openYear.contains(year) ? "open-year" : "closed-through") \(year): a year must be from \(BudgetYear.rangeText)")
            }
            guard InputFormat(rawValue: format) != nil else { throw ValidationError("--format: '\(format)' is not auto, csv or form") }
            guard InputEncoding(name: encoding) != nil else {
                throw ValidationError("--encoding: '\(encoding)' is not one of auto, utf8, gb18030")
            }
            if let amountUnit, AmountUnit(label: amountUnit) == nil {
                throw ValidationError("--amount-unit: '\(amountUnit)' is not one of yuan, wan, thousand")
            }
            if let dataSource, NameKey.displayName(dataSource).isEmpty {
                throw ValidationError("--data-source: the name is blank")
            }
            if let dataSource, let problem = NameRules.problem(in: dataSource) {
                throw ValidationError("--data-source: the name \(problem)")
            }
            _ = try parsedMaps()
        }

        func parsedMaps() throws -> [(column: CanonicalColumn, source: String)] {
            try maps.map { text in
                guard let equals = text.firstIndex(of: "=") else {
                    throw ValidationError("--map \(text): write it as canonical=Source Header")
                }
                let name = text[..<equals].trimmingCharacters(in: .whitespaces)
                let source = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                guard let column = CanonicalColumn(rawValue: name) else {
                    throw ValidationError("--map \(text): '\(name)' is not a canonical column (\(CanonicalColumn.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard !source.isEmpty else { throw ValidationError("--map \(text): the source header is empty") }
                return (column, source)
            }
        }

        func run() throws {
            var options = ImportOptions(currentYear: Calendar(identifier: .gregorian).component(.year, from: Date()))
            options.columnMap = try parsedMaps()
            options.encoding = InputEncoding(name: encoding) ?? .auto
            options.amountUnit = amountUnit.flatMap(AmountUnit.init(label:))
            options.closedThrough = closedThrough
            options.headerRow = table.headerRow
            options.sheet = table.sheet
            options.openYears = Set(openYear)
            options.skipInvalid = skipInvalid
            options.dryRun = dryRun
            options.format = InputFormat(rawValue: format) ?? .auto
            options.dataSource = dataSource.map(NameKey.displayName)
            options.showProgress()

            let path = store.path
            let existed = FileManager.default.fileExists(atPath: path)
            var committed = false
            // A failed or empty first import leaves no store behind, as there was none before.
            defer {
                if !existed && !committed {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
            // A store failure (disk full, read-only, damaged, locked) is thrown: exit 4, nothing imported.
            let report: ImportReport = try withStore(store, mustExist: false, access: .write) { opened in
                try HistoryImporter.run(files: files, into: opened, options: options)
            }
            committed = report.committed
            ImportReportPrinter(report: report, storePath: path, allWarnings: allWarnings).print()
            if !report.errors.isEmpty { throw ExitCode(ExitStatus.badInput) }
        }
    }
}

/// Where the table of a file is: its header's row and, in an .xlsx workbook, its sheet (`import`, and `review
/// --requests`).
struct TableOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The row of the header of a CSV file or sheet, when it is not found (the first of the first 30 rows naming the project and the year); rows above it are a title, and 单位：万元 there sets the unit.",
        valueName: "N"))
    var headerRow: Int?

    @Option(help: ArgumentHelp(
        "The sheet of an .xlsx workbook to read (default: every sheet that holds data, each named FILE[Sheet] in messages).",
        valueName: "NAME"))
    var sheet: String?

    func validate() throws {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row \(headerRow): a row number starts at 1") }
    }
}

/// Writes an import report for people: a line per file on standard output, findings on standard error.
struct ImportReportPrinter {
    let report: ImportReport
    let storePath: String
    var allWarnings = false
    static let shownErrors = 50
    static let shownWarnings = 10

    func print() {
        for batch in report.batches {
            // A failed import writes nothing: its counts of new and updated rows would be untrue.
            guard report.errors.isEmpty else {
                Swift.print("\(batch.fileName): \(batch.rowsRead.grouped) rows read; not imported (see the errors)")
                continue
            }
            var line = "\(batch.fileName): \(batch.rowsRead.grouped) rows read: \(batch.inserted.grouped) new, "
                + "\(batch.updated.grouped) updated, \(batch.unchanged.grouped) unchanged, \(batch.skipped.grouped) skipped; "
                + "\(batch.revisions.grouped) revisions"
            if batch.dataSourceMoves > 0 {
                line += "; \(batch.dataSourceMoves.grouped) department\(batch.dataSourceMoves == 1 ? "" : "s") moved to another data source"
            }
            if let id = batch.batchID, report.committed { line += " (batch #\(id))" }
            Swift.print(line)
            if !batch.changedSomething && batch.skipped == 0 && batch.rowsRead > 0 {
                var note = "  no change: every row is already in the store"
                if let earlier = batch.earlierImport { note += " (same file as batch #\(earlier.id), imported \(earlier.at))" }
                Swift.print(note)
            }
        }
        list(report.warnings, title: "warning", limit: allWarnings ? Int.max : Self.shownWarnings)
        list(report.skipped, title: "skipped row", limit: Int.max)
        list(report.errors, title: "error", limit: Self.shownErrors)
        if !report.errors.isEmpty {
            printError("Nothing was written: \(report.errors.count) error\(report.errors.count == 1 ? "" : "s"). "
                       + "Fix the input, or use --skip-invalid to import the valid rows.")
        } else if report.dryRun {
            Swift.print("Dry run: nothing was written to \(storePath).")
        } else if report.committed {
            Swift.print("Saved to \(storePath).")
        } else {
            Swift.print("Nothing to write: \(storePath) is unchanged.")
        }
    }

    /// The findings under a heading; material ones (``Finding/material``: amounts may be wrong) first and
    /// always all of them, then the rest up to `limit`.
    private func list(_ findings: [Finding], title: String, limit: Int) {
        guard !findings.isEmpty else { return }
        let materialCount = findings.count { $0.material }
        let findings = findings.filter(\.material) + findings.filter { !$0.material }
        let limit = max(limit, materialCount)
        var heading = "\(findings.count.grouped) \(title)\(findings.count == 1 ? "" : "s")"
        if materialCount > 0 { heading += ", \(materialCount.grouped) that may mean amounts are wrong first" }
        if findings.count > limit {
            let byField = Dictionary(grouping: findings, by: { $0.field ?? "row" })
                .map { (field: $0.key, count: $0.value.count) }
                .sorted { ($0.count, $1.field) > ($1.count, $0.field) }
            heading += " (" + byField.map { "\($0.field): \($0.count.grouped)" }.joined(separator: ", ") + "), the first \(limit)"
        }
        printError(heading + ":")
        for finding in findings.prefix(limit) { printError("  \(finding)") }
        if findings.count > limit {
            let stored = title == "warning" && report.committed ? "; all are stored with the batch" : ""
            printError("  … and \((findings.count - limit).grouped) more (--all-warnings lists them\(stored))")
        }
    }
}

extension Int {
    /// `5106` → `5,106`.
    var grouped: String { Grouping.thousands(self) }
}
