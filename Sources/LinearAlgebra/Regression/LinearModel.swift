import Foundation

/// An ordinary or weighted least-squares fit, with the statistics of a regression table.
///
/// Model: y = X·β + ε, with weights w (WLS) meaning Var(εᵢ) = σ²/wᵢ; OLS is w = 1. The fit whitens rows by
/// √w, factors the column-scaled design by ``PivotedQR`` and solves on the kept columns; aliased columns
/// (beyond the numerical rank) get no estimate, as R reports `NA`. Definitions follow statsmodels
/// (`OLS/WLS(...).fit(method="qr")`), which the tests compare against at 1e-9 relative:
/// - df_resid = n − rank, df_model = rank − k_const (k_const = 1 when a kept column is constant ≠ 0);
/// - σ² = RSS_w / df_resid, RSS_w = Σ wᵢ rᵢ²; standard errors from σ²·(R₁₁ᵀR₁₁)⁻¹ (unscaled);
/// - R² = 1 − RSS_w/TSS_w, TSS centred on the weighted mean when there is a constant, else uncentred;
///   adjusted R² = 1 − (n − k_const)/df_resid · (1 − R²);
/// - log-likelihood = −n/2·(log 2π + log(RSS_w/n) + 1) + ½ Σ log wᵢ; AIC = −2ℓ + 2k, BIC = −2ℓ + k·log n,
///   k = df_model + k_const;
/// - condition number: the ratio of the largest to the smallest singular value of the whitened design's
///   kept columns (LAPACK `DGESDD`; statsmodels takes the same ratio from the SVD of R).
#if arch(x86_64) || arch(i386)
/// The precision residuals are accumulated in during iterative refinement (x87 80-bit where available).
typealias ExtendedFloat = Float80
#else
typealias ExtendedFloat = Double
#endif

public struct LinearModel: Sendable {
    /// Refinement steps after the first solve (see ``fit(y:x:columnNames:weights:rankTolerance:)``).
    static let refinementSteps = 3
    /// Refinement runs when |R₁₁|/|R_rr| of the scaled design (a lower bound of its condition number) exceeds
    /// this: below it, the first solve is already accurate to about 13 digits.
    static let refinementThreshold = 1e3

    public let columnNames: [String]
    public let observations: Int
    public let rank: Int
    /// 1 when a kept column is a non-zero constant (the model has an intercept), else 0.
    public let constantCount: Int
    public let weights: [Double]?
    /// Estimates by original column; nil for an aliased column.
    public let estimates: [Double?]
    /// Standard errors by original column; nil for an aliased column.
    public let standardErrors: [Double?]
    /// Original columns left out as aliased (linearly dependent on the kept ones), ascending.
    public let aliasedColumns: [Int]
    /// X·β̂ and y − X·β̂ (unweighted).
    public let fittedValues: [Double]
    public let residuals: [Double]
    /// Σ wᵢ rᵢ² and the (weighted, centred when there is a constant) total sum of squares.
    public let residualSumOfSquares: Double
    public let totalSumOfSquares: Double
    public let conditionNumber: Double
    /// R₁₁⁻¹ of the scaled, pivoted design and its column order, kept for predictions.
    let inverseR: [Double]
    let keptColumns: [Int]
    let keptScales: [Double]

    public var degreesOfFreedomResidual: Int { observations - rank }
    public var degreesOfFreedomModel: Int { rank - constantCount }
    /// σ̂² = RSS_w / df_resid (NaN when df_resid = 0).
    public var scale: Double { degreesOfFreedomResidual > 0 ? residualSumOfSquares / Double(degreesOfFreedomResidual) : .nan }
    public var residualStandardError: Double { scale.squareRoot() }
    public var rSquared: Double { 1 - residualSumOfSquares / totalSumOfSquares }
    public var adjustedRSquared: Double {
        1 - Double(observations - constantCount) / Double(degreesOfFreedomResidual) * (1 - rSquared)
    }
    public var logLikelihood: Double {
        let n = Double(observations)
        let weightTerm = weights.map { 0.5 * $0.reduce(0) { $0 + log($1) } } ?? 0
        return -n / 2 * (log(2 * Double.pi) + log(residualSumOfSquares / n) + 1) + weightTerm
    }
    /// Parameters counted by AIC/BIC: df_model + k_const.
    var informationParameters: Double { Double(degreesOfFreedomModel + constantCount) }
    public var aic: Double { -2 * logLikelihood + 2 * informationParameters }
    public var bic: Double { -2 * logLikelihood + log(Double(observations)) * informationParameters }

    /// Fits y on the columns of `x` (n × p), with optional weights (all > 0, finite).
    /// Throws `.dimensionMismatch` (counts disagree, fewer rows than columns), `.nonFinite` (NaN/∞ in the
    /// data, or a weight ≤ 0), or a LAPACK error.
    public static func fit(y: [Double], x: Matrix, columnNames: [String]? = nil, weights: [Double]? = nil,
                           rankTolerance: Double = PivotedQR.defaultRankTolerance) throws -> LinearModel {
        let n = x.rows, p = x.columns
        guard y.count == n else { throw LinearAlgebraError.dimensionMismatch("y has \(y.count) values for \(n) rows") }
        guard n >= p else { throw LinearAlgebraError.dimensionMismatch("\(n) observations are fewer than the \(p) parameters") }
        if let index = y.firstIndex(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite("y[\(index)] is \(y[index])") }
        if let weights {
            guard weights.count == n else { throw LinearAlgebraError.dimensionMismatch("\(weights.count) weights for \(n) rows") }
            if let index = weights.firstIndex(where: { !$0.isFinite || $0 <= 0 }) {
                throw LinearAlgebraError.nonFinite("weight[\(index)] is \(weights[index]); weights must be positive and finite")
            }
        }
        let names = columnNames ?? (0..<p).map { "x\($0)" }
        guard names.count == p else { throw LinearAlgebraError.dimensionMismatch("\(names.count) names for \(p) columns") }

        // Whiten: rows times √w.
        let root = weights.map { $0.map { $0.squareRoot() } }
        var whitened = x.elements
        var wy = y
        if let root {
            for j in 0..<p { for i in 0..<n { whitened[j * n + i] *= root[i] } }
            for i in 0..<n { wy[i] *= root[i] }
        }
        let design = try Matrix(rows: n, columns: p, columnMajor: whitened)
        let qr = try PivotedQR(design, rankTolerance: rankTolerance)
        let r = qr.rank

        // Of dependent columns, the later ones are aliased, as R does (the intercept stays, a constant column
        // after it goes): the pivoting may have kept another set, chosen by scaled norms.
        if r < p {
            let inOrder = try keptInColumnOrder(whitened, rows: n, columns: p, rankTolerance: rankTolerance)
            if Set(inOrder) != Set(qr.pivots.prefix(r)) {
                let reducedX = try Matrix(rows: n, columns: inOrder.count, columnMajor: inOrder.flatMap { j in (0..<n).map { x[$0, j] } })
                let reduced = try fit(y: y, x: reducedX, columnNames: inOrder.map { names[$0] }, weights: weights,
                                      rankTolerance: rankTolerance)
                var estimates = [Double?](repeating: nil, count: p), errors = [Double?](repeating: nil, count: p)
                for (k, j) in inOrder.enumerated() {
                    estimates[j] = reduced.estimates[k]
                    errors[j] = reduced.standardErrors[k]
                }
                return LinearModel(
                    columnNames: names, observations: n, rank: reduced.rank, constantCount: reduced.constantCount,
                    weights: weights, estimates: estimates, standardErrors: errors,
                    aliasedColumns: (0..<p).filter { !inOrder.contains($0) }, fittedValues: reduced.fittedValues,
                    residuals: reduced.residuals, residualSumOfSquares: reduced.residualSumOfSquares,
                    totalSumOfSquares: reduced.totalSumOfSquares, conditionNumber: reduced.conditionNumber,
                    inverseR: reduced.inverseR, keptColumns: reduced.keptColumns.map { inOrder[$0] }, keptScales: reduced.keptScales)
            }
        }

        // β̂ (scaled, pivoted) = R₁₁⁻¹ (Qᵀ y)[0..<r].
        let qty = try qr.qTransposeTimes(wy)
        var inverseR = qr.r11
        if r > 0 { try LAPACK.dtrtriUpper(n: r, a: &inverseR, lda: r) }
        var estimates = [Double?](repeating: nil, count: p)
        var standardErrorFactors = [Double?](repeating: nil, count: p)
        let kept = Array(qr.pivots.prefix(r))
        /// R₁₁⁻¹·v[0..<r] in the scaled, pivoted basis.
        func solve(_ v: [Double]) -> [Double] {
            (0..<r).map { k in (k..<r).reduce(0.0) { $0 + inverseR[$1 * r + k] * v[$1] } }
        }
        var scaled = solve(qty)
        // Iterative refinement of the augmented system [I A; Aᵀ 0]·[r; x] = [y; 0] (Björck 1967), with both
        // block residuals accumulated in extended precision and the corrections solved by the same
        // factorization. It removes the κ²·‖r‖ error term of least squares, which dominates on
        // ill-conditioned designs with large residuals (NIST Wampler4/5), and the rounding of the first solve.
        let diagonalRatio = r > 0 ? abs(qr.factors[0]) / abs(qr.factors[(r - 1) * n + (r - 1)]) : 1
        if r > 0 && diagonalRatio > Self.refinementThreshold {
            // A = the kept scaled columns; r₀ = y − A·x.
            func column(_ k: Int, _ i: Int) -> ExtendedFloat {
                ExtendedFloat(whitened[kept[k] * n + i]) * ExtendedFloat(qr.scales[kept[k]])
            }
            var residual = (0..<n).map { i in
                Double((0..<r).reduce(ExtendedFloat(wy[i])) { $0 - column($1, i) * ExtendedFloat(scaled[$1]) })
            }
            for _ in 0..<Self.refinementSteps {
                // f = y − r − A·x, g = −Aᵀ·r.
                let f = (0..<n).map { i in
                    Double((0..<r).reduce(ExtendedFloat(wy[i]) - ExtendedFloat(residual[i])) { $0 - column($1, i) * ExtendedFloat(scaled[$1]) })
                }
                let g = (0..<r).map { k in
                    Double((0..<n).reduce(ExtendedFloat(0)) { $0 - column(k, $1) * ExtendedFloat(residual[$1]) })
                }
                // Rᵀh = g; d = Qᵀf; δx = R⁻¹(d₁ − h); δr = Q·[h; d₂].
                let h = (0..<r).map { j in (0...j).reduce(0.0) { $0 + inverseR[j * r + $1] * g[$1] } }
                var d = try qr.qTransposeTimes(f)
                let dx = solve((0..<r).map { d[$0] - h[$0] })
                for k in 0..<r { d[k] = h[k] }
                let dr = try qr.qTimes(d)
                for k in 0..<r { scaled[k] += dx[k] }
                for i in 0..<n { residual[i] += dr[i] }
            }
        }
        for k in 0..<r {
            var squares = 0.0
            for j in k..<r { squares += inverseR[j * r + k] * inverseR[j * r + k] }
            let column = kept[k]
            estimates[column] = scaled[k] * qr.scales[column]
            standardErrorFactors[column] = squares.squareRoot() * qr.scales[column]
        }

        // Fitted values and residuals from the original data; sums of squares weighted.
        var fitted = [Double](repeating: 0, count: n)
        for column in kept {
            let b = estimates[column]!
            for i in 0..<n { fitted[i] += x[i, column] * b }
        }
        var residuals = [Double](repeating: 0, count: n)
        var rss = 0.0
        for i in 0..<n {
            residuals[i] = y[i] - fitted[i]
            rss += (weights?[i] ?? 1) * residuals[i] * residuals[i]
        }
        let hasConstant = kept.contains { column in
            let first = x[0, column]
            return first != 0 && (0..<n).allSatisfy { x[$0, column] == first }
        }
        var tss = 0.0
        if hasConstant {
            let totalWeight = weights?.reduce(0, +) ?? Double(n)
            var mean = 0.0
            for i in 0..<n { mean += (weights?[i] ?? 1) * y[i] }
            mean /= totalWeight
            for i in 0..<n { tss += (weights?[i] ?? 1) * (y[i] - mean) * (y[i] - mean) }
        } else {
            for i in 0..<n { tss += (weights?[i] ?? 1) * y[i] * y[i] }
        }
        let scale = n > r ? rss / Double(n - r) : Double.nan
        // The condition number of the design actually fitted (the kept columns; an aliased design is singular):
        // the whitened kept columns are Q₁·R₁₁·D⁻¹ (pivoted), so their singular values are those of R₁₁·D⁻¹.
        var unscaledR = [Double](repeating: 0, count: r * r)
        for j in 0..<r { for i in 0...j { unscaledR[j * r + i] = qr.factors[j * n + i] / qr.scales[kept[j]] } }
        let singular = r > 0 ? try LAPACK.singularValues(m: r, n: r, a: &unscaledR, lda: r) : [0]
        let condition = (singular.last ?? 0) > 0 ? singular[0] / singular.last! : .infinity

        return LinearModel(
            columnNames: names, observations: n, rank: r, constantCount: hasConstant ? 1 : 0, weights: weights,
            estimates: estimates, standardErrors: standardErrorFactors.map { $0.map { $0 * scale.squareRoot() } },
            aliasedColumns: qr.aliasedColumns, fittedValues: fitted, residuals: residuals,
            residualSumOfSquares: rss, totalSumOfSquares: tss, conditionNumber: condition,
            inverseR: inverseR, keptColumns: kept, keptScales: kept.map { qr.scales[$0] })
    }

    /// The columns kept when each is taken in order and kept only if it adds to the rank of those before it.
    private static func keptInColumnOrder(_ columnMajor: [Double], rows n: Int, columns p: Int,
                                          rankTolerance: Double) throws -> [Int] {
        var kept: [Int] = []
        for j in 0..<p {
            let candidate = kept + [j]
            let matrix = try Matrix(rows: n, columns: candidate.count,
                                    columnMajor: candidate.flatMap { columnMajor[($0 * n)..<($0 * n + n)] })
            if try PivotedQR(matrix, rankTolerance: rankTolerance).rank == candidate.count { kept = candidate }
        }
        return kept
    }

    /// Var(x₀ᵀβ̂)/σ² for a new row x₀ (p entries, original order): ‖R₁₁⁻ᵀ·D·P·x₀‖².
    func leverage(of row: [Double]) -> Double {
        let r = keptColumns.count
        var total = 0.0
        for j in 0..<r {
            var value = 0.0
            for k in 0...j { value += inverseR[j * r + k] * keptScales[k] * row[keptColumns[k]] }
            total += value * value
        }
        return total
    }
}
