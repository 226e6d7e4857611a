import Foundation
import GRDB

/// Exceptional years: project-years a planner marks as not representative (2020–2022 under the pandemic, a
/// postponed event), so that forecasting leaves them out of fitting. Stored in `exceptional_year` (migration
/// v4), one row per project-year, with the reason as given ("" = marked without a reason).
///
/// ## Topics
/// - ``markExceptional(_:years:reason:)`` and ``clearExceptional(_:years:)`` change the marks, each in one
///   transaction, and return how many marks they added, changed or removed.
/// - ``exceptionalYears()`` reads every mark.
/// - ``StoredYear/exceptionalReason`` carries the mark in ``history(of:)``, ``histories(of:)`` and
///   ``forEachProjectYear(_:)``.
extension BudgetStore {
    /// Marks `years` of every project in `projects` as exceptional, with `reason` (whitespace around it
    /// trimmed; "" = no reason). A year may be marked before any figures exist for it.
    ///
    /// One transaction. Returns the number of marks added or changed: a project-year already marked with the
    /// same reason counts 0 (its `marked_at` is kept), one marked with another reason takes the new reason
    /// and counts 1.
    @discardableResult
    public func markExceptional(_ projects: [ProjectRef], years: [Int], reason: String) throws -> Int {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let markedAt = ISO8601DateFormatter().string(from: Date())
        let years = Array(Set(years)).sorted()
        return try write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO exceptional_year (project_id, year, reason, marked_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, year) DO UPDATE SET reason = excluded.reason, marked_at = excluded.marked_at
                WHERE reason <> excluded.reason
                """)
            var changed = 0
            for id in Set(projects.map(\.id)).sorted() {
                for year in years {
                    try statement.execute(arguments: [id, year, reason, markedAt])
                    changed += db.changesCount
                }
            }
            return changed
        }
    }

    /// Removes the exceptional mark of `years` from every project in `projects`. One transaction. Returns the
    /// number of marks removed (0 when none of those project-years was marked).
    @discardableResult
    public func clearExceptional(_ projects: [ProjectRef], years: [Int]) throws -> Int {
        let years = Array(Set(years)).sorted()
        return try write { db in
            let statement = try db.makeStatement(sql: "DELETE FROM exceptional_year WHERE project_id = ? AND year = ?")
            var removed = 0
            for id in Set(projects.map(\.id)).sorted() {
                for year in years {
                    try statement.execute(arguments: [id, year])
                    removed += db.changesCount
                }
            }
            return removed
        }
    }

    /// Every exceptional mark: project id → year → reason ("" = marked without a reason).
    public func exceptionalYears() throws -> [Int64: [Int: String]] {
        try read { db in
            var marks: [Int64: [Int: String]] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT project_id, year, reason FROM exceptional_year")
            while let row = try cursor.next() {
                marks[row[0], default: [:]][row[1]] = row[2]
            }
            return marks
        }
    }
}
