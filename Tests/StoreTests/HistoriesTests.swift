import BudgetCore
import Store
import XCTest

/// `histories(of:)` and `forEachHistory(of:_:)` (one scan of the store in key order) against `history(of:)`,
/// the one-project query, which reads the same years another way (the union of figure and declaration keys).
final class HistoriesTests: StoreTestCase {
    func figures(_ initial: Int64, _ executed: Int64?) -> AnnualFigures {
        AnnualFigures(initialBudget: yuan(initial), executed: executed.map(yuan))
    }

    func declaration(_ requested: Int64) -> DeclarationFigures { DeclarationFigures(requested: yuan(requested)) }

    /// Four projects: years with figures only; a declaration-only year between and after years with figures;
    /// a declaration on a year with figures; and a project whose only year is a declaration.
    func seed() throws -> [ProjectRef] {
        try apply([
            HistoryRow(line: 2, unit: "甲单位", project: "A", year: 2019, figures: figures(100, 90)),
            HistoryRow(line: 3, unit: "甲单位", project: "A", year: 2020, figures: figures(110, 100)),
            HistoryRow(line: 4, unit: "甲单位", project: "B", year: 2018, figures: figures(200, 150)),
            HistoryRow(line: 5, unit: "甲单位", project: "B", year: 2020, figures: figures(220, 200)),
            HistoryRow(line: 6, unit: "甲单位", project: "B", year: 2019, declaration: declaration(210)),
            HistoryRow(line: 7, unit: "甲单位", project: "B", year: 2021, declaration: declaration(230)),
            HistoryRow(line: 8, unit: "乙单位", project: "C", year: 2020, figures: figures(300, nil)),
            HistoryRow(line: 9, unit: "乙单位", project: "D", year: 2022, declaration: declaration(400)),
        ])
        // A project-year comes once per batch: C's declaration in a second one.
        try apply([HistoryRow(line: 2, unit: "乙单位", project: "C", year: 2020, declaration: declaration(310))],
                  file: "declarations.csv")
        // Ordered by name, not as the store lists them (by department, unit, name).
        return try store.projects().sorted { $0.name < $1.name }
    }

    func summary(_ history: ProjectHistory) -> [String] {
        history.years.map { year in
            "\(year.year) \(year.status.map(\.rawValue) ?? "-") \(year.figures.initialBudget?.plainText ?? "-") "
                + "\(year.declaration?.requested?.plainText ?? "-")"
        }
    }

    func testEveryProjectsYearsInOrderAsTheOneProjectQueryReadsThem() throws {
        let projects = try seed()
        XCTAssertEqual(projects.map(\.name), ["A", "B", "C", "D"])
        XCTAssertEqual(try store.projects().map(\.name), ["C", "D", "A", "B"], "units 乙 (U+4E59) before 甲 (U+7532)")
        // Given in an order unlike the store's key order, with one project left out.
        let asked = [projects[3], projects[1], projects[0]]
        let histories = try store.histories(of: asked)
        XCTAssertEqual(histories.map(\.project.name), ["D", "B", "A"])
        for history in histories {
            XCTAssertEqual(summary(history), summary(try store.history(of: history.project)), history.project.name)
        }
        XCTAssertEqual(summary(histories[1]), ["2018 closed 200.00 -", "2019 - - 210.00", "2020 closed 220.00 -",
                                               "2021 - - 230.00"])
        XCTAssertEqual(summary(histories[0]), ["2022 - - 400.00"], "a project with a declaration only")
        XCTAssertEqual(summary(try store.histories(of: [projects[2]])[0]), ["2020 open 300.00 310.00"])
    }

    func testForEachHistoryVisitsEveryProjectOnce() throws {
        let projects = try seed()
        var visits: [Int] = []
        try store.forEachHistory(of: projects) { index, history in
            XCTAssertEqual(history.project, projects[index])
            visits.append(index)
        }
        XCTAssertEqual(visits.sorted(), Array(projects.indices))
        XCTAssertEqual(try store.histories(of: []).count, 0)
    }
}
