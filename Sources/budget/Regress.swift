import ArgumentParser
import BudgetCore
import Foundation
import Import
import LinearAlgebra
import Reports

extension Budget {
    struct Regress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit an ordinary or weighted least-squares regression on CSV columns (LAPACK, rank-revealing QR).",
            discussion: """
                Coefficients with standard errors, t, p and confidence intervals; residual standard error, R² and \
                adjusted R² (uncentred without an intercept), F and its p-value, log-likelihood, AIC, BIC, condition \
                number. Exactly collinear columns are reported as aliased (no estimate), as R does. --poly N with one \
                --x fits the raw powers x¹…xᴺ.

                Examples:
                  budget regress --csv data.csv --y executed --x budget
                  budget regress --csv data.csv --y y --x x --poly 2 --format json
                """)

        @Option(help: ArgumentHelp("The data file (UTF-8, UTF-8 with BOM or GB18030; RFC 4180).", valueName: "FILE"))
        var csv: String

        @Option(help: ArgumentHelp("The response column.", valueName: "COL"))
        var y: String

        @Option(help: ArgumentHelp("A predictor column (repeatable).", valueName: "COL"))
        var x: [String] = []

        // Unconditional parsing: `--poly -3` is a degree to refuse, not a missing value.
        @Option(parsing: .unconditional, help: ArgumentHelp("With one --x: fit the raw powers x, x², …, x^N.", valueName: "N"))
        var poly: Int?

        @Flag(help: "Fit without an intercept (R² is then uncentred).")
        var noIntercept = false

        @Option(help: ArgumentHelp("A column of positive weights: weighted least squares.", valueName: "COL"))
        var weights: String?

        @Option(parsing: .unconditional, help: "Confidence level of the intervals.")
        var level: Double = 0.95

        @Option(help: "Output format: text, json, csv or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        func validate() throws {
            guard !x.isEmpty || !noIntercept else { throw ValidationError("give at least one --x, or keep the intercept") }
            if let poly {
                guard x.count == 1 else { throw ValidationError("--poly needs exactly one --x") }
                guard (1...20).contains(poly) else { throw ValidationError("--poly: a degree from 1 to 20") }
            }
            guard level > 0, level < 1 else { throw ValidationError("--level: between 0 and 1, e.g. 0.95") }
        }

        func run() throws {
            let table = try NumericTable.read(csv, columns: [y] + x + (weights.map { [$0] } ?? []))
            var names: [String] = noIntercept ? [] : ["const"]
            var columns: [[Double]] = noIntercept ? [] : [[Double](repeating: 1, count: table.rowCount)]
            if let poly {
                let values = table.columns[x[0]]!
                for power in 1...poly {
                    names.append(power == 1 ? x[0] : "\(x[0])^\(power)")
                    columns.append(values.map { pow($0, Double(power)) })
                }
            } else {
                for name in x { names.append(name); columns.append(table.columns[name]!) }
            }
            guard table.rowCount >= columns.count else {
                printError("budget: \(csv): \(table.rowCount) rows are fewer than the \(columns.count) parameters")
                throw ExitCode(ExitStatus.badInput)
            }
            let model: LinearModel
            do {
                model = try LinearModel.fit(y: table.columns[y]!, x: Matrix(columns: columns), columnNames: names,
                                            weights: weights.map { table.columns[$0]! })
            } catch let error as LinearAlgebraError {
                printError("budget: \(csv): \(error)")
                throw ExitCode(ExitStatus.badInput)
            }
            let report = RegressionReport(model: model, level: level, response: y, weighted: weights != nil)
            switch format {
            case .text: print(report.text(), terminator: "")
            case .json: print(report.json(), terminator: "")
            case .csv: FileHandle.standardOutput.write(try report.csv())
            case .xlsx: try XLSXOutput.emit(try report.xlsx())
            }
        }
    }
}

/// Numeric columns read from a CSV file, with errors naming the file, line and column.
struct NumericTable {
    var rowCount: Int
    var columns: [String: [Double]]

    static func read(_ path: String, columns wanted: [String]) throws -> NumericTable {
        func fail(_ message: String) -> ExitCode {
            printError("budget: \(message)")
            return ExitCode(ExitStatus.badInput)
        }
        let data: Data
        do { data = try InputFile.read(path) } catch { throw fail(error.description) }
        let text: DecodedText
        do { text = try DecodedText.decode(data, as: .auto, file: path) } catch { throw fail(error.description) }
        var tokenizer = CSVTokenizer(bytes: text.bytes)
        var fields: [CSVTokenizer.Field] = []
        do {
            guard let headerLine = try tokenizer.next(into: &fields) else { throw fail("\(path): the file is empty") }
            let header = fields.map { tokenizer.text(of: $0) }
            var index: [String: Int] = [:]
            for name in Set(wanted) {
                guard let position = header.firstIndex(of: name) else {
                    throw fail("\(path):\(headerLine): no column \"\(name)\" (the header has: \(Excerpt.list(header)))")
                }
                let positions = header.indices.filter { header[$0] == name }
                guard positions.count == 1 else {
                    throw fail("\(path):\(headerLine): the header names \"\(name)\" \(positions.count) times (columns \(positions.map { String($0 + 1) }.joined(separator: ", "))): which one is meant?")
                }
                index[name] = position
            }
            var columns = Dictionary(uniqueKeysWithValues: index.keys.map { ($0, [Double]()) })
            var rows = 0
            while let line = try tokenizer.next(into: &fields) {
                if fields.allSatisfy(tokenizer.isBlank) { continue }
                for (name, position) in index {
                    let cell = position < fields.count ? tokenizer.text(of: fields[position]) : ""
                    guard let value = Double(cell) else {
                        throw fail("\(path):\(line): column \"\(name)\": \"\(Excerpt.text(cell))\" is not a number")
                    }
                    guard value.isFinite else { throw fail("\(path):\(line): column \"\(name)\": \(cell) is not a finite number") }
                    columns[name]!.append(value)
                }
                rows += 1
            }
            return NumericTable(rowCount: rows, columns: columns)
        } catch let error as CSVTokenizer.SyntaxError {
            throw fail("\(path):\(error.line): \(error)")
        }
    }
}
