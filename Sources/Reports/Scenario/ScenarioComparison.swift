import BudgetCore
import Forecasting
import Foundation

/// Two scenario runs side by side: recommendations and forecasts by project, unit, department and in
/// total, for the years both cover. Projects are matched by department, unit and name (NFKC match keys),
/// so runs on separate temporary stores compare.
public struct ScenarioComparison {
    public let a: ScenarioRun
    public let b: ScenarioRun
    let provenanceA: Provenance
    let provenanceB: Provenance
    public var maxWidth = 120
    /// The language and amount unit of the text and CSV report.
    public var presentation: Presentation
    /// The order of the text's department, unit and project lists (the CSV keeps name order).
    public var order: Order = .difference

    public enum Order: String, Sendable, CaseIterable {
        /// Largest |B − A| first, within each year.
        case difference
        /// Department, unit and project name.
        case name
    }

    public init(_ a: ScenarioRun, _ b: ScenarioRun, provenanceA: Provenance, provenanceB: Provenance,
                presentation: Presentation = .standard) {
        self.presentation = presentation
        self.a = a
        self.b = b
        self.provenanceA = provenanceA
        self.provenanceB = provenanceB
    }

    struct Key: Hashable, Comparable {
        var department: String, unit: String, project: String, year: Int
        static func < (l: Key, r: Key) -> Bool { (l.department, l.unit, l.project, l.year) < (r.department, r.unit, r.project, r.year) }
    }

    /// One compared line (a project-year, or a unit, department or data source's total of a year).
    public struct Line: Sendable {
        public var level: String
        /// The data source (jurisdiction): totals are per source, never over several (their currencies may differ).
        public var dataSource: String
        public var department: String, unit: String, project: String
        public var year: Int
        public var recommendedA: Money?, recommendedB: Money?
        /// The executed forecasts as the reports show them (``ShownForecast``); a group's is the sum of its projects'.
        public var executedA: Money?, executedB: Money?
        public var adjustmentsB: String
        public var difference: Money { (recommendedB ?? .zero) - (recommendedA ?? .zero) }
        public var differencePercent: Double? {
            guard let base = recommendedA, base.fen != 0 else { return nil }
            return difference.ratio(to: base)
        }
    }

    var wording: Wording { .of(presentation.language) }

    func say(_ phrase: Phrase, _ values: [String: Clause.Value] = [:]) -> String {
        wording.text(phrase, values, unit: presentation.unit)
    }

    static func rows(_ run: ScenarioRun) -> [Key: (row: ScenarioRow, record: ProjectRecord)] {
        var result: [Key: (ScenarioRow, ProjectRecord)] = [:]
        for row in run.rows {
            let record = run.records[row.project]
            result[Key(department: NameKey.matchKey(record.department), unit: NameKey.matchKey(record.unit),
                       project: NameKey.matchKey(record.name), year: row.year)] = (row, record)
        }
        return result
    }

    /// Project lines, then unit, department and total lines per year (every line, differences or not).
    public func lines() -> [Line] {
        let rowsA = Self.rows(a), rowsB = Self.rows(b)
        let years = Set(a.years).intersection(b.years)
        var projectLines: [Line] = []
        for key in Set(rowsA.keys).union(rowsB.keys).sorted() where years.contains(key.year) {
            let x = rowsA[key], y = rowsB[key]
            let record = (x ?? y)!.record
            projectLines.append(Line(level: "project", dataSource: record.dataSource, department: record.department,
                                     unit: record.unit, project: record.name,
                                     year: key.year, recommendedA: x?.row.recommendation.amount, recommendedB: y?.row.recommendation.amount,
                                     executedA: x.flatMap { ShownForecast($0.row.forecast).executed },
                                     executedB: y.flatMap { ShownForecast($0.row.forecast).executed },
                                     adjustmentsB: y.map { wording.text($0.row.adjustmentClauses, unit: presentation.unit) }
                                        ?? (x == nil ? "" : wording.text(.compareNotInB, unit: presentation.unit))))
        }
        func aggregate(_ level: String, _ key: (Line) -> [String]) -> [Line] {
            var groups: [[String]: Line] = [:]
            var order: [[String]] = []
            for line in projectLines {
                let k = key(line) + [String(line.year)]
                if groups[k] == nil {
                    order.append(k)
                    groups[k] = Line(level: level, dataSource: line.dataSource, department: level == "total" ? "" : line.department,
                                     unit: level == "unit" ? line.unit : "", project: "", year: line.year,
                                     recommendedA: .zero, recommendedB: .zero, executedA: .zero, executedB: .zero, adjustmentsB: "")
                }
                groups[k]!.recommendedA! += line.recommendedA ?? .zero
                groups[k]!.recommendedB! += line.recommendedB ?? .zero
                if let executed = line.executedA { groups[k]!.executedA! += executed }
                if let executed = line.executedB { groups[k]!.executedB! += executed }
            }
            return order.sorted { $0.lexicographicallyPrecedes($1) }.map { groups[$0]! }
        }
        return projectLines + aggregate("unit") { [$0.department, $0.unit, $0.dataSource] }
            + aggregate("department") { [$0.department, $0.dataSource] } + aggregate("total") { [$0.dataSource] }
    }

    public func report() -> Report {
        let lines = lines()
        var table = Listing(columns: [
            .init("level", term: "group_level"), .init("data_source"), .init("department"), .init("unit"), .init("project"),
            .init("year", alignment: .right),
            .init("a_recommended", alignment: .right), .init("b_recommended", alignment: .right),
            .init("difference", alignment: .right), .init("difference_pct", alignment: .right),
            .init("a_forecast_executed", alignment: .right), .init("b_forecast_executed", alignment: .right),
            .init("b_adjustments"),
        ], presentation: presentation)
        for line in lines {
            table.append([.term(key: "level.\(line.level)", value: line.level), .text(line.dataSource), .text(line.department), .text(line.unit), .text(line.project), .integer(line.year),
                          .money(line.recommendedA), .money(line.recommendedB), .money(line.difference), .rate(line.differencePercent),
                          .money(line.executedA), .money(line.executedB), .text(line.adjustmentsB)])
        }
        let title = say(.compareTitle, ["a": .text(a.scenario.name), "b": .text(b.scenario.name)])
        var text = title + "\n" + String(repeating: "=", count: min(maxWidth, DisplayWidth.of(title))) + "\n"
        text += "A\n" + provenanceA.text(maxWidth: maxWidth) + "B\n" + provenanceB.text(maxWidth: maxWidth) + "\n"
        text += say(.compareIntro) + "\n\n"
        func listing(_ lines: [Line], label: (key: String, title: String), name: (Line) -> String, withAdjustments: Bool) -> String {
            let selected = order == .name ? lines : lines.enumerated().sorted { x, y in
                let (a, b) = (x.element, y.element)
                if a.year != b.year { return a.year < b.year }
                if a.difference.fen.magnitude != b.difference.fen.magnitude { return a.difference.fen.magnitude > b.difference.fen.magnitude }
                return x.offset < y.offset
            }.map(\.element)
            var listing = Listing(columns: [
                .init(label.key, title: label.title, minWidth: 16), .init("year", alignment: .right),
                .init("a_recommended", title: "A recommended", alignment: .right),
                .init("b_recommended", title: "B recommended", alignment: .right),
                .init("difference", title: "B − A", alignment: .right), .init("difference_pct", title: "change", alignment: .right),
            ] + (withAdjustments ? [.init("b_adjustments", title: "adjustments in B")] : []), presentation: presentation)
            for line in selected {
                listing.append([.text(name(line)), .integer(line.year), .money(line.recommendedA), .money(line.recommendedB),
                                .money(line.difference), .rate(line.differencePercent)] + (withAdjustments ? [.text(line.adjustmentsB)] : []))
            }
            return listing.text(maxWidth: maxWidth)
        }
        let totals = lines.filter { $0.level == "total" }
        let severalSources = Set(totals.map(\.dataSource)).count > 1
        func totalName(_ line: Line) -> String {
            guard severalSources else { return wording.word("total") }
            return say(.summaryTotalOfSource, ["source": .text(line.dataSource.isEmpty ? wording.word("(no data source)") : line.dataSource)])
        }
        text += say(.compareTotal) + "\n" + listing(totals, label: ("group", "total"), name: totalName, withAdjustments: false)
        for (level, label) in [("department", ("department", "department")), ("unit", ("department_unit", "department / unit"))] {
            let all = lines.filter { $0.level == level }
            let changed = all.filter { $0.difference.fen != 0 }
            text += "\n" + say(level == "unit" ? .compareByUnit : .compareByDepartment,
                               ["changed": .number(String(changed.count)), "all": .number(String(all.count))]) + "\n"
            if !changed.isEmpty {
                text += listing(changed, label: label, name: { level == "unit" ? "\($0.department) / \($0.unit)" : $0.department },
                                withAdjustments: false)
            }
        }
        let projects = lines.filter { $0.level == "project" }
        let changed = projects.filter { $0.difference.fen != 0 }
        text += "\n" + say(.compareByProject, ["changed": .number(String(changed.count)), "all": .number(String(projects.count)),
                                               "same": .number(String(projects.count - changed.count))]) + "\n"
        if !changed.isEmpty {
            text += listing(changed, label: ("unit_project", "unit / project"), name: { "\($0.unit) / \($0.project)" }, withAdjustments: true)
        }
        return Report(name: "compare", text: text, table: table)
    }
}
