import BudgetCore
import Forecasting
import Import
import Foundation
import Yams

/// Reads typed values out of a composed YAML tree. Every problem is a ``ScenarioFileError`` at the position
/// of the node it is about, worded as "`key` must be … (got …)".
struct YAMLSource {
    /// The file the tree was read from, as given (positions and messages name it).
    let file: String

    /// A file's text (UTF-8, a byte-order mark dropped) and its bytes. `what` names the file in messages
    /// ("the scenario file").
    static func read(path: String, what: String) throws(ScenarioFileError) -> (text: String, bytes: Data) {
        let data: Data
        do { data = try InputFile.read(path) } catch {
            guard case .unreadable(_, let reason) = error else { throw ScenarioFileError(file: path, message: "cannot read \(what): \(error)") }
            throw ScenarioFileError(file: path, message: "cannot read \(what): \(reason)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ScenarioFileError(file: path, message: "cannot read \(what): it is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return (text, data)
    }

    /// The tree of `text`; nil for an empty document (nothing but comments or blanks).
    func compose(_ text: String) throws(ScenarioFileError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw invalid(error)
        } catch {
            throw ScenarioFileError(file: file, message: "not valid YAML: \(error)")
        }
    }

    /// A Yams error as one line at its position (Yams' own description spans lines and, for duplicate keys,
    /// repeats the whole file).
    private func invalid(_ error: YamlError) -> ScenarioFileError {
        func at(_ mark: Yams.Mark, _ message: String) -> ScenarioFileError {
            ScenarioFileError(file: file, mark: SourceMark(file: file, line: mark.line, column: mark.column),
                              message: "not valid YAML: \(message)")
        }
        func detail(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return at(mark, detail(context, problem))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return at(context.mark, "the key \(keys) is written more than once in the same mapping (first here)")
        default:
            return ScenarioFileError(file: file, message: "not valid YAML: \(error)")
        }
    }

    func mark(_ node: Node?) -> SourceMark? {
        guard let mark = node?.mark else { return nil }
        return SourceMark(file: file, line: mark.line, column: mark.column)
    }

    /// Where a node was written (the start of the file for a node without a position, which Yams' composer
    /// does not make).
    func at(_ node: Node?) -> SourceMark { mark(node) ?? SourceMark(file: file, line: 1, column: 1) }

    func error(_ node: Node?, _ message: String) -> ScenarioFileError {
        ScenarioFileError(file: file, mark: mark(node), message: message)
    }

    /// "key must be <expected> (got …)".
    func wrongType(_ node: Node, _ key: String, _ expected: String) -> ScenarioFileError {
        error(node, "\(key) must be \(expected) (got \(Self.describe(node)))")
    }

    /// What a node holds, for "got …": `"abc"`, `nothing`, `a list`, `a mapping`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): isNull(node) ? "nothing" : "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// `key:` with no value, `~` or `null` (unquoted).
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: Values

    /// Non-empty text (a name, a label, a path).
    func text(_ node: Node, _ key: String, expected: String = "text") throws(ScenarioFileError) -> String {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else { throw wrongType(node, key, expected) }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw error(node, "\(key) must be \(expected) (got empty text)") }
        return value
    }

    /// One name or a non-empty list of names.
    func names(_ node: Node, _ key: String) throws(ScenarioFileError) -> [String] {
        let expected = "a name or a list of names"
        switch node {
        case .scalar:
            return [try text(node, key, expected: expected)]
        case .sequence(let sequence):
            guard !sequence.isEmpty else { throw error(node, "\(key) must be \(expected) (got an empty list, which would select nothing)") }
            var names: [String] = []
            for item in sequence {
                guard case .scalar = item, !Self.isNull(item) else { throw wrongType(item, "each name in \(key)", "a name") }
                names.append(try text(item, "each name in \(key)", expected: "a name"))
            }
            return names
        default:
            throw wrongType(node, key, expected)
        }
    }

    /// A whole number written as one (`3`, `-1`), within `range`.
    func integer(_ node: Node, _ key: String, expected: String, in range: ClosedRange<Int>? = nil) throws(ScenarioFileError) -> Int {
        guard case .scalar(let scalar) = node,
              scalar.string.range(of: #"^[+-]?[0-9]+$"#, options: .regularExpression) != nil,
              let value = Int(scalar.string.hasPrefix("+") ? String(scalar.string.dropFirst()) : scalar.string)
        else { throw wrongType(node, key, expected) }
        if let range, !range.contains(value) { throw wrongType(node, key, expected) }
        return value
    }

    static let yearRange = BudgetYear.range

    /// A four-digit year.
    func year(_ node: Node, _ key: String) throws(ScenarioFileError) -> Int {
        try integer(node, key, expected: "a year such as 2024", in: Self.yearRange)
    }

    /// A year or a non-empty list of distinct years.
    func years(_ node: Node, _ key: String) throws(ScenarioFileError) -> [Int] {
        let expected = "a list of years such as [2024, 2025]"
        switch node {
        case .scalar where !Self.isNull(node):
            return [try year(node, key)]
        case .sequence(let sequence):
            guard !sequence.isEmpty else { throw error(node, "\(key) must be \(expected) (got an empty list)") }
            var years: [Int] = []
            for item in sequence {
                let year = try integer(item, "each year in \(key)", expected: "a year such as 2024", in: Self.yearRange)
                guard !years.contains(year) else { throw error(item, "\(key) names \(year) twice") }
                years.append(year)
            }
            return years
        default:
            throw wrongType(node, key, expected)
        }
    }

    /// A share written as a number (`-0.1`, `0.95`) or a percentage (`-10%`, `95%`), read exactly from
    /// its text as a `Decimal` (never through `Double`).
    func share(_ node: Node, _ key: String) throws(ScenarioFileError) -> Decimal {
        let expected = "a number or a percentage such as 0.95 or 95%"
        guard case .scalar(let scalar) = node, let value = Self.exactShare(scalar.string) else {
            throw wrongType(node, key, expected)
        }
        return value
    }

    /// `-10%` → −0.1, `0.95` → 0.95, exactly; nil when the text is not a plain decimal number.
    static func exactShare(_ raw: String) -> Decimal? {
        var text = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        var percent = false
        if text.hasSuffix("%") {
            percent = true
            text = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        guard text.range(of: #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"#, options: .regularExpression) != nil else { return nil }
        if text.hasPrefix("+") { text.removeFirst() }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite else { return nil }
        return percent ? value / 100 : value
    }

    /// An amount in 元, exact to the fen (`"120,000.00"`, `500000`), not negative.
    func amount(_ node: Node, _ key: String) throws(ScenarioFileError) -> Money {
        let expected = "an amount in 元 such as 500000 or \"120,000.00\""
        guard case .scalar(let scalar) = node, !Self.isNull(node) else { throw wrongType(node, key, expected) }
        let parsed: ParsedAmount
        do { parsed = try AmountParser.parse(scalar.string) } catch {
            throw self.error(node, "\(key) must be \(expected): \(error)")
        }
        switch parsed {
        case .unknown:
            throw wrongType(node, key, expected)
        case .value(_, rounded: true):
            throw error(node, "\(key) must be exact to the fen (0.01 元) (got \(Self.describe(node)))")
        case .value(let money, rounded: false):
            guard !money.isNegative else { throw error(node, "\(key) must not be negative (got \(Self.describe(node)))") }
            return money
        }
    }

    /// `true` / `false` (YAML's yes / no spellings too).
    func bool(_ node: Node, _ key: String) throws(ScenarioFileError) -> Bool {
        guard let value = node.bool else { throw wrongType(node, key, "true or false") }
        return value
    }
}

/// A mapping whose keys are checked against the keys allowed at its place: an unknown key is an error
/// naming the key, the place and the allowed keys. Duplicate keys are already refused by Yams.
struct KeyedMapping {
    let node: Node
    /// The keys as written, with their nodes, in document order.
    let entries: [(key: String, keyNode: Node, value: Node)]

    /// `place` names the mapping in messages ("the scenario", "a change"); `expected` says what it should
    /// be when it is not a mapping.
    init(_ node: Node, place: String, keys allowed: [String], expected: String, source: YAMLSource) throws(ScenarioFileError) {
        guard case .mapping(let mapping) = node else {
            throw source.error(node, "\(place) must be \(expected) (got \(YAMLSource.describe(node)))")
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw source.error(keyNode, "a key in \(place) must be a word; the keys are \(allowed.joined(separator: ", "))")
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                var message = "unknown key \"\(key)\" in \(place); the keys are \(allowed.joined(separator: ", "))"
                if let guess = Self.nearest(key, in: allowed) { message += " (did you mean \"\(guess)\"?)" }
                throw source.error(keyNode, message)
            }
            entries.append((key, keyNode, value))
        }
        self.node = node
        self.entries = entries
    }

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The allowed key closest to a misspelling, when it is close (at most a third of its letters off).
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, EditDistance.between(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance > 0, distance <= max(1, best.count / 3) else { return nil }
        return best
    }

}
