import ArgumentParser
import BudgetCore
import Foundation
import Import
import Store

extension Budget {
    struct FormBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forms",
            abstract: "Repeat a form file N times and import it into a new temporary store, as `budget import` does.",
            discussion: """
                The file is the form text repeated (each copy followed by a line end), as a large filing would be. \
                Its copies repeat the same project-years, so every copy after the first is rejected and nothing \
                is written: the run times detection, reading every form, the checks and the store lookups. Prints \
                the file size, the time and the peak resident memory. Target: 20 MB of forms (003 × 1,160) in \
                under 10 s, memory in proportion to the file.

                Example:
                  budget bench forms --copies 1160 --form Scenarios/003_2df205466e1d5f98.txt
                """)

        @Option(help: "Number of copies of the form file.")
        var copies: Int = 1_160

        @Option(help: ArgumentHelp("The form text to repeat.", valueName: "FILE"))
        var form: String = "Scenarios/003_2df205466e1d5f98.txt"

        @Option(help: ArgumentHelp("Keep the generated file in this directory instead of a temporary one.", valueName: "DIR"))
        var keep: String?

        func validate() throws {
            guard copies > 0 else { throw ValidationError("--copies must be positive") }
        }

        func run() throws {
            guard let text = FileManager.default.contents(atPath: form) else {
                printError("budget bench forms: cannot read \(form) (run from the repository, or give --form FILE)")
                throw ExitCode.failure
            }
            let directory = keep ?? NSTemporaryDirectory() + "budget-bench-forms-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
            let name = URL(fileURLWithPath: form).deletingPathExtension().lastPathComponent
            let filePath = directory + "/\(name)-x\(copies).txt", storePath = directory + "/bench-forms.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

            let clock = ContinuousClock()
            let generation = try clock.measure {
                FileManager.default.createFile(atPath: filePath, contents: nil)
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filePath))
                defer { try? handle.close() }
                var copy = text
                copy.append(0x0A)
                for _ in 0..<copies { try handle.write(contentsOf: copy) }
            }
            let bytes = (text.count + 1) * copies
            print("bench forms: \(form) × \(copies.grouped), \(ImportBench.mebibytes(bytes)) MiB")
            print("  generate       \(ImportBench.secondsText(generation)) s")
            sync()
            let rssBefore = ImportBench.peakResidentKiB()

            let options = ImportOptions(currentYear: Calendar(identifier: .gregorian).component(.year, from: Date()))
            let store = try BudgetStore(path: storePath)
            var report = ImportReport()
            let elapsed = try clock.measure {
                report = try HistoryImporter.run(files: [filePath], into: store, options: options)
                try store.close()
            }
            let batch = report.batches.first
            let forms = (batch?.rowsRead ?? 0).grouped
            let rejected = report.errors.count + report.skipped.count
            print("  import         \(ImportBench.secondsText(elapsed)) s   \(ImportBench.mebibytes(Int(Double(bytes) / max(ImportBench.seconds(elapsed), 1e-9)))) MiB/s   "
                  + "(\(forms) forms read, \(report.warnings.count.grouped) warnings, \(rejected.grouped) errors"
                  + (copies > 1 ? ": the copies repeat the first one's project-years" : "") + ")")
            if rejected > 0, let first = report.errors.first { print("  first error    \(first)") }
            let peak = ImportBench.peakResidentKiB()
            print("  peak RSS       \(peak / 1024) MiB (\(rssBefore / 1024) MiB before the import; \(String(format: "%.1f", Double(peak - rssBefore) * 1024 / Double(max(bytes, 1))))× the file)")
            let verdict = ImportBench.seconds(elapsed) < 10 * Double(bytes) / 20_000_000
            print("  target (20 MB of forms < 10 s): \(verdict ? "met" : "NOT met") at this size")
        }
    }
}
