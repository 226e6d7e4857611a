extension XLSXWriter {
    /// XML text appended to a byte buffer (UTF-8), with the escaping SpreadsheetML needs.
    struct XMLBytes {
        var bytes: [UInt8] = []

        init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

        /// Markup or text known to need no escaping.
        mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

        /// A non-negative integer in decimal, without going through `String`.
        mutating func integer(_ value: Int) {
            guard value >= 10 else { bytes.append(UInt8(ascii: "0") + UInt8(value)); return }
            integer(value / 10)
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }

        /// `text` as element content or attribute value: `& < > "` escaped, CR as `&#13;` (a parser would turn a
        /// raw one into LF), characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE and U+FFFF) left
        /// out, and the `_` of a `_xHHHH_` written `_x005F_` so that Excel shows the text as typed.
        mutating func escaped(_ text: String) {
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { escape($0) }
            if done == nil { escape(Array(text.utf8)) }
        }

        private mutating func escape<Bytes: RandomAccessCollection<UInt8>>(_ utf8: Bytes) where Bytes.Index == Int {
            var i = utf8.startIndex
            let end = utf8.endIndex
            while i < end {
                let byte = utf8[i]
                switch byte {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\""): raw("&quot;")
                case 0x0D: raw("&#13;")
                case 0x09, 0x0A: bytes.append(byte)
                case 0x00..<0x20: break // forbidden in XML 1.0
                case 0xEF where i + 2 < end && utf8[i + 1] == 0xBF && (utf8[i + 2] == 0xBE || utf8[i + 2] == 0xBF):
                    i += 3 // U+FFFE, U+FFFF: not XML characters
                    continue
                case UInt8(ascii: "_") where Self.isExcelEscape(utf8, at: i):
                    raw("_x005F_")
                default: bytes.append(byte)
                }
                i += 1
            }
        }

        /// Whether `_xHHHH_` (four hexadecimal digits) starts at `i`: Excel reads it as the character U+HHHH.
        private static func isExcelEscape<Bytes: RandomAccessCollection<UInt8>>(_ utf8: Bytes, at i: Int) -> Bool where Bytes.Index == Int {
            guard i + 6 < utf8.endIndex, utf8[i + 1] == UInt8(ascii: "x"), utf8[i + 6] == UInt8(ascii: "_") else { return false }
            return (i + 2...i + 5).allSatisfy { index in
                let b = utf8[index]
                return (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
            }
        }
    }

    /// `text` cut to Excel's ``maximumTextLength`` UTF-16 units, ending with `…` when cut.
    static func limited(_ text: String) -> String {
        guard text.utf8.count > maximumTextLength, text.utf16.count > maximumTextLength else { return text }
        return SheetName.cut(text, to: maximumTextLength - 1) + "…"
    }

    /// The shared string table: each distinct text once, cells refer to it by index. Texts are told apart by
    /// their UTF-8 bytes (Swift's `String` equality would merge canonically equivalent spellings, and its hashing
    /// normalizes, which is slow for Chinese).
    struct SharedStrings {
        private var indices: [[UInt8]: Int] = [:]
        private var items = XMLBytes()
        /// Cells referring to the table (the `count` attribute).
        private(set) var references = 0

        /// The index of `text`, added when new.
        mutating func index(of text: String) -> Int {
            references += 1
            let key = Array(text.utf8)
            if let index = indices[key] { return index }
            let index = indices.count
            indices[key] = index
            let limited = XLSXWriter.limited(text)
            let edges = [limited.unicodeScalars.first, limited.unicodeScalars.last].compactMap { $0 }
            items.raw(edges.contains { $0.properties.isWhitespace } ? "<si><t xml:space=\"preserve\">" : "<si><t>")
            items.escaped(limited)
            items.raw("</t></si>")
            return index
        }

        func xml() -> [UInt8] {
            var xml = XMLBytes(capacity: items.bytes.count + 200)
            xml.raw(Package.declaration)
            xml.raw("<sst xmlns=\"\(Package.mainNamespace)\" count=\"")
            xml.integer(references)
            xml.raw("\" uniqueCount=\"")
            xml.integer(indices.count)
            xml.raw("\">")
            xml.raw(items.bytes)
            xml.raw("</sst>")
            return xml.bytes
        }
    }
}
