import ArgumentParser
import BudgetCore
import Forecasting
import Store

/// Which projects a forecasting command looks at, and which years it leaves out. Peers (for shrinkage,
/// pooled regressions and model choice) are drawn from the same selection.
struct PanelOptions: ParsableArguments {
    @Option(help: "Only departments whose name contains this text.")
    var department: String?

    @Option(help: "Only units whose name contains this text.")
    var unit: String?

    @Option(name: .customLong("project"), help: ArgumentHelp("Only projects with exactly this name (NFKC match); repeatable.", valueName: "NAME"))
    var projects: [String] = []

    @Option(help: "Only projects of this category (项目类别), exact name.")
    var category: String?

    @Option(name: .customLong("exclude-year"), help: ArgumentHelp("Leave this year out of fitting, as exceptional (e.g. 2020); repeatable. Years marked with `budget exceptional` are left out too.", valueName: "YEAR"))
    var excludedYears: [Int] = []

    @Option(help: "Interval level, between 0 and 1.")
    var level: Double = 0.8

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.8") }
    }

    var settings: ForecastSettings { ForecastSettings(level: level) }
}

/// The store's histories turned into the models' panel, with the exact figures kept beside it for
/// recommendations and reviews.
struct ForecastInput {
    var histories: [ProjectHistory]
    var panel: Panel

    /// The last year with a closed figure anywhere in the selection.
    var lastClosedYear: Int? {
        histories.compactMap { $0.lastClosed?.year }.max()
    }

    static func load(_ store: BudgetStore, _ options: PanelOptions) throws -> ForecastInput {
        var refs = try store.projects(department: options.department, unit: options.unit)
        if !options.projects.isEmpty {
            let keys = Set(options.projects.map(NameKey.matchKey))
            refs = refs.filter { keys.contains(NameKey.matchKey($0.name)) }
        }
        if let category = options.category {
            let key = NameKey.matchKey(category)
            refs = refs.filter { NameKey.matchKey($0.category ?? "") == key }
        }
        guard !refs.isEmpty else { throw StoreError.notFound("no project matches the selection; `budget projects` lists them") }
        let histories = try store.histories(of: refs)
        let excluded = Set(options.excludedYears)
        let panelSeries = histories.map { Self.series(of: $0, excluding: excluded) }
        return ForecastInput(histories: histories, panel: Panel(panelSeries))
    }

    /// A project's history as the models see it. A year's budget is the adjusted budget (全年预算数), else
    /// the initial budget; its executed amount only counts once the year is closed. Declared prior-year
    /// figures count like reported ones (they are the only history a declaration brings).
    static func series(of history: ProjectHistory, excluding excluded: Set<Int>) -> ProjectSeries {
        var observations: [Observation] = []
        var excludedYears: [Int] = []
        for stored in history.years where stored.status != nil {
            if excluded.contains(stored.year) || stored.exceptionalReason != nil {
                excludedYears.append(stored.year)
                continue
            }
            let figures = stored.figures
            let budget = figures.adjustedBudget ?? figures.initialBudget
            let executed = stored.status == .closed ? figures.executed : nil
            observations.append(Observation(year: stored.year, budget: budget?.yuanValue ?? .nan,
                                            initial: figures.initialBudget?.yuanValue ?? .nan,
                                            executed: executed?.yuanValue ?? .nan))
        }
        let project = history.project
        return ProjectSeries(id: project.id, department: project.department, unit: project.unit,
                             category: project.category ?? "", name: project.name,
                             observations: observations, excludedYears: excludedYears)
    }
}
