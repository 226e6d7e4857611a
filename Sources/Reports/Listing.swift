import BudgetCore
import Foundation

/// A table of typed cells that renders the same content as an aligned text table, CSV or JSON.
///
/// Text: amounts grouped (`1,948,101.65`), rates as percentages with one decimal, unknown as `-`.
/// CSV: amounts with two decimals and no grouping, rates as fractions with four decimals, unknown empty.
/// JSON: an array of objects keyed by the column keys; amounts as exact decimal strings, rates as numbers,
/// unknown as null.
/// Text and CSV follow ``presentation``: headings and words in its language (``Wording``), amounts in its unit
/// (万元 to two decimals, rounded cell by cell; totals are summed before, as exact ``Money``). JSON is for
/// programs: keys and exact 元 whatever the presentation.
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
        /// A machine word with a word in each language (a verdict `cut` → 核减): the key in JSON.
        case word(String)
        /// A machine value whose word is kept under another key, where the value's own word means something
        /// else (a group level `project` → 项目 under `level.project`; the word `project` is the heading
        /// 项目名称): the word, else the value, in text; the value in English CSV and in JSON.
        case term(key: String, value: String)
    }

    public struct Column: Sendable {
        /// Stable machine name: the CSV header and the JSON key.
        public var key: String
        /// Heading in text output.
        public var title: String
        public var alignment: TextTable.Alignment
        /// In text output, the width this column keeps when the table must shrink to fit (see ``TextTable``).
        public var minWidth: Int?
        /// In text output, left out (with a line saying so) when the table cannot otherwise fit without
        /// wrapping its text columns below their `minWidth`; CSV and JSON keep it.
        public var droppable: Bool
        /// The key of its heading in ``Wording`` when it is not `key` (a `last_year` that is the last year of data,
        /// not the year before): the CSV key stays `key`.
        public var term: String?

        public init(_ key: String, title: String? = nil, alignment: TextTable.Alignment = .left, minWidth: Int? = nil,
                    droppable: Bool = false, term: String? = nil) {
            self.key = key
            self.title = title ?? key
            self.alignment = alignment
            self.minWidth = minWidth
            self.droppable = droppable
            self.term = term
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[Cell]] = []
    /// The language and amount unit of the text and CSV forms.
    public var presentation: Presentation = .standard

    public init(columns: [Column], presentation: Presentation = .standard) {
        self.columns = columns
        self.presentation = presentation
    }

    var wording: Wording { .of(presentation.language) }

    /// Whether column `index` holds amounts (its first known cell is money, or every cell is an unknown
    /// amount): its heading then names the unit, whether or not this run has a figure in it.
    func holdsAmounts(_ index: Int) -> Bool {
        var unknownAmounts = false
        for row in rows {
            switch row[index] {
            case .money(.some): return true
            case .money(.none): unknownAmounts = true
            default: return false
            }
        }
        return unknownAmounts
    }

    /// The heading of column `index` in text: its title (English) or the language's term, with the amount unit.
    public func heading(_ index: Int) -> String {
        let column = columns[index]
        return wording.heading(key: column.term ?? column.key, fallback: column.title, isAmount: holdsAmounts(index), unit: presentation.unit)
    }

    /// The CSV header of column `index`: the key in English (with ` (wan)` when amounts are in 万元, so that a
    /// re-import reads them right), the language's term otherwise.
    public func csvHeading(_ index: Int) -> String {
        let column = columns[index]
        let fallback = presentation.language == .en ? column.key : column.title
        return wording.heading(key: column.term ?? column.key, fallback: fallback, isAmount: holdsAmounts(index), unit: presentation.unit)
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row must have one cell per column")
        rows.append(row)
    }

    /// The aligned text table, at most `maxWidth` wide when it can be. Nothing is cut: numbers and words
    /// (verdicts) keep their full width, text wraps onto the row's next lines (``TextTable``), and droppable
    /// columns are left out first, from the right, when the rest would not fit otherwise (a last line names them);
    /// an interval's `x_low` and `x_high` are left out together.
    public func text(maxWidth: Int = 120) -> String {
        let cells = rows.map { $0.map(textCell) }
        let tableColumns = columns.indices.map { index in
            let column = columns[index]
            return TextTable.Column(heading(index), alignment: column.alignment, minWidth: column.minWidth,
                                    keepsNaturalWidth: column.alignment == .right || holdsWords(index))
        }
        var kept = Array(columns.indices)
        func table() -> TextTable {
            var table = TextTable(columns: kept.map { tableColumns[$0] })
            for row in cells { table.append(kept.map { row[$0] }) }
            return table
        }
        var current = table()
        // The cells are measured once; leaving a column out only drops its measure.
        let measures = current.measures()
        var dropped: [Int] = []
        while !TextTable.fits(columns: kept.map { tableColumns[$0] }, measures: kept.map { measures[$0] }, maxWidth: maxWidth),
              let last = kept.last(where: { columns[$0].droppable }) {
            // An interval goes whole: `x_high` takes a droppable `x_low` with it.
            let key = columns[last].key
            let pair = key.hasSuffix("_high") ? kept.last { columns[$0].droppable && columns[$0].key == key.dropLast(5) + "_low" } : nil
            for index in [pair, last].compactMap({ $0 }) {
                kept.removeAll { $0 == index }
                dropped.append(index)
            }
        }
        if !dropped.isEmpty { current = table() }
        dropped.sort()
        let note = dropped.isEmpty ? "" : wording.text(.columnsLeftOut, [
            "columns": .text(dropped.map(leftOutName).joined(separator: ", "))], unit: presentation.unit) + "\n"
        return current.render(maxWidth: maxWidth) + Report.wrapLongLines(note, maxWidth: maxWidth)
    }

    /// How the line of left-out columns names column `index`: its CSV key in English (`budget_low`, where the
    /// table's title is a bare `low`), its heading otherwise.
    private func leftOutName(_ index: Int) -> String {
        presentation.language == .en ? columns[index].key : heading(index)
    }

    /// Whether column `index` holds words (verdicts): shown whole like numbers. A column of names with a word
    /// or two in it (`total`, `(no department)`) holds text: it wraps.
    func holdsWords(_ index: Int) -> Bool {
        var words = false
        for row in rows {
            switch row[index] {
            case .word: words = true
            case .text(let text?) where !text.isEmpty: return false
            default: continue
            }
        }
        return words
    }

    public func csv(encoding: CSVEncoding) throws -> Data {
        try CSVWriter.data(header: columns.indices.map(csvHeading), rows: rows.map { $0.map(csvCell) }, encoding: encoding)
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

    /// A cell as text for people, in English and 元 (for code that reads values back, e.g. counting verdicts).
    public static func textCell(_ cell: Cell) -> String { Listing(columns: []).textCell(cell) }

    /// A cell as text for people, in the presentation's language and unit.
    public func textCell(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): text.map { $0.isEmpty ? "-" : $0 } ?? "-"
        case .integer(let value): value.map(String.init) ?? "-"
        case .money(let money): money?.text(in: presentation.unit, grouping: true) ?? "-"
        case .rate(let rate): rate.flatMap(Self.finite).map(Percent.text) ?? "-"
        case .decimal(let value, let digits): value.flatMap(Self.finite).map { Self.fixed($0, digits) } ?? "-"
        case .note(let note): wording.word(note)
        case .word(let word): wording.word(word)
        case .term(let key, let value): wording.word(key: key, fallback: value)
        }
    }

    func csvCell(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): text ?? ""
        case .integer(let value): value.map(String.init) ?? ""
        case .money(let money): money?.text(in: presentation.unit, grouping: false) ?? ""
        case .rate(let rate): rate.flatMap(Self.finite).map { Self.fixed($0, 4) } ?? ""
        case .decimal(let value, let digits): value.flatMap(Self.finite).map { Self.fixed($0, digits) } ?? ""
        case .note: ""
        case .word(let word): presentation.language == .en ? word : wording.word(word)
        case .term(let key, let value): presentation.language == .en ? value : wording.word(key: key, fallback: value)
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
        case .word(let word): word
        case .term(_, let value): value
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
