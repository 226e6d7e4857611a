import Foundation

/// An Excel 2007+ workbook (.xlsx, .xlsm) read into rows of cell text: what a CSV export of each sheet would show.
///
/// Contract: numbers read as Excel shows them in General format (`141.2`, `230000`, at most 15 significant
/// digits, no exponent below 1e15), numbers with a date format as `2020-03-01` or `2020-03-01 14:30:00`,
/// booleans as TRUE/FALSE, error cells as their text (`#DIV/0!`), formulas as their saved value; a merged
/// range's top-left text fills every cell of the range. Each XML part is unzipped whole (at most 1 GiB) and
/// parsed as a stream (SAX), never built as a tree.
/// A file that cannot be read throws ``ImportError/unreadable(file:reason:)`` with a reason a clerk can act on.
public struct XLSXWorkbook: Sendable {
    public struct Sheet: Sendable {
        public var name: String
        /// rows[0] is spreadsheet row 1. Missing cells are "", trailing empty cells of a row trimmed; empty rows
        /// kept as [] so indices stay row numbers (trailing empty rows are dropped).
        public var rows: [[String]]
        /// What could not be shown as Excel would, by cell (`C5: a formula with no saved value …`): at most
        /// 10, then `and N more`.
        public var notes: [String]

        public init(name: String, rows: [[String]], notes: [String] = []) {
            self.name = name
            self.rows = rows
            self.notes = notes
        }

        /// The sheet as CSV bytes (UTF-8, no BOM, RFC 4180: a field holding `,` `"` CR or LF is quoted and its
        /// quotes doubled; each row ends with CRLF). Line n is spreadsheet row n (empty rows are empty lines),
        /// so a CSV reader's line numbers are the sheet's row numbers, except below a cell that holds a line
        /// break: that cell's quoted field spans more than one line.
        public func csvBytes() -> [UInt8] {
            var bytes: [UInt8] = []
            var capacity = 0
            for row in rows { for cell in row { capacity += cell.utf8.count + 1 }; capacity += 2 }
            bytes.reserveCapacity(capacity)
            for row in rows {
                for (index, cell) in row.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    Self.appendField(cell, to: &bytes)
                }
                bytes.append(contentsOf: [0x0D, 0x0A])
            }
            return bytes
        }

        private static func appendField(_ cell: String, to bytes: inout [UInt8]) {
            let needsQuotes = cell.utf8.contains { (byte: UInt8) -> Bool in
                byte == 0x2C || byte == 0x22 || byte == 0x0D || byte == 0x0A
            }
            guard needsQuotes else { return bytes.append(contentsOf: cell.utf8) }
            bytes.append(0x22)
            for byte in cell.utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }

    /// In workbook order (xl/workbook.xml `<sheets>`), chart sheets left out.
    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// Reads workbook `data`; `file` names it in errors.
    public static func read(_ data: Data, file: String) throws(ImportError) -> XLSXWorkbook {
        try XLSXFileKind.check(data, file: file)
        var package = try XLSXPackage(data: data, file: file)
        return XLSXWorkbook(sheets: try XLSXWorkbookLoader(file: file).sheets(of: &package))
    }

    /// True when `data` starts like a zip (PK\x03\x04): how the importer recognizes an .xlsx whatever its extension.
    public static func looksLikeZip(_ data: Data) -> Bool {
        data.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }
}

/// What a file that is not an .xlsx is, said before trying to unzip it.
enum XLSXFileKind {
    static let oleSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func check(_ data: Data, file: String) throws(ImportError) {
        if XLSXWorkbook.looksLikeZip(data) { return }
        if data.prefix(8).elementsEqual(oleSignature) {
            throw .unreadable(file: file, reason: "an Excel 97–2003 .xls file or a password-protected workbook: save it as .xlsx (or CSV UTF-8)")
        }
        if data.isEmpty { throw .unreadable(file: file, reason: "the file is empty") }
        let start = data.prefix(512).drop { [0x20, 0x09, 0x0D, 0x0A, 0xEF, 0xBB, 0xBF].contains($0) }
        if start.first == UInt8(ascii: "<") {
            throw .unreadable(file: file, reason: "a web page or XML file, not an .xlsx workbook (some systems export those with an Excel name): open it in Excel and save it as .xlsx (or CSV UTF-8)")
        }
        throw .unreadable(file: file, reason: "not an .xlsx workbook (it is not a zip file): save it from Excel as .xlsx (or CSV UTF-8)")
    }
}
