import BudgetCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text helpers of the form parsers, written for speed: a form file is read line by line and cell by cell, and
/// a file of ten thousand forms has hundreds of thousands of lines. Each helper states the library call it
/// stands for and gives the same result; none goes through Foundation's `NSString` bridge or builds a regular
/// expression (a regex literal is parsed again every time it is evaluated).
enum FormText {
    // MARK: Lines

    /// The text's lines, line k at index k − 1, without their line ends (`\n`, or `\r\n`). A text that ends with
    /// a line end has an empty last element: a non-blank last element is a last line without a line end (see
    /// ``openLastLine(_:)``).
    static func lines(of bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            let count = buffer.count
            while true {
                var end = start
                if let base = buffer.baseAddress, start < count,
                   let found = memchr(base + start, 0x0A, count - start) {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = count
                }
                var lineEnd = end
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]), as: UTF8.self))
                if end >= count { break }
                start = end + 1
            }
        }
        return lines
    }

    /// The 1-based number of the file's last line when it has no line end after it and is not blank: a file
    /// cut in the middle of a line ends so, and that line may have lost characters. nil when the file ends with
    /// a line end (or with blank text after its last one).
    static func openLastLine(_ lines: [String]) -> Int? {
        guard let last = lines.last, !isBlank(last) else { return nil }
        return lines.count
    }

    // MARK: Whitespace

    /// `Character.isWhitespace` for one scalar (Unicode White_Space, as `\s` in a regex).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        // The other White_Space characters (PropList.txt, unchanged since Unicode 6.3).
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// True when `text` holds only whitespace (Unicode White_Space), or nothing.
    static func isBlank<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.allSatisfy(isWhitespace)
    }

    /// Foundation's `CharacterSet.whitespaces`: Unicode general category Zs and the tab.
    @inline(__always)
    static func isSpaceOrTab(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || value == 0x09 }
        // General category Zs (unchanged since Unicode 4.1).
        switch value {
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `text.trimmingCharacters(in: .whitespaces)` (Zs and tab at both ends removed).
    static func trimmingSpaces<S: StringProtocol>(_ text: S) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpaceOrTab($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpaceOrTab($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return String(text) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// The cells of a tab-separated line, each trimmed as by ``trimmingSpaces(_:)``.
    static func tabCells(_ line: String) -> [String] {
        guard line.utf8.contains(0x09) else { return [trimmingSpaces(line)] }
        var line = line
        return line.withUTF8 { buffer in
            var cells: [String] = []
            var start = 0
            for index in 0...buffer.count where index == buffer.count || buffer[index] == 0x09 {
                cells.append(trimmingSpaces(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)))
                start = index + 1
            }
            return cells
        }
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)` (Unicode White_Space at both ends removed).
    static func trimmingWhitespace<S: StringProtocol>(_ text: S) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhitespace($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return String(text) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    // MARK: Match keys

    /// ``NameKey/matchKey(_:)``, computed directly when every character of the text is one that NFKC either
    /// leaves alone or maps to one ASCII character on its own (see ``simpleKeyBytes(_:dropStars:)``), else by
    /// ``NameKey`` itself.
    static func matchKey(_ text: String) -> String {
        if text.isEmpty { return "" }
        guard let bytes = simpleKeyBytes(text, dropStars: false) else { return NameKey.matchKey(text) }
        return bytes.isUnchanged ? text : String(decoding: bytes.key, as: UTF8.self)
    }

    /// A table cell's label key: ``matchKey(_:)`` without `*` (the "required" mark of the spreadsheet).
    static func labelKey(_ text: String) -> String {
        if text.isEmpty { return "" }
        guard let bytes = simpleKeyBytes(text, dropStars: true) else {
            let key = NameKey.matchKey(text)
            return key.utf8.contains(0x2A) ? String(key.unicodeScalars.filter { $0 != "*" }) : key
        }
        return bytes.isUnchanged ? text : String(decoding: bytes.key, as: UTF8.self)
    }

    /// The match key's UTF-8 bytes when the text needs no Unicode normalization beyond single-character folds,
    /// and whether they are the text's own bytes; nil when ``NameKey`` must compute it. Handled directly:
    /// - ASCII (whitespace removed, `[{` → `(`, `]}` → `)`, A–Z lower-cased, `*` removed when asked);
    /// - CJK unified ideographs (basic block, extension A), CJK and general punctuation, arrows and relations
    ///   that NFKC leaves alone (`、。《》「」【】〔〕‘’“”≤≥×·°±`), with `「」『』【】〔〕〖〗` → `()` and the dashes
    ///   `‐―—–−─` → `-` as ``NameKey`` folds them;
    /// - full-width ASCII (U+FF01–U+FF5E), which NFKC maps to ASCII, then folded as ASCII; the ideographic space
    ///   and no-break space, which NFKC maps to a space, removed.
    /// None of these composes with a neighbour under NFKC (all are starters with no composition), so mapping
    /// them one by one is the normalization.
    private static func simpleKeyBytes(_ text: String, dropStars: Bool) -> (key: [UInt8], isUnchanged: Bool)? {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        var changed = false
        func ascii(_ byte: UInt8) {
            switch byte {
            case 0x09...0x0D, 0x20: changed = true
            case 0x2A where dropStars: changed = true
            case 0x5B, 0x7B: key.append(0x28); changed = true
            case 0x5D, 0x7D: key.append(0x29); changed = true
            case 0x41...0x5A: key.append(byte + 32); changed = true
            default: key.append(byte)
            }
        }
        func append(_ scalar: Unicode.Scalar) {
            key.append(contentsOf: UTF8.encode(scalar)!)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0..<0x80: ascii(UInt8(value))
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3001...0x3003, 0x3008...0x300B, 0x3012, 0x3013, 0x3018...0x301B,
                 0x2018, 0x2019, 0x201C, 0x201D, 0x2264, 0x2265, 0x2190...0x2193, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7:
                append(scalar)
            case 0x300C, 0x300E, 0x3010, 0x3014, 0x3016: key.append(0x28); changed = true
            case 0x300D, 0x300F, 0x3011, 0x3015, 0x3017: key.append(0x29); changed = true
            case 0x2010, 0x2013, 0x2014, 0x2015, 0x2212, 0x2500: key.append(0x2D); changed = true
            case 0xFF01...0xFF5E:
                ascii(UInt8(value - 0xFEE0))
                changed = true
            case 0x3000, 0xA0: changed = true
            default: return nil
            }
        }
        return (key, !changed)
    }

    // MARK: Searching

    /// Whether `text` contains `needle`, compared by UTF-8 bytes (for the labels the parsers look for, the same
    /// as `String.contains`, without its per-call cost).
    static func contains<S: StringProtocol>(_ text: S, _ needle: String) -> Bool {
        offset(of: needle, in: text) != nil
    }

    /// The UTF-8 offset of the first `needle` in `text`, or nil.
    static func offset<S: StringProtocol>(of needle: String, in text: S) -> Int? {
        var needle = needle
        return needle.withUTF8 { pattern -> Int? in
            guard !pattern.isEmpty else { return 0 }
            let search = { (haystack: UnsafeBufferPointer<UInt8>) -> Int? in
                guard haystack.count >= pattern.count, let base = haystack.baseAddress else { return nil }
                let first = pattern[0]
                let last = haystack.count - pattern.count
                var start = 0
                while start <= last {
                    guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, pattern.baseAddress!, pattern.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
            if let result = text.utf8.withContiguousStorageIfAvailable(search) { return result }
            return Array(text.utf8).withUnsafeBufferPointer(search)
        }
    }

    // MARK: Digits and years

    /// A decimal digit of any script (as `\d` in a regex): one scalar of general category Nd.
    @inline(__always)
    static func isDecimalDigit(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return (0x30...0x39).contains(ascii) }
        let scalars = character.unicodeScalars
        return scalars.count == 1 && scalars.first!.properties.generalCategory == .decimalNumber
    }

    /// The years `20xx` printed before `年` in `text` (the matches of `(20\d\d)\s*年`, in order, as numbers).
    static func yearsBeforeNian(in text: String) -> [Int] {
        guard contains(text, "年") else { return [] }
        let characters = Array(text)
        var years: [Int] = []
        var index = 0
        while index + 4 < characters.count {
            guard characters[index] == "2", characters[index + 1] == "0", isDecimalDigit(characters[index + 2]),
                  isDecimalDigit(characters[index + 3]) else { index += 1; continue }
            var next = index + 4
            while next < characters.count, characters[next].isWhitespace { next += 1 }
            if next < characters.count, characters[next] == "年" {
                if let year = Int(String(characters[index..<(index + 4)])) { years.append(year) }
                index = next + 1
            } else {
                index += 1
            }
        }
        return years
    }

    /// The first `20xx年度` in a match key (`(20\d\d)年度`), as the year and the characters' range.
    static func firstYearNiandu(in key: String) -> (year: Int, range: Range<Int>)? {
        guard contains(key, "年度") else { return nil }
        let characters = Array(key)
        var index = 0
        while index + 5 < characters.count {
            if characters[index] == "2", characters[index + 1] == "0", isDecimalDigit(characters[index + 2]),
               isDecimalDigit(characters[index + 3]), characters[index + 4] == "年", characters[index + 5] == "度",
               let year = Int(String(characters[index..<(index + 4)])) {
                return (year, index..<(index + 6))
            }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    /// Whether the text contains `needle` (``FormText/contains(_:_:)``: by UTF-8 bytes, without Foundation).
    @inline(__always)
    func has(_ needle: String) -> Bool { FormText.contains(self, needle) }
}

extension FormText {
    /// `Score(text:)`, answered at once (nil) for text that cannot be a score: one whose first character (after
    /// spaces) is not a digit, a point or a sign.
    static func score(_ text: String) -> Score? {
        guard let first = text.unicodeScalars.first(where: { !isSpaceOrTab($0) }) else { return nil }
        switch first {
        case "0"..."9", ".", "-", "+": break
        default: return nil
        }
        // Plain `ddd.dd` (the common case) is built exactly here; anything else is left to `Score(text:)`.
        var significand: UInt64 = 0
        var digits = 0
        var fraction = 0
        var sawPoint = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                digits += 1
                guard digits <= 18 else { return Score(text: text) }
                significand = significand * 10 + UInt64(byte - 0x30)
                if sawPoint { fraction += 1 }
            case 0x2E where !sawPoint: sawPoint = true
            default: return Score(text: text)
            }
        }
        guard digits > 0 else { return nil }
        return Score(Decimal(sign: .plus, exponent: -fraction, significand: Decimal(significand)))
    }
}
