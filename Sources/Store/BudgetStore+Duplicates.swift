import BudgetCore

extension BudgetStore {
    /// Projects of one unit that are probably one project under two names (``ProbableDuplicates``), as
    /// material findings about the name that would be folded in; not stored (computed from the figures), with
    /// `file` (default: the store's path) as their file. Reads every project-year once.
    public func probableDuplicates(file: String? = nil) throws -> [Finding] {
        var entries: [ProbableDuplicates.Entry] = []
        try forEachProjectYear { project, year in
            entries.append(.init(id: project.id, department: project.department, unit: project.unit, name: project.name,
                                 year: year.year, budget: year.figures.adjustedBudget ?? year.figures.initialBudget,
                                 executed: year.figures.executed))
        }
        return ProbableDuplicates.find(entries).map { pair in
            Finding(.warning, file: file ?? path, line: 0, field: "project",
                    message: "probably the same project as “\(pair.kept.name)” of the same unit: names \(pair.distance) character\(pair.distance == 1 ? "" : "s") apart, "
                        + "the same \(pair.year) budget \(pair.budget.groupedText) and executed \(pair.executed.groupedText); if so, "
                        + "`budget alias --merge \"\(pair.kept.name)\" \"\(pair.other.name)\"` folds it in (the department total counts both until then)",
                    unit: pair.unit, project: pair.other.name, year: pair.year, material: true)
        }
    }
}
