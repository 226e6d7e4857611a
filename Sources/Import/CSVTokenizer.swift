/// An RFC 4180 reader over UTF-8 bytes that knows the physical line each record starts on.
///
/// Fields are separated by commas; a field may be quoted with `"` (a doubled `""` inside is a quote) and may
/// then hold commas and line breaks. Records end at LF, CRLF or a lone CR (old Mac files), and each of them
/// counts as one line. Blank lines are skipped.
///
/// Contract: nothing is dropped silently. A quote that is never closed, and text after a closing quote
/// (`"1,000"500`), are a ``SyntaxError`` naming the line and the field; spaces after a closing quote are allowed.
public struct CSVTokenizer: Sendable {
    public struct Field: Sendable {
        public var range: Range<Int>
        /// The field was quoted and holds a doubled quote that must be unescaped.
        public var hasEscapedQuote: Bool
    }

    /// A record that is not well-formed CSV: where (line, 1-based field number) and what.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// A quoted field runs to the end of the file; `line` is where it began.
            case unterminatedQuote
            /// Characters other than spaces follow a closing quote; `excerpt` shows the field (at most 60 bytes).
            case textAfterClosingQuote(excerpt: String)
        }
        public var line: Int
        public var field: Int
        public var kind: Kind

        public var description: String {
            switch kind {
            case .unterminatedQuote:
                "a quoted field (field \(field)) is never closed"
            case .textAfterClosingQuote(let excerpt):
                "field \(field) has text after its closing quote (\(excerpt)): quote the whole field, and double a quote inside it (\"\")"
            }
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    public init(bytes: [UInt8]) { self.bytes = bytes }

    private static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// The next non-blank record as (line, fields), or nil at the end. `fields` is reused between calls.
    public mutating func next(into fields: inout [Field]) throws(SyntaxError) -> Int? {
        let count = bytes.count
        while position < count {
            fields.removeAll(keepingCapacity: true)
            let startLine = line
            var atRecordEnd = false
            while !atRecordEnd {
                if position < count && bytes[position] == Self.quote {
                    fields.append(try quotedField(number: fields.count + 1))
                } else {
                    let start = position
                    while position < count, !Self.endsField(bytes[position]) { position += 1 }
                    fields.append(Field(range: start..<position, hasEscapedQuote: false))
                }
                atRecordEnd = consumeSeparator()
            }
            if fields.count == 1 && fields[0].range.isEmpty { continue } // blank line
            return startLine
        }
        return nil
    }

    private static func endsField(_ byte: UInt8) -> Bool { byte == comma || byte == lf || byte == cr }

    /// Reads a quoted field starting at the opening quote, up to the separator after its closing quote.
    private mutating func quotedField(number: Int) throws(SyntaxError) -> Field {
        let count = bytes.count
        let fieldLine = line
        position += 1
        let start = position
        var escaped = false
        while true {
            guard position < count else { throw SyntaxError(line: fieldLine, field: number, kind: .unterminatedQuote) }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < count && bytes[position + 1] == Self.quote { escaped = true; position += 2; continue }
                break
            }
            if byte == Self.lf || (byte == Self.cr && (position + 1 == count || bytes[position + 1] != Self.lf)) { line += 1 }
            position += 1
        }
        let field = Field(range: start..<position, hasEscapedQuote: escaped)
        position += 1 // closing quote
        let afterQuote = position
        while position < count, !Self.endsField(bytes[position]) { position += 1 }
        if bytes[afterQuote..<position].contains(where: { !Self.isSpace($0) }) {
            let shownEnd = min(position, start + 60)
            let shown = String(decoding: bytes[(start - 1)..<shownEnd], as: UTF8.self) + (shownEnd < position ? "…" : "")
            throw SyntaxError(line: line, field: number,
                              kind: .textAfterClosingQuote(excerpt: shown))
        }
        return field
    }

    /// Consumes the comma or line end after a field; true when the record ends (line end or end of input).
    private mutating func consumeSeparator() -> Bool {
        guard position < bytes.count else { return true }
        switch bytes[position] {
        case Self.comma:
            position += 1
            return false
        case Self.cr:
            position += 1
            if position < bytes.count && bytes[position] == Self.lf { position += 1 }
        default: // LF
            position += 1
        }
        line += 1
        return true
    }

    /// The text of a field, trimmed of surrounding spaces.
    public func text(of field: Field) -> String {
        var lower = field.range.lowerBound, upper = field.range.upperBound
        while lower < upper, Self.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isSpace(bytes[upper - 1]) { upper -= 1 }
        let text = String(decoding: bytes[lower..<upper], as: UTF8.self)
        return field.hasEscapedQuote ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// Calls `body` with the field's bytes, trimmed of spaces, without making a `String`. For a field with a
    /// doubled quote inside, the bytes are the raw (escaped) ones.
    public func withTrimmedBytes<R, E: Error>(of field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        var lower = field.range.lowerBound, upper = field.range.upperBound
        while lower < upper, Self.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isSpace(bytes[upper - 1]) { upper -= 1 }
        let result: Result<R, E> = bytes.withUnsafeBufferPointer { buffer in
            do throws(E) {
                return .success(try body(UnsafeBufferPointer(rebasing: buffer[lower..<upper])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// True when the field holds nothing but spaces.
    public func isBlank(_ field: Field) -> Bool {
        bytes[field.range].allSatisfy(Self.isSpace)
    }
}
