import Foundation
import XCTest

/// URL of a file in the copied `Fixtures` resource directory.
func fixtureURL(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let directory = try XCTUnwrap(
        Bundle.module.url(forResource: "Fixtures", withExtension: nil),
        "Fixtures directory missing from the test bundle", file: file, line: line)
    let url = directory.appendingPathComponent(name)
    XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "missing fixture \(name)",
                  file: file, line: line)
    return url
}

/// Log relative error: the number of correct significant digits of `estimate`,
/// −log10(|estimate − certified| / |certified|), capped at 16 for an exact match.
/// For `certified == 0` it is −log10(|estimate|) (the LRE convention NIST uses then).
func logRelativeError(_ estimate: Double, certified: Double) -> Double {
    let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    if error == 0 { return 16 }
    return min(16, -log10(error))
}

/// A NIST StRD linear-regression dataset (.dat format).
struct NISTDataset {
    var name: String
    /// Certified parameter estimates B0, B1, … in order.
    var certifiedCoefficients: [Double]
    /// Certified standard deviations of the estimates, in order.
    var certifiedStandardDeviations: [Double] = []
    /// Certified residual standard deviation and R².
    var certifiedResidualSD: Double?
    var certifiedRSquared: Double?
    /// Certified residual sum of squares (ANOVA table, "Residual" row).
    var certifiedResidualSumOfSquares: Double
    /// Data rows: column 0 is y, the rest are the predictors, as in the file.
    var data: [[Double]]

    var y: [Double] { data.map { $0[0] } }
    var x: [Double] { data.map { $0[1] } }

    /// Parses the file: the header line "Data  (lines A to B)" locates the data block;
    /// certified estimates are the lines "Bk  estimate  standard-deviation"; the residual sum of
    /// squares is the third field of the ANOVA line "Residual  df  SS  MS".
    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.components(separatedBy: .newlines)
        name = url.deletingPathExtension().lastPathComponent
        var dataRange: ClosedRange<Int>?
        var coefficients: [(Int, Double, Double)] = []
        var rss: Double?
        for (index, line) in lines.enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = fields.first else { continue }
            if dataRange == nil, first == "Data", fields.count >= 5, fields[1] == "(lines",
               let from = Int(fields[2]), let to = Int(fields[4].trimmingCharacters(in: CharacterSet(charactersIn: ")"))) {
                dataRange = from...to
            } else if fields.count == 3, first.hasPrefix("B"), let k = Int(first.dropFirst()),
                      let estimate = Double(fields[1]), let sd = Double(fields[2]), index < 60 {
                coefficients.append((k, estimate, sd))
            } else if first == "Standard", fields.count >= 3, fields[1] == "Deviation", let value = Double(fields[2]) {
                certifiedResidualSD = value
            } else if first == "R-Squared", fields.count >= 2, let value = Double(fields[1]) {
                certifiedRSquared = value
            } else if first == "Residual", fields.count >= 4, Int(fields[1]) != nil,
                      let value = Double(fields[2]) {
                rss = value
            }
        }
        guard let range = dataRange, !coefficients.isEmpty, let rss else {
            throw CocoaError(.fileReadCorruptFile)
        }
        certifiedCoefficients = coefficients.sorted { $0.0 < $1.0 }.map { $0.1 }
        certifiedStandardDeviations = coefficients.sorted { $0.0 < $1.0 }.map { $0.2 }
        certifiedResidualSumOfSquares = rss
        // Header line numbers are 1-based.
        data = try lines[(range.lowerBound - 1)...(range.upperBound - 1)].map { line in
            try line.split(separator: " ").map { field in
                guard let value = Double(field) else { throw CocoaError(.fileReadCorruptFile) }
                return value
            }
        }
    }
}
