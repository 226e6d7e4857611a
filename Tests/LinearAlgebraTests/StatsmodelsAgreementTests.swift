import Foundation
@testable import LinearAlgebra
import XCTest

/// Agreement with statsmodels 0.15.0 (`OLS/WLS(y, X).fit(method="qr")`) on budget-shaped data: fixtures made
/// by Fixtures/statsmodels/make_statsmodels_fixtures.py from the San Diego panel (see FORMULAS.md there).
/// Every statistic within 1e-9 relative; coefficients also within 1e-11 of the exact rational solution.
final class StatsmodelsAgreementTests: XCTestCase {
    struct Fixture: Decodable {
        var column_names: [String]
        var X: [[Double]]
        var y: [Double]
        var weights: [Double]?
        var results: Results?
        var expected: Expected?
        var aliased: [Int]?
        var prediction: Prediction?
    }
    struct Results: Decodable {
        var n: Double; var rank: Int; var df_model: Double; var df_resid: Double
        var params: [Double?]; var bse: [Double?]; var tvalues: [Double?]; var pvalues: [Double?]
        var conf_int: ConfInt
        var ssr: Double; var scale: Double; var residual_std_error: Double
        var rsquared: Double; var rsquared_adj: Double; var fvalue: Double?; var f_pvalue: Double?
        var llf: Double; var aic: Double; var bic: Double; var condition_number: Double
        var fittedvalues: [Double]; var resid: [Double]
        var params_exact: [Double]?
    }
    struct ConfInt: Decodable { var alpha: Double; var low: [Double?]; var high: [Double?] }
    struct Expected: Decodable { var rank: Int; var results: Results; var prediction: Prediction?; var drop_columns: [Int] }
    struct Prediction: Decodable {
        var X_new: [[Double]]; var alpha: Double; var mean: [Double]; var mean_se: [Double]
        var mean_ci_lower: [Double]; var mean_ci_upper: [Double]; var obs_ci_lower: [Double]; var obs_ci_upper: [Double]
    }

    func load(_ name: String) throws -> Fixture {
        let url = try fixtureURL("statsmodels/\(name).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func fit(_ fixture: Fixture) throws -> LinearModel {
        let p = fixture.X[0].count
        let design = try Matrix(columns: (0..<p).map { j in fixture.X.map { $0[j] } })
        return try LinearModel.fit(y: fixture.y, x: design, columnNames: fixture.column_names, weights: fixture.weights)
    }

    func close(_ a: Double, _ b: Double, _ what: String, rtol: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThanOrEqual(abs(a - b), rtol * abs(b), "\(what): \(a) vs statsmodels \(b)", file: file, line: line)
    }

    /// Elementwise, relative to the vector's largest magnitude (residuals cross zero).
    func close(_ a: [Double], _ b: [Double], _ what: String, rtol: Double = 1e-9, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let scale = b.map(abs).max() ?? 1
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, rtol * scale, "\(what): worst difference \(worst)", file: file, line: line)
    }

    func compare(_ model: LinearModel, _ r: Results, keptColumns: [Int]? = nil) {
        XCTAssertEqual(model.observations, Int(r.n))
        XCTAssertEqual(model.rank, r.rank)
        XCTAssertEqual(model.degreesOfFreedomModel, Int(r.df_model))
        XCTAssertEqual(model.degreesOfFreedomResidual, Int(r.df_resid))
        let columns = keptColumns ?? Array(0..<r.params.count)
        for (k, column) in columns.enumerated() {
            close(model.estimates[column]!, r.params[k]!, "params[\(column)]")
            close(model.standardErrors[column]!, r.bse[k]!, "bse[\(column)]")
            if let exact = r.params_exact?[k] { close(model.estimates[column]!, exact, "exact params[\(column)]", rtol: 1e-11) }
        }
        let table = model.coefficientTable(level: 1 - r.conf_int.alpha)
        for (k, column) in columns.enumerated() {
            let row = table[column]
            close(row.t!, r.tvalues[k]!, "t[\(column)]")
            pValue(row.p!, r.pvalues[k]!, "p[\(column)]")
            close(row.confidenceLow!, r.conf_int.low[k]!, "ci_low[\(column)]")
            close(row.confidenceHigh!, r.conf_int.high[k]!, "ci_high[\(column)]")
        }
        if let f = r.fvalue { close(model.fStatistic!, f, "F") }
        if let p = r.f_pvalue { pValue(model.fPValue!, p, "P(F)") }
        close(model.residualSumOfSquares, r.ssr, "ssr")
        close(model.scale, r.scale, "scale")
        close(model.residualStandardError, r.residual_std_error, "residual standard error")
        close(model.rSquared, r.rsquared, "R²")
        close(model.adjustedRSquared, r.rsquared_adj, "adjusted R²")
        close(model.logLikelihood, r.llf, "log-likelihood")
        close(model.aic, r.aic, "AIC")
        close(model.bic, r.bic, "BIC")
        close(model.conditionNumber, r.condition_number, "condition number")
        close(model.fittedValues, r.fittedvalues, "fitted values")
        close(model.residuals, r.resid, "residuals")
    }

    /// p-values: 1e-9 relative; statsmodels prints 0.0 where the double underflows (below ~1e-308).
    func pValue(_ a: Double, _ b: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if b == 0 { XCTAssertLessThan(a, 1e-300, what, file: file, line: line) } else { close(a, b, what, file: file, line: line) }
    }

    func comparePredictions(_ model: LinearModel, _ expected: Prediction, file: StaticString = #filePath, line: UInt = #line) throws {
        let rows = try model.predict(expected.X_new, level: 1 - expected.alpha)
        close(rows.map(\.mean), expected.mean, "prediction mean", file: file, line: line)
        for (k, row) in rows.enumerated() {
            close(row.meanStandardError, expected.mean_se[k], "mean_se[\(k)]", file: file, line: line)
            close(row.meanLow, expected.mean_ci_lower[k], "mean_ci_lower[\(k)]", file: file, line: line)
            close(row.meanHigh, expected.mean_ci_upper[k], "mean_ci_upper[\(k)]", file: file, line: line)
            close(row.observationLow, expected.obs_ci_lower[k], "obs_ci_lower[\(k)]", file: file, line: line)
            close(row.observationHigh, expected.obs_ci_upper[k], "obs_ci_upper[\(k)]", file: file, line: line)
        }
    }

    func testPredictionIntervals() throws {
        for name in ["sandiego_ols", "sandiego_wls", "lagged_log_budget_ols", "no_intercept_ols"] {
            let fixture = try load(name)
            try comparePredictions(fit(fixture), XCTUnwrap(fixture.prediction))
        }
        let aliased = try load("aliased_ols")
        let expected = try XCTUnwrap(aliased.expected?.prediction)
        // The reduced design's new rows; the engine takes full rows and ignores the aliased column.
        var full = expected
        full.X_new = expected.X_new.map { $0 + [$0[1]] }
        try comparePredictions(fit(aliased), full)
    }

    func testSanDiegoOLS() throws { try compare(fit(load("sandiego_ols")), XCTUnwrap(load("sandiego_ols").results)) }
    func testSanDiegoWLS() throws { try compare(fit(load("sandiego_wls")), XCTUnwrap(load("sandiego_wls").results)) }
    func testLaggedLogBudgetOLS() throws {
        try compare(fit(load("lagged_log_budget_ols")), XCTUnwrap(load("lagged_log_budget_ols").results))
    }
    func testNoInterceptUsesTheUncenteredRSquared() throws {
        let fixture = try load("no_intercept_ols")
        let model = try fit(fixture)
        XCTAssertEqual(model.constantCount, 0)
        compare(model, try XCTUnwrap(fixture.results))
    }

    /// Two identical columns: the later one is aliased (R's lm reports NA), rank 3 of 4, and every other
    /// statistic is that of the fit without it (statsmodels on the reduced design).
    func testDuplicateColumnIsAliasedAndTheRestIsCorrect() throws {
        let fixture = try load("aliased_ols")
        let expected = try XCTUnwrap(fixture.expected)
        let model = try fit(fixture)
        XCTAssertEqual(model.aliasedColumns, expected.drop_columns)
        XCTAssertEqual(model.aliasedColumns, fixture.aliased)
        XCTAssertEqual(model.rank, 3)
        XCTAssertNil(model.estimates[3])
        XCTAssertNil(model.standardErrors[3])
        compare(model, expected.results, keptColumns: [0, 1, 2])
    }

    /// A constant column after the intercept: R's lm aliases the later one (the constant column), never the
    /// intercept, whichever the pivoting would keep; the fit is that of [intercept, x] (issue 12 D13).
    func testAConstantColumnAfterTheInterceptIsTheOneAliased() throws {
        let x = [2.0, 3, 5, 6, 7], y = [1.0, 2, 3, 4, 6]
        for constant in [5.0, 0.3, 1e6, -7] {
            let full = try LinearModel.fit(y: y, x: Matrix(rows: 5, columns: 3, columnMajor: [1, 1, 1, 1, 1] + x + Array(repeating: constant, count: 5)),
                                           columnNames: ["const", "x", "c"])
            let reduced = try LinearModel.fit(y: y, x: Matrix(rows: 5, columns: 2, columnMajor: [1, 1, 1, 1, 1] + x))
            XCTAssertEqual(full.aliasedColumns, [2], "c = \(constant)")
            XCTAssertEqual(full.rank, 2)
            XCTAssertNil(full.estimates[2])
            for k in 0..<2 {
                XCTAssertEqual(try XCTUnwrap(full.estimates[k]), try XCTUnwrap(reduced.estimates[k]), accuracy: 1e-12)
                XCTAssertEqual(try XCTUnwrap(full.standardErrors[k]), try XCTUnwrap(reduced.standardErrors[k]), accuracy: 1e-12)
            }
            XCTAssertEqual(full.rSquared, reduced.rSquared, accuracy: 1e-12)
            XCTAssertEqual(full.constantCount, 1)
        }
    }
}
