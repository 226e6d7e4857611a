import BudgetCore
import Forecasting
import Foundation
import Import
import Reports
import ScenarioFile
import Store

/// The history a scenario runs on: an existing store, or its files imported into a temporary store that
/// is deleted when the run ends.
struct ScenarioHistory {
    let store: BudgetStore
    /// In words, for the report headers (in the reader's language: ``Wording``).
    let summary: Clause
    /// The temporary folder to delete, if any.
    private let temporary: URL?

    static func open(_ spec: ScenarioSpec, progress: ProgressBar) throws -> ScenarioHistory {
        switch spec.history {
        case .store(let path, _): // the reader has checked that it exists
            progress.advance("opening \(path)")
            return ScenarioHistory(store: try openStore(path, access: .read), summary: Clause(.provenanceStore, ["path": .text(path)]), temporary: nil)
        case .files(let files, let aliases):
            // Named after this process, so that a later run removes it if this one is killed.
            let temporaryDirectory = FileManager.default.temporaryDirectory
            ProcessFolder.removeAbandoned(in: temporaryDirectory, prefix: "budget-scenario")
            let folder: URL
            do {
                folder = try ProcessFolder.create(in: temporaryDirectory, prefix: "budget-scenario")
            } catch {
                throw StoreError.cannotOpen(path: temporaryDirectory.path,
                                            reason: "no temporary store for the scenario's files: \(OutputFile.reason(error.code.rawValue)) (set TMPDIR)")
            }
            do {
                let store = try BudgetStore(path: folder.appendingPathComponent("history.sqlite").path)
                progress.expect(files.count)
                var pending = aliases
                for file in files {
                    // An alias is recorded as soon as its project exists, so that later files find the project
                    // under its other name (an OCR reading, an old name).
                    pending = try record(pending, in: store)
                    progress.advance("importing \((file.path as NSString).lastPathComponent)")
                    let report = try HistoryImporter.run(files: [file.path], into: store, options: file.options)
                    if let error = report.errors.first {
                        let more = report.errors.count > 1 ? " (and \(report.errors.count - 1) more errors)" : ""
                        throw ImportError.badRow(file: error.file, line: error.line, field: error.field ?? "row",
                                                 reason: error.message + more + "; named at \(file.mark)")
                    }
                }
                pending = try record(pending, in: store)
                if let alias = pending.first {
                    throw ForecastingError.scenario("\(alias.mark): the alias \"\(alias.alias)\" names project \"\(alias.project)\", which is not in the history")
                }
                let names = files.map { Clause(.listItem, ["text": .text(($0.path as NSString).lastPathComponent)]) }
                return ScenarioHistory(store: store, summary: Clause(.provenanceTemporary, ["count": .number(String(files.count)),
                                                                                           "names": .list(names)]),
                                       temporary: folder)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
        }
    }

    /// Records the aliases whose project is in the store; returns the others.
    private static func record(_ aliases: [AliasEntry], in store: BudgetStore) throws -> [AliasEntry] {
        try aliases.filter { alias in
            let found = try store.findProjects(named: alias.project, unit: alias.unit)
                .filter { NameKey.matchKey($0.name) == NameKey.matchKey(alias.project) }
            guard found.count == 1 else {
                if found.count > 1 {
                    throw ForecastingError.scenario("\(alias.mark): \"\(alias.project)\" names \(found.count) projects: give the unit")
                }
                return true
            }
            try store.addAlias(alias.alias, to: found[0])
            return false
        }
    }

    func close() {
        try? store.close()
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }
}
