import BudgetCore
import Foundation

extension Listing {
    /// The listing as one sheet of a workbook: the rows and columns of its CSV, with numbers as numbers.
    ///
    /// Cells, by kind:
    /// - text → a string (empty or unknown → an empty cell);
    /// - integer → a number shown `0`;
    /// - money → the exact amount in `presentation.unit` (``Money/exactText(in:)``: `82694.30` 元, `8.269430` 万元;
    ///   never through `Double`), shown `#,##0.00`;
    /// - rate → the ratio at full precision, shown `0.0%` (0.36 shows `36.0%`);
    /// - decimal → the value with its digits, as the CSV writes it, shown with those digits;
    /// - unknown, NaN, infinity and notes → an empty cell.
    ///
    /// The header is the CSV's (``csvHeading(_:)`` in `presentation`: keys in English, the forms' terms in Chinese,
    /// the unit named); column widths are the display widths of the
    /// cells as Excel shows them (grouped amounts in the unit, percentages), header included.
    public func xlsxSheet(name: String, presentation: Presentation = .standard) -> XLSXWriter.Sheet {
        let unit = presentation.unit
        var shown = self
        shown.presentation = presentation
        let header = columns.indices.map(shown.csvHeading)
        var widths = header.map(DisplayWidth.of)
        var cells: [[XLSXWriter.Cell]] = []
        cells.reserveCapacity(rows.count)
        for row in rows {
            var converted: [XLSXWriter.Cell] = []
            converted.reserveCapacity(row.count)
            for (column, cell) in row.enumerated() {
                converted.append(Self.xlsxCell(cell, unit: unit, wording: shown.wording))
                widths[column] = max(widths[column], Self.shownWidth(cell, unit: unit))
            }
            cells.append(converted)
        }
        return XLSXWriter.Sheet(name: name, header: header, rows: cells, contentWidths: widths)
    }

    /// A workbook of this listing alone (see ``xlsxSheet(name:presentation:)``).
    public func xlsx(sheet name: String, presentation: Presentation = .standard) throws(ReportError) -> Data {
        try XLSXWriter.workbook([xlsxSheet(name: name, presentation: presentation)])
    }

    /// One cell as the workbook holds it (see ``xlsxSheet(name:presentation:)``).
    static func xlsxCell(_ cell: Cell, unit: AmountUnit, wording: Wording = .english) -> XLSXWriter.Cell {
        switch cell {
        case .text(let text): text.map { .text($0) } ?? .empty
        case .integer(let value): value.map { .number(String($0), .integer) } ?? .empty
        case .money(let money): money.map { .number($0.exactText(in: unit), .money) } ?? .empty
        case .rate(let rate): rate.map { .number($0, .rate) } ?? .empty
        case .decimal(let value, let digits):
            value.flatMap(finite).map { .number(fixed($0, digits), .decimal(digits: digits)) } ?? .empty
        case .note: .empty
        case .word(let word): .text(wording.word(word))
        case .term(let key, let value): .text(wording.word(key: key, fallback: value))
        }
    }

    /// Display width of the cell as Excel shows it with its format; 0 for an empty cell.
    static func shownWidth(_ cell: Cell, unit: AmountUnit) -> Int {
        switch cell {
        case .money(let money?): DisplayWidth.of(money.text(in: unit, grouping: true))
        case .text(nil), .integer(nil), .money(nil), .rate(nil), .decimal(nil, _), .note: 0
        case .rate(let value?) where !value.isFinite: 0 // a `where` binds to the last pattern only: one case each
        case .decimal(let value?, _) where !value.isFinite: 0
        default: DisplayWidth.of(textCell(cell))
        }
    }
}
