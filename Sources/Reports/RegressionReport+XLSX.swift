import Foundation

extension RegressionReport {
    /// The coefficient table as a workbook of one sheet, `coefficients`: the columns of ``csv()``, each estimate
    /// and statistic a number at full double precision (General format); an aliased column's and any non-finite
    /// figure's cells are empty.
    public func xlsx() throws(ReportError) -> Data {
        let rows = model.coefficientTable(level: level).map { row -> [XLSXWriter.Cell] in
            [.text(row.name)] + [row.estimate, row.standardError, row.t, row.p, row.confidenceLow, row.confidenceHigh]
                .map { $0.map { XLSXWriter.Cell.number($0, .general) } ?? .empty }
        }
        return try XLSXWriter.workbook([XLSXWriter.Sheet(
            name: "coefficients", header: ["name", "estimate", "std_error", "t", "p", "ci_low", "ci_high"], rows: rows)])
    }
}
