import ArgumentParser
import BudgetCore
import Foundation
import Import
import Reports
import Store

extension Budget {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the store as canonical CSV, one row per project-year.",
            discussion: """
                Columns: \(CanonicalColumn.exportOrder.map(\.rawValue).joined(separator: ", ")). \
                status is open or closed (blank for a year with only a declaration); source is reported or declared; \
                data_source is the department's data source (jurisdiction), blank when unnamed. \
                Amounts have two decimals and no grouping. Importing the export into a new store and exporting \
                again gives the same bytes.

                Examples:
                  budget export --out store.csv
                  budget export --encoding gb18030 --out 导出.csv
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
        var out: String?

        @Flag(help: "Omit the UTF-8 byte-order mark (Excel on Chinese Windows needs it; other tools may not).")
        var noBom = false

        @Option(help: "Text encoding: utf8 or gb18030 (for older Excel installations).")
        var encoding: String = "utf8"

        func validate() throws {
            guard CSVEncoding(name: encoding) != nil else { throw ValidationError("--encoding: '\(encoding)' is not utf8 or gb18030") }
        }

        func run() throws {
            var csvEncoding = CSVEncoding(name: encoding) ?? .utf8(bom: true)
            if case .utf8 = csvEncoding { csvEncoding = .utf8(bom: !noBom) }
            // --out goes through a temporary file renamed into place: a failure or a kill keeps the old file.
            let file = try out.map { path in try withOutputErrors { try OutputFile(path: path) } }
            let writer = file.map { file in CSVWriter(encoding: csvEncoding) { try file.write($0) } }
                ?? CSVWriter(encoding: csvEncoding, fileHandle: FileHandle.standardOutput)
            var rows = 0
            try withOutputErrors {
                try writer.write(row: CanonicalColumn.exportOrder.map(\.rawValue))
                try withStore(store) { opened in
                    try opened.forEachProjectYear { project, year in
                        try writer.write(row: Self.fields(project: project, year: year))
                        rows += 1
                    }
                }
                try writer.finish()
                try file?.commit()
            }
            if let out { printError("\(rows.grouped) project-years written to \(out)") }
        }

        /// The canonical fields of one project-year, in ``CanonicalColumn/exportOrder``.
        static func fields(project: ProjectRef, year: StoredYear) -> [String] {
            let figures = year.figures
            let declaration = year.declaration
            func money(_ value: Money?) -> String { value?.plainText ?? "" }
            return CanonicalColumn.exportOrder.map { column in
                switch column {
                case .department: project.department
                case .unit: project.unit
                case .project: project.name
                case .category: project.category ?? ""
                case .year: String(year.year)
                case .status: year.status?.rawValue ?? ""
                case .source: year.source?.rawValue ?? ""
                case .initialBudget: money(figures.initialBudget)
                case .adjustedBudget: money(figures.adjustedBudget)
                case .executed: money(figures.executed)
                case .appropriation: money(figures.appropriation)
                case .carryover: money(figures.carryover)
                case .otherFunds: money(figures.otherFunds)
                case .executionScore: figures.executionScore?.text ?? ""
                case .totalScore: figures.totalScore?.text ?? ""
                case .requested: money(declaration?.requested)
                case .totalBudget: money(declaration?.totalBudget)
                case .priorBudget: money(declaration?.priorBudget)
                case .priorExecuted: money(declaration?.priorExecuted)
                case .dataSource: project.dataSource
                }
            }
        }
    }
}
