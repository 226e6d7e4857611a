extension XLSXWriter {
    /// The fixed parts of the package: content types, relationships, the workbook, and the styles the cells use.
    enum Package {
        static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
        static let contentTypePrefix = "application/vnd.openxmlformats-officedocument.spreadsheetml."

        static func contentTypes(sheetCount: Int) -> [UInt8] {
            var xml = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(contentTypePrefix)sheet.main+xml\"/>"
            for n in 1...sheetCount {
                xml += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"\(contentTypePrefix)worksheet+xml\"/>"
            }
            xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(contentTypePrefix)styles+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(contentTypePrefix)sharedStrings+xml\"/>"
                + "</Types>"
            return Array(xml.utf8)
        }

        static let rootRelationships = Array((declaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "</Relationships>").utf8)

        /// Sheets `rId1`…`rIdN`, then the styles and the shared strings.
        static func workbookRelationships(sheetCount: Int) -> [UInt8] {
            var xml = declaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
            for n in 1...sheetCount {
                xml += "<Relationship Id=\"rId\(n)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
            }
            xml += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
                + "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(relationshipsNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                + "</Relationships>"
            return Array(xml.utf8)
        }

        /// The sheet list (names already valid and unique) and, per sheet with a header, the hidden name Excel
        /// gives an autofilter's range (`_xlnm._FilterDatabase`).
        static func workbook(names: [String], ranges: [String?]) -> [UInt8] {
            var xml = XMLBytes()
            xml.raw(declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">")
            xml.raw("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
            for (index, name) in names.enumerated() {
                xml.raw("<sheet name=\"")
                xml.escaped(name)
                xml.raw("\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>")
            }
            xml.raw("</sheets>")
            let filters = zip(names, ranges).enumerated().compactMap { index, pair in pair.1.map { (index, pair.0, $0) } }
            if !filters.isEmpty {
                xml.raw("<definedNames>")
                for (index, name, range) in filters {
                    let absolute = range.split(separator: ":").map { reference in
                        "$" + reference.prefix { $0.isLetter } + "$" + reference.drop { $0.isLetter }
                    }.joined(separator: ":")
                    xml.raw("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">")
                    xml.escaped("'" + name.replacingOccurrences(of: "'", with: "''") + "'!" + absolute)
                    xml.raw("</definedName>")
                }
                xml.raw("</definedNames>")
            }
            xml.raw("</workbook>")
            return xml.bytes
        }
    }

    /// The cell formats (`cellXfs`): 0 the default, 1 the bold header, then one per number format in the order the
    /// cells first use them.
    struct CellStyles {
        private var formats: [NumberFormat] = []
        private var indices: [NumberFormat: Int] = [:]

        /// The cellXfs index for numbers shown with `format`.
        mutating func index(of format: NumberFormat) -> Int {
            if format == .general { return 0 }
            if let index = indices[format] { return index }
            formats.append(format)
            let index = formats.count + 1
            indices[format] = index
            return index
        }

        /// Excel's built-in number formats among ours (they need no `numFmt` entry).
        static let builtIn: [String: Int] = ["General": 0, "0": 1, "0.00": 2, "#,##0.00": 4, "0%": 9, "0.00%": 10]

        func xml() -> [UInt8] {
            var custom: [(id: Int, code: String)] = []
            var ids: [Int] = []
            for format in formats {
                if let id = Self.builtIn[format.code] {
                    ids.append(id)
                } else if let known = custom.first(where: { $0.code == format.code }) {
                    ids.append(known.id)
                } else {
                    custom.append((164 + custom.count, format.code))
                    ids.append(custom.last!.id)
                }
            }
            var xml = XMLBytes()
            xml.raw(Package.declaration + "<styleSheet xmlns=\"\(Package.mainNamespace)\">")
            if !custom.isEmpty {
                xml.raw("<numFmts count=\"\(custom.count)\">")
                for (id, code) in custom {
                    xml.raw("<numFmt numFmtId=\"\(id)\" formatCode=\"")
                    xml.escaped(code)
                    xml.raw("\"/>")
                }
                xml.raw("</numFmts>")
            }
            xml.raw("<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
            xml.raw("<cellXfs count=\"\(2 + ids.count)\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>")
            for id in ids {
                xml.raw("<xf numFmtId=\"\(id)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>")
            }
            xml.raw("</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>")
            return xml.bytes
        }
    }
}
