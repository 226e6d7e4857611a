import Foundation
import LinearAlgebra

/// A fitted regression as people and programs read it: a statsmodels/R-style text table, JSON with stable
/// keys (`n`, `rank`, `df_model`, `df_resid`, `coefficients` [{name, estimate, std_error, t, p, ci_low,
/// ci_high}], `residual_std_error`, `r_squared`, `adj_r_squared`, `f_statistic`, `f_p_value`, `log_likelihood`,
/// `aic`, `bic`, `condition_number`, plus `aliased`, `level`, `weighted`), or CSV of the coefficient table.
/// Numbers keep full double precision in JSON and CSV (17 significant digits); text shows 6.
public struct RegressionReport {
    public let model: LinearModel
    public let level: Double
    public let response: String
    public let weighted: Bool

    public init(model: LinearModel, level: Double, response: String, weighted: Bool) {
        self.model = model
        self.level = level
        self.response = response
        self.weighted = weighted
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value.isFinite ? String(format: "%.17g", value) : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
    }

    static func short(_ value: Double?) -> String {
        guard let value else { return "NA" }
        if value != 0 && (abs(value) < 1e-4 || abs(value) >= 1e7) { return String(format: "%.4e", value) }
        return String(format: "%.6g", value)
    }

    public func text() -> String {
        let rows = model.coefficientTable(level: level)
        let percent = String(format: "%g", level * 100)
        var table = TextTable(columns: [
            .init("", alignment: .left), .init("coef", alignment: .right), .init("std err", alignment: .right),
            .init("t", alignment: .right), .init("P>|t|", alignment: .right),
            .init("[\(percent)% low", alignment: .right), .init("high]", alignment: .right),
        ])
        for row in rows {
            table.append([row.name] + [row.estimate, row.standardError, row.t, row.p, row.confidenceLow, row.confidenceHigh].map(Self.short))
        }
        var out = "\(weighted ? "WLS" : "OLS") regression of \(response)   (LAPACK QR with column pivoting; rank \(model.rank) of \(model.columnNames.count))\n"
        out += "observations \(model.observations)   df model \(model.degreesOfFreedomModel)   df residual \(model.degreesOfFreedomResidual)\n"
        out += "R² \(Self.short(model.rSquared))   adjusted R² \(Self.short(model.adjustedRSquared))\(model.constantCount == 0 ? "   (uncentred: no intercept)" : "")\n"
        out += "F \(Self.short(model.fStatistic))   P(F) \(Self.short(model.fPValue))   residual std error \(Self.short(model.residualStandardError))\n"
        out += "log-likelihood \(Self.short(model.logLikelihood))   AIC \(Self.short(model.aic))   BIC \(Self.short(model.bic))   condition number \(Self.short(model.conditionNumber))\n"
        out += table.render()
        if !model.aliasedColumns.isEmpty {
            out += "aliased (linearly dependent on the others, no estimate): \(model.aliasedColumns.map { model.columnNames[$0] }.joined(separator: ", "))\n"
        }
        return out
    }

    public func json() -> String {
        let n = Self.number
        let coefficients = model.coefficientTable(level: level).map { row in
            "    {\"name\": \(Self.quoted(row.name)), \"estimate\": \(n(row.estimate).orNull), \"std_error\": \(n(row.standardError).orNull), "
                + "\"t\": \(n(row.t).orNull), \"p\": \(n(row.p).orNull), \"ci_low\": \(n(row.confidenceLow).orNull), \"ci_high\": \(n(row.confidenceHigh).orNull)}"
        }.joined(separator: ",\n")
        let fields: [(String, String)] = [
            ("n", String(model.observations)), ("rank", String(model.rank)),
            ("df_model", String(model.degreesOfFreedomModel)), ("df_resid", String(model.degreesOfFreedomResidual)),
            ("coefficients", "[\n" + coefficients + "\n  ]"),
            ("aliased", "[" + model.aliasedColumns.map { Self.quoted(model.columnNames[$0]) }.joined(separator: ", ") + "]"),
            ("residual_std_error", n(model.residualStandardError).orNull), ("r_squared", n(model.rSquared).orNull),
            ("adj_r_squared", n(model.adjustedRSquared).orNull), ("f_statistic", n(model.fStatistic).orNull),
            ("f_p_value", n(model.fPValue).orNull), ("log_likelihood", n(model.logLikelihood).orNull),
            ("aic", n(model.aic).orNull), ("bic", n(model.bic).orNull), ("condition_number", n(model.conditionNumber).orNull),
            ("level", n(level)), ("weighted", weighted ? "true" : "false"),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    public func csv() throws -> Data {
        let rows = model.coefficientTable(level: level).map { row in
            [row.name] + [row.estimate, row.standardError, row.t, row.p, row.confidenceLow, row.confidenceHigh].map(Self.number)
        }
        return try CSVWriter.data(header: ["name", "estimate", "std_error", "t", "p", "ci_low", "ci_high"], rows: rows,
                                  encoding: .utf8(bom: true))
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

private extension String {
    /// Empty (unknown) becomes JSON null; non-finite numbers are written as null too.
    var orNull: String { isEmpty || self == "nan" || self == "inf" || self == "-inf" ? "null" : self }
}
