import Foundation
@testable import LinearAlgebra
import XCTest

/// The regression engine on NIST StRD: certified coefficients, their standard deviations, residual SD and R²
/// (computed by NIST in multiple precision). Accuracy is the log relative error (correct significant digits).
final class LinearModelNISTTests: XCTestCase {
    struct Case {
        var name: String
        var y: [Double]
        var design: Matrix
        var coefficients: [Double]
        var standardDeviations: [Double]
        var residualSD: Double?
        var rSquared: Double?
    }

    /// A shared-suite file: polynomial in x of `degree`, or (degree nil) the file's columns as they are.
    func shared(_ file: String, degree: Int?, intercept: Bool = true) throws -> Case {
        let set = try NISTDataset(contentsOf: fixtureURL(file))
        let columns: [[Double]]
        if let degree {
            columns = ((intercept ? 0 : 1)...degree).map { p in set.x.map { pow($0, Double(p)) } }
        } else {
            let predictors = (1..<set.data[0].count).map { j in set.data.map { $0[j] } }
            columns = (intercept ? [[Double](repeating: 1, count: set.data.count)] : []) + predictors
        }
        return Case(name: set.name, y: set.y, design: try Matrix(columns: columns),
                    coefficients: set.certifiedCoefficients, standardDeviations: set.certifiedStandardDeviations,
                    residualSD: set.certifiedResidualSD, rSquared: set.certifiedRSquared)
    }

    func extra(_ name: String) throws -> Case {
        struct File: Decodable { var datasets: [String: Set] }
        struct Set: Decodable { var degree: Int; var y: [Double]; var x: [Double]; var coefficients: [Double]; var standard_deviations: [Double] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: fixtureURL("nist_extra.json")))
        let set = try XCTUnwrap(file.datasets[name])
        let design = try Matrix(columns: (0...set.degree).map { p in set.x.map { pow($0, Double(p)) } })
        return Case(name: name, y: set.y, design: design, coefficients: set.coefficients,
                    standardDeviations: set.standard_deviations, residualSD: nil, rSquared: nil)
    }

    /// Fits and checks: every coefficient and standard error to `digits` (SE certified 0: below 1e-`digits`
    /// relative to the largest coefficient), residual SD and R² to `statDigits` where certified non-zero.
    func check(_ c: Case, digits: Double, seDigits: Double? = nil, statDigits: Double = 7) throws {
        let model = try LinearModel.fit(y: c.y, x: c.design)
        XCTAssertEqual(model.rank, c.design.columns, "\(c.name): full rank expected")
        var reports: [String] = []
        for (k, certified) in c.coefficients.enumerated() {
            let estimate = try XCTUnwrap(model.estimates[k])
            let lre = logRelativeError(estimate, certified: certified)
            reports.append(String(format: "B%d %.1f", k, lre))
            XCTAssertGreaterThanOrEqual(lre, digits, "\(c.name) B\(k): \(estimate) vs \(certified)")
            let sd = c.standardDeviations[k]
            let se = try XCTUnwrap(model.standardErrors[k])
            if sd == 0 {
                let scale = c.coefficients.map(abs).max() ?? 1
                XCTAssertLessThan(se / scale, pow(10, -(seDigits ?? digits)), "\(c.name) SE\(k) should be ~0: \(se)")
            } else {
                let seLRE = logRelativeError(se, certified: sd)
                reports.append(String(format: "SE%d %.1f", k, seLRE))
                XCTAssertGreaterThanOrEqual(seLRE, seDigits ?? digits, "\(c.name) SE\(k): \(se) vs \(sd)")
            }
        }
        if let sd = c.residualSD, sd != 0 {
            let lre = logRelativeError(model.residualStandardError, certified: sd)
            reports.append(String(format: "resSD %.1f", lre))
            XCTAssertGreaterThanOrEqual(lre, statDigits, "\(c.name) residual SD")
        }
        if let r2 = c.rSquared, r2 != 0 {
            let lre = logRelativeError(model.rSquared, certified: r2)
            reports.append(String(format: "R² %.1f", lre))
            XCTAssertGreaterThanOrEqual(lre, statDigits, "\(c.name) R²")
        }
        print("NIST \(c.name) (LinearModel): " + reports.joined(separator: ", "))
    }

    func testNorris() throws { try check(shared("Norris.dat", degree: 1), digits: 12) }
    func testPontius() throws { try check(shared("Pontius.dat", degree: 2), digits: 12) }
    func testNoInt1UsesTheUncenteredRSquared() throws { try check(shared("NoInt1.dat", degree: 1, intercept: false), digits: 14) }
    func testLongley() throws { try check(shared("Longley.dat", degree: nil), digits: 10) }
    func testWampler1ExactFit() throws { try check(shared("Wampler1.dat", degree: 5), digits: 9) }
    func testWampler3() throws { try check(shared("Wampler3.dat", degree: 5), digits: 9) }
    /// The rest of the suite, beyond shared/nist: the 10th-degree polynomial (condition number ~1e15).
    func testFilip() throws { try check(extra("Filip"), digits: 7) }
    func testWampler2() throws { try check(extra("Wampler2"), digits: 9) }
    func testWampler4() throws { try check(extra("Wampler4"), digits: 9) }
    func testWampler5() throws { try check(extra("Wampler5"), digits: 9) }
}
