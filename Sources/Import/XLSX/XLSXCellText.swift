import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text of a number cell as Excel shows it: General format, or ISO 8601 for a date format.
enum XLSXCellText {
    /// `<v>` text (Excel's 17-digit form, `141.19999999999999`) in General format: at most 15 significant
    /// digits, no exponent below 1e15, no trailing zeros or `.`: `141.2`, `230000`, `0.3`, `-0.000012`.
    /// Text that is not a number is returned as it is.
    static func general(_ raw: String) -> String {
        if isPlainInteger(raw) { return raw }
        guard let value = Double(trimmed(raw)) else { return raw }
        return general(value)
    }

    static func general(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "#NUM!" : (value < 0 ? "-" : "") + "#NUM!" }
        if value == 0 { return "0" }
        // "%.14e": 15 significant digits correctly rounded from the binary value, e.g. "1.41200000000000e+02".
        let printed = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer -> [UInt8] in
            let length = withVaList([value]) { vsnprintf(buffer.baseAddress, 40, "%.14e", $0) }
            return buffer.prefix(Int(min(max(length, 0), 39))).map { UInt8(bitPattern: $0) }
        }
        guard let e = printed.firstIndex(of: UInt8(ascii: "e")),
              let exponent = Int(String(decoding: printed[(e + 1)...], as: UTF8.self)) else { return String(value) }
        let negative = printed.first == UInt8(ascii: "-")
        var digits = printed[..<e].filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".") }
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        var text = negative ? "-" : ""
        if exponent >= 15 {
            text += String(decoding: digits.prefix(1), as: UTF8.self)
            if digits.count > 1 { text += "." + String(decoding: digits.dropFirst(), as: UTF8.self) }
            return text + "E+" + (exponent < 10 ? "0" : "") + String(exponent)
        }
        if exponent < 0 {
            return text + "0." + String(repeating: "0", count: -exponent - 1) + String(decoding: digits, as: UTF8.self)
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return text + String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: integerCount - digits.count)
        }
        return text + String(decoding: digits.prefix(integerCount), as: UTF8.self) + "."
            + String(decoding: digits.dropFirst(integerCount), as: UTF8.self)
    }

    /// `text` without the spaces, tabs and line breaks around it; cheap when there are none, as in `<v>` texts.
    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        var slice = text[...]
        while let first = slice.first, isSpace(first) { slice.removeFirst() }
        while let last = slice.last, isSpace(last) { slice.removeLast() }
        return slice
    }

    /// `230000`, `-5`: at most 15 digits, no leading zero, already what General shows.
    private static func isPlainInteger(_ raw: String) -> Bool {
        var digits = raw.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first, digits.count <= 15, first != UInt8(ascii: "0") || digits.count == 1 else { return false }
        return digits.allSatisfy { (0x30...0x39).contains($0) } && raw != "-0"
    }

    /// A serial date number as `2020-03-01`, `2020-03-01 14:30:00`, or `14:30:00` for a time of day;
    /// nil when it is no date Excel can show (negative, past 9999-12-31), which then shows as a number.
    /// In the 1900 date system serial 1 is 1900-01-01 and 60 is Excel's phantom 1900-02-29.
    static func date(serial: Double, display: XLSXStyles.DateDisplay, uses1904Dates: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let totalSeconds = Int((serial * 86_400).rounded())
        let days = totalSeconds / 86_400, seconds = totalSeconds % 86_400
        let time = clock(seconds)
        if days == 0 && (display == .time || !uses1904Dates) { return time }
        let day: String
        if uses1904Dates {
            day = civilDate(daysSince1970: days - 24_107)
        } else if days == 60 {
            day = "1900-02-29"
        } else {
            day = civilDate(daysSince1970: days - (days < 60 ? 25_568 : 25_569))
        }
        return seconds == 0 ? day : day + " " + time
    }

    /// An OOXML ISO date cell (`t="d"`, `2020-03-01T14:30:00Z`) in the same form as ``date(serial:display:uses1904Dates:)``.
    static func isoDate(_ raw: String) -> String {
        var text = String(trimmed(raw))
        if text.hasSuffix("Z") { text.removeLast() }
        text = String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
        if text.hasSuffix(" 00:00:00") { text.removeLast(9) }
        return text
    }

    private static func clock(_ seconds: Int) -> String {
        twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Proleptic Gregorian `yyyy-mm-dd` of a day count from 1970-01-01 (H. Hinnant's civil_from_days).
    private static func civilDate(daysSince1970: Int) -> String {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(year)-" + twoDigits(month) + "-" + twoDigits(day)
    }
}
