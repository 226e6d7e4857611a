import BudgetCore
import Foundation

/// Where a value was written in a scenario file (1-based line and column), for error messages.
public struct SourceMark: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// Picks projects by name. Each non-empty list must contain the project's department, unit, category or
/// name (compared on their NFKC match keys, ``NameKey/matchKey(_:)``); an empty list matches anything, so
/// an empty selector matches every project.
public struct ProjectSelector: Sendable, Equatable {
    public var departments: [String]
    public var units: [String]
    public var categories: [String]
    public var projects: [String]
    /// Where the selector was written (for "matches nothing" errors).
    public var mark: SourceMark?

    public init(departments: [String] = [], units: [String] = [], categories: [String] = [], projects: [String] = [],
                mark: SourceMark? = nil) {
        self.departments = departments
        self.units = units
        self.categories = categories
        self.projects = projects
        self.mark = mark
    }

    public var isEmpty: Bool { departments.isEmpty && units.isEmpty && categories.isEmpty && projects.isEmpty }

    public func matches(department: String, unit: String, category: String, name: String) -> Bool {
        func contains(_ list: [String], _ value: String) -> Bool {
            list.isEmpty || list.contains { NameKey.matchKey($0) == NameKey.matchKey(value) }
        }
        return contains(departments, department) && contains(units, unit) && contains(categories, category)
            && contains(projects, name)
    }

    public func matches(_ series: ProjectSeries) -> Bool {
        matches(department: series.department, unit: series.unit, category: series.category, name: series.name)
    }

    /// In words, for report headers: `department 深圳市商务局, project Personnel or Non-Personnel`; `all projects`.
    public var description: String {
        var parts: [String] = []
        for (label, list) in [("department", departments), ("unit", units), ("category", categories), ("project", projects)] where !list.isEmpty {
            parts.append("\(label) " + list.joined(separator: " or "))
        }
        return parts.isEmpty ? "all projects" : parts.joined(separator: ", ")
    }
}

/// An across-the-board change of the budgets of the selected projects (一般性支出压减 −10%): the forecast
/// budget (with its interval and the executed forecast) and the recommended amount are multiplied by
/// 1 + ``change`` in the chosen years.
public struct BudgetChange: Sendable, Equatable {
    public var selector: ProjectSelector
    /// −0.10 for a 10% cut; exact. Must be above −1.
    public var change: Decimal
    /// Horizon years it applies to; empty = every year of the horizon.
    public var years: [Int]
    /// What the change is, for the reports (`一般性支出压减`).
    public var label: String

    public init(selector: ProjectSelector, change: Decimal, years: [Int] = [], label: String = "") {
        self.selector = selector
        self.change = change
        self.years = years
        self.label = label
    }
}

/// An execution shock: the selected projects' forecast execution rate (with its interval) is multiplied
/// by a factor, or replaced by a fixed rate, in the chosen years. The executed forecast follows, and with
/// it the recommendation's need.
public struct ExecutionShock: Sendable, Equatable {
    public enum Effect: Sendable, Equatable {
        /// Rate × factor (0.5 = executing half as much).
        case multiplier(Double)
        /// Rate = this fraction of the budget.
        case fixedRate(Double)
    }
    public var selector: ProjectSelector
    public var effect: Effect
    /// Horizon years it applies to; empty = every year of the horizon.
    public var years: [Int]
    public var label: String

    public init(selector: ProjectSelector, effect: Effect, years: [Int] = [], label: String = "") {
        self.selector = selector
        self.effect = effect
        self.years = years
        self.label = label
    }
}

/// Years to leave out of fitting for the selected projects (as `budget exceptional` does in the store).
public struct ExceptionalYears: Sendable, Equatable {
    public var selector: ProjectSelector
    public var years: [Int]
    public var reason: String

    public init(selector: ProjectSelector = ProjectSelector(), years: [Int], reason: String = "") {
        self.selector = selector
        self.years = years
        self.reason = reason
    }
}

/// A fixed amount for one project: its budget and its recommendation in the chosen years are this amount
/// (a decision already taken, a legal commitment).
public struct AmountOverride: Sendable, Equatable {
    /// Must select exactly one project.
    public var selector: ProjectSelector
    public var amount: Money
    /// Horizon years it applies to; empty = every year of the horizon.
    public var years: [Int]
    public var label: String

    public init(selector: ProjectSelector, amount: Money, years: [Int] = [], label: String = "") {
        self.selector = selector
        self.amount = amount
        self.years = years
        self.label = label
    }
}

/// A project that has no history yet, with its request for each year it asks for. Its rate comes from its
/// peers (same unit, department, category).
public struct NewProject: Sendable, Equatable {
    public var department: String
    public var unit: String
    public var category: String
    public var name: String
    /// Requested amount per horizon year.
    public var requests: [Int: Money]
    public var mark: SourceMark?

    public init(department: String, unit: String, category: String = "", name: String, requests: [Int: Money],
                mark: SourceMark? = nil) {
        self.department = department
        self.unit = unit
        self.category = category
        self.name = name
        self.requests = requests
        self.mark = mark
    }
}

/// A what-if: which projects, from which base year and how far ahead, under which rules and assumptions,
/// with which adjustments. Pure data: reading it from YAML is `ScenarioFile`'s job, running it
/// ``ScenarioRun``'s.
public struct Scenario: Sendable {
    /// Short name (the file's stem): the reports' folder name.
    public var name: String
    public var description: String
    /// The last closed year the plan starts from; nil = the last closed year in the scope.
    public var baseYear: Int?
    /// Years ahead, 1...5 (``horizonRange``).
    public var horizon: Int
    /// Central interval level, in (0, 1).
    public var level: Double
    /// Recommendation and review rules, the scenario's changes to the defaults included (target rate …).
    public var rules: RulePack
    /// Assumed nominal growth per year (inflation, policy growth) on top of the models' path: amounts of
    /// horizon year base + k are multiplied by (1 + growth)ᵏ. Default 0.
    public var growth: Decimal
    /// Which projects the run covers: the union of the selectors; empty = every project.
    public var scope: [ProjectSelector]
    public var changes: [BudgetChange]
    public var shocks: [ExecutionShock]
    public var exceptional: [ExceptionalYears]
    public var overrides: [AmountOverride]
    public var newProjects: [NewProject]

    public static let horizonRange = 1...5

    public init(name: String, description: String = "", baseYear: Int? = nil, horizon: Int = 3, level: Double = 0.8,
                rules: RulePack = RulePack(), growth: Decimal = 0, scope: [ProjectSelector] = [],
                changes: [BudgetChange] = [], shocks: [ExecutionShock] = [], exceptional: [ExceptionalYears] = [],
                overrides: [AmountOverride] = [], newProjects: [NewProject] = []) {
        self.name = name
        self.description = description
        self.baseYear = baseYear
        self.horizon = horizon
        self.level = level
        self.rules = rules
        self.growth = growth
        self.scope = scope
        self.changes = changes
        self.shocks = shocks
        self.exceptional = exceptional
        self.overrides = overrides
        self.newProjects = newProjects
    }

    /// The scenario with each selector's project names widened by `otherNames(name)`: the projects a name is an
    /// alias or a short name of (`贸易摩擦应对事务` → `世贸事务管理-贸易摩擦应对事务`), which only the store knows.
    public func widening(projectNames otherNames: (String) throws -> [String]) rethrows -> Scenario {
        func widen(_ selector: ProjectSelector) throws -> ProjectSelector {
            var widened = selector
            for name in selector.projects {
                for other in try otherNames(name) where !widened.projects.contains(other) { widened.projects.append(other) }
            }
            return widened
        }
        var scenario = self
        scenario.scope = try scope.map(widen)
        for k in changes.indices { scenario.changes[k].selector = try widen(changes[k].selector) }
        for k in shocks.indices { scenario.shocks[k].selector = try widen(shocks[k].selector) }
        for k in exceptional.indices { scenario.exceptional[k].selector = try widen(exceptional[k].selector) }
        for k in overrides.indices { scenario.overrides[k].selector = try widen(overrides[k].selector) }
        return scenario
    }

    /// Whether a project is in the scenario's scope.
    public func covers(department: String, unit: String, category: String, name: String) -> Bool {
        scope.isEmpty || scope.contains { $0.matches(department: department, unit: unit, category: category, name: name) }
    }
}
