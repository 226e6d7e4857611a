/// An exact amount of money in 元, held as a whole number of 分 (fen, 0.01 元).
///
/// Money never passes through `Double` in storage or totals: sums are integer sums and overflow traps
/// (±92 trillion 元, far beyond any budget). Conversion to `Double` exists only for models and ratios.
///
/// ## Topics
/// - ``init(fen:)``, ``init(yuan:)``
/// - ``plainText`` (`"82694.30"`, for CSV and storage-facing text) and ``groupedText`` (`"82,694.30"`, for people)
/// - ``AmountParser`` turns form and CSV text into `Money`.
public struct Money: Hashable, Comparable, Sendable {
    /// The amount in 分 (hundredths of a 元).
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    /// A whole number of 元.
    public init(yuan: Int64) { self.fen = yuan * 100 }

    public static let zero = Money(fen: 0)

    /// The largest figure an input may state: 10,000,000,000,000.00 元 (10 万亿, above any single budget line).
    /// With every input below it, the rules' arithmetic cannot leave Int64 fen; larger text is an input error.
    public static let largestFigure = Money(fen: 1_000_000_000_000_000)

    /// The largest amount a computation may produce (±9e15 元; `Int64` fen reaches 9.2e16 元). Beyond it a
    /// computation reports an error naming the figure; it never wraps.
    public static let largestComputed = Money(fen: 900_000_000_000_000_000)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.fen += rhs.fen }
    public static prefix func - (value: Money) -> Money { Money(fen: -value.fen) }

    public var isNegative: Bool { fen < 0 }

    /// The amount in 元 as a `Double`, for models and ratios only (exact below 2^53 分 ≈ 90 trillion 元).
    public var yuanValue: Double { Double(fen) / 100 }

    /// A model's amount in 元 rounded half away from zero to the fen; nil when not finite or beyond ±9e15 元.
    public init?(rounding yuan: Double) {
        guard yuan.isFinite, abs(yuan) < Double(Money.largestComputed.fen) / 100 else { return nil }
        self.init(fen: Int64((yuan * 100).rounded(.toNearestOrAwayFromZero)))
    }

    /// `self ÷ denominator` as a `Double`, or `nil` when the denominator is zero.
    public func ratio(to denominator: Money) -> Double? {
        denominator.fen == 0 ? nil : Double(fen) / Double(denominator.fen)
    }

    /// Two decimals, no grouping, `-` for negatives: `"82694.30"`, `"-5.00"`. The CSV and JSON form.
    public var plainText: String { format(grouping: false) }

    /// Two decimals with thousands separators: `"1,948,101.65"`. The form for people.
    public var groupedText: String { format(grouping: true) }

    /// The amount in `unit` with two decimals, rounded half away from zero as the forms print (8.27 万元 for
    /// 82,694.30 元): `text(in: .yuan, …)` is ``plainText`` / ``groupedText``. Sums are taken before this
    /// rounding, never of rounded figures.
    public func text(in unit: AmountUnit, grouping: Bool) -> String {
        guard unit != .yuan else { return format(grouping: grouping) }
        let divisor = UInt64(unit.yuanPerUnit) // fen per hundredth of the unit
        let magnitude = fen.magnitude
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
        let hundredths = quotient + (remainder * 2 >= divisor ? 1 : 0)
        return Self.format(hundredths: hundredths, negative: fen < 0 && hundredths > 0, grouping: grouping)
    }

    /// The exact amount in `unit` as a decimal string without grouping (`"8.269430"` 万元 for 82,694.30 元):
    /// for cells that stay numbers (.xlsx), where the display rounds and the value does not.
    public func exactText(in unit: AmountUnit) -> String {
        guard unit != .yuan else { return plainText }
        let fenPerUnit = UInt64(unit.yuanPerUnit) * 100
        let decimals = String(fenPerUnit).count - 1
        let (whole, part) = fen.magnitude.quotientAndRemainder(dividingBy: fenPerUnit)
        let fraction = String(part)
        return (fen < 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private func format(grouping: Bool) -> String {
        Self.format(hundredths: fen.magnitude, negative: fen < 0, grouping: grouping)
    }

    private static func format(hundredths: UInt64, negative: Bool, grouping: Bool) -> String {
        let whole = hundredths / 100
        let cents = hundredths % 100
        let digits = grouping ? Grouping.thousands(String(whole)) : String(whole)
        let centText = cents < 10 ? "0\(cents)" : "\(cents)"
        return (negative ? "-" : "") + digits + "." + centText
    }
}

extension Money: CustomStringConvertible {
    public var description: String { groupedText }
}

extension Sequence where Element == Money {
    /// The exact sum.
    public func sum() -> Money { reduce(.zero, +) }
}

/// Thousands separators for people: `1948101` → `1,948,101`.
public enum Grouping {
    /// Inserts a comma every three digits from the right of a string of digits.
    public static func thousands(_ digits: String) -> String {
        guard digits.count > 3 else { return digits }
        var grouped = ""
        grouped.reserveCapacity(digits.count + digits.count / 3)
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return grouped
    }

    /// A whole number with thousands separators: `5106` → `5,106`, `-1234` → `-1,234`.
    public static func thousands(_ value: Int) -> String {
        (value < 0 ? "-" : "") + thousands(String(value.magnitude))
    }
}
