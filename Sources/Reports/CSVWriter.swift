import Foundation

/// The byte encoding of a CSV file.
///
/// `.utf8(bom: true)` is the one Excel on Chinese Windows opens correctly by double-click; without the
/// BOM Excel reads the file in the system code page and garbles Chinese. `.gb18030` is for tools that
/// expect the Chinese national encoding: it is a superset of GBK and GB2312 (same bytes for every
/// character those have) and represents all of Unicode, using four-byte sequences for characters outside
/// GBK, which a GBK-only reader cannot decode.
public enum CSVEncoding: Sendable, Equatable {
    case utf8(bom: Bool)
    case gb18030

    /// Parses a user-facing name, ignoring case and surrounding spaces: "utf8" and "utf-8" (no BOM),
    /// "utf8-bom" and "utf-8-bom" (with BOM), "gb18030" and "gbk" (both GB18030). Nil for anything else.
    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf8", "utf-8": self = .utf8(bom: false)
        case "utf8-bom", "utf-8-bom": self = .utf8(bom: true)
        case "gb18030", "gbk": self = .gb18030
        default: return nil
        }
    }

    /// The canonical name, accepted by `init?(name:)`: "utf8", "utf8-bom" or "gb18030".
    public var name: String {
        switch self {
        case .utf8(bom: false): return "utf8"
        case .utf8(bom: true): return "utf8-bom"
        case .gb18030: return "gb18030"
        }
    }

    /// Foundation's GB18030 encoding (kCFStringEncodingGB_18030_2000 as an NSStringEncoding), the same
    /// value on Linux and Apple platforms.
    static let foundationGB18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Name used in error messages.
    var displayName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .gb18030: return "GB18030"
        }
    }
}

/// Writes RFC 4180 CSV, streaming encoded bytes to an output closure in chunks.
///
/// Contract:
/// - for `.utf8(bom: true)` the bytes EF BB BF come first, exactly once (also for a file with no rows);
/// - fields are separated by `,`; a field is quoted only when it contains `,`, `"`, CR or LF, and a `"`
///   inside a quoted field is doubled; nothing else is changed (no trimming, no formula escaping);
/// - every record, the last one included, ends with CRLF;
/// - bytes are handed to `output` in chunks of at least `chunkSize` bytes (the last one may be smaller),
///   and the remainder when `finish()` is called; nothing is written until a chunk fills or `finish()`;
/// - a row is encoded whole before anything of it is buffered: when a character cannot be represented
///   (GB18030 is checked by decoding the bytes back) `write(row:)` throws
///   `ReportError.unencodableCharacter` naming the row, column and character, and writes nothing of that
///   row; the rows before it stay written;
/// - the writer does not compare field counts between rows (`data(header:rows:encoding:)` does).
///
/// Not thread-safe: use one writer from one task.
public final class CSVWriter {
    /// Default size of the chunks handed to `output`: 64 KiB.
    public static let defaultChunkSize = 64 * 1024

    public let encoding: CSVEncoding
    /// Rows written so far (the header counts as a row).
    public private(set) var rowCount = 0

    private let chunkSize: Int
    private let output: (Data) throws -> Void
    private var buffer = Data()
    private var finished = false

    /// A writer that hands its bytes to `output`, e.g. `{ try handle.write(contentsOf: $0) }` or
    /// `{ collected.append($0) }`.
    public init(
        encoding: CSVEncoding, chunkSize: Int = CSVWriter.defaultChunkSize,
        output: @escaping (Data) throws -> Void
    ) {
        self.encoding = encoding
        self.chunkSize = max(chunkSize, 1)
        self.output = output
        buffer.reserveCapacity(self.chunkSize)
        if encoding == .utf8(bom: true) {
            buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        }
    }

    /// A writer that appends to an open file handle (it does not close it).
    public convenience init(encoding: CSVEncoding, fileHandle: FileHandle, chunkSize: Int = CSVWriter.defaultChunkSize) {
        self.init(encoding: encoding, chunkSize: chunkSize) { try fileHandle.write(contentsOf: $0) }
    }

    /// Encodes one record and buffers it, handing a chunk to `output` once `chunkSize` bytes are waiting.
    /// Throws `ReportError.writerFinished` after `finish()`, `ReportError.unencodableCharacter` (see the
    /// type's contract), or whatever `output` throws.
    public func write(row: [String]) throws {
        guard !finished else { throw ReportError.writerFinished }
        let record = row.map(Self.escape).joined(separator: ",") + "\r\n"
        let bytes = try encode(record, fields: row, row: rowCount + 1)
        rowCount += 1
        buffer.append(bytes)
        if buffer.count >= chunkSize {
            try flush()
        }
    }

    /// Hands the remaining bytes (at least the BOM, if any) to `output`; later `write(row:)` calls throw.
    /// Calling it again does nothing.
    public func finish() throws {
        guard !finished else { return }
        try flush()
        finished = true
    }

    /// A whole CSV file in memory: the header row, then `rows`. Throws `ReportError.fieldCountMismatch`
    /// when a row's field count differs from the header's, and the errors of `write(row:)`.
    public static func data(header: [String], rows: [[String]], encoding: CSVEncoding) throws -> Data {
        var collected = Data()
        let writer = CSVWriter(encoding: encoding) { collected.append($0) }
        try writer.write(row: header)
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw ReportError.fieldCountMismatch(row: index + 2, expected: header.count, actual: row.count)
        }
        for row in rows {
            try writer.write(row: row)
        }
        try writer.finish()
        return collected
    }

    /// `field` as it appears in a record: quoted, with `"` doubled, when it holds `,`, `"`, CR or LF.
    /// Works on scalars, not Characters: CRLF is one Character, and so is `"` followed by a combining mark.
    static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A
        }
        guard needsQuotes else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The bytes of `record` in this writer's encoding, or the error naming the first character of
    /// `fields` that the encoding cannot represent.
    private func encode(_ record: String, fields: [String], row: Int) throws -> Data {
        switch encoding {
        case .utf8:
            return Data(record.utf8)
        case .gb18030:
            if let bytes = Self.gb18030(record) { return bytes }
            for (column, field) in fields.enumerated() {
                for scalar in field.unicodeScalars where Self.gb18030(String(scalar)) == nil {
                    throw ReportError.unencodableCharacter(
                        scalar, row: row, column: column + 1, encoding: encoding.displayName)
                }
            }
            throw ReportError.encodingFailed(row: row, encoding: encoding.displayName)
        }
    }

    /// GB18030 bytes of `text`, or nil unless they decode back to exactly the same scalars. The check
    /// catches characters Foundation maps one way only (e.g. U+E5E5 is written as A3 A0, which reads back
    /// as U+3000), which would otherwise change the text silently.
    static func gb18030(_ text: String) -> Data? {
        guard let bytes = text.data(using: CSVEncoding.foundationGB18030, allowLossyConversion: false),
            let back = String(data: bytes, encoding: CSVEncoding.foundationGB18030),
            back.unicodeScalars.elementsEqual(text.unicodeScalars)
        else { return nil }
        return bytes
    }
}
