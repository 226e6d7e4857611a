import BudgetCore
import Foundation
import Import
import Yams

extension ScenarioParser {
    static let historyKeys = ["store", "files", "aliases"]
    static let historyFileKeys = ["path", "map", "closed_through", "open_years", "skip_invalid", "format", "encoding", "amount_unit"]
    static let aliasKeys = ["project", "alias", "unit"]

    /// `history:` — `store:` (an existing store) or `files:` (with optional `aliases:`).
    func readHistory(_ node: Node) throws(ScenarioFileError) -> HistorySource {
        let history = try KeyedMapping(node, place: "history", keys: Self.historyKeys,
                                       expected: "a mapping with store: (an existing store) or files: (files to import)", source: source)
        switch (history["store"], history["files"]) {
        case (nil, nil):
            throw source.error(node, "history needs store: (an existing store) or files: (files to import)")
        case (_?, _?):
            let second = history.entries.first { $0.key == "store" || $0.key == "files" }.map { $0.key == "store" ? "files" : "store" }!
            throw source.error(history.keyNode(second), "history takes store: or files:, not both")
        case (let store?, nil):
            if let aliases = history.keyNode("aliases") {
                throw source.error(aliases, "aliases go with files:; a store keeps its own aliases (budget alias)")
            }
            return .store(path: try existingFile(store, key: "store", what: "store"), mark: source.at(store))
        case (nil, let files?):
            guard case .sequence(let sequence) = files, !sequence.isEmpty else {
                throw source.wrongType(files, "files", "a list of history files, e.g. [history.csv]")
            }
            var read: [HistoryFile] = []
            for item in sequence { read.append(try historyFile(item)) }
            var aliases: [AliasEntry] = []
            if let node = history["aliases"] {
                for entry in try entries(node, "aliases", example: "- {project: 贸易摩擦应对事务, alias: 世贸事务管理-贸易摩擦应对事务}") {
                    aliases.append(try alias(entry))
                }
            }
            return .files(read, aliases: aliases)
        }
    }

    /// One `files:` item: a path, or a mapping with `path:` and import options.
    func historyFile(_ node: Node) throws(ScenarioFileError) -> HistoryFile {
        var options = ImportOptions(currentYear: currentYear)
        if case .scalar = node {
            return HistoryFile(path: try existingFile(node, key: "a history file", what: "history file"), options: options,
                               mark: source.at(node))
        }
        let file = try KeyedMapping(node, place: "a history file", keys: Self.historyFileKeys,
                                    expected: "a path, or a mapping with path: and import options", source: source)
        let pathNode = try required(file, "path", in: "a history file", example: "path: history.csv")
        let path = try existingFile(pathNode, key: "path", what: "history file")
        for (key, _, value) in file.entries {
            switch key {
            case "path":
                break
            case "map":
                let columns = CanonicalColumn.allCases.map(\.rawValue)
                let map = try KeyedMapping(value, place: "map", keys: columns,
                                           expected: "a mapping of canonical columns to source headers, e.g. {executed: actual_amount}",
                                           source: source)
                for (column, _, header) in map.entries {
                    options.columnMap.append((CanonicalColumn(rawValue: column)!, try source.text(header, "map.\(column)", expected: "a source column header")))
                }
            case "closed_through":
                options.closedThrough = try source.year(value, key)
            case "open_years":
                options.openYears = Set(try source.years(value, key))
            case "skip_invalid":
                options.skipInvalid = try source.bool(value, key)
            case "format":
                let name = try source.text(value, key, expected: "auto, csv or form")
                guard let format = InputFormat(rawValue: name.lowercased()) else { throw source.wrongType(value, key, "auto, csv or form") }
                options.format = format
            case "encoding":
                let name = try source.text(value, key, expected: "auto, utf8 or gb18030")
                guard let encoding = InputEncoding(name: name) else { throw source.wrongType(value, key, "auto, utf8 or gb18030") }
                options.encoding = encoding
            case "amount_unit":
                let name = try source.text(value, key, expected: "yuan, wan or thousand")
                guard let unit = AmountUnit(label: name) else { throw source.wrongType(value, key, "yuan, wan or thousand") }
                options.amountUnit = unit
            default:
                preconditionFailure("KeyedMapping lets only the history file keys through")
            }
        }
        return HistoryFile(path: path, options: options, mark: source.at(pathNode))
    }

    /// One `aliases:` entry.
    func alias(_ node: Node) throws(ScenarioFileError) -> AliasEntry {
        let entry = try KeyedMapping(node, place: "an alias", keys: Self.aliasKeys,
                                     expected: "a mapping such as {project: 贸易摩擦应对事务, alias: 世贸事务管理-贸易摩擦应对事务}", source: source)
        let project = try source.text(try required(entry, "project", in: "an alias", example: "project: 贸易摩擦应对事务"), "project",
                                      expected: "a project name")
        let alias = try source.text(try required(entry, "alias", in: "an alias", example: "alias: 世贸事务管理-贸易摩擦应对事务"), "alias",
                                    expected: "the project's other name")
        guard NameKey.matchKey(project) != NameKey.matchKey(alias) else {
            throw source.error(entry["alias"], "the alias \"\(alias)\" is the project's own name")
        }
        let unit = try entry["unit"].map { node throws(ScenarioFileError) in try source.text(node, "unit", expected: "a unit name") }
        return AliasEntry(project: project, alias: alias, unit: unit, mark: source.at(node))
    }
}
