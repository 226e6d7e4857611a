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
public final class HistoryWriter {
    let db: Database
    public let batchID: Int64
    let file: String
    let currentYear: Int

    public private(set) var inserted = 0
    public private(set) var updated = 0
    public private(set) var unchanged = 0
    public private(set) var revisions = 0
    /// Warnings raised while applying rows (for example declared vs reported disagreements).
    public private(set) var warnings: [Finding] = []

    private var departmentIDs: [String: Int64] = [:]
    private var unitIDs: [UnitKey: Int64] = [:]
    private var projectCache: [String: CachedProject] = [:]
    private var projectsCreatedHere: Set<Int64> = []
    private var linesByProjectYear: [ProjectYear: Int] = [:]

    private struct UnitKey: Hashable { var departmentID: Int64; var key: String }
    private struct ProjectYear: Hashable { var projectID: Int64; var year: Int }
    private struct CachedProject { var id: Int64; var category: String? }

    init(db: Database, batchID: Int64, file: String, currentYear: Int) {
        self.db = db
        self.batchID = batchID
        self.file = file
        self.currentYear = currentYear
    }

    /// Applies one row. Throws ``RowRejection`` for a row that cannot be placed (nothing of it is written),
    /// or a database error.
    @discardableResult
    public func apply(_ row: HistoryRow) throws -> RowOutcome {
        let projectID = try resolveProject(row)
        let key = ProjectYear(projectID: projectID, year: row.year)
        if let earlier = linesByProjectYear[key] {
            throw RowRejection(field: "year", message: "repeats project \"\(row.project)\" year \(row.year) of line \(earlier)")
        }
        linesByProjectYear[key] = row.line

        var outcomes: [RowOutcome] = []
        if let categoryOutcome = try updateCategory(projectID: projectID, row: row) { outcomes.append(categoryOutcome) }
        if !row.figures.isEmpty {
            outcomes.append(try upsertFigures(projectID: projectID, year: row.year, new: row.figures,
                                              explicitStatus: row.status, source: row.source, line: row.line))
        }
        if !row.declaration.isEmpty {
            outcomes.append(try upsertDeclaration(projectID: projectID, year: row.year, new: row.declaration))
            let declaredPrior = AnnualFigures(adjustedBudget: row.declaration.priorBudget,
                                              executed: row.declaration.priorExecuted)
            if !declaredPrior.isEmpty {
                let status: YearStatus? = declaredPrior.executed != nil && row.year - 1 < currentYear ? .closed : nil
                outcomes.append(try upsertFigures(projectID: projectID, year: row.year - 1, new: declaredPrior,
                                                  explicitStatus: status, source: .declared, line: row.line))
            }
        }
        let outcome: RowOutcome = outcomes.contains(.inserted) ? .inserted
            : outcomes.contains(.updated) ? .updated : .unchanged
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

    private func unitID(department: String, unit: String) throws -> Int64 {
        let departmentID = try departmentID(department)
        let key = NameKey.matchKey(unit)
        let cacheKey = UnitKey(departmentID: departmentID, key: key)
        if let id = unitIDs[cacheKey] { return id }
        var id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM unit WHERE department_id = ? AND match_key = ?"),
            arguments: [departmentID, key])
        if id == nil, !key.isEmpty {
            if departmentID == 1 {
                // No department given: use the one unit of that name, wherever it is.
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT unit.id, department.name FROM unit JOIN department ON department.id = unit.department_id
                    WHERE unit.match_key = ? ORDER BY department.name
                    """), arguments: [key])
                if rows.count > 1 {
                    let names = rows.map { "\"\($0[1] as String)\"" }.joined(separator: ", ")
                    throw RowRejection(field: "unit", message: "unit \"\(unit)\" exists under departments \(names); give the department")
                }
                id = rows.first?[0]
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
        unitIDs[cacheKey] = id!
        return id!
    }

    private func resolveProject(_ row: HistoryRow) throws -> Int64 {
        let cacheKey = row.department + "\u{1F}" + row.unit + "\u{1F}" + row.project
        if let cached = projectCache[cacheKey] { return cached.id }
        let key = NameKey.matchKey(row.project)
        guard !key.isEmpty else { throw RowRejection(field: "project", message: "the project name is blank") }
        let found: Row?
        if NameKey.matchKey(row.unit).isEmpty {
            found = try uniqueProject(key: key, department: row.department, project: row.project)
        } else {
            let unitID = try unitID(department: row.department, unit: row.unit)
            found = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, category FROM project WHERE unit_id = ? AND match_key = ?
                UNION ALL
                SELECT project.id, project.category FROM project_alias JOIN project ON project.id = project_alias.project_id
                WHERE project_alias.unit_id = ? AND project_alias.match_key = ?
                LIMIT 1
                """), arguments: [unitID, key, unitID, key])
        }
        let cached: CachedProject
        if let found {
            cached = CachedProject(id: found[0], category: found[1])
        } else {
            let unitID = try unitID(department: row.department, unit: row.unit)
            let category = row.category.map(NameKey.displayName)
            try db.cachedStatement(sql: "INSERT INTO project (unit_id, name, match_key, category) VALUES (?, ?, ?, ?)")
                .execute(arguments: [unitID, NameKey.displayName(row.project), key, category])
            cached = CachedProject(id: db.lastInsertedRowID, category: category)
            projectsCreatedHere.insert(cached.id)
        }
        projectCache[cacheKey] = cached
        return cached.id
    }

    /// A row without a unit: the one project of that name (within the department, if given), or nil.
    private func uniqueProject(key: String, department: String, project: String) throws -> Row? {
        let departmentKey = NameKey.matchKey(department)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT project.id, project.category, unit.name, department.name FROM project
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

    private func updateCategory(projectID: Int64, row: HistoryRow) throws -> RowOutcome? {
        guard let raw = row.category, !raw.isEmpty else { return nil }
        let category = NameKey.displayName(raw)
        let cacheKey = row.department + "\u{1F}" + row.unit + "\u{1F}" + row.project
        guard let cached = projectCache[cacheKey], cached.category != category else { return nil }
        try db.cachedStatement(sql: "UPDATE project SET category = ? WHERE id = ?").execute(arguments: [category, projectID])
        if !projectsCreatedHere.contains(projectID) {
            try recordRevision(projectID: projectID, year: nil, field: "category", old: cached.category, new: category)
        }
        projectCache[cacheKey]?.category = category
        return .updated
    }

    // MARK: - Figures

    private static let figureColumns = ["initial_budget", "adjusted_budget", "executed", "appropriation",
                                        "carryover", "other_funds", "execution_score", "total_score"]

    private static func values(_ figures: AnnualFigures) -> [DatabaseValue] {
        let money = [figures.initialBudget, figures.adjustedBudget, figures.executed, figures.appropriation,
                     figures.carryover, figures.otherFunds].map { $0?.fen.databaseValue ?? .null }
        return money + [figures.executionScore?.text.databaseValue ?? .null, figures.totalScore?.text.databaseValue ?? .null]
    }

    private static func text(of value: DatabaseValue, column: String) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let fen): column.hasSuffix("score") ? String(fen) : Money(fen: fen).plainText
        case .string(let text): text
        default: value.description
        }
    }

    private func inferredStatus(year: Int, executedKnown: Bool) -> YearStatus {
        year >= currentYear || !executedKnown ? .open : .closed
    }

    private func upsertFigures(projectID: Int64, year: Int, new incoming: AnnualFigures, explicitStatus: YearStatus?,
                               source: FigureSource, line: Int) throws -> RowOutcome {
        var new = incoming
        let existing = try fetchOrInsertFigures(projectID: projectID, year: year, new: &new,
                                                explicitStatus: explicitStatus, source: source)
        guard let existing else { return new.isEmpty ? .unchanged : .inserted }

        let storedStatus = YearStatus(rawValue: existing["status"]) ?? .open
        let storedSource = FigureSource(rawValue: existing["source"]) ?? .reported
        let storedValues: [DatabaseValue] = (2..<10).map { existing[$0] }

        if source == .declared && storedSource == .reported {
            // Reported figures win; say where the declaration disagrees with them.
            for (index, value) in Self.values(new).enumerated() where !value.isNull && !storedValues[index].isNull
                && value != storedValues[index] {
                let column = Self.figureColumns[index]
                warnings.append(Finding(.warning, file: file, line: line, field: column == "executed" ? "prior_executed" : "prior_budget",
                    message: "declared \(year) \(column) \(Self.text(of: value, column: column) ?? "") differs from the reported \(Self.text(of: storedValues[index], column: column) ?? ""); the reported figure is kept"))
            }
            return .unchanged
        }

        var status = explicitStatus ?? storedStatus
        if explicitStatus == nil, storedStatus == .open, new.executed != nil, new.executed != .zero, year < currentYear {
            status = .closed
        }
        if status == .open, new.executed == .zero { new.executed = nil }
        let newSource: FigureSource = source == .reported ? .reported : storedSource

        var merged = storedValues
        var changes: [(field: String, old: String?, new: String?)] = []
        for (index, value) in Self.values(new).enumerated() where !value.isNull && value != storedValues[index] {
            let column = Self.figureColumns[index]
            changes.append((column, Self.text(of: storedValues[index], column: column), Self.text(of: value, column: column)))
            merged[index] = value
        }
        if status != storedStatus { changes.append(("status", storedStatus.rawValue, status.rawValue)) }
        if newSource != storedSource { changes.append(("source", storedSource.rawValue, newSource.rawValue)) }
        if changes.isEmpty { return .unchanged }

        try db.cachedStatement(sql: """
            UPDATE annual_figures SET status = ?, source = ?, initial_budget = ?, adjusted_budget = ?, executed = ?,
                appropriation = ?, carryover = ?, other_funds = ?, execution_score = ?, total_score = ?, batch_id = ?
            WHERE project_id = ? AND year = ?
            """).execute(arguments: StatementArguments(
                [status.rawValue.databaseValue, newSource.rawValue.databaseValue] + merged
                + [batchID.databaseValue, projectID.databaseValue, year.databaseValue]))
        for change in changes {
            try recordRevision(projectID: projectID, year: year, field: change.field, old: change.old, new: change.new)
        }
        return .updated
    }

    /// Inserts the figures when the project-year has none yet (returning nil), else returns the stored row.
    /// A project created in this batch is tried with an insert first, skipping the lookup (the fast path of
    /// a first import); the lookup follows only if that project-year was already written in this batch.
    private func fetchOrInsertFigures(projectID: Int64, year: Int, new: inout AnnualFigures,
                                      explicitStatus: YearStatus?, source: FigureSource) throws -> Row? {
        let select = """
            SELECT status, source, initial_budget, adjusted_budget, executed, appropriation, carryover, other_funds,
                   execution_score, total_score FROM annual_figures WHERE project_id = ? AND year = ?
            """
        if !projectsCreatedHere.contains(projectID),
           let existing = try Row.fetchOne(db.cachedStatement(sql: select), arguments: [projectID, year]) {
            return existing
        }
        let status = explicitStatus ?? inferredStatus(year: year, executedKnown: new.executed != nil)
        var inserted = new
        if status == .open, inserted.executed == .zero { inserted.executed = nil }
        if inserted.isEmpty { new = inserted; return nil }
        try db.cachedStatement(sql: """
            INSERT INTO annual_figures (project_id, year, status, source, initial_budget, adjusted_budget, executed,
                appropriation, carryover, other_funds, execution_score, total_score, batch_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: StatementArguments(
                [projectID.databaseValue, year.databaseValue, status.rawValue.databaseValue, source.rawValue.databaseValue]
                + Self.values(inserted) + [batchID.databaseValue]))
        if db.changesCount == 1 { new = inserted; return nil }
        return try Row.fetchOne(db.cachedStatement(sql: select), arguments: [projectID, year])
    }

    private static let declarationColumns = ["requested", "total_budget", "prior_budget", "prior_executed"]

    private func upsertDeclaration(projectID: Int64, year: Int, new: DeclarationFigures) throws -> RowOutcome {
        let values = [new.requested, new.totalBudget, new.priorBudget, new.priorExecuted].map { $0?.fen.databaseValue ?? .null }
        // Each project-year appears once per batch (checked in apply), so a project created in this batch
        // has no declaration stored yet.
        let existing: Row? = projectsCreatedHere.contains(projectID) ? nil : try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT requested, total_budget, prior_budget, prior_executed FROM declaration WHERE project_id = ? AND year = ?
                """), arguments: [projectID, year])
        guard let existing else {
            try db.cachedStatement(sql: """
                INSERT INTO declaration (project_id, year, requested, total_budget, prior_budget, prior_executed, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: StatementArguments([projectID.databaseValue, year.databaseValue] + values + [batchID.databaseValue]))
            return .inserted
        }
        let stored: [DatabaseValue] = (0..<4).map { existing[$0] }
        var merged = stored
        var changed = false
        for (index, value) in values.enumerated() where !value.isNull && value != stored[index] {
            let column = Self.declarationColumns[index]
            try recordRevision(projectID: projectID, year: year, field: column,
                               old: Self.text(of: stored[index], column: column), new: Self.text(of: value, column: column))
            merged[index] = value
            changed = true
        }
        guard changed else { return .unchanged }
        try db.cachedStatement(sql: """
            UPDATE declaration SET requested = ?, total_budget = ?, prior_budget = ?, prior_executed = ?, batch_id = ?
            WHERE project_id = ? AND year = ?
            """).execute(arguments: StatementArguments(merged + [batchID.databaseValue, projectID.databaseValue, year.databaseValue]))
        return .updated
    }

    private func recordRevision(projectID: Int64, year: Int?, field: String, old: String?, new: String?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO revision (batch_id, project_id, year, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [batchID, projectID, year, field, old, new])
        revisions += 1
    }
}
