/// Two projects of one unit that are probably one project under two names — an OCR-garbled name imported
/// next to the typed one (`世贸事务管理-对口交流组宗合事务` beside `世贸事务管理-对口交流综合事务`), whose figures
/// the department total then counts twice.
///
/// Contract: a pair is reported when both projects are in the same department and unit (compared by
/// ``NameKey/matchKey(_:)``), their names' match keys are at most ``maximumDistance`` characters apart
/// (``EditDistance``) and less than a third of the shorter name, and in some year both hold the same budget
/// and the same executed amount, both above 0. Each pair once, at its earliest such year; `kept` is the project
/// with more years (on a tie the one with the lower id, imported first), which `budget alias --merge` would keep.
public struct ProbableDuplicate: Sendable, Equatable {
    /// One side of the pair (made by ``ProbableDuplicates/find(_:)`` only).
    public struct Project: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var years: Int
    }
    public var department: String
    public var unit: String
    public var kept: Project
    public var other: Project
    public var distance: Int
    public var year: Int
    public var budget: Money
    public var executed: Money
}

public enum ProbableDuplicates {
    /// Names further apart than this are different projects, whatever their figures.
    public static let maximumDistance = 2

    /// One project-year's figures as the search reads them.
    public struct Entry: Sendable {
        public var id: Int64
        public var department: String
        public var unit: String
        public var name: String
        public var year: Int
        public var budget: Money?
        public var executed: Money?
        public init(id: Int64, department: String, unit: String, name: String, year: Int, budget: Money?, executed: Money?) {
            self.id = id
            self.department = department
            self.unit = unit
            self.name = name
            self.year = year
            self.budget = budget
            self.executed = executed
        }
    }

    /// The probable duplicates among `entries`, ordered by department, unit and the kept project's name.
    /// Linear in the entries but for the pairs that share a unit, a year and both amounts.
    public static func find(_ entries: [Entry]) -> [ProbableDuplicate] {
        struct Key: Hashable { var department: String, unit: String, year: Int, budget: Int64, executed: Int64 }
        var groups: [Key: [Entry]] = [:]
        var years: [Int64: Int] = [:]
        for entry in entries {
            years[entry.id, default: 0] += 1
            guard let budget = entry.budget, let executed = entry.executed, budget.fen > 0, executed.fen > 0 else { continue }
            groups[Key(department: NameKey.matchKey(entry.department), unit: NameKey.matchKey(entry.unit), year: entry.year,
                       budget: budget.fen, executed: executed.fen), default: []].append(entry)
        }
        var found: [Pair: ProbableDuplicate] = [:]
        for (_, group) in groups where group.count > 1 {
            for i in group.indices {
                for j in group.indices where j > i && group[i].id != group[j].id {
                    let (a, b) = (group[i], group[j])
                    let (keyA, keyB) = (NameKey.matchKey(a.name), NameKey.matchKey(b.name))
                    let distance = EditDistance.between(keyA, keyB)
                    guard distance <= maximumDistance, distance * 3 < min(keyA.count, keyB.count) else { continue }
                    let pair = Pair(a.id, b.id)
                    if let earlier = found[pair], earlier.year <= a.year { continue }
                    let projectA = ProbableDuplicate.Project(id: a.id, name: a.name, years: years[a.id] ?? 0)
                    let projectB = ProbableDuplicate.Project(id: b.id, name: b.name, years: years[b.id] ?? 0)
                    let aFirst = (projectA.years, -projectA.id) > (projectB.years, -projectB.id)
                    found[pair] = ProbableDuplicate(department: a.department, unit: a.unit, kept: aFirst ? projectA : projectB,
                                                    other: aFirst ? projectB : projectA, distance: distance, year: a.year,
                                                    budget: a.budget!, executed: a.executed!)
                }
            }
        }
        return found.values.sorted { ($0.department, $0.unit, $0.kept.name, $0.other.name) < ($1.department, $1.unit, $1.kept.name, $1.other.name) }
    }

    private struct Pair: Hashable {
        let low: Int64, high: Int64
        init(_ a: Int64, _ b: Int64) { (low, high) = (min(a, b), max(a, b)) }
    }
}
