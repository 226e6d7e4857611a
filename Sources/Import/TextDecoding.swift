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
    public static func decode(_ data: Data, as choice: InputEncoding, file: String) throws(ImportError) -> DecodedText {
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM || choice == .utf8 || choice == .auto {
            let bytes = Array(hasBOM ? data.dropFirst(3) : data[...])
            let invalidAt = firstInvalidUTF8(bytes)
            if invalidAt == nil { return DecodedText(bytes: bytes, encodingName: hasBOM ? "utf-8-bom" : "utf-8") }
            if choice == .utf8 || hasBOM {
                throw .encoding(file: file, line: lineNumber(of: invalidAt!, in: bytes),
                                reason: "invalid UTF-8 (try --encoding gb18030)")
            }
        }
        return DecodedText(bytes: try gb18030ToUTF8(data, file: file), encodingName: "gb18030")
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
