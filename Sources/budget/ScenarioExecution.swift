import ArgumentParser
import BudgetCore
import Forecasting
import Foundation
import Import
import Reports
import ScenarioFile
import Store

/// A scenario read, its history opened (or imported into a temporary store), run, and its reports built —
/// everything before a byte is written, so a scenario that fails writes nothing.
struct ScenarioExecution {
    let spec: ScenarioSpec
    let run: ScenarioRun
    let provenance: Provenance
    let reports: [Report]

    /// Reads and runs the scenario at `path`. Errors are printed with their file, line and column and turned
    /// into the documented exit status.
    static func execute(path: String, progress: ProgressBar) throws -> ScenarioExecution {
        let spec: ScenarioSpec
        do { spec = try ScenarioReader.load(path: path) } catch {
            printError("budget: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        return try withExitCodes {
            let history = try ScenarioHistory.open(spec, progress: progress)
            defer { history.close() }
            let store = history.store
            var records = try store.records(of: store.projects())
            let unmatched = try applyRequests(spec, store: store, records: &records)
            progress.expect(spec.scenario.horizon)
            // Selectors name projects as `--project` does: by name, alias or short name.
            let loaded = records
            let scenario = try spec.scenario.widening { name in
                let ids = try store.projectIDs(namedExactly: name)
                return loaded.filter { ids.contains($0.id) }.map(\.name)
            }
            let run = try ScenarioRun(records: records, scenario: scenario) { _, _, what in progress.advance(what) }
            progress.advance("writing the reports")
            let provenance = try Self.provenance(spec, run: run, history: history)
            let reports = ScenarioReports(run: run, provenance: provenance)
            let inScope = Set(run.records.map { NameKey.matchKey($0.unit) + "\u{1F}" + NameKey.matchKey($0.name) })
            let findings = try store.findings().map(\.finding).filter {
                guard let project = $0.project else { return false }
                return inScope.contains(NameKey.matchKey($0.unit ?? "") + "\u{1F}" + NameKey.matchKey(project))
            }
            return ScenarioExecution(spec: spec, run: run, provenance: provenance, reports: [
                reports.summary(), reports.projects(), reports.review(unmatched: unmatched),
                reports.credibility(Credibility.assess(CredibilityLine.lines(of: run.records, through: run.baseYear), through: run.baseYear)),
                reports.checks(findings), reports.backtest(),
            ])
        }
    }

    /// Puts the requests of the scenario's request files on the projects they name (for their year);
    /// returns those that name no project.
    static func applyRequests(_ spec: ScenarioSpec, store: BudgetStore,
                              records: inout [ProjectRecord]) throws -> [ScenarioReports.UnmatchedRequest] {
        var unmatched: [ScenarioReports.UnmatchedRequest] = []
        for file in spec.requestFiles {
            let read = try RequestReader.read(path: file, skipInvalid: false)
            for note in read.notes { printError("\(note)") }
            for request in read.requests {
                let ids = Set(try store.findProjects(named: request.project, unit: request.unit, department: request.department).map(\.id))
                guard ids.count == 1, let index = records.firstIndex(where: { ids.contains($0.id) }) else {
                    if ids.count > 1 {
                        throw ImportError.badRow(file: file, line: request.line, field: "project",
                                                 reason: "\"\(request.project)\" names \(ids.count) projects: give the unit")
                    }
                    let source = "\((file as NSString).lastPathComponent):\(request.line)"
                    // A request for one of the scenario's new projects is that project's request: reviewed once.
                    var note: String?
                    if let project = spec.scenario.newProjects.first(where: { project in
                        NameKey.matchKey(project.name) == NameKey.matchKey(request.project)
                            && (request.unit.map { NameKey.matchKey($0) == NameKey.matchKey(project.unit) } ?? true)
                    }) {
                        if project.requests[request.year] == request.requested { continue }
                        note = "the scenario's new project \(project.name) requests "
                            + (project.requests[request.year].map { "\($0.groupedText) for \(request.year); this file's \(source) differs" }
                               ?? "nothing for \(request.year) (\(source)): give the request in its new_projects entry")
                    }
                    unmatched.append(.init(department: request.department ?? "", unit: request.unit ?? "", project: request.project,
                                           year: request.year, requested: request.requested, source: source, note: note))
                    continue
                }
                if let y = records[index].years.firstIndex(where: { $0.year == request.year }) {
                    records[index].years[y].requested = request.requested
                } else {
                    records[index].years.append(ProjectRecord.Year(year: request.year, status: nil, figures: AnnualFigures(),
                                                                   requested: request.requested))
                    records[index].years.sort { $0.year < $1.year }
                }
            }
        }
        return unmatched
    }

    static func provenance(_ spec: ScenarioSpec, run: ScenarioRun, history: ScenarioHistory) throws -> Provenance {
        let scenario = spec.scenario
        var lines: [(String, String)] = []
        lines.append(("scenario", "\(spec.path)" + (scenario.description.isEmpty ? "" : " — \(scenario.description)")))
        lines.append(("sha-256", spec.sha256))
        lines.append(("history", history.description))
        for batch in try history.store.batches() {
            lines.append(("  batch #\(batch.id)", "\(batch.fileName) (\(batch.format), \(batch.encoding)) sha-256 \(batch.sha256.prefix(16))…, "
                + "\(batch.rowsRead) rows read, \(batch.inserted) new, \(batch.updated) updated"
                + (batch.options.isEmpty ? "" : "; \(batch.options)") + "; imported \(batch.importedAt)"))
        }
        lines.append(("engine", "budget \(BudgetVersion.current)"))
        let years = run.years.count == 1 ? "\(run.years[0])" : "\(run.years.first!)–\(run.years.last!)"
        lines.append(("parameters", "base year \(run.baseYear)\(scenario.baseYear == nil ? " (last closed year)" : ""); horizon \(scenario.horizon) (\(years));"
            + " interval level \(Percent.text(scenario.level)); growth \(Percent.text(NSDecimalNumber(decimal: scenario.growth).doubleValue))/year"))
        lines.append(("rules", scenario.rules.description))
        lines.append(("scope", scenario.scope.isEmpty ? "every project" : scenario.scope.map(\.description).joined(separator: "; ")))
        lines.append(("projects", "\(run.records.count) (\(scenario.newProjects.count) new)"))
        var adjustments: [String] = []
        for change in scenario.changes {
            adjustments.append("change \(change.label.isEmpty ? "" : change.label + " ")\(ScenarioRun.signedPercent(change.change)) on \(change.selector.description)\(Self.yearsText(change.years))")
        }
        for shock in scenario.shocks {
            let effect: String
            switch shock.effect {
            case .multiplier(let m): effect = "rate × \(m)"
            case .fixedRate(let r): effect = "rate = \(Percent.text(r))"
            }
            adjustments.append("shock \(shock.label.isEmpty ? "" : shock.label + " ")\(effect) on \(shock.selector.description)\(Self.yearsText(shock.years))")
        }
        for entry in scenario.exceptional {
            adjustments.append("exceptional \(entry.years.map(String.init).joined(separator: ", "))\(entry.reason.isEmpty ? "" : " (\(entry.reason))") for \(entry.selector.description)")
        }
        for entry in scenario.overrides {
            adjustments.append("override \(entry.amount.groupedText) for \(entry.selector.description)\(Self.yearsText(entry.years))")
        }
        for project in scenario.newProjects {
            adjustments.append("new project \(project.unit)/\(project.name): " + project.requests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.groupedText)" }.joined(separator: ", "))
        }
        lines.append(("adjustments", adjustments.isEmpty ? "none" : adjustments.joined(separator: "; ")))
        let formatter = ISO8601DateFormatter()
        lines.append(("made", formatter.string(from: Date())))
        return Provenance(lines: lines)
    }

    static func yearsText(_ years: [Int]) -> String {
        years.isEmpty ? "" : " in " + years.map(String.init).joined(separator: ", ")
    }

    /// Writes the reports into `directory` (created if needed): NAME.txt and NAME.csv for each, report.xlsx (a
    /// sheet per CSV), and run.txt (the provenance, which the CSVs do not carry so that they stay plain tables).
    func write(to directory: String, encoding: CSVEncoding) throws -> [String] {
        try Self.write(reports, extra: ["run.txt": provenance.text()], workbook: Report.workbookName, to: directory, encoding: encoding)
    }

    /// Writes NAME.txt and NAME.csv for each report, the workbook of their tables when `workbook` names it, and
    /// the `extra` text files, into `directory` (created,
    /// with the folders above it, if needed; `a/b/../c` is `a/c`, nothing else is created) as one set
    /// (``ReportFolder``): the folder holds the previous set or the new one, never a mix, when it holds only the
    /// set's files; a folder or another non-file with a report's name stops the run before anything is
    /// written, and other files in the folder stay. Returns the file names.
    static func write(_ reports: [Report], extra: [String: String] = [:], workbook: String? = nil, to directory: String,
                      encoding: CSVEncoding) throws -> [String] {
        var contents: [(name: String, data: Data)] = []
        for report in reports {
            contents.append(("\(report.name).txt", Data(report.text.utf8)))
            contents.append(("\(report.name).csv", try report.table.csv(encoding: encoding)))
        }
        if let workbook { contents.append((workbook, try Report.workbook(reports))) }
        for (name, text) in extra.sorted(by: { $0.key < $1.key }) { contents.append((name, Data(text.utf8))) }
        try withOutputErrors { try ReportFolder.write(contents, to: directory) }
        return contents.map(\.name)
    }
}
