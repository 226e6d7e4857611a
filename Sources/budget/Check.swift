import ArgumentParser
import BudgetCore
import Reports
import Store

extension Budget {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the findings of the store's imports (form arithmetic, consistency, suspicious figures), by unit and project.",
            discussion: """
                Examples:
                  budget check --year 2020
                  budget check --project 贸易摩擦 --format csv > findings.csv
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Only findings about this year.")
        var year: Int?

        @Option(help: "Only findings about units whose name contains this text.")
        var unit: String?

        @Option(help: "Only findings about projects whose name contains this text.")
        var project: String?

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let findings = try withStore(store) { try $0.findings(year: year, unit: unit, project: project) }
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            if format != .text {
                var listing = Listing(columns: ["unit", "project", "year", "severity", "field", "message", "file", "line", "batch"]
                    .map { Listing.Column($0) })
                for stored in findings {
                    let finding = stored.finding
                    listing.append([.text(finding.unit), .text(finding.project), .integer(finding.year),
                                    .word(finding.severity.rawValue), finding.field.map { .word($0) } ?? .text(nil), .text(finding.message),
                                    .text(finding.file), .integer(finding.line), .integer(Int(stored.batchID))])
                }
                try emit(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth)
                return
            }
            if !findings.isEmpty {
                print(Report.wrapLongLines(FindingsText.render(findings.map { ($0.finding, $0.batchID) }, wording: wording),
                                           maxWidth: presentationOptions.tableWidth), terminator: "")
            }
            print(findings.isEmpty ? wording.text(.findingsNone, unit: .yuan)
                                   : "\n" + wording.text(.findingsCount, ["count": .number(findings.count.grouped)], unit: .yuan))
        }
    }
}
