import Foundation
import BudgetCore

extension Report {
    /// The file name of a report set's workbook.
    public static let workbookName = "report.xlsx"

    /// The tables of `reports` as one workbook: a sheet per report in the given order, named after the report
    /// (`summary`, `projects` …), holding the rows and columns of its CSV with numbers as numbers, in its table's
    /// language and amount unit (``Listing/presentation``, ``Listing/xlsxSheet(name:presentation:)``).
    public static func workbook(_ reports: [Report]) throws(ReportError) -> Data {
        try XLSXWriter.workbook(reports.map { $0.table.xlsxSheet(name: $0.name, presentation: $0.table.presentation) })
    }
}
