import ArgumentParser
import Foundation
import Import
import LinearAlgebra
import Store
#if canImport(Glibc)
import Glibc
#endif

extension Budget {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks with their sizes and figures in the output.",
            discussion: """
                Examples:
                  budget bench import --rows 1000000 --reimport
                  budget bench forecast --projects 10000
                """,
            subcommands: [ImportBench.self, FormBench.self, RegressBench.self, ForecastBench.self, XLSXBench.self])
    }

    struct ImportBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Generate N synthetic project-years as CSV and import them into a new temporary store.",
            discussion: """
                Prints rows per second and peak resident memory. Target: 1,000,000 rows in under 10 s and 500 MiB.

                Example:
                  budget bench import --rows 1000000 --order year --keep big
                """)

        @Option(help: "Number of project-years to generate.")
        var rows: Int = 1_000_000

        @Option(help: "Years per project.")
        var years: Int = 10

        @Option(help: "Row order of the generated file: project (each project's years together) or year (year by year, as many exports are).")
        var order: SyntheticHistory.Order = .project

        @Flag(help: "Also time importing the same file again (every row unchanged).")
        var reimport = false

        @Option(help: ArgumentHelp("Keep the generated files in this directory instead of a temporary one.", valueName: "DIR"))
        var keep: String?

        func validate() throws {
            guard rows > 0, years > 0, years <= 50 else { throw ValidationError("--rows must be positive, --years 1…50") }
        }

        func run() throws {
            let directory = keep ?? NSTemporaryDirectory() + "budget-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
            let csvPath = directory + "/bench.csv", storePath = directory + "/bench.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

            let clock = ContinuousClock()
            let projects = (rows + years - 1) / years
            let generation = try clock.measure { try SyntheticHistory(rows: rows, years: years, order: order).write(to: csvPath) }
            let csvBytes = (try? FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0
            print("bench import: \(rows.grouped) project-years (\(projects.grouped) projects × up to \(years) years, "
                  + "\(order.rawValue) order), CSV \(Self.mebibytes(csvBytes)) MiB")
            print("  generate CSV   \(Self.secondsText(generation)) s")
            let rssBefore = Self.peakResidentKiB()
            // The file was just written: flush it to disk first, so that the kernel's write-back of it does not
            // compete with the import being timed (a user's file has long been on disk).
            sync()

            var options = ImportOptions(currentYear: 2100)
            options.format = .csv
            options.closedThrough = 2099
            let store = try BudgetStore(path: storePath)
            var report = ImportReport()
            // Timed as a user waits for it: the import, then closing the store (the WAL checkpoint).
            var closing = Duration.zero
            let elapsed = try clock.measure {
                report = try HistoryImporter.run(files: [csvPath], into: store, options: options)
                closing = try clock.measure { try store.close() }
            }
            guard report.errors.isEmpty, report.committed else {
                printError("budget bench: the import failed: \(report.errors.prefix(3).map { $0.description }.joined(separator: "; "))")
                throw ExitCode.failure
            }
            let reopened = try BudgetStore(path: storePath)
            let stored = try reopened.counts()
            print("  import         \(Self.secondsText(elapsed)) s   \(Self.rate(rows, elapsed).grouped) rows/s   "
                  + "(\(stored.projectYears.grouped) project-years, \(stored.projects.grouped) projects stored; "
                  + "closing the store, a WAL checkpoint, took \(Self.secondsText(closing)) s of it)")
            if reimport {
                let again = try clock.measure {
                    report = try HistoryImporter.run(files: [csvPath], into: reopened, options: options)
                    try reopened.close()
                }
                let unchanged = report.batches.first?.unchanged ?? 0
                print("  re-import      \(Self.secondsText(again)) s   \(Self.rate(rows, again).grouped) rows/s   (\(unchanged.grouped) unchanged)")
            }
            try reopened.close()
            let storeBytes = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
            print("  peak RSS       \(Self.peakResidentKiB() / 1024) MiB (\(rssBefore / 1024) MiB before the import)")
            print("  store size     \(Self.mebibytes(storeBytes)) MiB")
            let verdict = Self.seconds(elapsed) < 10 * Double(rows) / 1_000_000 && Self.peakResidentKiB() < 500 * 1024
            print("  target (1,000,000 rows < 10 s, < 500 MiB): \(verdict ? "met" : "NOT met") at this size")
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }

        static func secondsText(_ duration: Duration) -> String { String(format: "%.2f", seconds(duration) as Double) }

        static func rate(_ rows: Int, _ duration: Duration) -> Int { Int(Double(rows) / max(seconds(duration), 1e-9)) }

        static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

        /// Peak resident set size of this process in KiB (Linux `ru_maxrss`).
        static func peakResidentKiB() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss)
        }
    }
}

extension Budget {
    struct RegressBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "regress",
            abstract: "Many small fits with full statistics, as the engine fits one model per project.",
            discussion: """
                Default: 100,000 fits of n = 10, p = 3 (intercept + 2 predictors). Target: at least 100,000 fits/s.

                Example:
                  budget bench regress --fits 100000 --rows 10
                """)

        @Option(help: "Number of fits.")
        var fits: Int = 100_000

        @Option(help: "Observations per fit.")
        var rows: Int = 10

        @Option(help: "Parameters per fit, the intercept included.")
        var parameters: Int = 3

        func validate() throws {
            guard fits > 0, parameters >= 1, rows > parameters else { throw ValidationError("need fits > 0 and rows > parameters ≥ 1") }
        }

        func run() throws {
            // Deterministic data: y = 1 + 2·x₁ − x₂ + … + noise, x uniform in [0, 10).
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            func uniform() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            let datasets: [(x: Matrix, y: [Double])] = try (0..<min(fits, 1_000)).map { _ in
                var columns = [[Double](repeating: 1, count: rows)]
                for _ in 1..<parameters { columns.append((0..<rows).map { _ in 10 * uniform() }) }
                var y = [Double](repeating: 1, count: rows)
                for i in 0..<rows {
                    for j in 1..<parameters { y[i] += Double(j % 3 - 1) * columns[j][i] }
                    y[i] += uniform() - 0.5
                }
                return (try Matrix(columns: columns), y)
            }
            let names = ["const"] + (1..<parameters).map { "x\($0)" }
            var checksum = 0.0
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for index in 0..<fits {
                    let data = datasets[index % datasets.count]
                    let model = try LinearModel.fit(y: data.y, x: data.x, columnNames: names)
                    let table = model.coefficientTable(level: 0.95)
                    checksum += (table[0].p ?? 0) + (model.fPValue ?? 0) + model.rSquared + model.aic + model.conditionNumber
                }
            }
            let seconds = ImportBench.seconds(elapsed)
            print("bench regress: \(fits.grouped) fits of n = \(rows), p = \(parameters) with full statistics "
                  + "(estimates, SE, t, p, CI, R², adj. R², F and its p, log-likelihood, AIC, BIC, condition number)")
            print(String(format: "  %.2f s   %@ fits/s   (%.2f µs per fit; checksum %.6g)",
                         seconds, Int(Double(fits) / seconds).grouped, seconds / Double(fits) * 1e6, checksum))
            print("  target: at least 100,000 fits/s: \(Double(fits) / seconds >= 100_000 ? "met" : "NOT met")")
        }
    }
}

/// A deterministic synthetic history: 20 departments, 400 units, `rows / years` projects with Chinese names,
/// budgets between 10,000 and 10,000,000 元 and execution rates between 30 % and 105 %.
struct SyntheticHistory {
    enum Order: String, ExpressibleByArgument, CaseIterable {
        case project, year
    }

    let rows: Int
    let years: Int
    var order: Order = .project

    func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ImportError.unreadable(file: path, reason: "cannot create the benchmark file")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer = "department,unit,project,category,year,initial_budget,adjusted_budget,executed,appropriation\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        let categories = ["经常性专项业务费", "其他经常性项目", "一次性项目", "信息化建设类", "政策补贴类", "政府购买服务"]
        let projects = (rows + years - 1) / years
        for row in 0..<rows {
            let project = order == .project ? row / years : row % projects
            let year = 2011 + (order == .project ? row % years : row / projects)
            let unit = project % 400, department = unit % 20
            let initial = 10_000 + next(9_990_000)
            let adjusted = initial * (80 + next(41)) / 100
            let executed = adjusted * (30 + next(76)) / 100
            let cents = next(100)
            buffer += "部门\(department),单位\(unit),项目\(project)号,\(categories[project % categories.count]),\(year),"
            buffer += "\(initial).00,\(adjusted).00,\(executed).\(cents < 10 ? "0" : "")\(cents),\(adjusted).00\n"
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }
}
