import BudgetCore
import Forecasting
import Foundation
import Import

/// A scenario file, read and checked: the pure ``Scenario`` plus what only the file knows — where the
/// history comes from, which requests to review, the file's identity and where each setting was written.
public struct ScenarioSpec: Sendable {
    /// Named after the file's stem (`austerity` for `Scenarios/austerity.yaml`).
    public var scenario: Scenario
    /// The scenario file's path, as given.
    public var path: String
    /// SHA-256 of the file's bytes, lower-case hex (to record which version of the file a report came from).
    public var sha256: String
    public var history: HistorySource
    /// Request CSVs to review, resolved against the scenario's folder; existing and readable when read.
    public var requestFiles: [String]
    /// Where the settings were written, for errors found later (a base year with no data, a selector that
    /// matches nothing, a year outside the horizon once the base year is known).
    public var marks: ScenarioMarks

    public init(scenario: Scenario, path: String, sha256: String, history: HistorySource, requestFiles: [String] = [],
                marks: ScenarioMarks) {
        self.scenario = scenario
        self.path = path
        self.sha256 = sha256
        self.history = history
        self.requestFiles = requestFiles
        self.marks = marks
    }
}

/// Where a scenario's history comes from.
public enum HistorySource: Sendable {
    /// An existing store, opened read only. The path is resolved against the scenario's folder.
    case store(path: String, mark: SourceMark)
    /// Files imported in this order into a temporary store (one transaction), then these aliases recorded.
    case files([HistoryFile], aliases: [AliasEntry])
}

/// One history file of a scenario and how to import it (the `budget import` options).
public struct HistoryFile: Sendable {
    /// Resolved against the scenario's folder; existing and readable when read.
    public var path: String
    public var options: ImportOptions
    /// Where the file was named.
    public var mark: SourceMark

    public init(path: String, options: ImportOptions, mark: SourceMark) {
        self.path = path
        self.options = options
        self.mark = mark
    }
}

/// Another name of a project (`budget alias`), recorded after the history files are imported.
public struct AliasEntry: Sendable, Equatable {
    /// The project's name as stored.
    public var project: String
    /// Its other name.
    public var alias: String
    /// The implementing unit, when the name alone is ambiguous.
    public var unit: String?
    public var mark: SourceMark

    public init(project: String, alias: String, unit: String? = nil, mark: SourceMark) {
        self.project = project
        self.alias = alias
        self.unit = unit
        self.mark = mark
    }
}

/// Where one adjustment (a change, a shock, exceptional years, an override) was written.
public struct AdjustmentMarks: Sendable, Equatable {
    /// The entry (its first key, or its `{`).
    public var entry: SourceMark
    /// Its `years` value, when given (for "year outside the horizon" once the base year is known).
    public var years: SourceMark?

    public init(entry: SourceMark, years: SourceMark? = nil) {
        self.entry = entry
        self.years = years
    }
}

/// Where a scenario's settings were written. A setting left out has no mark. The adjustment lists run
/// parallel to the scenario's lists (`changes[i]` is where `scenario.changes[i]` was written).
public struct ScenarioMarks: Sendable, Equatable {
    /// The start of the file (1:1), for problems with the scenario as a whole.
    public var file: SourceMark
    /// The `history` value.
    public var history: SourceMark
    /// Each request file's name, parallel to ``ScenarioSpec/requestFiles``.
    public var requests: [SourceMark] = []
    public var baseYear: SourceMark?
    public var horizon: SourceMark?
    public var level: SourceMark?
    public var growth: SourceMark?
    /// The top-level `target_rate`, or `rules.target_rate`.
    public var targetRate: SourceMark?
    /// The `rules` value (a mapping, or the path of a rules file).
    public var rules: SourceMark?
    public var scope: SourceMark?
    public var changes: [AdjustmentMarks] = []
    public var shocks: [AdjustmentMarks] = []
    public var exceptional: [AdjustmentMarks] = []
    public var overrides: [AdjustmentMarks] = []
    /// For each new project (parallel to `scenario.newProjects`), where each request year was written.
    public var newProjectRequests: [[Int: SourceMark]] = []

    public init(file: SourceMark, history: SourceMark) {
        self.file = file
        self.history = history
    }
}
