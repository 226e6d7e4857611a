import ArgumentParser
import Foundation
import BudgetCore
import Reports

/// Writes a listing to standard output in the chosen format (text as wide as ``TerminalWidth/columns``).
func emit(_ listing: Listing, format: OutputFormat, presentation: Presentation = .standard,
          maxWidth: Int = TerminalWidth.columns, bom: Bool = true) throws {
    var listing = listing
    listing.presentation = presentation
    switch format {
    case .text:
        print(listing.text(maxWidth: maxWidth), terminator: "")
    case .csv:
        FileHandle.standardOutput.write(try listing.csv(encoding: .utf8(bom: bom)))
    case .json:
        print(listing.json(), terminator: "")
    case .xlsx:
        try XLSXOutput.emit([(XLSXOutput.commandName, listing)], presentation: presentation)
    }
}

/// Writes a report listing: CSV and JSON keep every column; text is ``Listing/reportText(shared:trailing:label:maxWidth:)``
/// (shared columns said once, long columns under the table, numbered like the rows).
func emitReport(_ listing: Listing, format: OutputFormat, presentation: Presentation = .standard,
                maxWidth: Int = TerminalWidth.columns, shared: [String] = ["department", "unit"], trailing: [String],
                label: String = "project") throws {
    guard format == .text else { return try emit(listing, format: format, presentation: presentation) }
    var listing = listing
    listing.presentation = presentation
    print(listing.reportText(shared: shared, trailing: trailing, label: label, maxWidth: maxWidth), terminator: "")
}

/// Prints prose (a header, a rules line, a summary) wrapped at the table width, continuation lines indented
/// (``Report/wrapLongLines(_:maxWidth:)``), so that a text report fits the terminal as its tables do.
func printProse(_ text: String, maxWidth: Int = TerminalWidth.columns) {
    print(Report.wrapLongLines(text + "\n", maxWidth: maxWidth), terminator: "")
}

/// Runs `body`, turning a failure to write an output file or folder into a message naming it and exit 1.
func withOutputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as OutputFile.Failure {
        printError("budget: \(failure)")
        throw ExitCode(ExitStatus.badInput)
    }
}
