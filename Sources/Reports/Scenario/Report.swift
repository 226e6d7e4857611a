import BudgetCore
import Foundation

/// What a report was made from, printed at the top of every text report and written beside the CSVs
/// (`run.txt`): enough to reproduce it.
public struct Provenance: Sendable {
    /// `(label, value)` lines: scenario file and SHA-256, data source and import batches, engine version,
    /// parameters, adjustments, date.
    public var lines: [(label: String, value: String)]

    public init(lines: [(label: String, value: String)]) { self.lines = lines }

    /// The lines as text, labels aligned, values wrapped at `maxWidth` display columns.
    public func text(maxWidth: Int = 120) -> String {
        let labelWidth = (lines.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        var output = ""
        for line in lines {
            let lead = DisplayWidth.pad(line.label + ":", toWidth: labelWidth, alignment: .left)
            let wrapped = Self.wrap(line.value, width: max(20, maxWidth - labelWidth))
            for (n, part) in wrapped.enumerated() {
                output += (n == 0 ? lead : String(repeating: " ", count: labelWidth)) + part + "\n"
            }
        }
        return output
    }

    /// Splits text into lines of at most `width` display columns (`continuationWidth` for the lines after a
    /// paragraph's first), at spaces where possible; a word wider than any line (Chinese prose has no spaces)
    /// follows on the current line and breaks where ``DisplayWidth/wrap(_:toWidth:)`` breaks it, after `，`, `；`,
    /// `、` … when it can.
    static func wrap(_ text: String, width: Int, continuationWidth: Int? = nil) -> [String] {
        var lines: [String] = []
        let nextWidth = max(1, continuationWidth ?? width)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let first = lines.count
            func limit() -> Int { max(1, lines.count == first ? width : nextWidth) }
            // `current` and its display width, kept together: each word is measured once.
            var current = "", used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let wordWidth = DisplayWidth.of(String(word))
                let candidateWidth = current.isEmpty ? wordWidth : used + 1 + wordWidth
                // A word too wide for any line (Chinese prose) starts on this line: it is broken anyway, and a
                // list item's number (`21.`) stays with its text.
                if candidateWidth <= limit() || current.isEmpty || wordWidth > nextWidth {
                    current = current.isEmpty ? String(word) : current + " " + word
                    used = candidateWidth
                } else {
                    lines.append(current)
                    (current, used) = (String(word), wordWidth)
                }
                while used > limit() {
                    let head = DisplayWidth.wrap(current, toWidth: limit())[0]
                    lines.append(head)
                    current = String(current.dropFirst(head.count))
                    used -= DisplayWidth.of(head)
                }
            }
            lines.append(current)
        }
        return lines
    }
}

/// One report of a run: a text document for people and a CSV table with stable, documented columns.
public struct Report: Sendable {
    /// File stem: `summary`, `projects` … (the files are `NAME.txt` and `NAME.csv`).
    public var name: String
    /// The text report, provenance header included.
    public var text: String
    /// The CSV table (no header block: the first record is the column names, see Reports/README.md).
    public var table: Listing

    /// Lines of `text` wider than `maxWidth` display columns (prose, explanations under a table) are
    /// wrapped at spaces, continuation lines indented four spaces more than the line. Table lines fit already.
    public init(name: String, text: String, table: Listing, maxWidth: Int = 120) {
        self.name = name
        self.text = Self.wrapLongLines(text, maxWidth: maxWidth)
        self.table = table
    }

    /// `text` with every line wider than `maxWidth` display columns wrapped (``Provenance/wrap(_:width:continuationWidth:)``),
    /// continuation lines indented four spaces more than the line. Narrower lines (tables) are kept as they are.
    public static func wrapLongLines(_ text: String, maxWidth: Int) -> String {
        var output = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            let line = String(line)
            guard DisplayWidth.of(line) > maxWidth else {
                output += line + "\n"
                continue
            }
            let indent = String(line.prefix { $0 == " " })
            let parts = Provenance.wrap(String(line.dropFirst(indent.count)), width: maxWidth - indent.count,
                                        continuationWidth: maxWidth - indent.count - 4)
            for (n, part) in parts.enumerated() { output += indent + (n == 0 ? "" : "    ") + part + "\n" }
        }
        return output
    }
}

extension DisplayWidth {
    /// The longest prefix of `text` at most `width` display columns wide (at least one character).
    static func prefix(_ text: String, width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(String(character))
            if used + w > width && !result.isEmpty { break }
            result.append(character)
            used += w
        }
        return result
    }
}
