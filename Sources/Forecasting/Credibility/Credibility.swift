import BudgetCore

/// One project's figures for one closed year, as the credibility scores read them.
///
/// A `nil` amount is unknown, not zero: the line is left out of every sum that needs it.
public struct CredibilityLine: Sendable, Equatable {
    public var department: String
    /// Named within its department: the same unit name under two departments is two units.
    public var unit: String
    /// For the caller's reference only; lines are never merged by project.
    public var project: String
    public var year: Int
    /// The initial budget (年初预算数).
    public var original: Money?
    /// The full-year budget after in-year adjustments (全年预算数). Pass the original when no adjustment is recorded.
    public var adjusted: Money?
    /// The amount executed (全年执行数).
    public var executed: Money?
    /// The jurisdiction (data source) the line belongs to: scores never add two jurisdictions' amounts.
    public var dataSource: String

    public init(department: String, unit: String, project: String, year: Int,
                original: Money?, adjusted: Money?, executed: Money?, dataSource: String = "") {
        self.dataSource = dataSource
        self.department = department
        self.unit = unit
        self.project = project
        self.year = year
        self.original = original
        self.adjusted = adjusted
        self.executed = executed
    }
}

/// A PEFA grade, or the band one year falls in (A best, D worst).
extension CredibilityLine {
    /// The closed years through `year` of the records, exceptional years included (budget credibility judges
    /// what happened, exceptional or not): the original budget is the initial one (else the adjusted), the
    /// adjusted the full-year one (else the initial).
    public static func lines(of records: [ProjectRecord], through year: Int) -> [CredibilityLine] {
        records.flatMap { record in
            record.years.filter { $0.status == .closed && $0.year <= year }.map { closed in
                CredibilityLine(department: record.department, unit: record.unit, project: record.name, year: closed.year,
                                original: closed.figures.initialBudget ?? closed.figures.adjustedBudget,
                                adjusted: closed.figures.adjustedBudget ?? closed.figures.initialBudget,
                                executed: closed.figures.executed, dataSource: record.dataSource)
            }
        }
    }
}

public enum CredibilityGrade: String, Sendable, CaseIterable {
    case A, B, C, D

    /// 0 for A … 3 for D.
    var rank: Int {
        switch self {
        case .A: 0
        case .B: 1
        case .C: 2
        case .D: 3
        }
    }
}

/// The budget a year's outturn is compared with.
public enum CredibilityBasis: String, Sendable, CaseIterable {
    /// The initial budget (年初预算数): PEFA's basis.
    case original
    /// The full-year budget after adjustments (全年预算数): in-year cuts make this basis look better.
    case adjusted
}

/// Which lines a score covers.
public enum CredibilityLevel: String, Sendable {
    case total, department, unit
}

/// One year of one group against one basis.
///
/// The sums are over the lines whose executed amount and budget on this basis are both known: with
/// E = Σ executed and B = Σ budget (in fen) over those lines,
/// - `outturn` = E ÷ B (PI-1), nil when B ≤ 0;
/// - `composition` = Σ|eᵢ − bᵢ·E/B| ÷ E = Σ|eᵢ·B − bᵢ·E| ÷ (E·B) (PI-2: each budget scaled to the outturn, the
///   absolute deviations over Σ scaled budgets, which is E), nil when B ≤ 0 or E ≤ 0. A line with budget 0
///   and some execution counts in full.
///
/// The ratios are `Double`s for display; the bands are decided exactly on the integer fen (see
/// ``Credibility``).
public struct CredibilityMeasure: Sendable, Equatable {
    /// Lines with the executed amount and this basis's budget known.
    public var lines: Int
    /// Σ budget on this basis over those lines.
    public var budget: Money
    /// Σ executed over those lines.
    public var executed: Money
    /// Whether the year is one of the group's last `window` years on this basis (the years the grade reads).
    public var inWindow: Bool
    public var outturn: Double?
    public var composition: Double?
    /// PI-1 band: A for 95 % ≤ outturn ≤ 105 %, B for 90–110 %, C for 85–115 % (bounds inclusive), else D.
    public var outturnBand: CredibilityGrade?
    /// PI-2 band: A for composition < 5 %, B < 10 %, C < 15 % (strict), else D.
    public var compositionBand: CredibilityGrade?

    public init(lines: Int = 0, budget: Money = .zero, executed: Money = .zero, inWindow: Bool = false,
                outturn: Double? = nil, composition: Double? = nil,
                outturnBand: CredibilityGrade? = nil, compositionBand: CredibilityGrade? = nil) {
        self.lines = lines
        self.budget = budget
        self.executed = executed
        self.inWindow = inWindow
        self.outturn = outturn
        self.composition = composition
        self.outturnBand = outturnBand
        self.compositionBand = compositionBand
    }
}

/// One year of a group, on both bases.
public struct CredibilityYear: Sendable, Equatable {
    public var year: Int
    public var original: CredibilityMeasure
    public var adjusted: CredibilityMeasure

    public init(year: Int, original: CredibilityMeasure, adjusted: CredibilityMeasure) {
        self.year = year
        self.original = original
        self.adjusted = adjusted
    }

    /// The measure on `basis`.
    public subscript(basis: CredibilityBasis) -> CredibilityMeasure {
        basis == .original ? original : adjusted
    }

    /// PI-1 against the original budget.
    public var outturn: Double? { original.outturn }
    /// PI-1 against the adjusted budget.
    public var outturnAdjusted: Double? { adjusted.outturn }
    /// PI-2 against the original budget.
    public var composition: Double? { original.composition }
    /// PI-2 against the adjusted budget.
    public var compositionAdjusted: Double? { adjusted.composition }
}

/// The budget-credibility scores of one group: the whole input, a department or a unit.
public struct CredibilityScore: Sendable, Equatable {
    public var level: CredibilityLevel
    /// The data source (jurisdiction) the group belongs to; with lines of several sources each has its own
    /// total, and there is no grand total.
    public var dataSource: String = ""
    /// The department's display name (of its first line); nil for the total.
    public var department: String?
    /// The unit's display name (of its first line); nil unless `level` is `.unit`.
    public var unit: String?
    /// Ascending: the years of either basis's window.
    public var years: [CredibilityYear]
    /// PI-1 (aggregate outturn) against the original budget; nil with fewer than two scored years in the window.
    public var pi1: CredibilityGrade?
    /// PI-2 (composition variance) against the original budget.
    public var pi2: CredibilityGrade?
    /// PI-1 against the adjusted budget.
    public var pi1Adjusted: CredibilityGrade?
    /// PI-2 against the adjusted budget.
    public var pi2Adjusted: CredibilityGrade?

    /// The year's figures, if the year is in `years`.
    public func year(_ year: Int) -> CredibilityYear? { years.first { $0.year == year } }
}

/// PEFA budget-credibility scores: PI-1 aggregate expenditure outturn and PI-2 expenditure composition
/// outturn, against the original and against the adjusted budget.
///
/// A group's **window** on a basis is its last `window` years (≤ `through`) with at least one line whose
/// executed amount and budget on that basis are both known. A year is **scored** when its measure has a band
/// (``CredibilityMeasure``). The grade on a basis is read from the scored years of its window:
/// A when at least two are in band A; else B when at least two are in band A or B; else C when at least two
/// are in band A, B or C; else D. With fewer than two scored years it is nil ("not enough years"), never D.
///
/// Bands are decided exactly on the integer fen: PI-1 by E·100 ≥ B·95 and E·100 ≤ B·105 (128-bit products),
/// PI-2 by Σ|eᵢ·B − bᵢ·E|·100 < 5·E·B (256-bit sums). This is exact for every input whose yearly sums fit
/// in ``Money`` (every running |Σ| ≤ Int64.max fen ≈ 9.2 × 10¹⁶ 元), which `Money`'s `+` already requires
/// (it traps beyond). The `Double` ratios are for display, to a few ulps.
///
/// ## Topics
/// - ``assess(_:through:window:)``
public enum Credibility {
    /// Scores the whole input, each department and each unit.
    ///
    /// Lines after `through` are ignored; `window` (≥ 2 for a grade) is how many years each basis reads.
    /// Departments are grouped by ``NameKey/matchKey(_:)``, units by (department key, unit key); each group is
    /// named by ``NameKey/displayName(_:)`` of its first line. The result is the total first, then each
    /// department in name order followed by its units in name order. Lines of several data sources
    /// (jurisdictions, whose amounts may be in different currencies) are scored apart: each source in name
    /// order, its total first — there is no total over them.
    public static func assess(_ lines: [CredibilityLine], through year: Int, window: Int = 3) -> [CredibilityScore] {
        let lines = lines.filter { $0.year <= year }
        let sources = Dictionary(grouping: lines, by: \.dataSource)
        return (sources.isEmpty ? [""] : sources.keys.sorted()).flatMap { source in
            assessSource(sources[source] ?? [], window: max(0, window)).map { score in
                var score = score
                score.dataSource = source
                return score
            }
        }
    }

    /// ``assess(_:through:window:)`` of the lines of one data source.
    static func assessSource(_ lines: [CredibilityLine], window: Int) -> [CredibilityScore] {
        struct Group {
            var name: String
            var lines: [CredibilityLine] = []
            var units: [String: Group] = [:]
        }
        var departments: [String: Group] = [:]
        for line in lines {
            let departmentKey = NameKey.matchKey(line.department), unitKey = NameKey.matchKey(line.unit)
            departments[departmentKey, default: Group(name: NameKey.displayName(line.department))].lines.append(line)
            departments[departmentKey]!.units[unitKey, default: Group(name: NameKey.displayName(line.unit))].lines.append(line)
        }
        func ordered(_ groups: [String: Group]) -> [Group] {
            groups.sorted { ($0.value.name, $0.key) < ($1.value.name, $1.key) }.map(\.value)
        }

        var scores = [score(lines, level: .total, department: nil, unit: nil, window: window)]
        for department in ordered(departments) {
            scores.append(score(department.lines, level: .department, department: department.name, unit: nil, window: window))
            for unit in ordered(department.units) {
                scores.append(score(unit.lines, level: .unit, department: department.name, unit: unit.name, window: window))
            }
        }
        return scores
    }

    /// The grade of a window's bands by the "two of the last three" rule; nil with fewer than two bands.
    static func grade(_ bands: [CredibilityGrade]) -> CredibilityGrade? {
        guard bands.count >= 2 else { return nil }
        for grade in [CredibilityGrade.A, .B, .C] where bands.count(where: { $0.rank <= grade.rank }) >= 2 {
            return grade
        }
        return .D
    }

    /// PI-1 band of E ÷ B, exactly; nil when B ≤ 0.
    static func outturnBand(executed e: Int64, budget b: Int64) -> CredibilityGrade? {
        guard b > 0 else { return nil }
        let scaled = e.multipliedFullWidth(by: 100)
        for (grade, low, high) in [(CredibilityGrade.A, 95, 105), (.B, 90, 110), (.C, 85, 115)] {
            if !isLess(scaled, b.multipliedFullWidth(by: Int64(low))), !isLess(b.multipliedFullWidth(by: Int64(high)), scaled) {
                return grade
            }
        }
        return .D
    }

    /// PI-2 band of Σ|eᵢ·B − bᵢ·E| ÷ (E·B), exactly, and the ratio as a `Double`; nil when B ≤ 0 or E ≤ 0.
    static func composition(_ pairs: [(executed: Int64, budget: Int64)], executed e: Int64, budget b: Int64)
        -> (ratio: Double, band: CredibilityGrade)? {
        guard b > 0, e > 0 else { return nil }
        var deviation = Wide()
        for (executed, budget) in pairs {
            // |executed·B − budget·E| from the two products' signs and 128-bit magnitudes.
            let p = executed.magnitude.multipliedFullWidth(by: b.magnitude)
            let q = budget.magnitude.multipliedFullWidth(by: e.magnitude)
            if (executed < 0) != (budget < 0) {
                deviation.add(p)
                deviation.add(q)
            } else {
                deviation.add(difference(p, q))
            }
        }
        let scale = e.magnitude.multipliedFullWidth(by: b.magnitude) // E·B > 0
        let hundredS = deviation.multiplied(by: 100)
        var band = CredibilityGrade.D
        for (grade, threshold) in [(CredibilityGrade.A, 5 as UInt64), (.B, 10), (.C, 15)] {
            if hundredS < Wide(scale).multiplied(by: threshold) { band = grade; break }
        }
        let ratio = deviation.doubleValue / Wide(scale).doubleValue
        return (ratio, band)
    }

    private static func score(_ lines: [CredibilityLine], level: CredibilityLevel, department: String?, unit: String?,
                              window: Int) -> CredibilityScore {
        struct Sums {
            var lines = 0
            var budget = Money.zero
            var executed = Money.zero
            var pairs: [(executed: Int64, budget: Int64)] = []
        }
        var sums: [CredibilityBasis: [Int: Sums]] = [.original: [:], .adjusted: [:]]
        for line in lines {
            guard let executed = line.executed else { continue }
            for basis in CredibilityBasis.allCases {
                guard let budget = basis == .original ? line.original : line.adjusted else { continue }
                sums[basis]![line.year, default: Sums()].lines += 1
                sums[basis]![line.year]!.budget += budget
                sums[basis]![line.year]!.executed += executed
                sums[basis]![line.year]!.pairs.append((executed.fen, budget.fen))
            }
        }
        var windows: [CredibilityBasis: Set<Int>] = [:]
        for basis in CredibilityBasis.allCases {
            windows[basis] = Set(sums[basis]!.keys.sorted(by: >).prefix(window))
        }
        let years = windows[.original]!.union(windows[.adjusted]!).sorted()

        func measure(_ basis: CredibilityBasis, _ year: Int) -> CredibilityMeasure {
            guard let s = sums[basis]![year] else { return CredibilityMeasure(inWindow: windows[basis]!.contains(year)) }
            let composition = composition(s.pairs, executed: s.executed.fen, budget: s.budget.fen)
            let band = outturnBand(executed: s.executed.fen, budget: s.budget.fen)
            return CredibilityMeasure(lines: s.lines, budget: s.budget, executed: s.executed,
                                      inWindow: windows[basis]!.contains(year),
                                      outturn: band == nil ? nil : s.executed.ratio(to: s.budget),
                                      composition: composition?.ratio,
                                      outturnBand: band, compositionBand: composition?.band)
        }
        let rows = years.map { CredibilityYear(year: $0, original: measure(.original, $0), adjusted: measure(.adjusted, $0)) }
        func grades(_ basis: CredibilityBasis) -> (pi1: CredibilityGrade?, pi2: CredibilityGrade?) {
            let inWindow = rows.map { $0[basis] }.filter(\.inWindow)
            return (grade(inWindow.compactMap(\.outturnBand)), grade(inWindow.compactMap(\.compositionBand)))
        }
        let original = grades(.original), adjusted = grades(.adjusted)
        return CredibilityScore(level: level, department: department, unit: unit, years: rows,
                                pi1: original.pi1, pi2: original.pi2,
                                pi1Adjusted: adjusted.pi1, pi2Adjusted: adjusted.pi2)
    }

    /// a < b for two's-complement 128-bit values.
    private static func isLess(_ a: (high: Int64, low: UInt64), _ b: (high: Int64, low: UInt64)) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// |a − b| for unsigned 128-bit values.
    private static func difference(_ a: (high: UInt64, low: UInt64), _ b: (high: UInt64, low: UInt64)) -> (high: UInt64, low: UInt64) {
        let (big, small) = (a.high, a.low) >= (b.high, b.low) ? (a, b) : (b, a)
        let (low, borrow) = big.low.subtractingReportingOverflow(small.low)
        return (big.high - small.high - (borrow ? 1 : 0), low)
    }
}

/// An unsigned 256-bit integer (four 64-bit words, least significant first): room for n < 2⁶⁴ deviations of
/// < 2¹²⁷ each, times 100.
private struct Wide: Comparable {
    private var words: [UInt64] = [0, 0, 0, 0]

    init() {}

    init(_ value: (high: UInt64, low: UInt64)) { words = [value.low, value.high, 0, 0] }

    mutating func add(_ value: (high: UInt64, low: UInt64)) {
        var carry: UInt64 = 0
        for index in 0..<4 {
            let addend: UInt64 = index == 0 ? value.low : index == 1 ? value.high : 0
            let (partial, overflow1) = words[index].addingReportingOverflow(addend)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            words[index] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        precondition(carry == 0, "256-bit overflow")
    }

    func multiplied(by factor: UInt64) -> Wide {
        var result = Wide()
        var carry: UInt64 = 0
        for index in 0..<4 {
            let product = words[index].multipliedFullWidth(by: factor)
            let (low, overflow) = product.low.addingReportingOverflow(carry)
            result.words[index] = low
            carry = product.high + (overflow ? 1 : 0)
        }
        precondition(carry == 0, "256-bit overflow")
        return result
    }

    var doubleValue: Double {
        words.reversed().reduce(0.0) { $0 * 0x1p64 + Double($1) }
    }

    static func < (lhs: Wide, rhs: Wide) -> Bool {
        for index in (0..<4).reversed() where lhs.words[index] != rhs.words[index] {
            return lhs.words[index] < rhs.words[index]
        }
        return false
    }
}
