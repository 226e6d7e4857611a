import BudgetCore
import Forecasting
import Foundation
import Yams

extension ScenarioParser {
    static let adjustmentKeys = ["changes", "shocks", "exceptional", "overrides", "new_projects"]
    static let changeKeys = selectorKeys + ["change", "years", "label"]
    static let shockKeys = selectorKeys + ["rate_multiplier", "fixed_rate", "years", "label"]
    static let exceptionalKeys = selectorKeys + ["years", "reason"]
    static let overrideKeys = selectorKeys + ["amount", "years", "label"]
    static let newProjectKeys = ["name", "department", "unit", "category", "requests"]

    /// `adjustments:` — every list optional.
    func readAdjustments(_ node: Node, into scenario: inout Scenario, marks: inout ScenarioMarks) throws(ScenarioFileError) {
        let adjustments = try KeyedMapping(node, place: "adjustments", keys: Self.adjustmentKeys,
                                           expected: "a mapping of lists (changes:, shocks:, exceptional:, overrides:, new_projects:)",
                                           source: source)
        for (key, _, value) in adjustments.entries {
            switch key {
            case "changes":
                for entry in try entries(value, key, example: "- {category: 一般性支出, change: -10%}") {
                    let (change, mark) = try change(entry)
                    scenario.changes.append(change)
                    marks.changes.append(mark)
                }
            case "shocks":
                for entry in try entries(value, key, example: "- {project: 展会经费, rate_multiplier: 0.5, years: [2024]}") {
                    let (shock, mark) = try shock(entry)
                    scenario.shocks.append(shock)
                    marks.shocks.append(mark)
                }
            case "exceptional":
                for entry in try entries(value, key, example: "- {years: [2020], reason: 疫情}") {
                    let (exceptional, mark) = try exceptional(entry)
                    scenario.exceptional.append(exceptional)
                    marks.exceptional.append(mark)
                }
            case "overrides":
                for entry in try entries(value, key, example: "- {project: 门户网站, amount: 120000, years: [2024]}") {
                    let (override, mark) = try override(entry)
                    scenario.overrides.append(override)
                    marks.overrides.append(mark)
                }
            case "new_projects":
                for entry in try entries(value, key, example: "- {name: 新项目, department: 深圳市商务局, unit: 深圳市商务发展促进中心, requests: {2024: 500000}}") {
                    let (project, requestMarks) = try newProject(entry)
                    scenario.newProjects.append(project)
                    marks.newProjectRequests.append(requestMarks)
                }
            default:
                preconditionFailure("KeyedMapping lets only the adjustment keys through")
            }
        }
    }

    /// The selector of a change, shock or override, which must name its projects.
    private func namedSelector(_ entry: KeyedMapping, _ place: String) throws(ScenarioFileError) -> ProjectSelector {
        let selector = try selector(entry)
        guard !selector.isEmpty else {
            throw source.error(entry.node, "\(place) must name the projects it applies to (\(Self.selectorKeys.joined(separator: ", ")))")
        }
        return selector
    }

    private func label(_ entry: KeyedMapping, _ key: String = "label") throws(ScenarioFileError) -> String {
        guard let node = entry[key] else { return "" }
        return try source.text(node, key)
    }

    private func years(_ entry: KeyedMapping) throws(ScenarioFileError) -> (years: [Int], mark: AdjustmentMarks) {
        let years = try entry["years"].map { node throws(ScenarioFileError) in try source.years(node, "years") } ?? []
        return (years, AdjustmentMarks(entry: source.at(entry.node), years: source.mark(entry["years"])))
    }

    func change(_ node: Node) throws(ScenarioFileError) -> (BudgetChange, AdjustmentMarks) {
        let entry = try KeyedMapping(node, place: "a change", keys: Self.changeKeys,
                                     expected: "a mapping such as {category: 一般性支出, change: -10%}", source: source)
        let selector = try namedSelector(entry, "a change")
        let changeNode = try required(entry, "change", in: "a change", example: "change: -10%")
        let change = try source.share(changeNode, "change")
        guard change > -1 else {
            throw source.wrongType(changeNode, "change", "above -100% (a budget cannot be cut by all of it or more)")
        }
        guard change <= RulePack.largestGrowth else {
            throw source.wrongType(changeNode, "change", "at most +1000% (× 11); a larger change is a typing error")
        }
        let (years, marks) = try years(entry)
        return (BudgetChange(selector: selector, change: change, years: years, label: try label(entry)), marks)
    }

    func shock(_ node: Node) throws(ScenarioFileError) -> (ExecutionShock, AdjustmentMarks) {
        let entry = try KeyedMapping(node, place: "a shock", keys: Self.shockKeys,
                                     expected: "a mapping such as {project: 展会经费, rate_multiplier: 0.5}", source: source)
        let selector = try namedSelector(entry, "a shock")
        let effect: ExecutionShock.Effect
        switch (entry["rate_multiplier"], entry["fixed_rate"]) {
        case (nil, nil):
            throw source.error(node, "a shock needs rate_multiplier: (e.g. 0.5, executing half as much) or fixed_rate: (e.g. 60%)")
        case (_?, _?):
            let second = entry.entries.last { $0.key == "rate_multiplier" || $0.key == "fixed_rate" }!
            throw source.error(second.keyNode, "a shock has rate_multiplier: or fixed_rate:, not both")
        case (let multiplierNode?, nil):
            let multiplier = try source.share(multiplierNode, "rate_multiplier")
            guard multiplier >= 0 else { throw source.wrongType(multiplierNode, "rate_multiplier", "0 or more, such as 0.5") }
            effect = .multiplier(NSDecimalNumber(decimal: multiplier).doubleValue)
        case (nil, let rateNode?):
            let rate = try source.share(rateNode, "fixed_rate")
            guard rate >= 0, rate <= 2 else { throw source.wrongType(rateNode, "fixed_rate", "a rate from 0 to 200%, such as 60%") }
            effect = .fixedRate(NSDecimalNumber(decimal: rate).doubleValue)
        }
        let (years, marks) = try years(entry)
        return (ExecutionShock(selector: selector, effect: effect, years: years, label: try label(entry)), marks)
    }

    func exceptional(_ node: Node) throws(ScenarioFileError) -> (ExceptionalYears, AdjustmentMarks) {
        let entry = try KeyedMapping(node, place: "an exceptional entry", keys: Self.exceptionalKeys,
                                     expected: "a mapping such as {years: [2020], reason: 疫情}", source: source)
        let selector = try selector(entry)
        _ = try required(entry, "years", in: "an exceptional entry", example: "years: [2020, 2021]")
        let (years, marks) = try years(entry)
        return (ExceptionalYears(selector: selector, years: years, reason: try label(entry, "reason")), marks)
    }

    func override(_ node: Node) throws(ScenarioFileError) -> (AmountOverride, AdjustmentMarks) {
        let entry = try KeyedMapping(node, place: "an override", keys: Self.overrideKeys,
                                     expected: "a mapping such as {project: 门户网站, amount: 120000}", source: source)
        let selector = try selector(entry)
        guard let projectNode = entry["project"] else {
            throw source.error(node, "an override must name its project (project:, with unit: or department: when the name is not unique)")
        }
        guard selector.projects.count == 1 else {
            throw source.error(projectNode, "an override fixes one project's amount: name one project (got \(selector.projects.count))")
        }
        let amountNode = try required(entry, "amount", in: "an override", example: "amount: \"120,000.00\"")
        let amount = try source.amount(amountNode, "amount")
        let (years, marks) = try years(entry)
        return (AmountOverride(selector: selector, amount: amount, years: years, label: try label(entry)), marks)
    }

    func newProject(_ node: Node) throws(ScenarioFileError) -> (NewProject, [Int: SourceMark]) {
        let place = "a new project"
        let entry = try KeyedMapping(node, place: place, keys: Self.newProjectKeys,
                                     expected: "a mapping such as {name: 新项目, department: 深圳市商务局, unit: 深圳市商务发展促进中心, requests: {2024: 500000}}",
                                     source: source)
        let name = try source.text(try required(entry, "name", in: place, example: "name: 跨境电商公共服务平台"), "name", expected: "a project name")
        let department = try source.text(try required(entry, "department", in: place, example: "department: 深圳市商务局"), "department",
                                         expected: "a department name")
        let unit = try entry["unit"].map { node throws(ScenarioFileError) in try source.text(node, "unit", expected: "a unit name") } ?? ""
        let category = try entry["category"].map { node throws(ScenarioFileError) in try source.text(node, "category", expected: "a category") } ?? ""
        for (key, text) in [("name", name), ("department", department), ("unit", unit), ("category", category)] {
            if let problem = NameRules.problem(in: text), let node = entry[key] {
                throw source.error(node, "the \(key) \(problem)")
            }
        }
        let requestsNode = try required(entry, "requests", in: place, example: "requests: {2024: 500000}")
        guard case .mapping(let mapping) = requestsNode, !mapping.isEmpty else {
            throw source.wrongType(requestsNode, "requests", "a mapping of years to amounts, e.g. {2024: 500000, 2025: \"300,000\"}")
        }
        var requests: [Int: Money] = [:]
        var marks: [Int: SourceMark] = [:]
        for (yearNode, amountNode) in mapping {
            let year = try source.year(yearNode, "a year in requests")
            requests[year] = try source.amount(amountNode, "the request for \(year)")
            marks[year] = source.mark(yearNode)
        }
        return (NewProject(department: department, unit: unit, category: category, name: name, requests: requests,
                           mark: source.mark(node)), marks)
    }

    // MARK: Checks across entries

    /// With a base year: adjustment and request years in the horizon, exceptional years not after the base
    /// year. Without one: the adjustment years fit in one horizon.
    func checkYears(_ scenario: Scenario, marks: ScenarioMarks) throws(ScenarioFileError) {
        // (years, where) of every entry whose years are horizon years.
        var horizonYears: [(years: [Int], mark: SourceMark?, what: String)] = []
        for (index, change) in scenario.changes.enumerated() {
            horizonYears.append((change.years, marks.changes[index].years, "a change"))
        }
        for (index, shock) in scenario.shocks.enumerated() {
            horizonYears.append((shock.years, marks.shocks[index].years, "a shock"))
        }
        for (index, override) in scenario.overrides.enumerated() {
            horizonYears.append((override.years, marks.overrides[index].years, "an override"))
        }
        for (index, project) in scenario.newProjects.enumerated() {
            for year in project.requests.keys.sorted() {
                horizonYears.append(([year], marks.newProjectRequests[index][year], "a new project's request"))
            }
        }
        if let base = scenario.baseYear {
            let horizon = (base + 1)...(base + scenario.horizon)
            for entry in horizonYears {
                if let outside = entry.years.first(where: { !horizon.contains($0) }) {
                    throw ScenarioFileError(file: source.file, mark: entry.mark,
                                            message: "\(entry.what) is for \(outside), outside the horizon \(horizon.lowerBound)–\(horizon.upperBound) (base year \(base), horizon \(scenario.horizon))")
                }
            }
            for (index, exceptional) in scenario.exceptional.enumerated() {
                if let later = exceptional.years.first(where: { $0 > base }) {
                    throw ScenarioFileError(file: source.file, mark: marks.exceptional[index].years,
                                            message: "exceptional year \(later) is after the base year \(base); exceptional years leave past years out of fitting")
                }
            }
        } else {
            let all = horizonYears.flatMap { entry in entry.years.map { (year: $0, mark: entry.mark, what: entry.what) } }
            if let first = all.min(by: { $0.year < $1.year }),
               let last = all.max(by: { $0.year < $1.year }), last.year - first.year >= scenario.horizon {
                throw ScenarioFileError(file: source.file, mark: last.mark,
                                        message: "\(last.what) is for \(last.year) and \(first.what) for \(first.year) (at \(first.mark.map(\.description) ?? source.file)): one \(scenario.horizon)-year horizon cannot hold both")
            }
        }
    }

    /// Two overrides of the same project in the same year contradict each other.
    func checkOverrides(_ scenario: Scenario, marks: ScenarioMarks) throws(ScenarioFileError) {
        func key(_ selector: ProjectSelector) -> [[String]] {
            [selector.departments, selector.units, selector.categories, selector.projects].map { $0.map(NameKey.matchKey).sorted() }
        }
        for (index, override) in scenario.overrides.enumerated() {
            for earlier in scenario.overrides[..<index].indices where key(scenario.overrides[earlier].selector) == key(override.selector) {
                let other = scenario.overrides[earlier].years
                let overlap = override.years.isEmpty || other.isEmpty || !Set(override.years).isDisjoint(with: other)
                if overlap {
                    throw ScenarioFileError(file: source.file, mark: marks.overrides[index].entry,
                                            message: "a second override of \(override.selector.description) for the same years (the first is at \(marks.overrides[earlier].entry))")
                }
            }
        }
    }

    /// The same new project twice.
    func checkNewProjects(_ scenario: Scenario) throws(ScenarioFileError) {
        var seen: [[String]: SourceMark?] = [:]
        for project in scenario.newProjects {
            let key = [project.unit, project.name].map(NameKey.matchKey)
            if let first = seen[key] {
                throw ScenarioFileError(file: source.file, mark: project.mark,
                                        message: "new project \"\(project.name)\" is listed twice (first at \(first.map(\.description) ?? source.file))")
            }
            seen[key] = project.mark
        }
    }
}
