extension XLSXWriter {
    /// One sheet's part (`xl/worksheets/sheetN.xml`): frozen bold header, column widths, rows, autofilter.
    enum Worksheet {
        /// cellXfs index of the header cells (bold), see ``CellStyles``.
        static let headerStyle = 1

        /// The columns of `sheet`: the header's, or more when a row has more.
        static func columnCount(_ sheet: Sheet) -> Int {
            max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        }

        /// The header and rows as an A1 range (`A1:J101`), nil when the sheet has no column.
        static func autoFilterRange(_ sheet: Sheet) -> String? {
            let columns = columnCount(sheet)
            guard columns > 0 else { return nil }
            return "A1:\(columnName(columns - 1))\(sheet.rows.count + 1)"
        }

        /// `A`, `B`, … `Z`, `AA`, … for column index 0, 1, ….
        static func columnName(_ index: Int) -> String {
            var name = ""
            var n = index + 1
            while n > 0 {
                let remainder = (n - 1) % 26
                name = String(UnicodeScalar(UInt8(65 + remainder))) + name
                n = (n - 1) / 26
            }
            return name
        }

        static func xml(_ sheet: Sheet, strings: inout SharedStrings, styles: inout CellStyles, selected: Bool) -> [UInt8] {
            let columns = columnCount(sheet)
            let letters = (0..<columns).map { Array(columnName($0).utf8) }
            var xml = XMLBytes(capacity: 256 + sheet.rows.count * max(columns, 1) * 24)
            xml.raw(Package.declaration)
            xml.raw("<worksheet xmlns=\"\(Package.mainNamespace)\" xmlns:r=\"\(Package.relationshipsNamespace)\">")
            xml.raw("<dimension ref=\"\(autoFilterRange(sheet) ?? "A1")\"/>")
            xml.raw("<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>")
            if !sheet.header.isEmpty {
                xml.raw("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
                xml.raw("<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>")
            }
            xml.raw("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
            if columns > 0 {
                xml.raw("<cols>")
                for column in 0..<columns {
                    let width = columnWidth(displayWidth: column < sheet.contentWidths.count ? sheet.contentWidths[column] : 0)
                    xml.raw("<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
                }
                xml.raw("</cols>")
            }
            xml.raw("<sheetData>")
            if !sheet.header.isEmpty {
                xml.raw("<row r=\"1\">")
                for (column, title) in sheet.header.enumerated() {
                    cell(.text(title), letters: letters[column], row: 1, style: headerStyle, into: &xml, strings: &strings, styles: &styles)
                }
                xml.raw("</row>")
            }
            for (index, row) in sheet.rows.enumerated() {
                let number = index + 2
                xml.raw("<row r=\"")
                xml.integer(number)
                xml.raw("\">")
                for (column, value) in row.enumerated() {
                    cell(value, letters: letters[column], row: number, style: nil, into: &xml, strings: &strings, styles: &styles)
                }
                xml.raw("</row>")
            }
            xml.raw("</sheetData>")
            if !sheet.header.isEmpty, let range = autoFilterRange(sheet) { xml.raw("<autoFilter ref=\"\(range)\"/>") }
            xml.raw("</worksheet>")
            return xml.bytes
        }

        /// One `<c>` element; nothing for an empty cell (or an empty text, which would read back as one).
        private static func cell(_ cell: Cell, letters: [UInt8], row: Int, style: Int?, into xml: inout XMLBytes,
                                 strings: inout SharedStrings, styles: inout CellStyles) {
            switch cell {
            case .empty:
                return
            case .text(let text):
                guard !text.isEmpty else { return }
                start(letters, row, into: &xml)
                if let style { xml.raw(" s=\"\(style)\"") }
                xml.raw(" t=\"s\"><v>")
                xml.integer(strings.index(of: text))
            case .number(let value, let format):
                start(letters, row, into: &xml)
                let index = style ?? styles.index(of: format)
                if index != 0 {
                    xml.raw(" s=\"")
                    xml.integer(index)
                    xml.raw("\"")
                }
                xml.raw("><v>")
                xml.escaped(value)
            }
            xml.raw("</v></c>")
        }

        private static func start(_ letters: [UInt8], _ row: Int, into xml: inout XMLBytes) {
            xml.raw("<c r=\"")
            xml.raw(letters)
            xml.integer(row)
            xml.raw("\"")
        }
    }
}
