import BudgetCore
import GRDB

/// A project and where it sits.
public struct ProjectRef: Sendable, Equatable {
    public var id: Int64
    public var department: String
    public var unit: String
    public var name: String
    public var category: String?
    /// The data source (jurisdiction) of the project's department; "" when unnamed (a store from before data
    /// sources were recorded). Forecast peers never cross data sources.
    public var dataSource: String = ""
}

/// One project-year as stored: annual figures (if any) and the declaration (if any).
public struct StoredYear: Sendable {
    public var year: Int
    /// nil when the year has only a declaration.
    public var status: YearStatus?
    public var source: FigureSource?
    public var figures: AnnualFigures
    public var declaration: DeclarationFigures?
    /// Non-nil when the year is marked exceptional (forecasting leaves it out of fitting): the reason given,
    /// "" when marked without one. See ``BudgetStore/markExceptional(_:years:reason:)``.
    public var exceptionalReason: String?
}

/// A project with its whole stored history, in year order.
public struct ProjectHistory: Sendable {
    public var project: ProjectRef
    public var years: [StoredYear]

    /// The last year whose execution is final.
    public var lastClosed: StoredYear? { years.last { $0.status == .closed } }
}

/// One change recorded in the revision history.
public struct RevisionEntry: Sendable {
    public var batchID: Int64
    public var fileName: String
    public var importedAt: String
    public var year: Int?
    public var field: String
    public var oldValue: String?
    public var newValue: String?
}

extension BudgetStore {
    private static let figureSelect = """
        a.status, a.source, a.initial_budget, a.adjusted_budget, a.executed, a.appropriation, a.carryover,
        a.other_funds, a.execution_score, a.total_score,
        dc.project_id IS NOT NULL, dc.requested, dc.total_budget, dc.prior_budget, dc.prior_executed, e.reason
        """

    /// The tables ``figureSelect`` reads, joined to the keys `k` (one primary-key look-up each).
    private static let figureJoins = """
        LEFT JOIN annual_figures a ON a.project_id = k.project_id AND a.year = k.year
        LEFT JOIN declaration dc ON dc.project_id = k.project_id AND dc.year = k.year
        LEFT JOIN exceptional_year e ON e.project_id = k.project_id AND e.year = k.year
        """

    private static let keyedYears = """
        WITH keys AS (SELECT project_id, year FROM annual_figures UNION SELECT project_id, year FROM declaration)
        """

    /// Decodes the columns of ``figureSelect`` starting at `offset`.
    private static func storedYear(_ row: Row, year: Int, offset: Int) -> StoredYear {
        func money(_ index: Int) -> Money? { (row[offset + index] as Int64?).map(Money.init(fen:)) }
        func score(_ index: Int) -> Score? { (row[offset + index] as String?).flatMap(Score.init(text:)) }
        let figures = AnnualFigures(initialBudget: money(2), adjustedBudget: money(3), executed: money(4),
                                    appropriation: money(5), carryover: money(6), otherFunds: money(7),
                                    executionScore: score(8), totalScore: score(9))
        let hasDeclaration: Bool = row[offset + 10]
        let declaration = hasDeclaration ? DeclarationFigures(requested: money(11), totalBudget: money(12),
                                                              priorBudget: money(13), priorExecuted: money(14)) : nil
        return StoredYear(year: year,
                          status: (row[offset] as String?).flatMap(YearStatus.init(rawValue:)),
                          source: (row[offset + 1] as String?).flatMap(FigureSource.init(rawValue:)),
                          figures: figures, declaration: declaration, exceptionalReason: row[offset + 15])
    }

    private static let projectSelect = """
        SELECT p.id, d.name, u.name, p.name, p.category, d.data_source FROM project p
        JOIN unit u ON u.id = p.unit_id JOIN department d ON d.id = u.department_id
        """

    /// Reads the six columns of ``projectSelect`` (id, department, unit, name, category, data source).
    private static func projectRef(_ row: Row) -> ProjectRef {
        ProjectRef(id: row[0], department: row[1], unit: row[2], name: row[3], category: row[4], dataSource: row[5])
    }

    /// All projects, optionally only those whose department or unit match key contains the given text,
    /// ordered by department, unit and name.
    public func projects(department: String? = nil, unit: String? = nil) throws -> [ProjectRef] {
        try read { db in
            let departmentKey = department.map(NameKey.matchKey) ?? ""
            let unitKey = unit.map(NameKey.matchKey) ?? ""
            return try Row.fetchAll(db, sql: Self.projectSelect + """
                 WHERE instr(d.match_key, ?) > 0 AND instr(u.match_key, ?) > 0
                ORDER BY d.name, u.name, p.name, p.id
                """, arguments: [departmentKey, unitKey]).map(Self.projectRef)
        }
    }

    /// Projects whose name (or alias) has the same match key as `name`; when none does, those whose key
    /// contains it. `unit` narrows by unit name the same way: an exact unit name first, else part of one, else
    /// — a unit named like the department — the department's projects that have no unit.
    /// `department` then keeps those of the department of that name (match key), when any is: a unit name that
    /// two departments use (San Diego's `Facilities Services`) names one project per department.
    public func findProjects(named name: String, unit: String? = nil, department: String?) throws -> [ProjectRef] {
        let found = try findProjects(named: name, unit: unit)
        guard found.count > 1, let department, !department.isEmpty else { return found }
        let key = NameKey.matchKey(department)
        let inDepartment = found.filter { NameKey.matchKey($0.department) == key }
        return inDepartment.isEmpty ? found : inDepartment
    }

    /// ``findProjects(named:unit:department:)`` in every department.
    public func findProjects(named name: String, unit: String? = nil) throws -> [ProjectRef] {
        let key = NameKey.matchKey(name)
        let unitKey = unit.map(NameKey.matchKey) ?? ""
        return try read { db in
            // A unit named like its department (a request's 实施单位 = 主管部门, as many forms print it) is the
            // department's own projects, stored without a unit.
            let unitTests = unitKey.isEmpty ? ["1"] : ["u.match_key = ?", "instr(u.match_key, ?) > 0", "(u.match_key = '' AND d.match_key = ?)"]
            let nameTests = ["(p.match_key = ? OR p.id IN (SELECT project_id FROM project_alias WHERE match_key = ?))",
                             "instr(p.match_key, ?) > 0"]
            for nameTest in nameTests {
                for unitTest in unitTests {
                    var arguments: StatementArguments = nameTest.contains("alias") ? [key, key] : [key]
                    if !unitKey.isEmpty { arguments += [unitKey] }
                    let rows = try Row.fetchAll(db, sql: Self.projectSelect + """
                         WHERE \(nameTest) AND \(unitTest) ORDER BY d.name, u.name, p.name, p.id
                        """, arguments: arguments)
                    if !rows.isEmpty { return rows.map(Self.projectRef) }
                }
            }
            return []
        }
    }

    /// The projects named exactly `name` (NFKC match key) or having it as an alias or short name, in any unit.
    public func projectIDs(namedExactly name: String) throws -> Set<Int64> {
        let key = NameKey.matchKey(name)
        return try read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT id FROM project WHERE match_key = ? UNION SELECT project_id FROM project_alias WHERE match_key = ?
                """, arguments: [key, key]))
        }
    }

    /// The stored history of one project.
    public func history(of project: ProjectRef) throws -> ProjectHistory {
        try read { db in
            let rows = try Row.fetchAll(db, sql: Self.keyedYears + """
                SELECT k.year, \(Self.figureSelect) FROM keys k
                \(Self.figureJoins)
                WHERE k.project_id = ? ORDER BY k.year
                """, arguments: [project.id])
            return ProjectHistory(project: project, years: rows.map { Self.storedYear($0, year: $0[0], offset: 1) })
        }
    }

    /// The histories of the given projects, in the given order (``forEachHistory(of:_:)`` collected).
    public func histories(of projects: [ProjectRef]) throws -> [ProjectHistory] {
        var histories = [ProjectHistory?](repeating: nil, count: projects.count)
        try forEachHistory(of: projects) { index, history in histories[index] = history }
        return histories.map { $0! }
    }

    /// Calls `body` once for each of `projects` with its index in `projects` and its history, in the store's
    /// key order (not the given order), without holding more than one project's years at a time. One scan of
    /// the clustered `annual_figures` table in key order (a year's declaration and exceptional mark looked up
    /// by key; no sort), with the few years that only have a declaration read first and merged into place.
    /// `projects` must not repeat an id.
    public func forEachHistory(of projects: [ProjectRef], _ body: (Int, ProjectHistory) throws -> Void) throws {
        var position: [Int64: Int] = [:]
        position.reserveCapacity(projects.count)
        for (index, project) in projects.enumerated() { position[project.id] = index }
        var emitted = [Bool](repeating: false, count: projects.count)
        try read { db in
            var declarationsOnly: [Int: [StoredYear]] = [:]
            let declarations = try Row.fetchCursor(db, sql: """
                SELECT dc.project_id, dc.year, \(Self.figureSelect) FROM declaration dc
                LEFT JOIN annual_figures a ON a.project_id = dc.project_id AND a.year = dc.year
                LEFT JOIN exceptional_year e ON e.project_id = dc.project_id AND e.year = dc.year
                WHERE a.project_id IS NULL
                """)
            while let row = try declarations.next() {
                guard let index = position[row[0]] else { continue }
                declarationsOnly[index, default: []].append(Self.storedYear(row, year: row[1], offset: 2))
            }
            func emit(_ index: Int, _ figureYears: [StoredYear]) throws {
                var years = figureYears
                if let extra = declarationsOnly[index] {
                    years += extra
                    years.sort { $0.year < $1.year }
                }
                emitted[index] = true
                try body(index, ProjectHistory(project: projects[index], years: years))
            }
            let figures = try Row.fetchCursor(db, sql: """
                SELECT a.project_id, a.year, \(Self.figureSelect) FROM annual_figures a
                LEFT JOIN declaration dc ON dc.project_id = a.project_id AND dc.year = a.year
                LEFT JOIN exceptional_year e ON e.project_id = a.project_id AND e.year = a.year
                ORDER BY a.project_id, a.year
                """)
            var currentID: Int64?, current: Int?
            var years: [StoredYear] = []
            while let row = try figures.next() {
                let id: Int64 = row[0]
                if id != currentID {
                    if let current { try emit(current, years) }
                    currentID = id
                    current = position[id]
                    years.removeAll(keepingCapacity: true)
                }
                guard current != nil else { continue }
                years.append(Self.storedYear(row, year: row[1], offset: 2))
            }
            if let current { try emit(current, years) }
            for index in projects.indices where !emitted[index] { try emit(index, []) }
        }
    }

    /// The revision history of one project, oldest first.
    public func revisions(of project: ProjectRef) throws -> [RevisionEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.batch_id, b.file_name, b.imported_at, r.year, r.field, r.old_value, r.new_value
                FROM revision r JOIN import_batch b ON b.id = r.batch_id WHERE r.project_id = ? ORDER BY r.id
                """, arguments: [project.id]).map {
                RevisionEntry(batchID: $0[0], fileName: $0[1], importedAt: $0[2], year: $0[3], field: $0[4],
                              oldValue: $0[5], newValue: $0[6])
            }
        }
    }

    /// Every project-year in export order (department, unit, project name, year), streamed to `body`.
    public func forEachProjectYear(_ body: (ProjectRef, StoredYear) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: Self.keyedYears + """
                SELECT p.id, d.name, u.name, p.name, p.category, d.data_source, k.year, \(Self.figureSelect) FROM keys k
                JOIN project p ON p.id = k.project_id JOIN unit u ON u.id = p.unit_id
                JOIN department d ON d.id = u.department_id
                \(Self.figureJoins)
                ORDER BY d.name, u.name, p.name, p.id, k.year
                """)
            var current: ProjectRef?
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                if current?.id != id { current = Self.projectRef(row) }
                try body(current!, Self.storedYear(row, year: row[6], offset: 7))
            }
        }
    }

    /// The data sources (jurisdictions) of the departments that hold projects, distinct and sorted; "" stands
    /// for the unnamed source of a store made before data sources were recorded.
    public func dataSources() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT d.data_source FROM department d
                WHERE EXISTS (SELECT 1 FROM unit u JOIN project p ON p.unit_id = u.id WHERE u.department_id = d.id)
                """).sorted()
        }
    }

    /// The number of projects and of project-years with figures.
    public func counts() throws -> (projects: Int, projectYears: Int, batches: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM project") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM annual_figures") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM import_batch") ?? 0)
        }
    }
}

extension BudgetStore {
    /// Records `alias` as another name of `project` within its unit, so imports and look-ups under that name
    /// find it. Returns false when the alias was already recorded for this project. Throws
    /// ``StoreError/ambiguous(_:)`` when the alias is already another project's name or alias in the unit.
    @discardableResult
    public func addAlias(_ alias: String, to project: ProjectRef) throws -> Bool {
        let key = NameKey.matchKey(alias)
        guard !key.isEmpty else { throw StoreError.notFound("the alias is blank") }
        if let problem = NameRules.problem(in: alias) { throw StoreError.notFound("the alias \(problem)") }
        do {
            return try database.write { db in
                let unitID = try Int64.fetchOne(db, sql: "SELECT unit_id FROM project WHERE id = ?", arguments: [project.id])!
                if let other = try String.fetchOne(db, sql: """
                    SELECT name FROM project WHERE unit_id = ? AND match_key = ? AND id <> ?
                    UNION ALL
                    SELECT project.name FROM project_alias JOIN project ON project.id = project_alias.project_id
                    WHERE project_alias.unit_id = ? AND project_alias.match_key = ? AND project_alias.project_id <> ?
                    """, arguments: [unitID, key, project.id, unitID, key, project.id]) {
                    throw StoreError.ambiguous("""
                        "\(alias)" already names the project "\(other)" in unit "\(project.unit)"; if it is the same \
                        project, `budget alias --merge "\(project.name)" "\(alias)"` folds it into this one
                        """)
                }
                if key == NameKey.matchKey(project.name) { return false }
                try db.execute(sql: """
                    INSERT INTO project_alias (unit_id, match_key, alias, project_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """, arguments: [unitID, key, NameKey.displayName(alias), project.id])
                return db.changesCount > 0
            }
        } catch let error as DatabaseError {
            throw storeError(writing: error)
        }
    }

    /// The aliases of a project, as written.
    public func aliases(of project: ProjectRef) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT alias FROM project_alias WHERE project_id = ? ORDER BY alias", arguments: [project.id])
        }
    }
}

/// A finding as stored with its import batch.
public struct StoredFinding: Sendable {
    public var batchID: Int64
    public var finding: Finding
}

extension BudgetStore {
    /// Every stored finding (of every batch), ordered by unit, project, year, file, line; optionally only of
    /// one year, and of units and projects whose match key contains the given text.
    public func findings(year: Int? = nil, unit: String? = nil, project: String? = nil) throws -> [StoredFinding] {
        let unitKey = unit.map(NameKey.matchKey) ?? "", projectKey = project.map(NameKey.matchKey) ?? ""
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT batch_id, severity, file, line, field, message, unit, project, year, material FROM finding
                WHERE (? IS NULL OR year = ?)
                ORDER BY coalesce(unit, ''), coalesce(project, ''), coalesce(year, 0), file, line, id
                """, arguments: [year, year]).filter { row in
                (unitKey.isEmpty || NameKey.matchKey(row[6] ?? "").contains(unitKey))
                    && (projectKey.isEmpty || NameKey.matchKey(row[7] ?? "").contains(projectKey))
            }.map { row in
                StoredFinding(batchID: row[0], finding: Finding(
                    Finding.Severity(rawValue: row[1]) ?? .warning, file: row[2], line: row[3], field: row[4],
                    message: row[5], unit: row[6], project: row[7], year: row[8], material: row[9]))
            }
        }
    }
}
