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
                  budget check --material
                  budget check --project 贸易摩擦 --format csv > findings.csv
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Only findings about this year.")
        var year: Int?

        @Option(help: "Only findings about units whose name contains this text.")
        var unit: String?

        @Option(help: "Only findings about projects whose name contains this text.")
        var project: String?

        @Flag(help: "Only the findings that may mean amounts are wrong (a unit 10,000× off, a total that does not add up, form arithmetic that does not hold, a project probably recorded twice).")
        var material = false

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            let (stored, duplicates) = try withStore(store) { opened in
                (try opened.findings(year: year, unit: unit, project: project), try opened.probableDuplicates())
            }
            let computed: [(finding: Finding, batchID: Int64?)] = duplicates.filter(selects).map { ($0, nil) }
            let all = computed + stored.map { (finding: $0.finding, batchID: Optional($0.batchID)) }
            // Material findings first (text and tables alike), each part in the store's order.
            let findings = all.filter { $0.finding.material } + (material ? [] : all.filter { !$0.finding.material })
            let presentation = presentationOptions.presentation
            let wording = Wording.of(presentation.language)
            if format != .text {
                var listing = Listing(columns: ["unit", "project", "year", "severity", "material", "field", "message", "file", "line",
                                                "batch"].map { Listing.Column($0) })
                for stored in findings {
                    let finding = stored.finding
                    listing.append([.text(finding.unit), .text(finding.project), .integer(finding.year),
                                    .word(finding.severity.rawValue), .integer(finding.material ? 1 : 0),
                                    finding.field.map { .word($0) } ?? .text(nil), .text(finding.message),
                                    .text(finding.file), .integer(finding.line), .integer(stored.batchID.map { Int($0) })])
                }
                try emit(listing, format: format, presentation: presentation, maxWidth: presentationOptions.tableWidth)
                return
            }
            let materialCount = findings.count { $0.finding.material }
            for (part, heading) in [(findings.prefix(materialCount), Phrase.findingsMaterial),
                                    (findings.dropFirst(materialCount), .findingsOther)] where !part.isEmpty {
                if materialCount > 0 && materialCount < findings.count || material {
                    print(wording.text(heading, ["count": .number(part.count.grouped)], unit: .yuan))
                }
                print(Report.wrapLongLines(FindingsText.render(part.map { ($0.finding, $0.batchID) }, wording: wording),
                                           maxWidth: presentationOptions.tableWidth), terminator: "")
            }
            print(findings.isEmpty ? wording.text(.findingsNone, unit: .yuan)
                                   : "\n" + wording.text(.findingsCount, ["count": .number(findings.count.grouped)], unit: .yuan))
        }

        /// Whether a computed finding is in the selection (`--year`, `--unit`, `--project`), as the store's
        /// query selects the stored ones.
        func selects(_ finding: Finding) -> Bool {
            if let year, finding.year != year { return false }
            if let unit, !NameKey.matchKey(finding.unit ?? "").contains(NameKey.matchKey(unit)) { return false }
            if let project, !NameKey.matchKey(finding.project ?? "").contains(NameKey.matchKey(project)) { return false }
            return true
        }
    }
}
