import BudgetCore
import Foundation
import GRDB

/// What a merge moved.
public struct MergeSummary: Sendable, Equatable {
    /// Years whose rows moved to the kept project (it had none for them).
    public var yearsMoved: [Int]
    /// Years both projects held with the same figures: the merged project's copy was dropped.
    public var yearsAlike: [Int]
    /// Years both held with different figures, where the merged project's won (`preferOther`).
    public var yearsTaken: [Int]

    public init(yearsMoved: [Int], yearsAlike: [Int], yearsTaken: [Int] = []) {
        self.yearsMoved = yearsMoved
        self.yearsAlike = yearsAlike
        self.yearsTaken = yearsTaken
    }
}

extension BudgetStore {
    /// Merges project `other` into `keep` (the same unit): a second project that is really the same one, made
    /// by a name read differently (an OCR misreading, an old name) before an alias could say so. All or
    /// nothing, in one transaction:
    /// - each year only `other` holds (figures, declaration, indicators, form details, sub-projects, an
    ///   exceptional mark) moves to `keep`; a year both hold must agree on every figure and declared amount both
    ///   know (a figure only one knows is kept or taken over; `keep`'s indicators and details stay, `other`'s
    ///   fill what `keep` lacks), else nothing is changed and the differing years and fields are named
    ///   (``StoreError/ambiguous(_:)``) — unless `preferOther`, when `other`'s figures win there, each
    ///   change a revision of the merge's batch;
    /// - the findings stored under `other`'s name (in its unit) are filed under `keep`'s;
    /// - `other`'s revisions and aliases move to `keep`, its name becomes an alias of `keep`, a missing
    ///   category is taken from it, and it is deleted;
    /// - the merge is recorded as a batch (format `merge`) with a revision `merged` on `keep`.
    public func merge(_ other: ProjectRef, into keep: ProjectRef, preferOther: Bool = false) throws -> MergeSummary {
        guard other.id != keep.id else { throw StoreError.ambiguous("\"\(other.name)\" and \"\(keep.name)\" are the same project") }
        do {
            return try database.write { db in
                let units = try Int64.fetchAll(db, sql: "SELECT unit_id FROM project WHERE id IN (?, ?) ORDER BY id = ?",
                                               arguments: [other.id, keep.id, keep.id])
                guard units.count == 2, units[0] == units[1] else {
                    throw StoreError.ambiguous("\"\(other.name)\" (\(other.unit)) and \"\(keep.name)\" (\(keep.unit)) are in different units: only projects of one unit are merged")
                }
                // Conflicts: a year both hold in a table with different figures there.
                var moved = Set<Int>(), alike = Set<Int>(), conflicts: [String] = []
                for table in Self.comparedTables {
                    let otherYears = try Self.rows(db, table, project: other.id)
                    let keptYears = try Self.rows(db, table, project: keep.id)
                    for (year, row) in otherYears {
                        guard let kept = keptYears[year] else { moved.insert(year); continue }
                        // Known in both and different; a figure one of them lacks is taken from the other.
                        let differing = zip(table.columns, zip(row, kept))
                            .filter { !$0.1.0.isNull && !$0.1.1.isNull && $0.1.0 != $0.1.1 }.map(\.0)
                        if differing.isEmpty { alike.insert(year) } else { conflicts.append("\(year) (\(differing.joined(separator: ", ")))") }
                    }
                }
                var replaced: [(table: String, year: Int, column: String, old: DatabaseValue, new: DatabaseValue)] = []
                if preferOther {
                    for table in Self.comparedTables {
                        let otherYears = try Self.rows(db, table, project: other.id)
                        let keptYears = try Self.rows(db, table, project: keep.id)
                        for (year, row) in otherYears {
                            guard let kept = keptYears[year] else { continue }
                            for (column, (new, old)) in zip(table.columns, zip(row, kept)) where !new.isNull && !old.isNull && new != old {
                                replaced.append((table.name, year, column, old, new))
                            }
                        }
                    }
                    conflicts = []
                }
                guard conflicts.isEmpty else {
                    throw StoreError.ambiguous("""
                        "\(other.name)" and "\(keep.name)" differ in \(conflicts.sorted().joined(separator: "; ")): nothing was merged. \
                        Correct one of them by importing its figures again, or give --prefer-other to take its figures
                        """)
                }
                for change in replaced {
                    try db.execute(sql: "UPDATE \(change.table) SET \(change.column) = ? WHERE project_id = ? AND year = ?",
                                   arguments: [change.new, keep.id, change.year])
                }
                for table in Self.comparedTables {
                    let fill = table.columns.map { "\($0) = coalesce(\($0), (SELECT o.\($0) FROM \(table.name) o WHERE o.project_id = ?2 AND o.year = \(table.name).year))" }
                    try db.execute(sql: """
                        UPDATE \(table.name) SET \(fill.joined(separator: ", "))
                        WHERE project_id = ?1 AND year IN (SELECT year FROM \(table.name) WHERE project_id = ?2)
                        """, arguments: [keep.id, other.id])
                }
                // What the kept project lacks moves to it; the rest of the other's rows go with it.
                let moves = [
                    ("annual_figures", "year"), ("declaration", "year"), ("indicator", "year"), ("sub_project", "year"),
                    ("exceptional_year", "year"), ("form_detail", "year, kind"),
                ]
                for (table, key) in moves {
                    try db.execute(sql: """
                        UPDATE \(table) SET project_id = ?1 WHERE project_id = ?2
                            AND (\(key)) NOT IN (SELECT \(key) FROM \(table) WHERE project_id = ?1)
                        """, arguments: [keep.id, other.id])
                    try db.execute(sql: "DELETE FROM \(table) WHERE project_id = ?", arguments: [other.id])
                }
                try db.execute(sql: "UPDATE revision SET project_id = ? WHERE project_id = ?", arguments: [keep.id, other.id])
                try db.execute(sql: "UPDATE project_alias SET project_id = ? WHERE project_id = ?", arguments: [keep.id, other.id])
                try db.execute(sql: """
                    UPDATE project SET category = (SELECT category FROM project WHERE id = ?) WHERE id = ? AND category IS NULL
                    """, arguments: [other.id, keep.id])
                try db.execute(sql: "DELETE FROM project WHERE id = ?", arguments: [other.id])
                try db.execute(sql: "UPDATE finding SET project = ?, unit = ? WHERE project = ? AND coalesce(unit, '') IN (?, '')",
                               arguments: [keep.name, keep.unit, other.name, other.unit])
                try db.execute(sql: """
                    INSERT INTO project_alias (unit_id, match_key, alias, project_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """, arguments: [units[0], NameKey.matchKey(other.name), other.name, keep.id])
                try db.execute(sql: """
                    INSERT INTO import_batch (file_name, sha256, format, encoding, options, imported_at,
                        rows_read, rows_inserted, rows_updated, rows_unchanged, rows_skipped)
                    VALUES (?, '', 'merge', '', '', ?, 0, 0, ?, 0, 0)
                    """, arguments: ["budget alias --merge", ISO8601DateFormatter().string(from: Date()), moved.subtracting(alike).count])
                let batchID = db.lastInsertedRowID
                for change in replaced {
                    try db.execute(sql: """
                        INSERT INTO revision (batch_id, project_id, year, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [batchID, keep.id, change.year, Self.revisionField(change.table, change.column),
                                         Self.revisionText(change.column, change.old), Self.revisionText(change.column, change.new)])
                }
                try db.execute(sql: """
                    INSERT INTO revision (batch_id, project_id, year, field, old_value, new_value) VALUES (?, ?, NULL, 'merged', ?, ?)
                    """, arguments: [batchID, keep.id, other.name, keep.name])
                let taken = Set(replaced.map(\.year))
                return MergeSummary(yearsMoved: moved.subtracting(alike).subtracting(taken).sorted(),
                                    yearsAlike: alike.subtracting(taken).sorted(), yearsTaken: taken.sorted())
            }
        } catch let error as DatabaseError {
            throw storeError(writing: error)
        }
    }

    /// The tables whose figures must agree on a year both projects hold, with the columns compared.
    private static let comparedTables: [(name: String, columns: [String])] = [
        ("annual_figures", ["status", "initial_budget", "adjusted_budget", "executed", "appropriation", "carryover",
                            "other_funds", "execution_score", "total_score"]),
        ("declaration", ["requested", "total_budget", "prior_budget", "prior_executed"]),
    ]

    /// The revision field of a column, as imports name it.
    private static func revisionField(_ table: String, _ column: String) -> String { column }

    /// A stored value as revisions show it: amounts (integer fen) as `1234.50`, the rest as stored.
    private static func revisionText(_ column: String, _ value: DatabaseValue) -> String? {
        if ["status", "execution_score", "total_score"].contains(column) { return String.fromDatabaseValue(value) ?? value.description }
        return Int64.fromDatabaseValue(value).map { Money(fen: $0).plainText } ?? value.description
    }

    /// Each year's compared columns of a project in `table`, as stored.
    private static func rows(_ db: Database, _ table: (name: String, columns: [String]), project: Int64) throws -> [Int: [DatabaseValue]] {
        var rows: [Int: [DatabaseValue]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT year, \(table.columns.joined(separator: ", ")) FROM \(table.name) WHERE project_id = ?",
                                    arguments: [project]) {
            rows[row[0]] = (1...table.columns.count).map { row[$0] as DatabaseValue }
        }
        return rows
    }
}
