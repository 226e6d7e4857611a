import Foundation

/// xl/workbook.xml: the sheets in workbook order and the date system.
final class XLSXWorkbookPartReader: XLSXPartReader {
    struct SheetEntry {
        var name: String
        var relationshipID: String
    }
    private(set) var sheets: [SheetEntry] = []
    /// The workbook counts days from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
    private(set) var uses1904Dates = false
    private var inSheets = false

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "sheets": inSheets = true
        case "sheet" where inSheets:
            sheets.append(SheetEntry(name: attributes["name"] ?? "Sheet\(sheets.count + 1)",
                                     relationshipID: Self.prefixedAttribute("id", in: attributes) ?? ""))
        case "workbookPr":
            let flag = attributes["date1904"]?.lowercased()
            uses1904Dates = flag == "1" || flag == "true"
        default: break
        }
    }

    override func end(_ name: Substring) {
        if name == "sheets" { inSheets = false }
    }
}

/// A `.rels` part: relationship id → (type, target part name resolved against the source part's folder).
final class XLSXRelationshipsReader: XLSXPartReader {
    struct Relationship {
        var type: String
        var target: String
    }
    private(set) var relationships: [String: Relationship] = [:]
    private let sourceFolder: String

    /// `sourcePart` is the part these relationships belong to (`xl/workbook.xml`; "" for the package's own).
    init(sourcePart: String) {
        sourceFolder = sourcePart.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    /// The target of the first relationship whose type ends with `/typeSuffix` (`worksheet`, `sharedStrings`).
    func target(ofType typeSuffix: String) -> String? {
        relationships.values.filter { $0.type.hasSuffix("/" + typeSuffix) }.map(\.target).min()
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
              attributes["TargetMode"] != "External" else { return }
        relationships[id] = Relationship(type: attributes["Type"] ?? "", target: resolve(target))
    }

    /// `worksheets/sheet1.xml` from `xl/` → `xl/worksheets/sheet1.xml`; `/xl/x.xml` is already absolute.
    private func resolve(_ target: String) -> String {
        let target = target.replacingOccurrences(of: "\\", with: "/")
        var parts: [Substring] = target.hasPrefix("/") ? [] : sourceFolder.split(separator: "/")
        for piece in target.split(separator: "/") {
            switch piece {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// xl/sharedStrings.xml: the text of every `<si>`, plain or rich (runs joined), without phonetic guides.
final class XLSXSharedStringsReader: XLSXPartReader {
    private(set) var strings: [String] = []
    private var inItem = false
    private var inPhonetic = false
    private var item = ""

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "sst":
            if let count = attributes["uniqueCount"].flatMap({ Int($0) }) { strings.reserveCapacity(min(count, 1 << 20)) }
        case "si":
            inItem = true
            item = ""
        case "rPh": inPhonetic = true
        case "t" where inItem && !inPhonetic:
            text = ""
            collectsText = true
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "t" where collectsText:
            item += text
            collectsText = false
        case "rPh": inPhonetic = false
        case "si":
            strings.append(XLSXEscapes.decode(item))
            inItem = false
        default: break
        }
    }
}

/// The `_xHHHH_` escapes OOXML uses for characters XML cannot hold (Excel writes a cell's CR as `_x000D_`);
/// `_x005F_` escapes the underscore itself, so `_x005F_x000D_` is the literal text `_x000D_`.
enum XLSXEscapes {
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let units = Array(text.utf16)
        var decoded: [UInt16] = []
        decoded.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            if let unit = escape(in: units, at: index) {
                decoded.append(unit)
                index += 7
            } else {
                decoded.append(units[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF16.self)
    }

    /// The UTF-16 unit of `_xHHHH_` starting at `index`, if one does.
    private static func escape(in units: [UInt16], at index: Int) -> UInt16? {
        guard index + 6 < units.count, units[index] == 0x5F, units[index + 1] == 0x78, units[index + 6] == 0x5F else { return nil }
        var value: UInt16 = 0
        for unit in units[(index + 2)..<(index + 6)] {
            guard let digit = hexDigit(unit) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ unit: UInt16) -> UInt16? {
        switch unit {
        case 0x30...0x39: unit - 0x30
        case 0x41...0x46: unit - 0x41 + 10
        case 0x61...0x66: unit - 0x61 + 10
        default: nil
        }
    }
}
