import ArgumentParser
import BudgetCore
import Forecasting
import Store

/// Which projects a forecasting command prints, and which years it leaves out. The selection never
/// changes a forecast: peers (shrinkage, pooled regressions, model choice, intervals) are every project of
/// the selected projects' data sources (``ForecastInput/load(_:_:)``).
struct PanelOptions: ParsableArguments {
    @Option(help: "Only departments whose name contains this text.")
    var department: String?

    @Option(help: "Only units whose name contains this text.")
    var unit: String?

    @Option(name: .customLong("project"), help: ArgumentHelp("Only projects with exactly this name, alias or short name (NFKC match); repeatable.", valueName: "NAME"))
    var projects: [String] = []

    @Option(help: "Only projects of this category (项目类别), exact name.")
    var category: String?

    @Option(name: .customLong("exclude-year"), help: ArgumentHelp("Leave this year out of fitting, as exceptional (e.g. 2020); repeatable. Years marked with `budget exceptional` are left out too.", valueName: "YEAR"))
    var excludedYears: [Int] = []

    @Option(help: "Interval level, between 0 and 1.")
    var level: Double = 0.8

    @Flag(name: .customLong("include-stale"), help: "Also list projects whose last closed year is more than 3 years before the base year (left out by default; they are still peers).")
    var includeStale = false

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.8") }
    }

    var settings: ForecastSettings { ForecastSettings(level: level) }
}

/// The store's histories as exact records, and the models' panel made from them: every project of the
/// data sources that the selection touches (so that peers never depend on the selection, and never cross
/// data sources), with the selected ones marked.
struct ForecastInput {
    var records: [ProjectRecord]
    var panel: Panel
    /// Indices (into ``records`` and the panel's series) of the selected projects, ascending.
    var selected: [Int]

    /// The last year with a closed figure anywhere in the selection.
    var lastClosedYear: Int? {
        selected.compactMap { records[$0].lastClosed?.year }.max()
    }

    static func load(_ store: BudgetStore, _ options: PanelOptions) throws -> ForecastInput {
        let everyProject = try store.projects()
        var refs = options.department == nil && options.unit == nil
            ? everyProject : try store.projects(department: options.department, unit: options.unit)
        if !options.projects.isEmpty {
            // A name, an alias or a short name, as `history` takes them.
            let ids = try options.projects.reduce(into: Set<Int64>()) { $0.formUnion(try store.projectIDs(namedExactly: $1)) }
            refs = refs.filter { ids.contains($0.id) }
        }
        if let category = options.category {
            let key = NameKey.matchKey(category)
            refs = refs.filter { NameKey.matchKey($0.category ?? "") == key }
        }
        guard !refs.isEmpty else {
            // `--unit wan` reads as the 实施单位 selection; the amounts' unit is --amount-unit.
            let hint = options.unit.flatMap(AmountUnit.init(label:)).map { _ in
                " (--unit selects 实施单位; for amounts in 万元 give --amount-unit wan)" } ?? ""
            throw StoreError.notFound("no project matches the selection\(hint); `budget projects` lists them")
        }
        let sources = Set(refs.map(\.dataSource))
        let all = everyProject.filter { sources.contains($0.dataSource) }
        let records = try store.records(of: all)
        let chosen = Set(refs.map(\.id))
        let excluded = Set(options.excludedYears)
        return ForecastInput(records: records, panel: Panel(records.map { $0.series(excluding: excluded) }),
                             selected: records.indices.filter { chosen.contains(records[$0].id) })
    }
}

extension BudgetStore {
    /// The projects' histories as exact records, with their requests and deviation reasons.
    func records(of refs: [ProjectRef]) throws -> [ProjectRecord] {
        let reasons = try deviationReasons()
        var records = [ProjectRecord?](repeating: nil, count: refs.count)
        try forEachHistory(of: refs) { index, history in
            let project = history.project
            let projectReasons = reasons[project.id]
            records[index] = ProjectRecord(
                id: project.id, department: project.department, unit: project.unit, category: project.category ?? "",
                dataSource: project.dataSource, name: project.name,
                years: history.years.map { stored in
                    ProjectRecord.Year(year: stored.year, status: stored.status, figures: stored.figures,
                                       requested: stored.declaration?.requested,
                                       exceptionalReason: stored.exceptionalReason,
                                       deviationReasons: projectReasons?[stored.year] ?? [])
                })
        }
        return records.map { $0! }
    }
}
