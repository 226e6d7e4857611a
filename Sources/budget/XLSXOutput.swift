import ArgumentParser
import BudgetCore
import Foundation
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// `--format xlsx`: a workbook on standard output. It is binary, so it goes only into a file or a pipe; on a
/// terminal the command is refused (exit 64) before it does any work.
enum XLSXOutput {
    static let refusal = "budget: xlsx is binary: redirect it to a file, e.g. budget recommend --format xlsx > 建议.xlsx"

    /// Whether `arguments` (without the program name) ask for xlsx: `--format xlsx` or `--format=xlsx`, and no help.
    static func isRequested(_ arguments: [String]) -> Bool {
        guard arguments.first != "help", !arguments.contains(where: { $0 == "--help" || $0 == "-h" }) else { return false }
        return arguments.indices.contains { index in
            arguments[index] == "--format=xlsx" || (arguments[index] == "--format" && arguments.indices.contains(index + 1)
                                                    && arguments[index + 1] == OutputFormat.xlsx.rawValue)
        }
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The default sheet name: the command's name (`recommend`, `forecast`), the first word after `budget`.
    static var commandName: String { CommandLine.arguments.dropFirst().first ?? "budget" }

    /// Writes a workbook of `sheets` (name, listing) to standard output. A terminal there is exit 64 with
    /// ``refusal``; a table too large for a sheet is exit 1 with the reason.
    static func emit(_ sheets: [(name: String, listing: Listing)], presentation: Presentation = .standard) throws {
        try emit(XLSXWriter.workbook(sheets.map { $0.listing.xlsxSheet(name: $0.name, presentation: presentation) }))
    }

    /// Writes a workbook built by `make` to standard output (see ``emit(_:presentation:)``).
    static func emit(_ make: @autoclosure () throws(ReportError) -> Data) throws {
        guard !stdoutIsTerminal else {
            printError(refusal)
            throw ExitCode.validationFailure
        }
        do {
            FileHandle.standardOutput.write(try make())
        } catch {
            printError("budget: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
