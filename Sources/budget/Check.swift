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

        func run() throws {
            let findings = try withStore(store) { try $0.findings(year: year, unit: unit, project: project) }
            if format != .text {
                var listing = Listing(columns: ["unit", "project", "year", "severity", "field", "message", "file", "line", "batch"]
                    .map { Listing.Column($0) })
                for stored in findings {
                    let finding = stored.finding
                    listing.append([.text(finding.unit), .text(finding.project), .integer(finding.year),
                                    .text(finding.severity.rawValue), .text(finding.field), .text(finding.message),
                                    .text(finding.file), .integer(finding.line), .integer(Int(stored.batchID))])
                }
                try emit(listing, format: format)
                return
            }
            print(FindingsText.render(findings.map { ($0.finding, $0.batchID) }), terminator: "")
            print(findings.isEmpty ? "No findings." : "\n\(findings.count.grouped) findings.")
        }
    }
}
