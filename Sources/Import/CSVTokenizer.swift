/// An RFC 4180 reader over UTF-8 bytes that knows the physical line each record starts on.
///
/// Fields are separated by commas; a field may be quoted with `"` (a doubled `""` inside is a quote) and may
/// then hold commas and line breaks. Records end at LF or CRLF. Blank lines are skipped. A quote that is
/// never closed is an error naming the line where the field began.
public struct CSVTokenizer: Sendable {
    public struct Field: Sendable {
        public var range: Range<Int>
        /// The field was quoted and holds a doubled quote that must be unescaped.
        public var hasEscapedQuote: Bool
    }

    public struct UnterminatedQuote: Error, Sendable { public var line: Int }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The next non-blank record as (line, fields), or nil at the end. `fields` is reused between calls.
    public mutating func next(into fields: inout [Field]) throws -> Int? {
        let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let count = bytes.count
        while position < count {
            fields.removeAll(keepingCapacity: true)
            let startLine = line
            var atRecordEnd = false
            while !atRecordEnd {
                if position < count && bytes[position] == quote {
                    let fieldLine = line
                    position += 1
                    let start = position
                    var escaped = false
                    while true {
                        guard position < count else { throw UnterminatedQuote(line: fieldLine) as any Error }
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < count && bytes[position + 1] == quote { escaped = true; position += 2; continue }
                            break
                        }
                        if byte == lf { line += 1 }
                        position += 1
                    }
                    fields.append(Field(range: start..<position, hasEscapedQuote: escaped))
                    position += 1 // closing quote
                    // Anything between the closing quote and the separator is tolerated and ignored.
                    while position < count && bytes[position] != comma && bytes[position] != lf { position += 1 }
                } else {
                    let start = position
                    while position < count && bytes[position] != comma && bytes[position] != lf { position += 1 }
                    var end = position
                    if end > start && bytes[end - 1] == cr && (position == count || bytes[position] == lf) { end -= 1 }
                    fields.append(Field(range: start..<end, hasEscapedQuote: false))
                }
                if position >= count {
                    atRecordEnd = true
                } else if bytes[position] == comma {
                    position += 1
                } else { // LF
                    position += 1
                    line += 1
                    atRecordEnd = true
                }
            }
            if fields.count == 1 && fields[0].range.isEmpty { continue } // blank line
            return startLine
        }
        return nil
    }

    /// The text of a field, trimmed of surrounding spaces (and a CR before a quoted field's end of line).
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

import Foundation
