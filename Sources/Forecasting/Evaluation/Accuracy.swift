/// Accuracy of one method on one target over a set of backtest cases.
///
/// - MAE: mean |forecast − actual| (元 for budget and executed; rate points for the rate).
/// - MdAPE: median of |forecast − actual| / |actual| over the cases whose actual is not 0 (a zero actual
///   has no percentage error; those cases still count in n, MAE and MASE).
/// - MASE: Σ|error| / Σ|error of the naive forecast| over the same cases — last budget, last rate, last
///   executed — so the naive method scores exactly 1 and below 1 is better than the naive.
/// - coverage: the share of the cases with an interval whose interval held the actual; `intervals` is how
///   many cases had one (the first origins have no earlier errors to calibrate on).
public struct Accuracy: Sendable, Equatable {
    public var target: Target
    public var method: String
    public var n: Int
    public var mae: Double
    public var mdape: Double
    public var mase: Double
    public var coverage: Double
    public var intervals: Int
    public var level: Double

    /// Accumulates errors case by case.
    struct Accumulator {
        var n = 0
        var absoluteErrors = 0.0
        var naiveAbsoluteErrors = 0.0
        var percentageErrors: [Double] = []
        var covered = 0
        var intervals = 0

        mutating func add(forecast: Double, actual: Double, naive: Double, low: Double, high: Double) {
            n += 1
            let error = abs(forecast - actual)
            absoluteErrors += error
            naiveAbsoluteErrors += abs(naive - actual)
            if actual != 0 { percentageErrors.append(error / abs(actual)) }
            if !low.isNaN {
                intervals += 1
                if actual >= low && actual <= high { covered += 1 }
            }
        }

        func accuracy(target: Target, method: String, level: Double) -> Accuracy {
            Accuracy(target: target, method: method, n: n,
                     mae: n > 0 ? absoluteErrors / Double(n) : .nan,
                     mdape: Quantiles.median(percentageErrors),
                     mase: naiveAbsoluteErrors > 0 ? absoluteErrors / naiveAbsoluteErrors : .nan,
                     coverage: intervals > 0 ? Double(covered) / Double(intervals) : .nan,
                     intervals: intervals, level: level)
        }
    }
}
