import BudgetCore
import Foundation

/// The tables of an input file, as UTF-8 CSV text that both readers (``CSVImporter``, ``RequestReader``) take
/// the same way: a CSV file is one table; an .xlsx workbook (known by its zip signature, whatever its name)
/// is one table per sheet, its ``XLSXWorkbook/Sheet/csvBytes()``, whose line n is spreadsheet row n.
///
/// Contract:
/// - A workbook of several sheets names each table `file[Sheet]` (in findings and batches); a workbook of one
///   sheet, `file`.
/// - `sheet` (`--sheet NAME`) picks one sheet, by its name (compared on match keys: case, width and spaces do not
///   matter); a name the workbook lacks is an error listing the sheets it has. Given for a file that is not a
///   workbook, it is a warning.
/// - A sheet with no text in any cell is skipped with a note; a workbook with no such sheet is an error.
/// - Every row of a sheet is as wide as its widest row (a sheet leaves trailing empty cells out; CSV would read
///   a shorter row as a cut one).
/// - What a sheet could not show as Excel would (``XLSXWorkbook/Sheet/notes``) is a warning of its table.
enum TableSource {
    /// The tables of one file, with the notes (warnings) of reading it.
    struct Tables {
        var tables: [TableInput]
        var notes: [Finding] = []
    }

    /// True when `data` is a workbook (a zip file) rather than text.
    static func isWorkbook(_ data: Data) -> Bool { XLSXWorkbook.looksLikeZip(data) }

    /// The tables of an .xlsx workbook's sheets (see the type's contract).
    static func workbook(_ data: Data, path: String, sheet wanted: String?) throws(ImportError) -> Tables {
        let workbook = try XLSXWorkbook.read(data, file: path)
        var sheets = workbook.sheets
        let several = sheets.count > 1
        func name(_ sheet: XLSXWorkbook.Sheet) -> String { several ? "\(path)[\(sheet.name)]" : path }
        if let wanted {
            let key = NameKey.matchKey(wanted)
            guard let chosen = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { NameKey.matchKey($0.name) == key }) else {
                throw .unreadable(file: path, reason: "--sheet \(wanted): the workbook has no such sheet (it has: \(Excerpt.list(sheets.map(\.name))))")
            }
            sheets = [chosen]
        }
        var result = Tables(tables: [])
        for sheet in sheets {
            guard sheet.rows.contains(where: { $0.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }) else {
                result.notes.append(Finding(.warning, file: name(sheet), line: 0, message: "the sheet is empty: skipped"))
                continue
            }
            result.notes += sheet.notes.map { Finding(.warning, file: name(sheet), line: 0, message: $0) }
            // A sheet leaves out a row's trailing empty cells; as CSV, a row shorter than the header is a cut row.
            let width = sheet.rows.map(\.count).max() ?? 0
            let padded = XLSXWorkbook.Sheet(name: sheet.name, rows: sheet.rows.map { $0.isEmpty ? $0 : $0 + Array(repeating: "", count: width - $0.count) })
            result.tables.append(TableInput(name: name(sheet), path: path,
                                            text: DecodedText(bytes: padded.csvBytes(), encodingName: "xlsx"), format: "xlsx"))
        }
        if result.tables.isEmpty {
            throw .unreadable(file: path, reason: "no sheet of the workbook holds any data (\(Excerpt.list(workbook.sheets.map(\.name))))")
        }
        return result
    }

    /// The warning for `--sheet` given with a file that is not a workbook.
    static func sheetIgnored(_ sheet: String, path: String) -> Finding {
        Finding(.warning, file: path, line: 0, message: "--sheet \(sheet) is for .xlsx workbooks; this file is text, read whole")
    }
}
