import BudgetCore
import Foundation

/// A table of typed cells that renders the same content as an aligned text table, CSV or JSON.
///
/// Text: amounts grouped (`1,948,101.65`), rates as percentages with one decimal, unknown as `-`.
/// CSV: amounts with two decimals and no grouping, rates as fractions with four decimals, unknown empty.
/// JSON: an array of objects keyed by the column keys; amounts as exact decimal strings, rates as numbers,
/// unknown as null.
public struct Listing: Sendable {
    public enum Cell: Sendable {
        case text(String?)
        case integer(Int?)
        case money(Money?)
        /// A ratio (0.36 = 36 %).
        case rate(Double?)
        /// A plain number with a fixed count of decimals (no grouping); NaN and infinity show as unknown.
        case decimal(Double?, digits: Int)
        /// A value that is not a number here: shown in text (e.g. `open`), empty/null in CSV and JSON.
        case note(String)
    }

    public struct Column: Sendable {
        /// Stable machine name: the CSV header and the JSON key.
        public var key: String
        /// Heading in text output.
        public var title: String
        public var alignment: TextTable.Alignment
        /// In text output, the width this column keeps when the table must shrink to fit (see ``TextTable``).
        public var minWidth: Int?

        public init(_ key: String, title: String? = nil, alignment: TextTable.Alignment = .left, minWidth: Int? = nil) {
            self.key = key
            self.title = title ?? key
            self.alignment = alignment
            self.minWidth = minWidth
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[Cell]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row must have one cell per column")
        rows.append(row)
    }

    /// The aligned text table. Numbers (right-aligned columns) keep their full width: to fit `maxWidth`,
    /// text columns are cut with `…` first, and a number is cut only when nothing else can give.
    public func text(maxWidth: Int = 120) -> String {
        let cells = rows.map { $0.map(Self.textCell) }
        var table = TextTable(columns: columns.map { column in
            TextTable.Column(column.title, alignment: column.alignment, minWidth: column.minWidth,
                             keepsNaturalWidth: column.alignment == .right)
        })
        for row in cells { table.append(row) }
        return table.render(maxWidth: maxWidth)
    }

    public func csv(encoding: CSVEncoding) throws -> Data {
        try CSVWriter.data(header: columns.map(\.key), rows: rows.map { $0.map(Self.csvCell) }, encoding: encoding)
    }

    public func json() -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (column, cell) in zip(columns, row) { object[column.key] = Self.jsonValue(cell) }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func textCell(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): text.map { $0.isEmpty ? "-" : $0 } ?? "-"
        case .integer(let value): value.map(String.init) ?? "-"
        case .money(let money): money?.groupedText ?? "-"
        case .rate(let rate): rate.flatMap(finite).map(Percent.text) ?? "-"
        case .decimal(let value, let digits): value.flatMap(finite).map { fixed($0, digits) } ?? "-"
        case .note(let note): note
        }
    }

    static func csvCell(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): text ?? ""
        case .integer(let value): value.map(String.init) ?? ""
        case .money(let money): money?.plainText ?? ""
        case .rate(let rate): rate.flatMap(finite).map { fixed($0, 4) } ?? ""
        case .decimal(let value, let digits): value.flatMap(finite).map { fixed($0, digits) } ?? ""
        case .note: ""
        }
    }

    static func jsonValue(_ cell: Cell) -> Any {
        switch cell {
        case .text(let text): text ?? NSNull()
        case .integer(let value): value ?? NSNull()
        case .money(let money): money?.plainText ?? NSNull()
        case .rate(let rate): rate.flatMap(finite).map { ($0 * 10_000).rounded() / 10_000 } ?? NSNull()
        case .decimal(let value, let digits):
            value.flatMap(finite).map { (Foundation.pow(10, Double(digits)) * $0).rounded() / Foundation.pow(10, Double(digits)) } ?? NSNull()
        case .note: NSNull()
        }
    }

    /// nil for NaN and infinity (shown as unknown, never as "nan").
    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// `value` with `digits` decimals: its shortest decimal form (Swift's `description`) rounded half to even,
    /// as Foundation's `String(format: "%.Nf")` wrote it. Done on the digits here: Foundation built an ICU
    /// number formatter per call, which took 40% of a 100,000-project forecast's time.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        let text = value.magnitude.description
        // value = 0.d₁d₂… × 10^exponent, with the digits in `significand`.
        var significand: [UInt8] = []
        var exponent = 0
        var seenPoint = false
        var mantissa = Substring(text)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        var integerDigits = 0
        for byte in mantissa.utf8 {
            if byte == UInt8(ascii: ".") { seenPoint = true; continue }
            significand.append(byte - UInt8(ascii: "0"))
            if !seenPoint { integerDigits += 1 }
        }
        exponent += integerDigits
        while let first = significand.first, first == 0, significand.count > 1 { significand.removeFirst(); exponent -= 1 }
        if significand.allSatisfy({ $0 == 0 }) { significand = []; exponent = 0 }
        // The digits kept: those above 10^-digits.
        let kept = exponent + digits
        var result = [UInt8](repeating: 0, count: max(kept, 0))
        for index in 0..<min(max(kept, 0), significand.count) { result[index] = significand[index] }
        if kept >= 0 && kept < significand.count {
            let rest = significand[kept...]
            let first = rest.first!
            let beyondHalf = first > 5 || (first == 5 && rest.dropFirst().contains { $0 != 0 })
            let tie = first == 5 && !beyondHalf
            let lastIsOdd = (result.last ?? 0) % 2 == 1
            if beyondHalf || (tie && lastIsOdd) {
                var index = result.count - 1
                while index >= 0 && result[index] == 9 { result[index] = 0; index -= 1 }
                if index >= 0 { result[index] += 1 } else { result.insert(1, at: 0) }
            }
        }
        // Place the point: `digits` digits after it, at least one before it.
        while result.count < digits + 1 { result.insert(0, at: 0) }
        let integerPart = result[..<(result.count - digits)].map { Character(Unicode.Scalar($0 + 48)) }
        let fractionPart = result[(result.count - digits)...].map { Character(Unicode.Scalar($0 + 48)) }
        let negative = value.sign == .minus
        return (negative ? "-" : "") + String(integerPart) + (digits > 0 ? "." + String(fractionPart) : "")
    }
}
