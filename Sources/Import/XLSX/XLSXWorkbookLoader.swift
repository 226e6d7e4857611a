import Foundation

/// Finds and reads a workbook package's parts in order: the workbook part (through _rels/.rels, else
/// xl/workbook.xml), its relationships, the shared strings and styles when there are any, then each sheet.
struct XLSXWorkbookLoader {
    let file: String

    private static let saveAsXLSX = "save it as .xlsx (or CSV UTF-8)"

    func sheets(of package: inout XLSXPackage) throws(ImportError) -> [XLSXWorkbook.Sheet] {
        let workbookPart = try mainPart(of: &package)
        let workbook = XLSXWorkbookPartReader()
        _ = try read(workbook, part: workbookPart, from: &package)
        let relationshipsPart = Self.relationshipsPart(of: workbookPart)
        let relationships = XLSXRelationshipsReader(sourcePart: workbookPart)
        guard try read(relationships, part: relationshipsPart, from: &package) else {
            throw .unreadable(file: file, reason: "the workbook is damaged: it has no \(relationshipsPart), which says where its sheets are; open it in Excel and save it again")
        }
        let sharedStrings = XLSXSharedStringsReader()
        _ = try read(sharedStrings, part: relationships.target(ofType: "sharedStrings") ?? "xl/sharedStrings.xml", from: &package)
        let styles = XLSXStylesReader()
        _ = try read(styles, part: relationships.target(ofType: "styles") ?? "xl/styles.xml", from: &package)

        guard !workbook.sheets.isEmpty else { throw .unreadable(file: file, reason: "the workbook has no sheets") }
        var sheets: [XLSXWorkbook.Sheet] = []
        for entry in workbook.sheets {
            guard let relationship = relationships.relationships[entry.relationshipID] else {
                throw .unreadable(file: file, reason: "the workbook is damaged: its sheet \(entry.name) has no part; open it in Excel and save it again")
            }
            if relationship.type.hasSuffix("/chartsheet") { continue }
            if relationship.target.lowercased().hasSuffix(".bin") {
                throw .unreadable(file: file, reason: "an Excel binary workbook (.xlsb): \(Self.saveAsXLSX)")
            }
            let reader = XLSXSheetReader(sharedStrings: sharedStrings.strings, styles: styles.styles,
                                         uses1904Dates: workbook.uses1904Dates)
            guard try read(reader, part: relationship.target, from: &package) else {
                throw .unreadable(file: file, reason: "the workbook is damaged: its sheet \(entry.name) should be in \(relationship.target), which is missing; open it in Excel and save it again")
            }
            reader.finish()
            sheets.append(XLSXWorkbook.Sheet(name: entry.name, rows: reader.rows, notes: reader.sheetNotes))
        }
        guard !sheets.isEmpty else { throw .unreadable(file: file, reason: "the workbook has only chart sheets, no sheet with cells") }
        return sheets
    }

    /// The workbook part named by the package relationships (_rels/.rels), else xl/workbook.xml.
    private func mainPart(of package: inout XLSXPackage) throws(ImportError) -> String {
        let packageRelationships = XLSXRelationshipsReader(sourcePart: "")
        var part = "xl/workbook.xml"
        if try read(packageRelationships, part: "_rels/.rels", from: &package),
           let target = packageRelationships.target(ofType: "officeDocument"), package.contains(target) || target.hasSuffix(".bin") {
            part = target
        }
        if part.lowercased().hasSuffix(".bin") || (!package.contains(part) && package.contains("xl/workbook.bin")) {
            throw .unreadable(file: file, reason: "an Excel binary workbook (.xlsb): \(Self.saveAsXLSX)")
        }
        guard package.contains(part) else {
            if package.contains("content.xml") && package.contains("mimetype") {
                throw .unreadable(file: file, reason: "an OpenDocument file (.ods), not an Excel workbook: \(Self.saveAsXLSX)")
            }
            throw .unreadable(file: file, reason: "not an Excel workbook (no xl/workbook.xml)")
        }
        return part
    }

    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relationshipsPart(of part: String) -> String {
        var pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name = pieces.removeLast()
        return (pieces + ["_rels", name + ".rels"]).joined(separator: "/")
    }

    /// Streams `part` through `reader`; false when the package has no such part.
    private func read(_ reader: XLSXPartReader, part: String, from package: inout XLSXPackage) throws(ImportError) -> Bool {
        guard let data = try package.data(of: part) else { return false }
        try reader.read(data, part: part, file: file)
        return true
    }
}
