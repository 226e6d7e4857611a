import LinearAlgebra

/// Huber M-estimation by iteratively reweighted least squares on LAPACK (``LeastSquares/solve(_:_:rankTolerance:)``).
///
/// Budget changes are heavy-tailed (a few projects jump by multiples while most move a few percent), so a
/// plain least-squares fit follows the jumps. Huber weights wᵢ = min(1, k·s/|eᵢ|), k = 1.345 (95 %
/// efficiency under normal errors), with the scale s = MAD/0.6745 of the first (OLS) fit's residuals held
/// fixed (an M-estimate with a preliminary robust scale); at most ``maximumIterations`` rounds, stopping
/// when no coefficient moves by more than 1e-6 (relative; forecasts need no more).
enum RobustRegression {
    static let huberK = 1.345
    static let maximumIterations = 12

    /// Coefficients of y on the row-major design `x` (rows × p); `nil` if the design is rank-deficient.
    static func fit(x: [Double], y: [Double], columns p: Int) throws -> [Double]? {
        let n = y.count
        guard n >= p, p > 0 else { return nil }
        var weights = [Double](repeating: 1, count: n)
        var beta: [Double] = []
        var scale = Double.nan
        for _ in 0..<maximumIterations {
            var a = [Double](repeating: 0, count: n * p)
            var b = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let root = weights[i].squareRoot()
                for j in 0..<p { a[j * n + i] = x[i * p + j] * root }
                b[i] = y[i] * root
            }
            let solution: LeastSquaresSolution
            do {
                solution = try LeastSquares.solve(try Matrix(rows: n, columns: p, columnMajor: a), b)
            } catch {
                throw ForecastingError.regression("\(error)")
            }
            guard solution.rank >= 1 else { return nil } // aliased columns get the minimum-norm 0
            let next = solution.coefficients
            var residuals = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var fitted = 0.0
                for j in 0..<p { fitted += x[i * p + j] * next[j] }
                residuals[i] = y[i] - fitted
            }
            let converged = !beta.isEmpty && zip(beta, next).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
            beta = next
            if converged { break }
            if scale.isNaN { scale = Quantiles.select(residuals.map(abs), rank: n / 2) / 0.6745 }
            guard scale > 0 else { break } // more than half the points fit exactly: OLS is already robust
            for i in 0..<n {
                let e = abs(residuals[i])
                weights[i] = e <= huberK * scale ? 1 : huberK * scale / e
            }
        }
        return beta
    }
}

/// A regression fitted separately in every peer group that has enough rows, at every level of the
/// hierarchy, so that each series uses the narrowest group with enough data.
struct GroupedRegression: Sendable {
    /// `coefficients[level][group]`, nil where the group had too few rows or a singular design.
    let coefficients: [[[Double]?]]
    let minimumRows: Int
    let columns: Int

    /// Fits y on x (row-major, `columns` per row) within each group; `series[i]` is row i's series.
    init(panel: Panel, series: [Int32], x: [Double], y: [Double], columns: Int, minimumRows: Int) throws {
        self.minimumRows = minimumRows
        self.columns = columns
        var all: [[[Double]?]] = []
        // A series needs a wider level only while no narrower group of its was fitted.
        var covered = [Bool](repeating: false, count: panel.series.count)
        for level in Panel.Level.allCases {
            let groupOf = panel.groups[level.rawValue]
            var needed = [Bool](repeating: false, count: panel.groupCounts[level.rawValue])
            for i in panel.series.indices where !covered[i] && panel.levels(for: i).contains(level) { needed[Int(groupOf[i])] = true }
            var rowsOf = [[Int]](repeating: [], count: panel.groupCounts[level.rawValue])
            for (row, s) in series.enumerated() where needed[Int(groupOf[Int(s)])] { rowsOf[Int(groupOf[Int(s)])].append(row) }
            var levelCoefficients = [[Double]?](repeating: nil, count: rowsOf.count)
            for (group, rows) in rowsOf.enumerated() where rows.count >= minimumRows {
                var gx = [Double](); gx.reserveCapacity(rows.count * columns)
                var gy = [Double](); gy.reserveCapacity(rows.count)
                for row in rows {
                    gx.append(contentsOf: x[(row * columns)..<((row + 1) * columns)])
                    gy.append(y[row])
                }
                levelCoefficients[group] = try RobustRegression.fit(x: gx, y: gy, columns: columns)
            }
            for i in panel.series.indices where levelCoefficients[Int(groupOf[i])] != nil && panel.levels(for: i).contains(level) {
                covered[i] = true
            }
            all.append(levelCoefficients)
        }
        coefficients = all
    }

    /// The coefficients of the narrowest group of `series` that was fitted, and its level.
    func coefficients(for series: Int, in panel: Panel) -> (level: Panel.Level, beta: [Double])? {
        for level in panel.levels(for: series) {
            if let beta = coefficients[level.rawValue][panel.group(of: series, at: level)] { return (level, beta) }
        }
        return nil
    }

    /// A one-line account of how many groups were fitted at each level (a wider group is fitted only for
    /// the series whose narrower groups had too few rows).
    var fittedGroupsSummary: String {
        Panel.Level.allCases.map { level in
            "\(coefficients[level.rawValue].lazy.filter { $0 != nil }.count) \(level.label)"
        }.joined(separator: ", ")
    }
}
