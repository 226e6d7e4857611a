import BudgetCore
import GRDB

/// Applies imported rows to the store inside one import transaction, keeping provenance.
///
/// Contract, per row:
/// - Department, unit and project are found by their NFKC match keys (``NameKey``), or created. A unit is
///   named within its department; a project within its unit (or by a project alias). When the row leaves
///   the department or unit blank and exactly one stored entity fits, that one is used; more than one is a
///   ``RowRejection`` ("ambiguous").
/// - A figure given in the row replaces the stored one when it differs, and the change is written to the
///   revision history (old value, new value, this batch). A blank (unknown) figure never erases a stored one.
/// - `declared` figures (the prior year of a target declaration) never overwrite `reported` ones; a
///   disagreement is a warning. Reported figures replace declared ones.
/// - Status: the row's explicit status, else inferred: a year at or after `currentYear`, or without an
///   executed amount, is open. In an open year a zero executed amount means "nothing final yet" and is
///   stored as unknown, so an open year never reads as 0% executed.
/// - The same project-year twice in one batch is a rejection naming the earlier line.
/// - Data source (jurisdiction): a department new to the store (one holding no other project, such as the
///   "not given" department of a fresh store) takes the row's data source, else the batch's. An existing department keeps its data source
///   unless the name is explicit (``DataSourceName/isExplicit``): then it moves, with a warning naming the old
///   and the new source. Two explicit names for one department in one batch are a rejection.
public final class HistoryWriter {
    let db: Database
    public let batchID: Int64
    let file: String
    let currentYear: Int
    /// The batch's data source, for rows that state none.
    let dataSource: DataSourceName

    public private(set) var inserted = 0
    public private(set) var updated = 0
    public private(set) var unchanged = 0
    public private(set) var revisions = 0
    /// Existing departments moved to another data source by an explicit name.
    public private(set) var dataSourceMoves = 0
    /// Warnings raised while applying rows (for example declared vs reported disagreements).
    public private(set) var warnings: [Finding] = []
    /// How many rows of projects stored before this batch to compare with their stored figures (0: none); see
    /// ``storedNeighbours``.
    public var neighbourSampleLimit = 0
    /// For the first ``neighbourSampleLimit`` rows whose project was stored before this batch: the row's figures
    /// beside the project's stored figures of the nearest year (the same year, else 1, 2 or 3 years away) that
    /// this batch has not written. Read through the lookup the writer makes anyway, before the row is written;
    /// a row of a project new in this batch costs nothing.
    public private(set) var storedNeighbours: [StoredNeighbour] = []

    private var departmentIDs: [String: Int64] = [:]
    private var unitIDs: [UnitKey: UnitPlace] = [:]
    /// Units by the raw bytes of (department, unit) as written, so a new project of a known unit costs no
    /// normalization.
    private var unitIDsByRawName: [[UInt8]: UnitPlace] = [:]
    /// The data source of each department this batch placed a row in: the name, the line that settled it and
    /// whether that name was explicit.
    private var settledSources: [Int64: (name: String, line: Int, explicit: Bool)] = [:]
    /// Departments named as new in this batch (they take a later explicit name without a move).
    private var departmentsNamedHere: Set<Int64> = []
    private var projectCache: [NameTriple: CachedProject] = [:]
    private var projectsCreatedHere: Set<Int64> = []
    private var linesByProjectYear: [Int64: Int32] = [:]
    /// The last row's project: rows of one project usually come together, so most rows skip the cache.
    private var lastProject: (names: NameTriple, project: CachedProject)?

    private struct UnitKey: Hashable { var departmentID: Int64; var key: String }
    /// A unit and the department it is in (not the row's when a row without department found it elsewhere).
    private struct UnitPlace { var unitID: Int64; var departmentID: Int64 }

    /// A row's (department, unit, project) as written, hashed and compared by their UTF-8 bytes: hashing a
    /// `String` normalizes it (slow for Chinese text), and the cache only needs byte equality, since
    /// different spellings still meet at the match-key lookup.
    private struct NameTriple: Hashable {
        let department: String
        let unit: String
        let project: String

        init(_ row: HistoryRow) {
            department = row.department
            unit = row.unit
            project = row.project
        }

        func hash(into hasher: inout Hasher) {
            Self.combine(project, into: &hasher)
            Self.combine(unit, into: &hasher)
            Self.combine(department, into: &hasher)
        }

        private static func combine(_ name: String, into hasher: inout Hasher) {
            var name = name
            name.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            hasher.combine(0x1F as UInt8)
        }

        static func == (lhs: NameTriple, rhs: NameTriple) -> Bool {
            lhs.project.utf8.elementsEqual(rhs.project.utf8) && lhs.unit.utf8.elementsEqual(rhs.unit.utf8)
                && lhs.department.utf8.elementsEqual(rhs.department.utf8)
        }
    }

    private struct CachedProject {
        var id: Int64
        var departmentID: Int64
        var category: String?
        /// The category text as last seen in a row, to skip normalizing an unchanged value.
        var rawCategory: String?
    }

    /// The transaction's first store failure: once there is one, no row is applied.
    let failure: StoreFailure

    init(db: Database, batchID: Int64, file: String, currentYear: Int, dataSource: DataSourceName = .unnamed,
         failure: StoreFailure = StoreFailure()) {
        self.db = db
        self.batchID = batchID
        self.file = file
        self.currentYear = currentYear
        self.dataSource = dataSource
        self.failure = failure
    }

    /// Sizes the per-batch bookkeeping for about `rows` rows (a hint; avoids rehashing on large files).
    public func reserveCapacity(rows: Int) {
        linesByProjectYear.reserveCapacity(rows)
    }

    /// Applies one row. Throws ``RowRejection`` for a row that cannot be placed (nothing of it is written),
    /// or a database error (a store failure: the import transaction throws it as a ``StoreError``).
    @discardableResult
    public func apply(_ row: HistoryRow) throws -> RowOutcome {
        try failure.guarding { try applyRow(row) }
    }

    private func applyRow(_ row: HistoryRow) throws -> RowOutcome {
        let names = NameTriple(row)
        var project: CachedProject
        if let lastProject, lastProject.names == names {
            project = lastProject.project
        } else {
            project = try resolveProject(row, names: names)
        }
        if let own = row.dataSource, settledSources[project.departmentID]?.name != own.name {
            try settleDataSource(departmentID: project.departmentID, newProjectID: nil, row: row)
        }
        let projectID = project.id
        let key = projectID << 16 | Int64(row.year & 0xFFFF)
        if let earlier = linesByProjectYear.updateValue(Int32(truncatingIfNeeded: row.line), forKey: key) {
            linesByProjectYear[key] = earlier
            throw RowRejection(field: "year", message: "repeats project \"\(row.project)\" year \(row.year) of line \(earlier)")
        }

        var anyInserted = false, anyUpdated = false
        func note(_ outcome: RowOutcome) {
            if outcome == .inserted { anyInserted = true } else if outcome == .updated { anyUpdated = true }
        }
        let seenCategory = project.rawCategory
        if let categoryOutcome = try updateCategory(&project, row: row) { note(categoryOutcome) }
        if project.rawCategory != seenCategory { projectCache[names] = project }
        lastProject = (names, project)
        var figures = row.figures
        if storedNeighbours.count < neighbourSampleLimit, !figures.isEmpty, !projectsCreatedHere.contains(projectID) {
            try sampleNeighbour(projectID: projectID, row: row)
        }
        if row.totalScoreIsComputed, let computed = figures.totalScore,
           let stored = try storedFigures(projectID: projectID, year: row.year)?.values.scores[1], stored != computed.text {
            figures.totalScore = nil
            warnings.append(Finding(.warning, file: file, line: row.line, field: "total_score", message:
                "the form prints no total score; the \(computed.text) computed from its scores does not replace the stored total \(stored)"))
        }
        if !figures.isEmpty {
            note(try upsertFigures(projectID: projectID, year: row.year, new: figures,
                                   explicitStatus: row.status, source: row.source, line: row.line))
        }
        if !row.declaration.isEmpty {
            note(try upsertDeclaration(projectID: projectID, year: row.year, new: row.declaration))
            let declaredPrior = AnnualFigures(adjustedBudget: row.declaration.priorBudget,
                                              executed: row.declaration.priorExecuted)
            if !declaredPrior.isEmpty {
                let status: YearStatus? = declaredPrior.executed != nil && row.year - 1 < currentYear ? .closed : nil
                note(try upsertFigures(projectID: projectID, year: row.year - 1, new: declaredPrior,
                                       explicitStatus: status, source: .declared, line: row.line))
            }
        }
        if let indicators = row.indicators, try replaceIndicators(projectID: projectID, year: row.year, indicators, row: row) {
            anyUpdated = true
        }
        if let detail = row.formDetail, try replaceFormDetail(projectID: projectID, year: row.year, detail) {
            anyUpdated = true
        }
        let outcome: RowOutcome = anyInserted ? .inserted : anyUpdated ? .updated : .unchanged
        switch outcome {
        case .inserted: inserted += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        }
        return outcome
    }

    // MARK: - Entities

    private func departmentID(_ name: String) throws -> Int64 {
        let key = NameKey.matchKey(name)
        if key.isEmpty { return 1 }
        if let id = departmentIDs[key] { return id }
        let id: Int64
        if let found = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM department WHERE match_key = ?"),
                                          arguments: [key]) {
            id = found
        } else {
            try db.cachedStatement(sql: "INSERT INTO department (name, match_key) VALUES (?, ?)")
                .execute(arguments: [NameKey.displayName(name), key])
            id = db.lastInsertedRowID
        }
        departmentIDs[key] = id
        return id
    }

    private func unitPlace(department: String, unit: String) throws -> UnitPlace {
        let rawName = Array(department.utf8) + [0x1F] + Array(unit.utf8)
        if let place = unitIDsByRawName[rawName] { return place }
        let place = try resolveUnit(department: department, unit: unit)
        unitIDsByRawName[rawName] = place
        return place
    }

    private func resolveUnit(department: String, unit: String) throws -> UnitPlace {
        let departmentID = try departmentID(department)
        let key = NameKey.matchKey(unit)
        let cacheKey = UnitKey(departmentID: departmentID, key: key)
        if let place = unitIDs[cacheKey] { return place }
        var placeDepartmentID = departmentID
        var id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM unit WHERE department_id = ? AND match_key = ?"),
            arguments: [departmentID, key])
        if id == nil, !key.isEmpty {
            if departmentID == 1 {
                // No department given: use the one unit of that name, wherever it is.
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT unit.id, department.name, department.id FROM unit JOIN department ON department.id = unit.department_id
                    WHERE unit.match_key = ? ORDER BY department.name
                    """), arguments: [key])
                if rows.count > 1 {
                    let names = rows.map { "\"\($0[1] as String)\"" }.joined(separator: ", ")
                    throw RowRejection(field: "unit", message: "unit \"\(unit)\" exists under departments \(names); give the department")
                }
                if let row = rows.first {
                    id = row[0]
                    placeDepartmentID = row[2]
                }
            } else if let orphan = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM unit WHERE department_id = 1 AND match_key = ?"),
                arguments: [key]) {
                // The unit was first seen without its department: now we know it.
                try db.cachedStatement(sql: "UPDATE unit SET department_id = ? WHERE id = ?")
                    .execute(arguments: [departmentID, orphan])
                id = orphan
            }
        }
        if id == nil {
            try db.cachedStatement(sql: "INSERT INTO unit (department_id, name, match_key) VALUES (?, ?, ?)")
                .execute(arguments: [departmentID, NameKey.displayName(unit), key])
            id = db.lastInsertedRowID
        }
        let place = UnitPlace(unitID: id!, departmentID: placeDepartmentID)
        unitIDs[cacheKey] = place
        return place
    }

    private func resolveProject(_ row: HistoryRow, names: NameTriple) throws -> CachedProject {
        if let cached = projectCache[names] { return cached }
        for (field, name) in [("project", row.project), ("unit", row.unit), ("department", row.department),
                              ("category", row.category ?? "")] {
            if let problem = NameRules.problem(in: name) {
                throw RowRejection(field: field, message: "the \(field) name \(problem)")
            }
        }
        let key = NameKey.matchKey(row.project)
        guard !key.isEmpty else { throw RowRejection(field: "project", message: "the project name is blank") }
        var found: Row?
        var departmentID: Int64 = 1
        if Self.isBlank(row.unit) {
            found = try uniqueProject(key: key, department: row.department, project: row.project)
            if let found { departmentID = found[4] }
        } else {
            let place = try unitPlace(department: row.department, unit: row.unit)
            departmentID = place.departmentID
            found = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, category FROM project WHERE unit_id = ? AND match_key = ?
                UNION ALL
                SELECT project.id, project.category FROM project_alias JOIN project ON project.id = project_alias.project_id
                WHERE project_alias.unit_id = ? AND project_alias.match_key = ?
                LIMIT 1
                """), arguments: [place.unitID, key, place.unitID, key])
        }
        let cached: CachedProject
        if let found {
            cached = CachedProject(id: found[0], departmentID: departmentID, category: found[1], rawCategory: nil)
            try settleDataSource(departmentID: departmentID, newProjectID: nil, row: row)
        } else {
            let place = try unitPlace(department: row.department, unit: row.unit)
            let category = row.category.map(NameKey.displayName)
            try db.cachedStatement(sql: "INSERT INTO project (unit_id, name, match_key, category) VALUES (?, ?, ?, ?)")
                .execute(arguments: [place.unitID, NameKey.displayName(row.project), key, category])
            cached = CachedProject(id: db.lastInsertedRowID, departmentID: place.departmentID, category: category,
                                   rawCategory: row.category)
            projectsCreatedHere.insert(cached.id)
            try registerShortName(of: NameKey.displayName(row.project), projectID: cached.id, unitID: place.unitID)
            try settleDataSource(departmentID: place.departmentID, newProjectID: cached.id, row: row)
        }
        projectCache[names] = cached
        return cached
    }

    /// Gives the department the data source the row (else the batch) names, when the department is new to the
    /// store or the name is explicit; see the type's contract. `newProjectID` is the project the row has just
    /// created, if any (a department whose only project it is counts as new).
    private func settleDataSource(departmentID: Int64, newProjectID: Int64?, row: HistoryRow) throws {
        let wanted = row.dataSource ?? dataSource
        if let problem = NameRules.problem(in: wanted.name) {
            throw RowRejection(field: "data_source", message: "the data source name \(problem)")
        }
        if let settled = settledSources[departmentID] {
            if settled.name == wanted.name {
                if wanted.isExplicit && !settled.explicit { settledSources[departmentID] = (wanted.name, row.line, true) }
                return
            }
            if !wanted.isExplicit { return }
            if settled.explicit {
                let name = try String.fetchOne(db, sql: "SELECT name FROM department WHERE id = ?", arguments: [departmentID]) ?? ""
                throw RowRejection(field: "data_source", message:
                    "\(Self.describeDepartment(name)) is in data source \"\(settled.name)\" on line \(settled.line); this row says \"\(wanted.name)\"")
            }
        }
        guard let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, data_source FROM department WHERE id = ?"),
                                            arguments: [departmentID]) else { return }
        let name: String = stored[0], current: String = stored[1]
        if current == wanted.name {
            settledSources[departmentID] = (current, row.line, wanted.isExplicit)
            return
        }
        var isNew = departmentsNamedHere.contains(departmentID)
        if !isNew {
            // A department holding no project but the one this row has just created is new to the store (also
            // the "not given" department of a fresh store, or one whose units all moved to their department).
            let holdsOthers = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM unit JOIN project ON project.unit_id = unit.id
                               WHERE unit.department_id = ? AND project.id <> ?)
                """), arguments: [departmentID, newProjectID ?? 0]) ?? true
            isNew = !holdsOthers
        }
        guard isNew || wanted.isExplicit else {
            settledSources[departmentID] = (current, row.line, false)
            return
        }
        try db.cachedStatement(sql: "UPDATE department SET data_source = ? WHERE id = ?").execute(arguments: [wanted.name, departmentID])
        if isNew {
            departmentsNamedHere.insert(departmentID)
        } else {
            dataSourceMoves += 1
            func source(_ name: String) -> String { name.isEmpty ? "the unnamed data source" : "data source \"\(name)\"" }
            warnings.append(Finding(.warning, file: file, line: row.line, field: "data_source",
                message: "\(Self.describeDepartment(name)) moved from \(source(current)) to \(source(wanted.name))"))
        }
        settledSources[departmentID] = (wanted.name, row.line, wanted.isExplicit)
    }

    private static func describeDepartment(_ name: String) -> String {
        name.isEmpty ? "the department not given (主管部门 blank)" : "department \"\(name)\""
    }

    /// Names drift: a project filed as `世贸事务管理-贸易摩擦应对事务` one year is `贸易摩擦应对事务` another. For a
    /// new project whose name is a Chinese prefix, a hyphen and a Chinese name (both with ideographs), the part after the first hyphen
    /// becomes an alias within the unit — unless a project or alias of the unit already has that name.
    /// (Latin names such as `Non-Personnel` are left alone: there the hyphen is part of the word.)
    private func registerShortName(of name: String, projectID: Int64, unitID: Int64) throws {
        guard let hyphen = name.firstIndex(where: { $0 == "-" || $0 == "－" }) else { return }
        let prefix = name[..<hyphen], short = name[name.index(after: hyphen)...]
        func isChinese(_ text: Substring) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        guard isChinese(prefix), isChinese(short) else { return }
        let key = NameKey.matchKey(String(short))
        let taken = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM project WHERE unit_id = ? AND match_key = ?)
                OR EXISTS (SELECT 1 FROM project_alias WHERE unit_id = ? AND match_key = ?)
            """, arguments: [unitID, key, unitID, key]) ?? true
        guard !taken else { return }
        try db.execute(sql: "INSERT INTO project_alias (unit_id, match_key, alias, project_id) VALUES (?, ?, ?, ?)",
                       arguments: [unitID, key, String(short), projectID])
    }

    /// True for an empty or all-whitespace name (cheap: stops at the first other character).
    private static func isBlank(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// A row without a unit: the one project of that name (within the department, if given), or nil.
    private func uniqueProject(key: String, department: String, project: String) throws -> Row? {
        let departmentKey = NameKey.matchKey(department)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT project.id, project.category, unit.name, department.name, department.id FROM project
            JOIN unit ON unit.id = project.unit_id JOIN department ON department.id = unit.department_id
            WHERE project.match_key = ? AND (? = '' OR department.match_key = ?)
            ORDER BY department.name, unit.name
            """), arguments: [key, departmentKey, departmentKey])
        if rows.count > 1 {
            let places = rows.map { "\"\($0[3] as String)/\($0[2] as String)\"" }.joined(separator: ", ")
            throw RowRejection(field: "unit", message: "project \"\(project)\" exists in several units (\(places)); give the unit")
        }
        return rows.first
    }

    /// Sets the project's category when the row gives a different one (a revision for a stored project).
    private func updateCategory(_ project: inout CachedProject, row: HistoryRow) throws -> RowOutcome? {
        guard let raw = row.category, !raw.isEmpty, raw != project.rawCategory else { return nil }
        project.rawCategory = raw
        let category = NameKey.displayName(raw)
        guard project.category != category else { return nil }
        try db.cachedStatement(sql: "UPDATE project SET category = ? WHERE id = ?").execute(arguments: [category, project.id])
        if !projectsCreatedHere.contains(project.id) {
            try recordRevision(projectID: project.id, year: nil, field: "category", old: project.category, new: category)
        }
        project.category = category
        return .updated
    }

    // MARK: - Figures

    /// The stored form of a year's figures: six amounts in fen, two scores as decimal text.
    struct FigureValues: Equatable {
        static let columns = ["initial_budget", "adjusted_budget", "executed", "appropriation", "carryover",
                              "other_funds", "execution_score", "total_score"]
        var amounts: [Int64?]
        var scores: [String?]

        init(_ figures: AnnualFigures) {
            amounts = [figures.initialBudget?.fen, figures.adjustedBudget?.fen, figures.executed?.fen,
                       figures.appropriation?.fen, figures.carryover?.fen, figures.otherFunds?.fen]
            scores = [figures.executionScore?.text, figures.totalScore?.text]
        }

        init(amounts: [Int64?], scores: [String?]) {
            self.amounts = amounts
            self.scores = scores
        }

        /// Field `index` (in ``columns`` order) as revision text: amounts as `82694.30`, scores as written.
        func text(_ index: Int) -> String? {
            index < 6 ? amounts[index].map { Money(fen: $0).plainText } : scores[index - 6]
        }

        func isKnown(_ index: Int) -> Bool { index < 6 ? amounts[index] != nil : scores[index - 6] != nil }

        func equals(_ other: FigureValues, at index: Int) -> Bool {
            index < 6 ? amounts[index] == other.amounts[index] : scores[index - 6] == other.scores[index - 6]
        }

        mutating func take(_ index: Int, from other: FigureValues) {
            if index < 6 { amounts[index] = other.amounts[index] } else { scores[index - 6] = other.scores[index - 6] }
        }
    }

    private struct StoredFigures {
        var status: YearStatus
        var source: FigureSource
        var values: FigureValues
    }

    private lazy var insertFigures = Result { try PreparedStatement(db, sql: """
        INSERT INTO annual_figures (project_id, year, status, source, initial_budget, adjusted_budget, executed,
            appropriation, carryover, other_funds, execution_score, total_score, batch_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """) }
    private lazy var selectFigures = Result { try PreparedStatement(db, sql: """
        SELECT status, source, initial_budget, adjusted_budget, executed, appropriation, carryover, other_funds,
               execution_score, total_score FROM annual_figures WHERE project_id = ? AND year = ?
        """) }
    private lazy var updateFigures = Result { try PreparedStatement(db, sql: """
        UPDATE annual_figures SET status = ?, source = ?, initial_budget = ?, adjusted_budget = ?, executed = ?,
            appropriation = ?, carryover = ?, other_funds = ?, execution_score = ?, total_score = ?, batch_id = ?
        WHERE project_id = ? AND year = ?
        """) }

    /// Binds status, source and the eight values from parameter `first` on.
    private static func bind(_ statement: PreparedStatement, status: YearStatus, source: FigureSource,
                             values: FigureValues, from first: Int32) {
        statement.bind(first, status.rawValue)
        statement.bind(first + 1, source.rawValue)
        for (offset, amount) in values.amounts.enumerated() { statement.bind(first + 2 + Int32(offset), amount) }
        for (offset, score) in values.scores.enumerated() { statement.bind(first + 8 + Int32(offset), score) }
    }

    private func storedFigures(projectID: Int64, year: Int) throws -> StoredFigures? {
        let select = try selectFigures.get()
        select.bind(1, projectID)
        select.bind(2, Int64(year))
        return try select.firstRow { row in
            StoredFigures(status: YearStatus(rawValue: row.text(0) ?? "") ?? .open,
                          source: FigureSource(rawValue: row.text(1) ?? "") ?? .reported,
                          values: FigureValues(amounts: (2..<8).map { row.int64(Int32($0)) },
                                               scores: [row.text(8), row.text(9)]))
        }
    }

    /// Adds the row's ``StoredNeighbour`` when the store holds its project's figures of the nearest year within 3
    /// (reported, not written by this batch).
    private func sampleNeighbour(projectID: Int64, row: HistoryRow) throws {
        for offset in [0, -1, 1, -2, 2, -3, 3] {
            let year = row.year + offset
            if offset != 0, linesByProjectYear[projectID << 16 | Int64(year & 0xFFFF)] != nil { continue }
            guard let stored = try storedFigures(projectID: projectID, year: year), stored.source == .reported else { continue }
            let amounts = stored.values.amounts.map { $0.map(Money.init(fen:)) }
            let figures = AnnualFigures(initialBudget: amounts[0], adjustedBudget: amounts[1], executed: amounts[2],
                                        appropriation: amounts[3], carryover: amounts[4], otherFunds: amounts[5])
            storedNeighbours.append(StoredNeighbour(projectID: projectID, project: row.project, line: row.line, year: row.year,
                                                    storedYear: year, incoming: row.figures, stored: figures))
            return
        }
    }

    private func inferredStatus(year: Int, executedKnown: Bool) -> YearStatus {
        year >= currentYear || !executedKnown ? .open : .closed
    }

    private func upsertFigures(projectID: Int64, year: Int, new incoming: AnnualFigures, explicitStatus: YearStatus?,
                               source: FigureSource, line: Int) throws -> RowOutcome {
        var new = incoming
        // A project created in this batch is tried with an insert first, skipping the lookup (the fast path
        // of a first import); the lookup follows only if that project-year was already written in this batch.
        var existing = projectsCreatedHere.contains(projectID) ? nil : try storedFigures(projectID: projectID, year: year)
        if existing == nil {
            let status = explicitStatus ?? inferredStatus(year: year, executedKnown: new.executed != nil)
            var inserted = new
            if status == .open, inserted.executed == .zero { inserted.executed = nil }
            if inserted.isEmpty { return .unchanged }
            let insert = try insertFigures.get()
            insert.bind(1, projectID)
            insert.bind(2, Int64(year))
            insert.bind(3, status.rawValue)
            insert.bind(4, source.rawValue)
            insert.bind(5, inserted.initialBudget?.fen)
            insert.bind(6, inserted.adjustedBudget?.fen)
            insert.bind(7, inserted.executed?.fen)
            insert.bind(8, inserted.appropriation?.fen)
            insert.bind(9, inserted.carryover?.fen)
            insert.bind(10, inserted.otherFunds?.fen)
            insert.bind(11, inserted.executionScore?.text)
            insert.bind(12, inserted.totalScore?.text)
            insert.bind(13, batchID)
            if try insert.execute() == 1 { return .inserted }
            existing = try storedFigures(projectID: projectID, year: year)
        }
        guard let stored = existing else { return .unchanged }
        let incomingValues = FigureValues(new)

        if source == .declared && stored.source == .reported {
            // Reported figures win; say where the declaration disagrees with them.
            for index in FigureValues.columns.indices where incomingValues.isKnown(index) && stored.values.isKnown(index)
                && !incomingValues.equals(stored.values, at: index) {
                let column = FigureValues.columns[index]
                warnings.append(Finding(.warning, file: file, line: line, field: column == "executed" ? "prior_executed" : "prior_budget",
                    message: "declared \(year) \(column) \(incomingValues.text(index) ?? "") differs from the reported \(stored.values.text(index) ?? ""); the reported figure is kept"))
            }
            return .unchanged
        }

        if source == .reported && stored.source == .declared {
            // The year's own record replaces what a later declaration said of it; say where they disagree.
            for index in [1, 2] where incomingValues.isKnown(index) && stored.values.isKnown(index)
                && !incomingValues.equals(stored.values, at: index) {
                let column = FigureValues.columns[index]
                warnings.append(Finding(.warning, file: file, line: line, field: column,
                    message: "\(year) \(column) \(incomingValues.text(index) ?? "") differs from the \(stored.values.text(index) ?? "") a declaration stated for that year; the year's own figure is kept"))
            }
        }

        var status = explicitStatus ?? stored.status
        if explicitStatus == nil, stored.status == .open, new.executed != nil, new.executed != .zero, year < currentYear {
            status = .closed
        }
        if status == .open, new.executed == .zero { new.executed = nil }
        let newValues = FigureValues(new)
        let newSource: FigureSource = source == .reported ? .reported : stored.source

        var merged = stored.values
        var changes: [(field: String, old: String?, new: String?)] = []
        for index in FigureValues.columns.indices where newValues.isKnown(index) && !newValues.equals(stored.values, at: index) {
            changes.append((FigureValues.columns[index], stored.values.text(index), newValues.text(index)))
            merged.take(index, from: newValues)
        }
        if status != stored.status { changes.append(("status", stored.status.rawValue, status.rawValue)) }
        if newSource != stored.source { changes.append(("source", stored.source.rawValue, newSource.rawValue)) }
        if changes.isEmpty { return .unchanged }

        let update = try updateFigures.get()
        Self.bind(update, status: status, source: newSource, values: merged, from: 1)
        update.bind(11, batchID)
        update.bind(12, projectID)
        update.bind(13, Int64(year))
        try update.execute()
        for change in changes {
            try recordRevision(projectID: projectID, year: year, field: change.field, old: change.old, new: change.new)
        }
        return .updated
    }

    private static let declarationColumns = ["requested", "total_budget", "prior_budget", "prior_executed"]

    private lazy var insertDeclaration = Result { try PreparedStatement(db, sql: """
        INSERT INTO declaration (project_id, year, requested, total_budget, prior_budget, prior_executed, batch_id)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """) }
    private lazy var selectDeclaration = Result { try PreparedStatement(db, sql: """
        SELECT requested, total_budget, prior_budget, prior_executed FROM declaration WHERE project_id = ? AND year = ?
        """) }

    private func upsertDeclaration(projectID: Int64, year: Int, new: DeclarationFigures) throws -> RowOutcome {
        let values = [new.requested?.fen, new.totalBudget?.fen, new.priorBudget?.fen, new.priorExecuted?.fen]
        if projectsCreatedHere.contains(projectID) {
            let insert = try insertDeclaration.get()
            insert.bind(1, projectID)
            insert.bind(2, Int64(year))
            for (offset, value) in values.enumerated() { insert.bind(3 + Int32(offset), value) }
            insert.bind(7, batchID)
            if try insert.execute() == 1 { return .inserted }
        }
        let select = try selectDeclaration.get()
        select.bind(1, projectID)
        select.bind(2, Int64(year))
        guard let stored = try select.firstRow({ row in (0..<4).map { row.int64(Int32($0)) } }) else {
            try db.execute(sql: """
                INSERT INTO declaration (project_id, year, requested, total_budget, prior_budget, prior_executed, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [projectID, year, values[0], values[1], values[2], values[3], batchID])
            return .inserted
        }
        var merged = stored
        var changed = false
        for (index, value) in values.enumerated() where value != nil && value != stored[index] {
            try recordRevision(projectID: projectID, year: year, field: Self.declarationColumns[index],
                               old: stored[index].map { Money(fen: $0).plainText }, new: value.map { Money(fen: $0).plainText })
            merged[index] = value
            changed = true
        }
        guard changed else { return .unchanged }
        try db.execute(sql: """
            UPDATE declaration SET requested = ?, total_budget = ?, prior_budget = ?, prior_executed = ?, batch_id = ?
            WHERE project_id = ? AND year = ?
            """, arguments: [merged[0], merged[1], merged[2], merged[3], batchID, projectID, year])
        return .updated
    }

    // MARK: - Indicators

    /// Replaces the performance indicators of a project-year with `indicators` (in form order) when they
    /// differ from the stored ones. A change to stored indicators is one revision (field `indicators`, old and
    /// new counts). Fewer rows than stored is also a warning naming the form's line: a form cut inside its
    /// table looks whole, and its shorter table would otherwise replace the stored one without a word.
    /// Returns whether anything changed.
    private func replaceIndicators(projectID: Int64, year: Int, _ indicators: [Indicator], row: HistoryRow) throws -> Bool {
        let stored = try Row.fetchAll(db, sql: """
            SELECT \(BudgetStore.indicatorColumns) FROM indicator WHERE project_id = ? AND year = ? ORDER BY position
            """, arguments: [projectID, year]).map { BudgetStore.indicator($0) }
        guard stored != indicators else { return false }
        // Indicators with results (a self-evaluation's) are not replaced by targets alone (a declaration's).
        let targetsOnly = indicators.allSatisfy { $0.actual == nil && $0.score == nil }
        if targetsOnly && stored.contains(where: { $0.actual != nil || $0.score != nil }) { return false }
        try db.execute(sql: "DELETE FROM indicator WHERE project_id = ? AND year = ?", arguments: [projectID, year])
        for (position, indicator) in indicators.enumerated() {
            try db.execute(sql: """
                INSERT INTO indicator (project_id, year, position, level1, level2, level3, target, actual, weight, score,
                    deviation_reason, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [projectID, year, position + 1, indicator.level1, indicator.level2, indicator.level3,
                                  indicator.target, indicator.actual, indicator.weight?.text, indicator.score?.text,
                                  indicator.deviationReason, batchID])
        }
        if !stored.isEmpty {
            try recordRevision(projectID: projectID, year: year, field: "indicators",
                               old: "\(stored.count) rows", new: "\(indicators.count) rows")
        }
        if indicators.count < stored.count {
            let kept = zip(stored, indicators).prefix { $0 == $1 }.count
            warnings.append(Finding(.warning, file: file, line: row.line, field: "indicators", message: """
                \(year): the \(stored.count) stored indicator rows are replaced by this form's \(indicators.count)\
                \(kept == indicators.count ? " (the first \(kept), as stored: the rest are gone)" : ""); if the form was cut, \
                import the whole form again (`budget history --revisions` shows the change)
                """, unit: row.unit, project: row.project, year: year))
        }
        return true
    }

    // MARK: - Form details

    /// Replaces the stored form detail of this kind (and, for a declaration, its sub-projects) when it differs.
    /// A change to a stored detail is one revision (field `form_detail`). Returns whether anything changed.
    private func replaceFormDetail(projectID: Int64, year: Int, _ detail: FormDetail) throws -> Bool {
        let row = try Row.fetchOne(db, sql: """
            SELECT planned_start, planned_end, goal_expected, goal_achieved, stated_rate, execution_weight
            FROM form_detail WHERE project_id = ? AND year = ? AND kind = ?
            """, arguments: [projectID, year, detail.kind.rawValue])
        let subProjects = try Row.fetchAll(db, sql: """
            SELECT name, amount FROM sub_project WHERE project_id = ? AND year = ? ORDER BY position
            """, arguments: [projectID, year]).map { (name: $0[0] as String, amount: Money(fen: $0[1])) }
        let stored = row.map { row in
            FormDetail(kind: detail.kind, plannedStart: row[0], plannedEnd: row[1], goalExpected: row[2], goalAchieved: row[3],
                       statedRate: row[4], executionWeight: (row[5] as String?).flatMap(Score.init(text:)),
                       subProjects: detail.kind == .declaration ? subProjects : [])
        }
        let new = detail.kind == .declaration ? detail : FormDetail(
            kind: detail.kind, plannedStart: detail.plannedStart, plannedEnd: detail.plannedEnd, goalExpected: detail.goalExpected,
            goalAchieved: detail.goalAchieved, statedRate: detail.statedRate, executionWeight: detail.executionWeight)
        guard stored != new else { return false }
        try db.execute(sql: """
            INSERT OR REPLACE INTO form_detail (project_id, year, kind, planned_start, planned_end, goal_expected,
                goal_achieved, stated_rate, execution_weight, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [projectID, year, new.kind.rawValue, new.plannedStart, new.plannedEnd, new.goalExpected,
                              new.goalAchieved, new.statedRate, new.executionWeight?.text, batchID])
        if new.kind == .declaration {
            try db.execute(sql: "DELETE FROM sub_project WHERE project_id = ? AND year = ?", arguments: [projectID, year])
            for (position, sub) in new.subProjects.enumerated() {
                try db.execute(sql: """
                    INSERT INTO sub_project (project_id, year, position, name, amount, batch_id) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [projectID, year, position + 1, sub.name, sub.amount.fen, batchID])
            }
        }
        if stored != nil {
            try recordRevision(projectID: projectID, year: year, field: "form_detail", old: "\(new.kind.rawValue) form", new: "replaced")
        }
        return true
    }

    private func recordRevision(projectID: Int64, year: Int?, field: String, old: String?, new: String?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO revision (batch_id, project_id, year, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [batchID, projectID, year, field, old, new])
        revisions += 1
    }
}

/// A row's figures beside those its project held in the store before the batch (see
/// ``HistoryWriter/storedNeighbours``): what a check of the amounts' unit compares.
public struct StoredNeighbour: Sendable {
    public var projectID: Int64
    /// The project as the row names it.
    public var project: String
    public var line: Int
    public var year: Int
    /// The stored year compared: `year`, or the nearest one within 3 years.
    public var storedYear: Int
    public var incoming: AnnualFigures
    public var stored: AnnualFigures
}
