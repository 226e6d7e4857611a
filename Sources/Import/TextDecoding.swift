import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text encodings accepted for input files.
public enum InputEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030.
    case auto
    case utf8
    case gb18030

    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
        case "auto": self = .auto
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

/// Input text as UTF-8 bytes, with the encoding it was found in.
public struct DecodedText {
    /// UTF-8 bytes without a byte-order mark.
    public var bytes: [UInt8]
    /// `utf-8`, `utf-8-bom` or `gb18030`.
    public var encodingName: String

    /// Decodes `data` as `choice` says. GB18030 (a superset of GBK and GB2312) goes through glibc iconv, which
    /// locates a bad byte; the error names its line.
    ///
    /// Contract: the text is never read in a guessed encoding that could be wrong without a word.
    /// - A file with a UTF-16 byte-order mark (Excel's "Unicode text") is read as UTF-16.
    /// - Under `auto`, bytes that are valid UTF-8 are UTF-8 unless they read as unlikely text (say Hebrew or
    ///   Cyrillic letters amid the digits) while their GB18030 reading is plain Chinese: both readings are
    ///   then valid, the file's encoding cannot be told, and the error shows both and asks for `--encoding`.
    /// - A NUL byte is an error (a binary or damaged file): it would end a name early in C strings.
    public static func decode(_ data: Data, as choice: InputEncoding, file: String) throws(ImportError) -> DecodedText {
        let decoded = try decodeText(data, as: choice, file: file)
        if let nul = decoded.bytes.firstIndex(of: 0) {
            throw .encoding(file: file, line: lineNumber(of: nul, in: decoded.bytes),
                            reason: "a NUL byte (0x00): the file is binary or damaged, not text")
        }
        return decoded
    }

    private static func decodeText(_ data: Data, as choice: InputEncoding, file: String) throws(ImportError) -> DecodedText {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw .encoding(file: file, line: 1, reason: "a UTF-16 byte-order mark, but the rest is not valid UTF-16")
            }
            var bytes = Array(text.utf8)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            return DecodedText(bytes: bytes, encodingName: "utf-16")
        }
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM || choice == .utf8 || choice == .auto {
            let bytes = Array(hasBOM ? data.dropFirst(3) : data[...])
            let invalidAt = firstInvalidUTF8(bytes)
            if invalidAt == nil {
                if choice == .auto && !hasBOM { try checkNotAmbiguous(bytes, data: data, file: file) }
                return DecodedText(bytes: bytes, encodingName: hasBOM ? "utf-8-bom" : "utf-8")
            }
            if choice == .utf8 || hasBOM {
                throw .encoding(file: file, line: lineNumber(of: invalidAt!, in: bytes),
                                reason: "invalid UTF-8 (try --encoding gb18030)")
            }
        }
        return DecodedText(bytes: try gb18030ToUTF8(data, file: file), encodingName: "gb18030")
    }

    /// Throws when valid UTF-8 `bytes` read as unlikely text whose GB18030 reading is plain Chinese.
    private static func checkNotAmbiguous(_ bytes: [UInt8], data: Data, file: String) throws(ImportError) {
        guard let unlikely = firstUnlikelyScalar(in: bytes) else { return }
        guard let gbBytes = try? gb18030ToUTF8(data, file: file),
              firstUnlikelyScalar(in: gbBytes, chineseOnly: true) == nil else { return }
        let line = lineNumber(of: unlikely, in: bytes)
        func excerpt(_ text: [UInt8]) -> String {
            let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
            let chosen = line - 1 < lines.count ? String(decoding: lines[line - 1], as: UTF8.self) : ""
            let trimmed = chosen.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.count > 40 ? String(trimmed.prefix(40)) + "…" : trimmed
        }
        throw .encoding(file: file, line: line, reason: """
            the encoding cannot be told: as UTF-8 this line reads "\(excerpt(bytes))", as GB18030 "\(excerpt(gbBytes))"; \
            give --encoding utf8 or --encoding gb18030
            """)
    }

    /// The byte offset of the first character of valid UTF-8 `bytes` that is unlikely in a budget file, or nil.
    /// Likely: ASCII, Latin letters with accents, general punctuation, symbols of number forms, and the CJK blocks
    /// (ideographs, their punctuation, full-width forms); with `chineseOnly`, no accented Latin letters.
    static func firstUnlikelyScalar(in bytes: [UInt8], chineseOnly: Bool = false) -> Int? {
        var offset = 0
        let count = bytes.count
        while offset < count {
            let lead = bytes[offset]
            if lead < 0x80 { offset += 1; continue }
            // `bytes` is valid UTF-8: the lead byte gives the length, continuation bytes carry 6 bits each.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for index in 1..<length { value = value << 6 | UInt32(bytes[offset + index] & 0x3F) }
            do {
                let likely: Bool = switch value {
                case 0xA0...0x24F: !chineseOnly || value == 0xB7 || value == 0xD7 || value == 0xF7
                case 0x2000...0x22FF, 0x2460...0x24FF, 0x2500...0x257F, 0x25A0...0x25FF: true
                case 0x3000...0x30FF, 0x3200...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
                     0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3134F: true
                default: false
                }
                if !likely { return offset }
            }
            offset += length
        }
        return nil
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte < 0x80 { index += 1; continue }
                let length: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch byte {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return index
                }
                guard index + length <= count else { return index }
                let second = buffer[index + 1]
                guard second >= lower && second <= upper else { return index }
                for offset in 2..<max(length, 2) where offset < length {
                    guard buffer[index + offset] & 0xC0 == 0x80 else { return index }
                }
                index += length
            }
            return nil
        }
    }

    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<offset].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private static func gb18030ToUTF8(_ data: Data, file: String) throws(ImportError) -> [UInt8] {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else {
            throw .unreadable(file: file, reason: "this system's iconv has no GB18030 converter")
        }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failure: (offset: Int, code: Int32)?
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                    failure = (inBuffer.count - inLeft, errno)
                }
                return outBuffer.count - outLeft
            }
        }
        if let failure {
            let reason = failure.code == EINVAL ? "the file ends inside a GB18030 character"
                : "bytes that are neither UTF-8 nor GB18030 (offset \(failure.offset))"
            throw .encoding(file: file, line: lineNumber(of: failure.offset, in: input), reason: reason)
        }
        output.removeSubrange(produced...)
        if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
        return output
    }
}
