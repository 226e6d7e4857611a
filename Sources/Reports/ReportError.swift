import Foundation

/// Every error the Reports module throws, with a message a planner can act on (`description`, also
/// `errorDescription` for `localizedDescription`).
///
/// Rows and columns count from 1, and the header line, if any, is row 1: the numbers are the ones a
/// spreadsheet shows for the written file.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A character the chosen CSV encoding cannot represent (the row was not written).
    case unencodableCharacter(Unicode.Scalar, row: Int, column: Int, encoding: String)
    /// The encoder refused a row without any single character being at fault (the row was not written).
    case encodingFailed(row: Int, encoding: String)
    /// A row whose number of fields differs from the header's.
    case fieldCountMismatch(row: Int, expected: Int, actual: Int)
    /// `CSVWriter.write(row:)` called after `finish()`.
    case writerFinished
    /// A table too large for one Excel sheet (1,048,576 rows with the header, 16,384 columns).
    case sheetTooLarge(sheet: String, rows: Int, columns: Int)
    /// The .xlsx container could not be built (the zip library's error, in its words).
    case archiveFailed(String)

    public var description: String {
        switch self {
        case let .unencodableCharacter(scalar, row, column, encoding):
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            return "Row \(row), column \(column): the character “\(Character(scalar))” (\(code)) cannot be "
                + "written in \(encoding); the row was not written. Choose a UTF-8 encoding or change the text."
        case let .encodingFailed(row, encoding):
            return "Row \(row) could not be written in \(encoding); choose a UTF-8 encoding."
        case let .fieldCountMismatch(row, expected, actual):
            return "Row \(row) has \(actual) fields but the header has \(expected)."
        case .writerFinished:
            return "The CSV file was already finished; no more rows can be written to it."
        case let .sheetTooLarge(sheet, rows, columns):
            return "The table \(sheet) has \(rows) rows and \(columns) columns: an Excel sheet holds at most 1,048,576 rows"
                + " (header included) and 16,384 columns. Write CSV instead, or select fewer projects."
        case let .archiveFailed(reason):
            return "The .xlsx file could not be built: \(reason)."
        }
    }

    public var errorDescription: String? { description }
}

extension String {
    /// `self` with leading zeros up to `width` characters (for code points such as U+00E9).
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
