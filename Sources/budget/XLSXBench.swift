import ArgumentParser
import BudgetCore
import Foundation
import Reports

extension Budget {
    struct XLSXBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "xlsx",
            abstract: "Write a synthetic listing of N rows × 10 columns as .xlsx, as `--format xlsx` does.",
            discussion: """
                The columns: department, unit, project (every name different, Chinese), category, year, budget, \
                executed, rate, a decimal and a note — text, integers, money, rates and decimals. Prints the file \
                size, the time to build the workbook (sheet XML, shared strings, deflated zip) and to write it, \
                and the peak resident memory.

                Example:
                  budget bench xlsx --rows 100000 --out /tmp/bench.xlsx
                """)

        @Option(help: "Number of rows.")
        var rows: Int = 100_000

        @Option(help: ArgumentHelp("Keep the workbook at this path (default: a temporary file, removed).", valueName: "FILE"))
        var out: String?

        func validate() throws {
            guard rows > 0, rows < XLSXWriter.maximumRows else { throw ValidationError("--rows: 1 to 1,048,575") }
        }

        func run() throws {
            let clock = ContinuousClock()
            var listing = Listing(columns: [
                .init("department"), .init("unit"), .init("project"), .init("category"), .init("year", alignment: .right),
                .init("budget", alignment: .right), .init("executed", alignment: .right), .init("rate", alignment: .right),
                .init("mase", alignment: .right), .init("notes"),
            ])
            let generation = clock.measure {
                for n in 0..<rows {
                    let budget = Int64(10_000_000 + (n * 7_919) % 900_000_000)
                    let executed = budget * Int64(60 + n % 45) / 100
                    listing.append([
                        .text("第\(n % 20)主管部门"), .text("实施单位\(n % 1_000)"), .text("世贸事务管理-贸易摩擦应对事务\(n)"),
                        .text(["经常性专项业务费", "一次性项目", "信息化建设类"][n % 3]), .integer(2015 + n % 10),
                        .money(Money(fen: budget)), .money(Money(fen: executed)), .rate(Double(executed) / Double(budget)),
                        .decimal(Double(n % 1_000) / 997, digits: 3), .text(n % 4 == 0 ? "stale (last data 2019)" : nil),
                    ])
                }
            }
            let rssBefore = ImportBench.peakResidentKiB()
            var data = Data()
            let building = try clock.measure { data = try listing.xlsx(sheet: "bench") }
            let path = out ?? NSTemporaryDirectory() + "budget-bench-\(getpid()).xlsx"
            defer { if out == nil { try? FileManager.default.removeItem(atPath: path) } }
            let writing = try clock.measure { try OutputFile.write(data, to: path) }
            print("bench xlsx: \(rows.grouped) rows × 10 columns, \(ImportBench.mebibytes(data.count)) MiB")
            print("  make listing   \(ImportBench.secondsText(generation)) s")
            print("  build workbook \(ImportBench.secondsText(building)) s   \(ImportBench.rate(rows, building).grouped) rows/s")
            print("  write file     \(ImportBench.secondsText(writing)) s")
            print("  peak RSS       \(ImportBench.peakResidentKiB() / 1024) MiB (\(rssBefore / 1024) MiB with the listing, before the workbook)")
        }
    }
}
