import BudgetCore
import Store

/// Amounts read in the wrong unit: figures in 万元 read as 元 are 10,000 times too small, figures in 元 read
/// as 万元 10,000 times too large. Two checks, both warnings:
/// - ``storedMismatch(_:file:)``: a file's amounts against the store's figures of the same projects;
/// - ``JumpCheck``: one project's consecutive rows within a file.
///
/// Contract: a ratio is "about 10,000" when it lies in ``suspicious`` (3,000 to 30,000), or its inverse does. The
/// figure compared is the first of adjusted budget, initial budget and executed amount that both sides know
/// and that is not zero.
enum UnitScaleCheck {
    static let suspicious: ClosedRange<Double> = 3_000...30_000

    /// How many rows of stored projects an import compares with the store (``HistoryWriter/neighbourSampleLimit``).
    static let sampleRows = 200

    /// The figure compared, by column name, from two sets of figures: the first both know, non-zero.
    static func comparable(_ a: AnnualFigures, _ b: AnnualFigures) -> (column: String, a: Money, b: Money)? {
        for (column, path) in [("adjusted_budget", \AnnualFigures.adjustedBudget), ("initial_budget", \.initialBudget),
                               ("executed", \.executed)] {
            if let x = a[keyPath: path], let y = b[keyPath: path], x != .zero, y != .zero { return (column, x, y) }
        }
        return nil
    }

    /// 10,000 or 1/10,000 when `ratio` is about that, else nil.
    static func scale(_ ratio: Double) -> Double? {
        if suspicious.contains(ratio) { return 10_000 }
        if ratio > 0, suspicious.contains(1 / ratio) { return 1.0 / 10_000 }
        return nil
    }

    /// A warning when the median, over the projects compared, of (file ÷ store) is about 10,000 or 1/10,000. Each
    /// project counts once, by its row nearest in time to a stored year.
    static func storedMismatch(_ neighbours: [StoredNeighbour], file: String) -> Finding? {
        var nearest: [Int64: (distance: Int, ratio: Double, storedYear: Int)] = [:]
        for neighbour in neighbours {
            guard let pair = comparable(neighbour.incoming, neighbour.stored), pair.a.fen > 0, pair.b.fen > 0 else { continue }
            let distance = abs(neighbour.year - neighbour.storedYear)
            if let known = nearest[neighbour.projectID], known.distance <= distance { continue }
            nearest[neighbour.projectID] = (distance, Double(pair.a.fen) / Double(pair.b.fen), neighbour.storedYear)
        }
        guard !nearest.isEmpty else { return nil }
        let ratios = nearest.values.map(\.ratio).sorted()
        let median = ratios.count % 2 == 1 ? ratios[ratios.count / 2]
            : (ratios[ratios.count / 2 - 1] * ratios[ratios.count / 2]).squareRoot() // geometric: ratios multiply
        guard let scale = scale(median) else { return nil }
        let years = Set(nearest.values.map(\.storedYear)).sorted()
        let yearsText = years.count == 1 ? "\(years[0])" : "\(years.first!)–\(years.last!)"
        let projects = nearest.count == 1 ? "the same project" : "the same \(nearest.count) projects"
        let message = scale > 1
            ? "amounts are about 10,000 times the stored \(yearsText) figures of \(projects): are they in 元 but read as 万元 (a unit line, a header's (万元) or --amount-unit wan)? Or were the stored figures 万元 read as 元?"
            : "amounts are about 1/10,000 of the stored \(yearsText) figures of \(projects): is the file in 万元? (--amount-unit wan)"
        return Finding(.warning, file: file, line: 0, message: message, material: true)
    }

    /// Watches a file's rows in order and warns when a project's figure jumps about 10,000-fold from one row to the
    /// next row of the same project (rows of one project are usually together; rows apart are not compared).
    struct JumpCheck {
        let file: String
        private var previous: HistoryRow?

        init(file: String) { self.file = file }

        /// The warning for `row` (a valid row, in file order), if its figure is about 10,000 times, or 1/10,000, that of
        /// the row before it of the same project and another year.
        mutating func check(_ row: HistoryRow) -> Finding? {
            defer { previous = row }
            guard let previous, previous.year != row.year, previous.project == row.project, previous.unit == row.unit,
                  previous.department == row.department,
                  let pair = comparable(row.figures, previous.figures), pair.a.fen > 0, pair.b.fen > 0,
                  let scale = scale(Double(pair.a.fen) / Double(pair.b.fen)) else { return nil }
            return Finding(.warning, file: file, line: row.line, field: pair.column, message:
                "\(row.year): \(pair.a.groupedText) is about \(scale > 1 ? "10,000 times" : "1/10,000 of") the \(previous.year) \(pair.b.groupedText) of the same project (line \(previous.line)): is one of the two rows in another unit (元, 万元)?",
                unit: row.unit, project: row.project, year: row.year, material: true)
        }
    }
}
