import CLapack
import CLapackErrorHandler

/// QR factorization with column pivoting of a column-scaled matrix, with the numerical rank decided by an
/// explicit tolerance: `A·D·P = Q·R`, D diagonal (powers of two), P a permutation.
///
/// Contract:
/// - Columns are scaled to 2-norm in [½, 1) by exact powers of two before factoring (LAPACK `DGEQP3`), so
///   badly scaled designs (amounts in millions next to rates near 1, years next to their squares) are
///   factored as well as their shape allows, and unscaling is exact.
/// - The rank is the number of leading diagonal entries of R with |R_kk| > ``rankTolerance`` · |R_11|.
///   This decision is separate from the solver: LAPACK only factors. Columns beyond the rank are
///   *aliased* (exactly or numerically dependent on the kept ones), as R reports `NA` coefficients.
/// - The default tolerance, 1e-13 (about 450 ε), keeps NIST Filip (10th-degree polynomial, condition
///   number ~1e15 raw, ~1e10 after scaling) at full rank and flags exactly collinear columns, whose
///   |R_kk| / |R_11| is ~1e-16.
public struct PivotedQR: Sendable {
    public static let defaultRankTolerance = 1e-13

    public let rows: Int
    public let columns: Int
    /// The factored matrix (R above the diagonal, Householder vectors below), column-major.
    let factors: [Double]
    var tau: [Double]
    /// Column scale factors (powers of two) of the original columns.
    public let scales: [Double]
    /// `pivots[k]` is the original column in position k of A·P (0-based).
    public let pivots: [Int]
    /// Numerical rank under the tolerance.
    public let rank: Int
    public let rankTolerance: Double

    /// Factors `a` (finite entries, at least one row and column).
    public init(_ a: Matrix, rankTolerance: Double = PivotedQR.defaultRankTolerance) throws {
        guard a.rows > 0, a.columns > 0 else { throw LinearAlgebraError.dimensionMismatch("an empty design matrix") }
        guard a.isFinite else { throw LinearAlgebraError.nonFinite("the design matrix has a NaN or infinite entry") }
        guard rankTolerance >= 0, rankTolerance < 1 else {
            throw LinearAlgebraError.illegalArgument(routine: "PivotedQR", position: 2)
        }
        rows = a.rows
        columns = a.columns
        self.rankTolerance = rankTolerance
        var factors = a.elements
        var scales = [Double](repeating: 1, count: columns)
        for j in 0..<columns {
            var norm = 0.0
            for i in 0..<rows { norm = Swift.max(norm, abs(factors[j * rows + i])) }
            guard norm > 0 else { continue } // an all-zero column stays; it will be aliased
            var sum = 0.0
            for i in 0..<rows { let v = factors[j * rows + i] / norm; sum += v * v }
            let twoNorm = norm * sum.squareRoot()
            let scale = Self.powerOfTwo(below: 1 / twoNorm) // 2-norm in [½, 1)
            scales[j] = scale
            for i in 0..<rows { factors[j * rows + i] *= scale }
        }
        var pivots32 = [Int32](repeating: 0, count: columns)
        var tau = [Double](repeating: 0, count: Swift.min(rows, columns))
        try LAPACK.dgeqp3(m: rows, n: columns, a: &factors, lda: rows, jpvt: &pivots32, tau: &tau)
        self.factors = factors
        self.tau = tau
        self.scales = scales
        pivots = pivots32.map { Int($0) - 1 }
        let m = a.rows
        let diagonal = (0..<Swift.min(a.rows, a.columns)).map { abs(factors[$0 * m + $0]) }
        let largest = diagonal.first ?? 0
        let threshold = rankTolerance * largest
        rank = largest == 0 ? 0 : diagonal.prefix { $0 > threshold }.count
    }

    /// The largest power of two not above `x` (x > 0): an exact scale.
    static func powerOfTwo(below x: Double) -> Double {
        let exponent = x.exponent // x = significand · 2^exponent, significand in [1, 2)
        return Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// The original columns beyond the rank (aliased), ascending.
    public var aliasedColumns: [Int] { pivots[rank...].sorted() }

    /// Qᵀ·b for a vector b of `rows` entries (LAPACK `DORMQR`).
    func qTransposeTimes(_ b: [Double]) throws -> [Double] {
        var c = b
        try LAPACK.dormqrLeft(transpose: true, m: rows, k: Swift.min(rows, columns), a: factors, lda: rows, tau: tau, c: &c)
        return c
    }

    /// Q·b for a vector b of `rows` entries (LAPACK `DORMQR`).
    func qTimes(_ b: [Double]) throws -> [Double] {
        var c = b
        try LAPACK.dormqrLeft(transpose: false, m: rows, k: Swift.min(rows, columns), a: factors, lda: rows, tau: tau, c: &c)
        return c
    }

    /// The leading rank × rank block R₁₁, column-major.
    var r11: [Double] {
        var block = [Double](repeating: 0, count: rank * rank)
        for j in 0..<rank { for i in 0...j { block[j * rank + i] = factors[j * rows + i] } }
        return block
    }
}
