import BudgetCore
import Foundation
import GRDB

extension BudgetStore {
    /// Texts a form puts in 偏差原因分析及改进措施 to say "nothing to explain", compared after trimming and NFKC
    /// (so the full-width `／` and `－` count too).
    static let deviationPlaceholders: Set<String> = ["无", "不适用", "/", "-", "—"]

    /// The deviation reasons (偏差原因分析及改进措施) of every project-year's indicators: project id → year →
    /// the distinct non-empty reasons, trimmed of whitespace, in indicator position order (a reason repeated
    /// on several indicators appears once, where it first appears). Placeholders ("无", "不适用", "/", "-", "—")
    /// are left out; a project-year with no reason left is absent.
    public func deviationReasons() throws -> [Int64: [Int: [String]]] {
        try read { db in
            var reasons: [Int64: [Int: [String]]] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT project_id, year, deviation_reason FROM indicator
                WHERE deviation_reason IS NOT NULL AND deviation_reason <> ''
                ORDER BY project_id, year, position
                """)
            while let row = try cursor.next() {
                let text = (row[2] as String).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty,
                      !Self.deviationPlaceholders.contains(text.precomposedStringWithCompatibilityMapping) else { continue }
                let id: Int64 = row[0], year: Int = row[1]
                if reasons[id]?[year]?.contains(text) == true { continue }
                reasons[id, default: [:]][year, default: []].append(text)
            }
            return reasons
        }
    }

    /// The columns of an indicator row, in the order ``indicator(_:offset:)`` reads them.
    static let indicatorColumns = "level1, level2, level3, target, actual, weight, score, deviation_reason"

    /// The indicator in `row` from column `offset` on (``indicatorColumns``).
    static func indicator(_ row: Row, offset: Int = 0) -> Indicator {
        Indicator(level1: row[offset], level2: row[offset + 1], level3: row[offset + 2], target: row[offset + 3],
                  actual: row[offset + 4], weight: (row[offset + 5] as String?).flatMap(Score.init(text:)),
                  score: (row[offset + 6] as String?).flatMap(Score.init(text:)), deviationReason: row[offset + 7])
    }

    /// The performance indicators (绩效指标) of `project`, year → indicators in form order; years without
    /// any are absent.
    public func indicators(of project: ProjectRef) throws -> [Int: [Indicator]] {
        try read { db in
            var result: [Int: [Indicator]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT year, \(Self.indicatorColumns) FROM indicator WHERE project_id = ? ORDER BY year, position",
                                        arguments: [project.id]) {
                result[row[0], default: []].append(Self.indicator(row, offset: 1))
            }
            return result
        }
    }
}
