import Foundation

/// A score as printed on a self-evaluation (`8.60`, `100`), kept exactly as decimal text.
///
/// Scores are not money but are compared and summed in checks, so they are held as `Decimal` parsed from
/// plain decimal text (no grouping, optional sign); ``text`` is the canonical form used for storage.
public struct Score: Hashable, Comparable, Sendable {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }

    /// Parses `"8.60"`, `"100"`, `"-1.5"`; returns `nil` for anything else.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var sawDigit = false
        var sawPoint = false
        for (index, scalar) in trimmed.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ".": if sawPoint { return nil }; sawPoint = true
            case "-", "+": if index != 0 { return nil }
            default: return nil
            }
        }
        guard sawDigit, let decimal = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self.value = decimal
    }

    public static func < (lhs: Score, rhs: Score) -> Bool { lhs.value < rhs.value }

    /// The scores a form can give: a total out of 100, each part a share of it.
    public static let range: ClosedRange<Decimal> = 0...100

    /// Canonical decimal text: no exponent, trailing zeros after the point removed (`8.6`, `100`).
    public var text: String {
        var value = self.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}
