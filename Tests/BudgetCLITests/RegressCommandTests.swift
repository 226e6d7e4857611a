import Foundation
import XCTest

/// `budget regress` as an analyst runs it: NIST StRD data written as CSV, fitted through the real binary,
/// JSON output compared with NIST's certified values (correct significant digits, LRE).
final class RegressCommandTests: CLITestCase {
    struct NIST {
        var data: [[Double]]
        var coefficients: [Double]
        var standardDeviations: [Double]
    }

    /// Reads a shared/nist .dat file: "Bk estimate sd" lines and the data block named in its header.
    func nist(_ name: String) throws -> NIST {
        let url = Self.packageRoot.appendingPathComponent("Tests/LinearAlgebraTests/Fixtures/\(name).dat")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        var range: ClosedRange<Int>?
        var certified: [(Int, Double, Double)] = []
        for (index, line) in lines.enumerated() {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\r" }).map(String.init)
            if range == nil, f.count >= 5, f[0] == "Data", f[1] == "(lines", let a = Int(f[2]), let b = Int(f[4].dropLast()) {
                range = a...b
            } else if index < 60, f.count == 3, f[0].hasPrefix("B"), let k = Int(f[0].dropFirst()), let e = Double(f[1]), let s = Double(f[2]) {
                certified.append((k, e, s))
            }
        }
        let block = try XCTUnwrap(range)
        let data = lines[(block.lowerBound - 1)...(block.upperBound - 1)].map { $0.split(separator: " ").compactMap { Double($0) } }
        certified.sort { $0.0 < $1.0 }
        return NIST(data: data, coefficients: certified.map(\.1), standardDeviations: certified.map(\.2))
    }

    func lre(_ estimate: Double, _ certified: Double) -> Double {
        let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
        return error == 0 ? 16 : min(16, -log10(error))
    }

    /// Writes the set as CSV (y, x1, …), runs `budget regress`, checks every coefficient and standard error.
    func check(_ name: String, poly: Int? = nil, noIntercept: Bool = false, digits: Double) throws {
        let set = try nist(name)
        let width = set.data[0].count
        let header = (["y"] + (1..<width).map { "x\($0)" }).joined(separator: ",")
        let csv = header + "\n" + set.data.map { $0.map { String($0) }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let file = try write(csv, to: "\(name).csv")
        var arguments = ["regress", "--csv", file, "--y", "y", "--format", "json"]
        arguments += poly != nil ? ["--x", "x1", "--poly", String(poly!)] : (1..<width).flatMap { ["--x", "x\($0)"] }
        if noIntercept { arguments.append("--no-intercept") }
        let result = try budget(arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let coefficients = try XCTUnwrap(json["coefficients"] as? [[String: Any]])
        XCTAssertEqual(coefficients.count, set.coefficients.count)
        XCTAssertEqual(json["rank"] as? Int, set.coefficients.count)
        for (k, row) in coefficients.enumerated() {
            let estimate = try XCTUnwrap(row["estimate"] as? Double)
            XCTAssertGreaterThanOrEqual(lre(estimate, set.coefficients[k]), digits, "\(name) B\(k): \(estimate)")
            let se = try XCTUnwrap(row["std_error"] as? Double)
            if set.standardDeviations[k] == 0 {
                XCTAssertLessThan(se, 1e-6 * set.coefficients.map(abs).max()!, "\(name) SE\(k) should be 0")
            } else {
                XCTAssertGreaterThanOrEqual(lre(se, set.standardDeviations[k]), digits, "\(name) SE\(k): \(se)")
            }
        }
        for key in ["n", "df_model", "df_resid", "residual_std_error", "r_squared", "adj_r_squared", "f_statistic",
                    "f_p_value", "log_likelihood", "aic", "bic", "condition_number"] {
            XCTAssertNotNil(json[key], "JSON key \(key)")
        }
    }

    func testPontiusQuadraticAsInTheIssue() throws { try check("Pontius", poly: 2, digits: 12) }
    func testNorris() throws { try check("Norris", digits: 12) }
    func testNoInt1() throws { try check("NoInt1", noIntercept: true, digits: 14) }
    func testLongley() throws { try check("Longley", digits: 10) }
    func testWampler1() throws { try check("Wampler1", poly: 5, digits: 9) }
    func testWampler3() throws { try check("Wampler3", poly: 5, digits: 9) }

    func testDuplicateColumnIsReportedAliased() throws {
        let file = try write("y,a,b\n1,1,1\n2,2,2\n2.9,3,3\n4.2,4,4\n", to: "dup.csv")
        let result = try budget(["regress", "--csv", file, "--y", "y", "--x", "a", "--x", "b"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("rank 2 of 3"), result.stdout)
        XCTAssertTrue(result.stdout.contains("aliased (linearly dependent on the others, no estimate): b"), result.stdout)
    }

    func testBadInputNamesTheColumnAndLine() throws {
        let file = try write("y,x\n1,1\n2,abc\n3,3\n", to: "bad.csv")
        let notNumber = try budget(["regress", "--csv", file, "--y", "y", "--x", "x"])
        XCTAssertEqual(notNumber.status, 1)
        XCTAssertTrue(notNumber.stderr.contains("bad.csv:3: column \"x\": \"abc\" is not a number"), notNumber.stderr)
        let missing = try budget(["regress", "--csv", file, "--y", "y", "--x", "z"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no column \"z\""), missing.stderr)
        let nan = try budget(["regress", "--csv", try write("y,x\n1,1\n2,nan\n3,3\n", to: "nan.csv"), "--y", "y", "--x", "x"])
        XCTAssertEqual(nan.status, 1)
        XCTAssertTrue(nan.stderr.contains("nan.csv:3: column \"x\": nan is not a finite number"), nan.stderr)
        let few = try budget(["regress", "--csv", try write("y,x\n1,1\n", to: "few.csv"), "--y", "y", "--x", "x"])
        XCTAssertEqual(few.status, 1)
        XCTAssertTrue(few.stderr.contains("1 rows are fewer than the 2 parameters"), few.stderr)
    }

    /// WLS through the command: the San Diego statsmodels fixture (Tests/LinearAlgebraTests/Fixtures/statsmodels)
    /// written as CSV with its weights column; coefficients, SEs and R² within 1e-9 of statsmodels 0.15.
    func testWeightedRegressionMatchesStatsmodels() throws {
        let url = Self.packageRoot.appendingPathComponent("Tests/LinearAlgebraTests/Fixtures/statsmodels/sandiego_wls.json")
        let fixture = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let x = try XCTUnwrap(fixture["X"] as? [[Double]]), y = try XCTUnwrap(fixture["y"] as? [Double])
        let weights = try XCTUnwrap(fixture["weights"] as? [Double])
        let results = try XCTUnwrap(fixture["results"] as? [String: Any])
        var csv = "y,lag,rate,year,w\n"
        for i in y.indices { csv += "\(y[i]),\(x[i][1]),\(x[i][2]),\(x[i][3]),\(weights[i])\n" }
        let result = try budget(["regress", "--csv", try write(csv, to: "wls.csv"), "--y", "y", "--x", "lag", "--x", "rate",
                                 "--x", "year", "--weights", "w", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let rows = try XCTUnwrap(json["coefficients"] as? [[String: Any]])
        let params = try XCTUnwrap(results["params"] as? [Double]), bse = try XCTUnwrap(results["bse"] as? [Double])
        for k in 0..<4 {
            let estimate = try XCTUnwrap(rows[k]["estimate"] as? Double), se = try XCTUnwrap(rows[k]["std_error"] as? Double)
            XCTAssertEqual(estimate, params[k], accuracy: 1e-9 * abs(params[k]))
            XCTAssertEqual(se, bse[k], accuracy: 1e-9 * bse[k])
        }
        let r2 = try XCTUnwrap(results["rsquared"] as? Double)
        XCTAssertEqual(try XCTUnwrap(json["r_squared"] as? Double), r2, accuracy: 1e-9 * r2)
        XCTAssertEqual(json["weighted"] as? Bool, true)
    }
}
