import Foundation

/// One row of a regression table. An aliased column has only its name.
public struct CoefficientRow: Sendable, Equatable {
    public var name: String
    public var estimate: Double?
    public var standardError: Double?
    public var t: Double?
    /// Two-sided p-value of t under Student's t with df_resid degrees of freedom.
    public var p: Double?
    public var confidenceLow: Double?
    public var confidenceHigh: Double?
    public var isAliased: Bool { estimate == nil }
}

/// A prediction for a new row: the mean with its confidence interval, and the prediction interval of a new
/// observation (weight 1 unless given, as statsmodels' `get_prediction`).
public struct PredictionRow: Sendable, Equatable {
    public var mean: Double
    public var meanStandardError: Double
    public var meanLow: Double
    public var meanHigh: Double
    public var observationLow: Double
    public var observationHigh: Double
}

extension LinearModel {
    /// The two-sided critical value t_{(1+level)/2, df_resid}, cached per (df, level): many fits share them.
    func criticalT(level: Double) -> Double {
        criticalValues.value(for: CriticalValueKey(degreesOfFreedom: degreesOfFreedomResidual, level: level)) {
            StudentT(degreesOfFreedom: Double(degreesOfFreedomResidual)).quantile((1 + level) / 2)
        }
    }

    /// The regression table at a confidence `level` (0 < level < 1): estimate, standard error, t, two-sided p and
    /// the confidence interval estimate ± t_{(1+level)/2, df_resid}·SE, per original column.
    public func coefficientTable(level: Double = 0.95) -> [CoefficientRow] {
        let distribution = StudentT(degreesOfFreedom: Double(degreesOfFreedomResidual))
        let critical = criticalT(level: level)
        return columnNames.indices.map { column in
            guard let estimate = estimates[column], let se = standardErrors[column] else {
                return CoefficientRow(name: columnNames[column])
            }
            let t = estimate / se
            return CoefficientRow(name: columnNames[column], estimate: estimate, standardError: se, t: t,
                                  p: distribution.twoSidedPValue(t),
                                  confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se)
        }
    }

    /// F = ((TSS − RSS)/df_model) / σ̂² (TSS uncentred without a constant, as statsmodels); nil when df_model = 0.
    public var fStatistic: Double? {
        guard degreesOfFreedomModel > 0, degreesOfFreedomResidual > 0 else { return nil }
        return (totalSumOfSquares - residualSumOfSquares) / Double(degreesOfFreedomModel) / scale
    }

    /// P(F > f) under F(df_model, df_resid).
    public var fPValue: Double? {
        fStatistic.map { FisherF(numeratorDegreesOfFreedom: Double(degreesOfFreedomModel),
                                 denominatorDegreesOfFreedom: Double(degreesOfFreedomResidual)).sf($0) }
    }

    /// Predictions for new rows (each with one value per column, original order; aliased columns ignored).
    /// The observation interval uses σ̂²/w for a new observation of weight w (default 1).
    public func predict(_ rows: [[Double]], level: Double = 0.95, weights: [Double]? = nil) throws -> [PredictionRow] {
        let critical = criticalT(level: level)
        return try rows.enumerated().map { index, row in
            guard row.count == columnNames.count else {
                throw LinearAlgebraError.dimensionMismatch("a new row has \(row.count) values for \(columnNames.count) columns")
            }
            let mean = zip(estimates, row).reduce(0.0) { $0 + ($1.0 ?? 0) * $1.1 }
            let meanSE = (scale * leverage(of: row)).squareRoot()
            let observationSE = (meanSE * meanSE + scale / (weights?[index] ?? 1)).squareRoot()
            return PredictionRow(mean: mean, meanStandardError: meanSE,
                                 meanLow: mean - critical * meanSE, meanHigh: mean + critical * meanSE,
                                 observationLow: mean - critical * observationSE, observationHigh: mean + critical * observationSE)
        }
    }
}

/// Critical t values by (degrees of freedom, level), shared across fits and threads.
struct CriticalValueKey: Hashable, Sendable { var degreesOfFreedom: Int; var level: Double }
private let criticalValues = MemoCache<CriticalValueKey, Double>()
