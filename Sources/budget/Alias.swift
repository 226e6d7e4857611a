import ArgumentParser
import BudgetCore
import Store

extension Budget {
    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record another name of a project (names drift between years), or list its aliases.",
            discussion: """
                budget alias "世贸事务管理-贸易摩擦应对事务" "贸易摩擦应对事务" records the shorter name, so that \
                later imports and look-ups under it find the same project (within its unit).
                When the other name is already a second project of the unit (an OCR misreading imported before \
                the alias was recorded), --merge merges it into the project: its years move over, a year both \
                hold must have the same figures (else nothing changes and the differences are named), and the \
                merge is kept in the history (budget history NAME --revisions):
                budget alias --merge 世贸事务管理-对口交流综合事务 世贸事务管理-对口交流组宗合事务
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var selection: ProjectSelection

        @Argument(help: "The other name. Omit it to list the project's aliases.")
        var alias: String?

        @Flag(help: "The other name is a second project of the same unit: merge it into this one.")
        var merge = false

        @Flag(name: .customLong("prefer-other"), help: "With --merge: where both projects hold a year with different figures, take the other project's (each change a revision).")
        var preferOther = false

        func validate() throws {
            if merge && alias == nil { throw ValidationError("--merge needs the other project's name") }
            if preferOther && !merge { throw ValidationError("--prefer-other goes with --merge") }
        }

        func run() throws {
            try withStore(store, access: alias == nil ? .read : .write) { opened in
                let match = try selection.project(in: opened)
                if let alias, merge {
                    let key = NameKey.matchKey(alias)
                    let others = try opened.findProjects(named: alias).filter { $0.id != match.id && $0.unit == match.unit && NameKey.matchKey($0.name) == key }
                    guard let other = others.first else {
                        throw StoreError.notFound("no other project of unit \"\(match.unit)\" is named \"\(alias)\"; without --merge, the name is recorded as an alias")
                    }
                    let summary = try opened.merge(other, into: match, preferOther: preferOther)
                    let years = { (list: [Int]) in list.isEmpty ? "none" : list.map(String.init).joined(separator: ", ") }
                    print("merged \"\(other.name)\" into \(match.unit.isEmpty ? "" : match.unit + " / ")\(match.name): years moved \(years(summary.yearsMoved)); "
                          + "years both held alike \(years(summary.yearsAlike))"
                          + (summary.yearsTaken.isEmpty ? "" : "; figures taken from it for \(years(summary.yearsTaken))")
                          + "; \"\(other.name)\" is now an alias")
                } else if let alias {
                    let added = try opened.addAlias(alias, to: match)
                    print(added ? "\"\(alias)\" now also names \(match.unit.isEmpty ? "" : match.unit + " / ")\(match.name)"
                                : "\"\(alias)\" already names \(match.name)")
                } else {
                    let aliases = try opened.aliases(of: match)
                    print(aliases.isEmpty ? "\(match.name) has no aliases" : aliases.joined(separator: "\n"))
                }
            }
        }
    }
}

/// How a command names one project: by name (NFKC match, aliases included, else part of the name) and,
/// when the name is in several units, by unit.
struct ProjectSelection: ParsableArguments {
    @Argument(help: "The project name (matched on its NFKC form, aliases included; else by part of the name).")
    var project: String

    @Option(help: "The unit (part of its name), when the project name is in several units.")
    var unit: String?

    /// The one project selected, or a not-found / ambiguous error listing the candidates.
    func project(in store: BudgetStore) throws -> ProjectRef {
        let found = try store.findProjects(named: project, unit: unit)
        guard let match = found.first else {
            throw StoreError.notFound("no project matches \"\(project)\"\(unit.map { " in unit \"\($0)\"" } ?? ""); `budget projects` lists them")
        }
        guard found.count == 1 else {
            let list = found.prefix(20).map { "  \($0.department) / \($0.unit) / \($0.name)" }.joined(separator: "\n")
            throw StoreError.ambiguous("\"\(project)\" matches \(found.count) projects; name one with --unit:\n\(list)")
        }
        return match
    }
}
