import Foundation
import BudgetCore

extension Report {
    /// The file name of a report set's workbook.
    public static let workbookName = "report.xlsx"

    /// The tables of `reports` as one workbook: a sheet per report in the given order, named after the report
    /// (`summary`, `projects` …), holding the rows and columns of its CSV with numbers as numbers
    /// (``Listing/xlsxSheet(name:presentation:)``).
    public static func workbook(_ reports: [Report], presentation: Presentation = .standard) throws(ReportError) -> Data {
        try XLSXWriter.workbook(reports.map { $0.table.xlsxSheet(name: $0.name, presentation: presentation) })
    }

    /// The workbook of `reports`, each sheet in its own table's presentation (``Listing/presentation``), as its CSV
    /// is written (each report chooses its own; today all follow the run's).
    public static func workbookAsWritten(_ reports: [Report]) throws(ReportError) -> Data {
        try XLSXWriter.workbook(reports.map { $0.table.xlsxSheet(name: $0.name, presentation: $0.table.presentation) })
    }
}
