import BudgetCore

extension Clause.Value {
    /// The closed years left out as exceptional after a stale history's last year, as the stale phrases'
    /// `{exceptional}`: empty when there are none, else `; 2020–2022 marked exceptional` (a run of years as a
    /// span, others listed).
    static func exceptionalYears(_ years: [Int]) -> Clause.Value {
        guard let first = years.first, let last = years.last else { return .list([]) }
        let text = years == Array(first...last) && years.count > 1 ? "\(first)–\(last)" : years.map(String.init).joined(separator: ", ")
        return .list([Clause(.staleExceptionalYears, ["years": .text(text)])])
    }
}
