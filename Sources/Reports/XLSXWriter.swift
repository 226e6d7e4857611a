import BudgetCore
import Foundation
import ZIPFoundation

/// Writes a workbook (Office Open XML SpreadsheetML, `.xlsx`): one sheet per table, each with a header row.
///
/// Contract:
/// - **Sheets**: the header row in bold and frozen (it stays in view when scrolling), an autofilter on it, then
///   one row per element of ``Sheet/rows``, in order. Names follow ``SheetName`` (at most 31 characters, none of
///   `[]:*?/\`, unique ignoring case, Chinese intact). The first sheet is the one shown on opening.
/// - **Text** cells are strings (a shared string table), never numbers or formulas: `001` stays `001`, `=1+1`
///   stays text. Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are left
///   out; a carriage return is kept (written `&#13;`); `_xHHHH_`, which Excel reads as an escaped character,
///   is written so that Excel shows it as typed. A text longer than Excel's limit of 32,767 characters
///   (UTF-16 units) is cut to it, ending with `…`.
/// - **Number** cells hold the caller's decimal text as their value exactly (an amount of money never goes
///   through `Double`), shown with their ``NumberFormat``; ``Cell/empty`` writes nothing.
/// - **Column widths**: ``Sheet/contentWidths`` (display width of the widest cell, a CJK character counting 2,
///   see ``DisplayWidth``) + 2, at most 60.
/// - **Bytes**: they depend only on the sheets (entries dated 1980-01-01, no creation time in the file): the
///   same tables give the same file.
/// - **Limits**: 1,048,576 rows (header included) and 16,384 columns per sheet; a larger sheet throws
///   ``ReportError/sheetTooLarge(sheet:rows:columns:)`` and nothing is written.
///
/// The workbook is built in memory (a sheet's XML, then the zip archive) and returned whole: the caller puts it
/// in place (``OutputFile``, ``ReportFolder``) or on standard output.
///
/// ## Topics
/// - ``Sheet``, ``Cell``, ``NumberFormat``
/// - ``workbook(_:)``
public enum XLSXWriter {
    /// How a number cell is shown (its value is not changed).
    public enum NumberFormat: Hashable, Sendable {
        /// A whole number: `0`.
        case integer
        /// Money: grouped, two decimals, `#,##0.00` (8.269430 shows `8.27`).
        case money
        /// A ratio shown as a percentage with one decimal, `0.0%` (0.36 shows `36.0%`).
        case rate
        /// A decimal with `digits` decimals, no grouping: `0.000` for 3.
        case decimal(digits: Int)
        /// Excel's General format (as many digits as fit).
        case general

        /// The format code, as Excel writes it.
        public var code: String {
            switch self {
            case .integer: "0"
            case .money: "#,##0.00"
            case .rate: "0.0%"
            case .decimal(let digits): digits <= 0 ? "0" : "0." + String(repeating: "0", count: min(digits, 30))
            case .general: "General"
            }
        }
    }

    /// One cell.
    public enum Cell: Sendable, Equatable {
        /// Nothing (an unknown value): no cell is written.
        case empty
        /// A string.
        case text(String)
        /// A number given as decimal text (`"82694.30"`, `"-5"`, `"0.3595"`, `"1.5e-05"`): the caller guarantees an
        /// `xsd:double` lexical form (digits, one point, an optional sign and exponent; no grouping, no NaN).
        case number(String, NumberFormat)

        /// A `Double` as a number cell with its shortest decimal form that reads back the same (`0.36`,
        /// `1.5E-05`: the exponent's `E` in capitals, as Excel writes it); ``empty`` for NaN and infinity.
        public static func number(_ value: Double, _ format: NumberFormat) -> Cell {
            value.isFinite ? .number(value.description.uppercased(), format) : .empty
        }
    }

    /// A table to write as one sheet.
    public struct Sheet: Sendable {
        /// The wanted name; ``SheetName/sanitized(_:taken:)`` makes it valid and unique in the workbook.
        public var name: String
        public var header: [String]
        /// Rows of cells; a row shorter than the header leaves the rest empty, a longer one is written whole.
        public var rows: [[Cell]]
        /// Per column, the display width of its widest content, header included (see ``DisplayWidth``).
        public var contentWidths: [Int]

        /// A sheet whose column widths are measured here: text by ``DisplayWidth``, numbers by the length of their
        /// value text (pass `contentWidths` when the shown form is wider, e.g. grouped amounts).
        public init(name: String, header: [String], rows: [[Cell]], contentWidths: [Int]? = nil) {
            self.name = name
            self.header = header
            self.rows = rows
            self.contentWidths = contentWidths ?? Self.measure(header: header, rows: rows)
        }

        static func measure(header: [String], rows: [[Cell]]) -> [Int] {
            var widths = header.map(DisplayWidth.of)
            for row in rows {
                for (column, cell) in row.enumerated() {
                    let width: Int
                    switch cell {
                    case .empty: continue
                    case .text(let text): width = DisplayWidth.of(text)
                    case .number(let text, _): width = text.utf8.count
                    }
                    if column >= widths.count { widths.append(0) }
                    widths[column] = max(widths[column], width)
                }
            }
            return widths
        }
    }

    /// Excel's limits: rows per sheet (header included), columns per sheet, UTF-16 units per text cell.
    public static let maximumRows = 1_048_576
    public static let maximumColumns = 16_384
    public static let maximumTextLength = 32_767
    /// Widest column written, in Excel's character units.
    public static let maximumColumnWidth = 60

    /// Excel's column width (in characters of its default font) for content `displayWidth` cells wide:
    /// `displayWidth + 2`, at most ``maximumColumnWidth``.
    public static func columnWidth(displayWidth: Int) -> Int {
        min(max(displayWidth, 0) + 2, maximumColumnWidth)
    }

    /// The workbook holding `sheets` (at least one: an empty list gives one empty sheet named `Sheet1`).
    public static func workbook(_ sheets: [Sheet]) throws(ReportError) -> Data {
        let sheets = sheets.isEmpty ? [Sheet(name: "Sheet1", header: [], rows: [])] : sheets
        for sheet in sheets {
            let columns = Worksheet.columnCount(sheet)
            if sheet.rows.count + 1 > maximumRows || columns > maximumColumns {
                throw ReportError.sheetTooLarge(sheet: sheet.name, rows: sheet.rows.count + 1, columns: columns)
            }
        }
        var names: [String] = []
        for sheet in sheets { names.append(SheetName.sanitized(sheet.name, taken: names)) }
        var strings = SharedStrings()
        var styles = CellStyles()
        var parts: [(path: String, bytes: [UInt8])] = []
        var worksheets: [(path: String, bytes: [UInt8])] = []
        for (index, sheet) in sheets.enumerated() {
            let xml = Worksheet.xml(sheet, strings: &strings, styles: &styles, selected: index == 0)
            worksheets.append(("xl/worksheets/sheet\(index + 1).xml", xml))
        }
        parts.append(("[Content_Types].xml", Package.contentTypes(sheetCount: sheets.count)))
        parts.append(("_rels/.rels", Package.rootRelationships))
        parts.append(("xl/workbook.xml", Package.workbook(names: names, ranges: sheets.map(Worksheet.autoFilterRange))))
        parts.append(("xl/_rels/workbook.xml.rels", Package.workbookRelationships(sheetCount: sheets.count)))
        parts.append(("xl/styles.xml", styles.xml()))
        parts.append(("xl/sharedStrings.xml", strings.xml()))
        parts += worksheets
        return try archive(parts)
    }

    /// The ZIP container: every part deflated, dated 1980-01-01 (the earliest ZIP date) so the bytes do not
    /// depend on the clock.
    static func archive(_ parts: [(path: String, bytes: [UInt8])]) throws(ReportError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let date = Date(timeIntervalSince1970: 315_532_800) // ZIPFoundation converts with gmtime
            for part in parts {
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.bytes.count),
                                     modificationDate: date, compressionMethod: .deflate) { position, size in
                    let start = Int(position)
                    return Data(part.bytes[start..<min(start + size, part.bytes.count)])
                }
            }
            guard let data = archive.data else { throw ReportError.archiveFailed("the archive has no data") }
            return data
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError.archiveFailed(String(describing: error))
        }
    }
}
