/// The result of `LeastSquares.solve`.
public struct LeastSquaresSolution: Sendable, Equatable {
    /// x, one coefficient per column of A.
    public var coefficients: [Double]
    /// The effective (numerical) rank of A found with the rank tolerance; `rank < columns`
    /// means A was treated as rank deficient (see `LeastSquares.solve`).
    public var rank: Int
    /// ‖b − A·x‖₂², computed from the original (unscaled) A and b.
    public var residualSumOfSquares: Double

    public init(coefficients: [Double], rank: Int, residualSumOfSquares: Double) {
        self.coefficients = coefficients
        self.rank = rank
        self.residualSumOfSquares = residualSumOfSquares
    }
}

/// Linear least squares: min over x of ‖b − A·x‖₂.
public enum LeastSquares {
    /// Default rank tolerance (`rcond`) for `solve`: 1e-12.
    ///
    /// A is treated as having rank k when the leading k × k block of the pivoted triangular
    /// factor of the column-scaled A has an estimated condition number below 1 / 1e-12.
    /// Exactly collinear columns give condition numbers around 1/ε ≈ 4.5e15 after scaling and are
    /// detected; a raw-power polynomial of degree 10 on x ∈ [−9, −3] (condition ≈ 1e15 raw,
    /// ≈ 5e9 after scaling, like NIST's Filip) is still kept at full rank.
    public static let defaultRankTolerance: Double = 1e-12

    /// Solves min ‖b − A·x‖₂ by QR factorization with column pivoting (LAPACK `DGELSY`).
    ///
    /// Method. Each column j of A is first multiplied by a power of two dⱼ that brings its
    /// 2-norm into [1/2, 1) — unit norm up to a factor below 2, chosen as a power of two so that
    /// scaling and unscaling are exact. The scaled problem min ‖b − (A·D)·y‖ is solved by
    /// `DGELSY` and x = D·y. Scaling makes the pivoting and the rank decision independent of the
    /// units of the columns, which matters for badly scaled data (e.g. raw polynomial powers).
    /// An all-zero column is left unscaled (it is rank deficient anyway).
    ///
    /// Rank. The effective rank r is the largest k such that the leading k × k block R₁₁ of the
    /// pivoted triangular factor of A·D has estimated condition number < 1 / `rankTolerance`.
    /// If r < n (columns), the solution returned is the one minimizing ‖D⁻¹·x‖₂ among the
    /// minimizers of the truncated problem (DGELSY's minimum-norm solution in the scaled
    /// variables). If m < n the problem is underdetermined and r ≤ m.
    ///
    /// Accuracy. For full-rank A, QR is backward stable: the relative error of x is of order
    /// κ·ε (+ κ²·ε·‖r‖/(‖A‖‖x‖) for large residuals), κ the condition number of the scaled A and
    /// ε = 2.2e-16. Tests: NIST StRD Norris (κ ≈ 3 after scaling) to ≥ 12 significant digits.
    ///
    /// - Parameters:
    ///   - a: the m × n design matrix, m ≥ 1, n ≥ 1.
    ///   - b: the m observations.
    ///   - rankTolerance: `rcond` as described above, 0 ≤ rankTolerance < 1; 0 keeps every
    ///     column not exactly dependent in floating point.
    /// - Throws: `LinearAlgebraError.dimensionMismatch` if A is empty or `b.count != a.rows`;
    ///   `.nonFinite` if A, b or `rankTolerance` contain NaN or ±infinity;
    ///   `.illegalArgument(routine: "LeastSquares.solve", position: 3)` if `rankTolerance` is
    ///   outside [0, 1); errors from `LAPACK.dgelsy`.
    public static func solve(
        _ a: Matrix, _ b: [Double], rankTolerance: Double = defaultRankTolerance
    ) throws -> LeastSquaresSolution {
        let m = a.rows
        let n = a.columns
        guard m > 0, n > 0 else {
            throw LinearAlgebraError.dimensionMismatch("A is \(m) × \(n); it needs at least one row and one column")
        }
        guard b.count == m else {
            throw LinearAlgebraError.dimensionMismatch("A has \(m) rows but b has \(b.count) elements")
        }
        if let index = a.elements.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFinite(
                "A[\(index % m), \(index / m)] is \(a.elements[index])")
        }
        if let index = b.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFinite("b[\(index)] is \(b[index])")
        }
        guard rankTolerance.isFinite else {
            throw LinearAlgebraError.nonFinite("rankTolerance is \(rankTolerance)")
        }
        guard rankTolerance >= 0, rankTolerance < 1 else {
            throw LinearAlgebraError.illegalArgument(routine: "LeastSquares.solve", position: 3)
        }

        // Column scaling by powers of two (exact).
        var scaled = a.elements
        var scale = [Double](repeating: 1, count: n)
        for j in 0..<n {
            let norm = twoNorm(scaled[(j * m)..<((j + 1) * m)])
            guard norm > 0 else { continue }
            // norm = f · 2^e with f in [1/2, 1); multiply by 2^-e.
            let d = Double(sign: .plus, exponent: -(norm.exponent + 1), significand: 1)
            guard d.isFinite, d > 0 else { continue }
            scale[j] = d
            for i in 0..<m { scaled[i + j * m] *= d }
        }

        let ldb = max(m, n)
        var rhs = [Double](repeating: 0, count: ldb)
        rhs.replaceSubrange(0..<m, with: b)
        var jpvt = [Int32](repeating: 0, count: n)
        let rank = try LAPACK.dgelsy(
            m: m, n: n, nrhs: 1, a: &scaled, lda: m, b: &rhs, ldb: ldb,
            jpvt: &jpvt, rcond: rankTolerance)

        let coefficients = (0..<n).map { rhs[$0] * scale[$0] }

        // Residual sum of squares from the original data.
        var residuals = b
        for j in 0..<n where coefficients[j] != 0 {
            let xj = coefficients[j]
            for i in 0..<m { residuals[i] -= a.elements[i + j * m] * xj }
        }
        let rssNorm = twoNorm(residuals[...])
        return LeastSquaresSolution(
            coefficients: coefficients, rank: rank, residualSumOfSquares: rssNorm * rssNorm)
    }

    /// ‖v‖₂ without overflow or harmful underflow (scaled by the largest magnitude).
    static func twoNorm(_ v: ArraySlice<Double>) -> Double {
        let largest = v.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return largest }
        var sum = 0.0
        for x in v {
            let t = x / largest
            sum += t * t
        }
        return largest * sum.squareRoot()
    }
}

extension LeastSquares {
    /// The minimum-norm least-squares solution by SVD (LAPACK `DGELSD`), on the unscaled matrix: singular
    /// values below `relativeCutoff`·σ₁ count as zero. This is numpy's `lstsq` (rcond = max(m, n)·ε by default);
    /// for a rank-deficient design it picks the solution of smallest ‖x‖₂ among all minimizers. Regression
    /// uses the pivoted QR instead (``PivotedQR``): it reports which columns are aliased.
    public static func solveBySVD(_ a: Matrix, _ b: [Double], relativeCutoff: Double? = nil) throws -> LeastSquaresSolution {
        guard a.rows > 0, a.columns > 0 else { throw LinearAlgebraError.dimensionMismatch("A is empty") }
        guard b.count == a.rows else {
            throw LinearAlgebraError.dimensionMismatch("A has \(a.rows) rows but b has \(b.count) elements")
        }
        guard a.isFinite, b.allSatisfy(\.isFinite) else { throw LinearAlgebraError.nonFinite("A or b has a NaN or infinite entry") }
        let cutoff = relativeCutoff ?? Double(Swift.max(a.rows, a.columns)) * Double.ulpOfOne
        var factors = a.elements
        var rhs = b + [Double](repeating: 0, count: Swift.max(0, a.columns - a.rows))
        let (rank, _) = try LAPACK.dgelsd(m: a.rows, n: a.columns, a: &factors, b: &rhs, rcond: cutoff)
        let x = Array(rhs.prefix(a.columns))
        var rss = 0.0
        for i in 0..<a.rows {
            let r = b[i] - (0..<a.columns).reduce(0.0) { $0 + a[i, $1] * x[$1] }
            rss += r * r
        }
        return LeastSquaresSolution(coefficients: x, rank: rank, residualSumOfSquares: rss)
    }
}

