import BudgetCore
import Foundation

/// A decimal share (0.95, 1.05) as an exact fraction numerator ÷ 10ᵏ, for money arithmetic in integer fen
/// with 128-bit intermediates: exact, and much faster than `Decimal` division.
struct ExactShare: Sendable, Equatable {
    var numerator: Int64
    var denominator: Int64

    /// The exact fraction of `value`; nil if it needs more than 12 decimals or is too large.
    init?(_ value: Decimal) {
        var scaled = value
        var denominator: Int64 = 1
        for _ in 0...12 {
            var rounded = Decimal()
            NSDecimalRound(&rounded, &scaled, 0, .plain)
            if rounded == scaled, abs(NSDecimalNumber(decimal: rounded).doubleValue) < 1e15 {
                numerator = NSDecimalNumber(decimal: rounded).int64Value
                self.denominator = denominator
                return
            }
            scaled *= 10
            denominator *= 10
        }
        return nil
    }

    init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `fen` × a ÷ b rounded half away from zero, with a 128-bit product; nil on overflow of the result.
    static func scale(_ fen: Int64, by a: Int64, over b: Int64) -> Int64? {
        guard b != 0 else { return nil }
        let negative = ((fen < 0) != (a < 0)) != (b < 0)
        let product = fen.magnitude.multipliedFullWidth(by: a.magnitude)
        guard product.high < b.magnitude else { return nil }
        let (quotient, remainder) = b.magnitude.dividingFullWidth(product)
        var magnitude = quotient
        if remainder >= b.magnitude - remainder { magnitude += 1 } // remainder ≥ b/2: away from zero
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// money × this share, to the fen.
    func times(_ money: Money) -> Money? { Self.scale(money.fen, by: numerator, over: denominator).map(Money.init(fen:)) }

    /// money ÷ this share, to the fen.
    func divide(_ money: Money) -> Money? { Self.scale(money.fen, by: denominator, over: numerator).map(Money.init(fen:)) }

    /// a ≥ share × b, exactly.
    func isReached(by a: Money, of b: Money) -> Bool {
        // a·den ≥ num·b, compared in 128 bits.
        let left = a.fen.multipliedFullWidth(by: denominator), right = numerator.multipliedFullWidth(by: b.fen)
        return left.high != right.high ? left.high > right.high : left.low >= right.low
    }
}
