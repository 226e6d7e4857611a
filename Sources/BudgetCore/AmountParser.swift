import Foundation

/// The unit an amount is written in. Every amount is converted to 元 on the way in.
public enum AmountUnit: String, CaseIterable, Sendable {
    case yuan, thousand, wan

    /// How many 元 one of this unit is.
    public var yuanPerUnit: Int64 {
        switch self {
        case .yuan: 1
        case .thousand: 1_000
        case .wan: 10_000
        }
    }

    /// Recognizes a unit label as printed on forms and headers: `元`, `万元`, `千元`, `yuan`, `wan`, `thousand`.
    public init?(label: String) {
        switch label.trimmingCharacters(in: .whitespaces).lowercased() {
        case "元", "yuan", "rmb", "cny": self = .yuan
        case "万元", "万", "wan", "wan yuan", "10k": self = .wan
        case "千元", "千", "thousand", "thousands", "k": self = .thousand
        default: return nil
        }
    }
}

/// The outcome of reading one amount cell.
public enum ParsedAmount: Equatable, Sendable {
    /// Blank, `无`, `N/A`: the figure is not known. Not zero.
    case unknown
    /// A figure; `rounded` is true when the text had digits below 0.01 元 that were rounded half-up.
    case value(Money, rounded: Bool)

    public var money: Money? {
        if case .value(let money, _) = self { return money }
        return nil
    }
}

/// Why an amount could not be read. The message is written for a planner.
public struct AmountParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "\"\(Excerpt.text(text))\" is not an amount: \(reason)" }
}

/// Reads amounts as they appear in budget forms and CSV exports, exactly.
///
/// Accepted: `82694.30`, `1,948,101.65` (groups of three), `-1,000.00` and `(1,000.00)` (negative),
/// full-width digits and punctuation (folded by NFKC), `-`, `—`, `–`, `－` (zero, the accounting convention),
/// and blank, `无`, `N/A` (unknown). Anything else — `12,3x4.00`, misplaced separators, two decimal points —
/// is an ``AmountParseError``. The conversion from the source unit to 元 is integer arithmetic; digits below
/// 0.01 元 are rounded half away from zero and reported through `rounded`.
public enum AmountParser {
    private static let zeroMarks: Set<String> = ["-", "—", "–", "－", "--", "——", "−"]
    private static let unknownMarks: Set<String> = ["", "无", "n/a", "na", "null", "/"]

    public static func parse(_ raw: String, unit: AmountUnit = .yuan) throws(AmountParseError) -> ParsedAmount {
        var text = raw
        if text.utf8.contains(where: { $0 >= 0x80 }) {
            // Full-width digits, commas and spaces fold to ASCII under NFKC; 无 and dashes stay.
            text = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let first = text.utf8.first, let last = text.utf8.last, first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09 {
            text = text.trimmingCharacters(in: .whitespaces)
        }
        if let first = text.utf8.first, (0x30...0x39).contains(first) || first == 0x2E {
            return try parseNumber(text, raw: raw, unit: unit) // the common case: starts with a digit
        }
        if unknownMarks.contains(text.lowercased()) { return .unknown }
        if zeroMarks.contains(text) { return .value(.zero, rounded: false) }
        return try parseNumber(text, raw: raw, unit: unit)
    }

    /// The same as ``parse(_:unit:)`` for a cell given as UTF-8 bytes, without making a `String` when the
    /// cell is a plain ASCII number (the common case on large imports). `nil` means "not plain ASCII digits:
    /// use ``parse(_:unit:)``".
    public static func parsePlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, unit: AmountUnit) throws(AmountParseError) -> ParsedAmount? {
        guard let first = bytes.first, (0x30...0x39).contains(first),
              bytes.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2C || $0 == 0x2E }) else { return nil }
        return try parseNumber(bytes[...], raw: { String(decoding: bytes, as: UTF8.self) }, unit: unit)
    }

    private static func parseNumber(_ text: String, raw: String, unit: AmountUnit) throws(AmountParseError) -> ParsedAmount {
        try parseNumber(text.utf8[...], raw: { raw }, unit: unit)
    }

    private static func parseNumber<Bytes: BidirectionalCollection<UInt8>>(_ text: Bytes, raw rawText: () -> String, unit: AmountUnit) throws(AmountParseError) -> ParsedAmount
    where Bytes.SubSequence == Bytes {
        var raw: String { rawText() }
        var bytes = text
        var negative = false
        if bytes.first == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")") {
            negative = true
            bytes = bytes.dropFirst().dropLast()
        }
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            if negative { throw AmountParseError(text: raw, reason: "two signs") }
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { throw AmountParseError(text: raw, reason: "no digits") }

        var mantissa: Int64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var digitsInGroup = 0       // digits since the last separator (integer part)
        var seenSeparator = false
        var integerDigits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if significantDigits > 0 || byte != UInt8(ascii: "0") { significantDigits += 1 }
                guard significantDigits <= 17 else { throw AmountParseError(text: raw, reason: "too many digits") }
                mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
                if seenPoint && fractionDigits == 8 { throw AmountParseError(text: raw, reason: "more than 8 decimals") }
                if seenPoint { fractionDigits += 1 } else { digitsInGroup += 1; integerDigits += 1 }
                if seenSeparator && !seenPoint && digitsInGroup > 3 {
                    throw AmountParseError(text: raw, reason: "misplaced thousands separator")
                }
            case UInt8(ascii: ","):
                if seenPoint { throw AmountParseError(text: raw, reason: "a thousands separator after the decimal point") }
                if digitsInGroup == 0 || (seenSeparator && digitsInGroup != 3) || (!seenSeparator && digitsInGroup > 3) {
                    throw AmountParseError(text: raw, reason: "misplaced thousands separator")
                }
                seenSeparator = true
                digitsInGroup = 0
            case UInt8(ascii: "."):
                if seenPoint { throw AmountParseError(text: raw, reason: "two decimal points") }
                if seenSeparator && digitsInGroup != 3 {
                    throw AmountParseError(text: raw, reason: "misplaced thousands separator")
                }
                seenPoint = true
            default:
                let bad = String(decoding: [byte], as: UTF8.self)
                throw AmountParseError(text: raw, reason: byte < 0x80 ? "unexpected '\(bad)'" : "a character that is not a digit")
            }
        }
        if seenSeparator && !seenPoint && digitsInGroup != 3 {
            throw AmountParseError(text: raw, reason: "misplaced thousands separator")
        }
        guard integerDigits + fractionDigits > 0 else { throw AmountParseError(text: raw, reason: "no digits") }

        // value in fen = mantissa × yuanPerUnit × 100 / 10^fractionDigits, rounded half away from zero.
        let (scaled, overflow) = mantissa.multipliedReportingOverflow(by: unit.yuanPerUnit * 100)
        guard !overflow else { throw AmountParseError(text: raw, reason: "too large") }
        var divisor: Int64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        var fen = scaled / divisor
        let remainder = scaled % divisor
        if remainder * 2 >= divisor && remainder != 0 { fen += 1 }
        guard fen <= Money.largestFigure.fen else {
            throw AmountParseError(text: raw, reason: "beyond \(Money.largestFigure.groupedText) 元 (10 万亿), larger than any budget line: a wrong unit or a misplaced decimal point?")
        }
        return .value(Money(fen: negative ? -fen : fen), rounded: remainder != 0)
    }
}
