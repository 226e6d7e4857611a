import BudgetCore
import Forecasting
import Foundation
import Import
import Yams

/// Reads a scenario file (YAML) into a ``ScenarioSpec``, checking everything that can be checked without
/// the store before anything is returned: the caller never runs half a scenario.
///
/// ## The format
/// ```yaml
/// description: 一般性支出压减 10%          # optional text
/// history:                                 # required; exactly one of store / files
///   files:                                 # imported in this order into a temporary store
///     - sample-history.csv                 # a plain path: format and encoding detected
///     - path: san-diego-budget-vs-actuals.csv
///       map: {department: dept_group, unit: dept_name, project: account_type, year: fiscal_year, initial_budget: budget_amount, executed: actual_amount}
///       closed_through: 2023               # years after it are open
///       open_years: [2024]                 # open years named one by one
///       skip_invalid: true                 # keep the valid rows
///       format: auto                       # auto | csv | form
///       encoding: auto                     # auto | utf8 | gb18030
///       amount_unit: yuan                  # yuan | wan | thousand: amounts whose header names no unit
///   aliases:                               # only with files: other names of a project
///     - {project: 世贸事务管理-对口交流综合事务, alias: 世贸事务管理-对口交流组宗合事务, unit: 深圳市商务发展促进中心}
/// # or, instead of files and aliases:   store: ../budget.sqlite   (an existing store, read only)
/// requests: [requests-2024.csv]            # optional: request CSVs to review (a path or a list)
/// base_year: 2023                          # optional: the last closed year the plan starts from
/// horizon: 3                               # years ahead, 1–5; default 3
/// level: 0.8                               # central interval level, in (0, 1); default 0.8
/// target_rate: 0.95                        # shortcut for rules.target_rate (not both)
/// growth: 2%                               # nominal growth per year; default 0
/// rules:                                   # rule-pack keys as in a --rules file, or the path of one
///   low_execution: 0.7
/// scope:                                   # optional selectors (union); default: every project
///   - project: [Personnel, Non-Personnel]
///   - department: 深圳市商务局
/// adjustments:                             # every list optional
///   changes:                               # budgets × (1 + change)
///     - {category: 一般性支出, change: -10%, years: [2024, 2025], label: 一般性支出压减}
///   shocks:                                # execution rate × rate_multiplier, or = fixed_rate
///     - {project: [中国（上海）国际技术进出口交易会经费], rate_multiplier: 0.5, years: [2024], label: 展会减半}
///     - {unit: X, fixed_rate: 60%}
///   exceptional:                           # years left out of fitting; no selector = every project
///     - {years: [2020, 2021, 2022], reason: 疫情}
///   overrides:                             # one project's amount, fixed
///     - {project: 门户网站, unit: 上海市外国投资促进中心, amount: "120,000.00", years: [2024], label: 合同约定}
///   new_projects:                          # projects with no history, with their requests per year
///     - {name: 跨境电商公共服务平台, department: 深圳市商务局, unit: 深圳市商务发展促进中心, category: 一次性项目, requests: {2024: 500000, 2025: "300,000"}}
/// ```
///
/// ## Values
/// - **Selectors** (`scope`, `changes`, `shocks`, `exceptional`, `overrides`): keys `department`, `unit`,
///   `category`, `project`, each a name or a list of names (matched on their NFKC form). A change, a shock
///   and an override must name the projects they apply to; an override names exactly one `project`.
/// - **Shares** (`change`, `growth`, `level`, `target_rate`, `rate_multiplier`, `fixed_rate`, the rules'
///   shares): a number (`-0.1`) or a percentage (`-10%`), read exactly from the text. `change` and `growth`
///   above −100%; `rate_multiplier` ≥ 0; `fixed_rate` in [0, 2]; `level` in (0, 1). A shock has exactly one
///   of `rate_multiplier` and `fixed_rate`.
/// - **Amounts** (`amount`, `requests` values): 元, exact to the fen, as written on forms (`"120,000.00"` —
///   quoted inside `{…}`, where a comma separates entries — or `500000`); not negative.
/// - **Years**: four-digit integers; `years` takes a year or a list. An adjustment without `years` applies
///   to every year of the horizon. With `base_year` given, adjustment and request years must lie in
///   `base_year + 1 … base_year + horizon` and exceptional years at or before `base_year`; without it, the
///   adjustment years must fit in one horizon.
/// - **Paths** (`store`, history files, `requests`, a rules path) are relative to the scenario's folder;
///   each must exist and be readable.
///
/// ## Errors
/// Every problem is a ``ScenarioFileError`` `file:line:column: message`: an unknown key names itself, its
/// place and the keys allowed there; a value of the wrong type names its key and what was expected; YAML
/// syntax errors keep the parser's position. Checks that need the data (a selector that matches nothing,
/// a base year with no closed data, an override matching two projects) are the runner's, at the positions
/// in ``ScenarioSpec/marks`` and the selectors' marks.
public enum ScenarioReader {
    /// The top-level keys, in the order of the format above.
    public static let keys = ["description", "history", "requests", "base_year", "horizon", "level", "target_rate",
                              "growth", "rules", "scope", "adjustments"]

    /// Reads and checks the scenario file at `path`.
    public static func load(path: String) throws(ScenarioFileError) -> ScenarioSpec {
        let (text, bytes) = try YAMLSource.read(path: path, what: "the scenario file")
        return try parse(text, path: path, bytes: bytes)
    }

    /// Reads and checks a scenario's text. `path` names the scenario (its stem), places the errors and is
    /// the folder relative paths start from; `bytes` are the file's bytes for ``ScenarioSpec/sha256`` (the
    /// text's UTF-8 when nil).
    public static func parse(_ text: String, path: String, bytes: Data? = nil) throws(ScenarioFileError) -> ScenarioSpec {
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let parser = ScenarioParser(source: YAMLSource(file: path), folder: (path as NSString).deletingLastPathComponent,
                                    currentYear: currentYear)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parser.parse(text, name: name, sha256: SHA256.hex(of: bytes ?? Data(text.utf8)))
    }
}

/// One scenario being read: the file, its folder, and the settings read so far.
struct ScenarioParser {
    let source: YAMLSource
    /// The scenario's folder, which relative paths start from ("" for the working directory).
    let folder: String
    let currentYear: Int

    static let selectorKeys = ["department", "unit", "category", "project"]

    func parse(_ text: String, name: String, sha256: String) throws(ScenarioFileError) -> ScenarioSpec {
        let file = source.file
        guard let root = try source.compose(text) else {
            throw ScenarioFileError(file: file, mark: SourceMark(file: file, line: 1, column: 1),
                                    message: "the scenario file is empty; it needs at least history: (store: or files:)")
        }
        let top = try KeyedMapping(root, place: "the scenario", keys: ScenarioReader.keys,
                                   expected: "a mapping of keys (history:, horizon:, adjustments: …)", source: source)
        guard let historyNode = top["history"] else {
            throw source.error(root, "the scenario has no history: write history: with store: (an existing store) or files: (files to import)")
        }
        var scenario = Scenario(name: name)
        var marks = ScenarioMarks(file: SourceMark(file: file, line: 1, column: 1), history: source.at(historyNode))

        // In document order, so that the first problem written is the one reported.
        var history: HistorySource?
        var requestFiles: [String] = []
        var rules = RulePack()
        var ruleMarks: [String: SourceMark] = [:]
        var targetRate: (value: Decimal, node: Node)?
        for (key, _, value) in top.entries {
            switch key {
            case "description":
                scenario.description = try source.text(value, key)
            case "history":
                history = try readHistory(value)
            case "requests":
                for item in try list(value, key, expected: "a file path or a list of paths") {
                    let path = try existingFile(item, key: "each request file", what: "request file")
                    requestFiles.append(path)
                    marks.requests.append(source.at(item))
                }
            case "base_year":
                scenario.baseYear = try source.year(value, key)
                marks.baseYear = source.mark(value)
            case "horizon":
                scenario.horizon = try source.integer(value, key, expected: "a whole number of years from 1 to 5",
                                                      in: Scenario.horizonRange)
                marks.horizon = source.mark(value)
            case "level":
                let level = try source.share(value, key)
                guard level > 0, level < 1 else { throw source.wrongType(value, key, "a share strictly between 0 and 1, such as 0.8 or 80%") }
                scenario.level = NSDecimalNumber(decimal: level).doubleValue
                marks.level = source.mark(value)
            case "target_rate":
                targetRate = (try source.share(value, key), value)
            case "growth":
                scenario.growth = try source.share(value, key)
                guard scenario.growth > -1, scenario.growth <= RulePack.largestGrowth else {
                    throw source.wrongType(value, key, "a yearly growth above -100% and at most +1000%, such as 2% or -0.01")
                }
                marks.growth = source.mark(value)
            case "rules":
                (rules, ruleMarks) = try readRules(value)
                marks.rules = source.mark(value)
            case "scope":
                let entries = try entries(value, key, example: "- department: 深圳市商务局")
                marks.scope = source.mark(value)
                for entry in entries {
                    let mapping = try KeyedMapping(entry, place: "a scope entry", keys: Self.selectorKeys,
                                                   expected: "a selector such as {department: 深圳市商务局}", source: source)
                    let selector = try selector(mapping)
                    guard !selector.isEmpty else {
                        throw source.error(entry, "a scope entry must name the projects it covers (\(Self.selectorKeys.joined(separator: ", "))); leave scope out to cover every project")
                    }
                    scenario.scope.append(selector)
                }
            case "adjustments":
                try readAdjustments(value, into: &scenario, marks: &marks)
            default:
                preconditionFailure("KeyedMapping lets only ScenarioReader.keys through")
            }
        }

        if let targetRate {
            if let written = ruleMarks["target_rate"] {
                throw source.error(targetRate.node, "target_rate is given twice, here and in rules (\(written)); keep one")
            }
            rules.targetRate = targetRate.value
            ruleMarks["target_rate"] = source.mark(targetRate.node)
        }
        marks.targetRate = ruleMarks["target_rate"]
        try RulesFile.validate(rules, marks: ruleMarks, file: file, fallback: marks.rules)
        scenario.rules = rules

        try checkYears(scenario, marks: marks)
        try checkOverrides(scenario, marks: marks)
        try checkNewProjects(scenario)

        return ScenarioSpec(scenario: scenario, path: file, sha256: sha256, history: history!, requestFiles: requestFiles, marks: marks)
    }

    // MARK: Rules

    /// `rules:` as a mapping of rule-pack keys (positions in the scenario) or the path of a rules file.
    func readRules(_ node: Node) throws(ScenarioFileError) -> (RulePack, [String: SourceMark]) {
        if case .scalar = node, !YAMLSource.isNull(node) {
            let path = try existingFile(node, key: "rules", what: "rules file")
            do {
                return try RulesFile.readFile(path: path)
            } catch {
                var named = error
                named.message += " (the rules file named at \(source.at(node)))"
                throw named
            }
        }
        var rules = RulePack()
        let marks = try RulesFile.read(node, source: source, into: &rules, place: "rules",
                                       expected: "a mapping of rule keys (target_rate: 0.95 …) or the path of a rules file")
        return (rules, marks)
    }

    // MARK: Shared readers

    /// A list, or one item standing for a list of one.
    func list(_ node: Node, _ key: String, expected: String) throws(ScenarioFileError) -> [Node] {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar where !YAMLSource.isNull(node): return [node]
        default: throw source.wrongType(node, key, expected)
        }
    }

    /// A list of entries (`- {…}`); `key` names it in messages.
    func entries(_ node: Node, _ key: String, example: String) throws(ScenarioFileError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw source.wrongType(node, key, "a list of entries, e.g. \(example)") }
        return Array(sequence)
    }

    /// The selector keys of an entry, with the entry's position.
    func selector(_ mapping: KeyedMapping) throws(ScenarioFileError) -> ProjectSelector {
        var selector = ProjectSelector(mark: source.mark(mapping.node))
        for key in Self.selectorKeys {
            guard let value = mapping[key] else { continue }
            let names = try source.names(value, key)
            switch key {
            case "department": selector.departments = names
            case "unit": selector.units = names
            case "category": selector.categories = names
            default: selector.projects = names
            }
        }
        return selector
    }

    /// A key an entry cannot do without.
    func required(_ mapping: KeyedMapping, _ key: String, in place: String, example: String) throws(ScenarioFileError) -> Node {
        guard let value = mapping[key] else { throw source.error(mapping.node, "\(place) needs \(key): (e.g. \(example))") }
        return value
    }

    /// A path written in the scenario, resolved against its folder (absolute paths and `~` kept).
    func resolve(_ written: String) -> String {
        let expanded = (written as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") || folder.isEmpty || folder == "." { return expanded }
        var relative = expanded
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// The resolved path of a file named at `node`, which must exist, be a file and be readable.
    func existingFile(_ node: Node, key: String, what: String) throws(ScenarioFileError) -> String {
        let written = try source.text(node, key, expected: "a file path")
        let path = resolve(written)
        let shown = path == written ? "\"\(written)\"" : "\"\(written)\" (\(path), relative to the scenario's folder)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw source.error(node, "\(what) \(shown) does not exist")
        }
        guard !isDirectory.boolValue else { throw source.error(node, "\(what) \(shown) is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw source.error(node, "\(what) \(shown) cannot be read") }
        return path
    }
}
