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
    static func execute(path: String, progress: ProgressBar, presentation: Presentation = .standard) throws -> ScenarioExecution {
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
            let provenance = try Self.provenance(spec, run: run, history: history, presentation: presentation)
            let reports = ScenarioReports(run: run, provenance: provenance, presentation: presentation)
            let inScope = Set(run.records.map { NameKey.matchKey($0.unit) + "\u{1F}" + NameKey.matchKey($0.name) })
            let findings = try (store.probableDuplicates(file: "the scenario's history") + store.findings().map(\.finding)).filter {
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
                    var note: Clause?
                    if let project = spec.scenario.newProjects.first(where: { project in
                        NameKey.matchKey(project.name) == NameKey.matchKey(request.project)
                            && (request.unit.map { NameKey.matchKey($0) == NameKey.matchKey(project.unit) } ?? true)
                    }) {
                        if project.requests[request.year] == request.requested { continue }
                        let values: [String: Clause.Value] = ["name": .text(project.name), "year": .year(request.year),
                                                              "source": .text(source)]
                        note = project.requests[request.year].map { Clause(.reviewNewProjectDiffers, values.merging(["amount": .money($0)]) { $1 }) }
                            ?? Clause(.reviewNewProjectNoRequest, values)
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

    static func provenance(_ spec: ScenarioSpec, run: ScenarioRun, history: ScenarioHistory,
                           presentation: Presentation = .standard) throws -> Provenance {
        let scenario = spec.scenario
        let wording = Wording.of(presentation.language)
        let english = presentation.language == .en
        func say(_ phrase: Phrase, _ values: [String: Clause.Value] = [:]) -> String {
            wording.text(phrase, values, unit: presentation.unit)
        }
        func label(_ key: String, _ english: String) -> String { wording.heading(key: "prov_" + key, fallback: english) }
        /// A selector in words: its English description as before, or its parts with the language's headings.
        func selector(_ selector: ProjectSelector) -> Clause.Value { .text(selectorText(selector)) }
        func selectorText(_ selector: ProjectSelector) -> String {
            if english { return selector.description }
            let parts = [("department", selector.departments), ("unit", selector.units), ("category", selector.categories),
                         ("project", selector.projects)].filter { !$0.1.isEmpty }.map { key, list in
                say(.selectorPart, ["label": .text(wording.heading(key: key, fallback: key)),
                                    "names": .text(list.joined(separator: say(.selectorOr)))])
            }
            return parts.isEmpty ? say(.selectorAll) : wording.list(parts)
        }
        func years(_ years: [Int]) -> Clause.Value {
            .text(years.isEmpty ? "" : say(.provenanceYears, ["years": .text(wording.list(years.map(String.init)))]))
        }
        var lines: [(String, String)] = []
        lines.append((label("scenario", "scenario"), "\(spec.path)" + (scenario.description.isEmpty ? "" : " — \(scenario.description)")))
        lines.append((label("sha256", "sha-256"), spec.sha256))
        lines.append((label("history", "history"), wording.text([history.summary], unit: presentation.unit)))
        for batch in try history.store.batches() {
            lines.append((say(.provenanceBatch, ["id": .number(String(batch.id))]), say(.provenanceBatchValue, [
                "file": .text(batch.fileName), "format": .term(key: "format.\(batch.format)", fallback: batch.format), "encoding": .text(batch.encoding),
                "sha": .text(String(batch.sha256.prefix(16))), "rows": .number(String(batch.rowsRead)),
                "new": .number(String(batch.inserted)), "updated": .number(String(batch.updated)),
                "options": .text(batch.options.isEmpty ? "" : say(.provenanceBatchOptions, ["options": .text(batch.options)])),
                "at": .text(batch.importedAt)])))
        }
        lines.append((label("engine", "engine"), "budget \(BudgetVersion.current)"))
        let yearsText = run.years.count == 1 ? "\(run.years[0])" : "\(run.years.first!)–\(run.years.last!)"
        lines.append((label("parameters", "parameters"), say(.provenanceParameters, [
            "base": .year(run.baseYear), "baseNote": .text(scenario.baseYear == nil ? say(.provenanceLastClosed) : ""),
            "horizon": .number(String(scenario.horizon)), "years": .text(yearsText), "level": .rate(scenario.level),
            "growth": .rate(NSDecimalNumber(decimal: scenario.growth).doubleValue)])))
        lines.append((label("rules", "rules"), english && presentation.unit == .yuan ? scenario.rules.description : wording.text([scenario.rules.summary], unit: presentation.unit)))
        lines.append((label("scope", "scope"), scenario.scope.isEmpty ? say(.provenanceEveryProject)
            : scenario.scope.map(selectorText).joined(separator: english ? "; " : "；")))
        lines.append((label("projects", "projects"), say(.provenanceProjects, ["count": .number(String(run.records.count)),
                                                                               "new": .number(String(scenario.newProjects.count))])))
        var adjustments: [String] = []
        for change in scenario.changes {
            adjustments.append(say(change.label.isEmpty ? .provenanceChange : .provenanceChangeLabelled, [
                "label": .text(change.label), "change": .number(ScenarioRun.signedPercent(change.change)),
                "selector": selector(change.selector), "years": years(change.years)]))
        }
        for shock in scenario.shocks {
            let effect: Clause
            switch shock.effect {
            case .multiplier(let m): effect = Clause(.adjShockMultiplier, ["factor": .number("\(m)")])
            case .fixedRate(let r): effect = Clause(.adjShockRate, ["rate": .rate(r)])
            }
            adjustments.append(say(shock.label.isEmpty ? .provenanceShock : .provenanceShockLabelled, [
                "label": .text(shock.label), "effect": .list([effect]), "selector": selector(shock.selector), "years": years(shock.years)]))
        }
        for entry in scenario.exceptional {
            adjustments.append(say(entry.reason.isEmpty ? .provenanceExceptional : .provenanceExceptionalReason, [
                "years": .text(wording.list(entry.years.map(String.init))), "reason": .text(entry.reason),
                "selector": selector(entry.selector)]))
        }
        for entry in scenario.overrides {
            adjustments.append(say(.provenanceOverride, ["amount": .money(entry.amount), "selector": selector(entry.selector),
                                                         "years": years(entry.years)]))
        }
        for project in scenario.newProjects {
            let requests = project.requests.sorted { $0.key < $1.key }.map {
                Clause(.provenanceYearAmount, ["year": .year($0.key), "amount": .money($0.value)])
            }
            adjustments.append(say(.provenanceNewProject, ["unit": .text(project.unit), "name": .text(project.name),
                                                           "amounts": .list(requests)]))
        }
        lines.append((label("adjustments", "adjustments"), adjustments.isEmpty ? say(.provenanceNone)
            : adjustments.joined(separator: english ? "; " : "；")))
        let formatter = ISO8601DateFormatter()
        lines.append((label("made", "made"), formatter.string(from: Date())))
        return Provenance(lines: lines)
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
