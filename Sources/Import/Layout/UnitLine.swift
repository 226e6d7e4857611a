import BudgetCore
import Foundation

/// A line above a table's header that states the unit of its amounts, as spreadsheets print it:
/// `单位：万元`, `金额单位:万元`, `单位: 元`, `(单位：万元)`, `单位：人民币万元`, or a title cell ending in
/// `（单位：万元）`.
///
/// Contract: the unit is read by ``AmountUnit/init(label:)``; a cell that says 单位 but names no unit it knows
/// (`单位名称`, `单位：个`) is not a unit line.
struct UnitLine: Sendable, Equatable {
    var unit: AmountUnit
    /// The line it is on.
    var line: Int
    /// The cell as written, for messages.
    var text: String

    /// The unit a cell states, or nil.
    static func unit(in cell: String) -> AmountUnit? {
        guard cell.contains("单位") else { return nil } // the cheap test: most cells are not unit lines
        var folded = String(cell.precomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { !$0.properties.isWhitespace }.map(Character.init))
        if folded.hasPrefix("("), folded.hasSuffix(")") { folded = String(folded.dropFirst().dropLast()) }
        if let unit = statement(folded) { return unit }
        // A title ending in a bracketed statement: `…执行情况表(单位:万元)`.
        guard folded.hasSuffix(")"), let open = folded.lastIndex(of: "(") else { return nil }
        return statement(String(folded[folded.index(after: open)..<folded.index(before: folded.endIndex)]))
    }

    /// `单位:万元` or `金额单位:万元` (already folded, without spaces) → the unit.
    private static func statement(_ text: String) -> AmountUnit? {
        var rest = Substring(text)
        if rest.hasPrefix("金额") { rest = rest.dropFirst(2) }
        guard rest.hasPrefix("单位:") else { return nil }
        rest = rest.dropFirst(3)
        if rest.hasPrefix("人民币") { rest = rest.dropFirst(3) }
        if rest.hasSuffix("人民币") { rest = rest.dropLast(3) }
        return AmountUnit(label: String(rest))
    }

    /// The unit line among a record's cells (the first cell that is one), or nil.
    static func find(in cells: [String], line: Int) -> UnitLine? {
        for cell in cells where !cell.isEmpty {
            if let unit = unit(in: cell) { return UnitLine(unit: unit, line: line, text: cell) }
        }
        return nil
    }
}
