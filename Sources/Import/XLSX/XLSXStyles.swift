import Foundation

/// Which number cells show dates: what a style index (`<c s="…">`) says about how its number is displayed.
struct XLSXStyles: Sendable {
    /// How a number cell with a date or time format is shown.
    enum DateDisplay: Sendable, Equatable {
        /// A date (with its time of day when the value has one).
        case date
        /// A time of day (`h:mm`, `[h]:mm:ss`): no date when the value is less than a day.
        case time
    }

    /// Indexed by the cell's style index (`cellXfs` order); nil: not a date format.
    private let displays: [DateDisplay?]

    init(displays: [DateDisplay?] = []) { self.displays = displays }

    func dateDisplay(ofStyle index: Int) -> DateDisplay? {
        displays.indices.contains(index) ? displays[index] : nil
    }

    /// The date display of built-in number format `id` (ECMA-376 18.8.30 and the CJK ids Excel uses).
    static func builtInDisplay(_ id: Int) -> DateDisplay? {
        switch id {
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: .date
        case 18...21, 32...35, 45...47, 55, 56: .time
        default: nil
        }
    }

    /// The date display of a format code: y, m, d, h or s outside quoted text (`"年"`), brackets (`[Red]`,
    /// `[$-804]`, `[>=100]`), `\`-escaped characters and the characters after `_` and `*`.
    /// A code with y or d, or with m but no h or s, is a date; one with only h, m or s is a time.
    static func display(ofFormatCode code: String) -> DateDisplay? {
        var letters = Set<Character>()
        var iterator = code.lowercased().makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"": while let next = iterator.next(), next != "\"" {}
            case "[": while let next = iterator.next(), next != "]" {}
            case "\\", "_", "*": _ = iterator.next()
            case "y", "m", "d", "h", "s": letters.insert(character)
            default: break
            }
        }
        if letters.contains("y") || letters.contains("d") { return .date }
        if letters.contains("h") || letters.contains("s") { return .time }
        return letters.contains("m") ? .date : nil
    }
}

/// xl/styles.xml: the number format of each cell format (`cellXfs`), custom formats (`numFmts`) resolved.
final class XLSXStylesReader: XLSXPartReader {
    private var customCodes: [Int: String] = [:]
    private var formatIDs: [Int] = []
    private var inNumberFormats = false
    private var inCellFormats = false

    var styles: XLSXStyles {
        XLSXStyles(displays: formatIDs.map { id in
            customCodes[id].map(XLSXStyles.display(ofFormatCode:)) ?? XLSXStyles.builtInDisplay(id)
        })
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "numFmts": inNumberFormats = true
        case "numFmt" where inNumberFormats:
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customCodes[id] = code }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "numFmts": inNumberFormats = false
        case "cellXfs": inCellFormats = false
        default: break
        }
    }
}
