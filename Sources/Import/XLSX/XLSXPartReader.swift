import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Base of the streaming (SAX) readers of a workbook's XML parts: runs `XMLParser` over one part and turns an
/// XML error, or a reason a subclass stopped for, into an ``ImportError`` naming the part and the line.
///
/// Subclasses override ``start(_:attributes:)``, ``end(_:)`` and, to receive text, set ``collectsText`` while
/// inside an element whose text they want: the text then accumulates in ``text`` (entities, CDATA and text
/// split by the parser already joined). Element names are passed without their namespace prefix (`x:c` is `c`),
/// since writers differ in the prefixes they use.
class XLSXPartReader: NSObject, XMLParserDelegate {
    /// Text gathered while ``collectsText`` is true; subclasses empty it when they are done with it.
    var text = ""
    var collectsText = false
    private var stopReason: String?
    private var parser: XMLParser?
    private var firstError: (line: Int, column: Int, code: Int)?

    func start(_ name: Substring, attributes: [String: String]) {}
    func end(_ name: Substring) {}

    /// Stops the parse; `read` then throws with this reason (and the line it stopped at).
    final func stop(reason: String) {
        guard stopReason == nil, let parser else { return }
        stopReason = "\(reason) (line \(parser.lineNumber))"
        parser.abortParsing()
    }

    /// Parses `data`, the part named `part` of workbook `file`.
    final func read(_ data: Data, part: String, file: String) throws(ImportError) {
        // Fed in chunks: given a whole part at once, libxml2 refuses parts over 10 MB ("huge input lookup").
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        self.parser = parser
        let finished = parser.parse()
        parser.delegate = nil
        self.parser = nil
        if let stopReason {
            throw .unreadable(file: file, reason: "in its part \(part): \(stopReason)")
        }
        if !finished {
            let place = firstError.map { "line \($0.line), column \($0.column), XML error \($0.code)" }
                ?? "line \(parser.lineNumber)"
            throw .unreadable(file: file, reason: "its part \(part) is not well-formed XML (\(place)): the workbook is damaged; open it in Excel and save it again")
        }
    }

    /// `x:c` → `c`.
    static func localName(_ name: String) -> Substring {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name[...] }
        return name[name.utf8.index(after: colon)...]
    }

    /// The value of attribute `local` whatever its prefix (`r:id`, `ns2:id`), for relationship ids.
    static func prefixedAttribute(_ local: String, in attributes: [String: String]) -> String? {
        for (key, value) in attributes where key.hasSuffix(":" + local) && !key.hasPrefix("xmlns") { return value }
        return nil
    }

    // MARK: XMLParserDelegate

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        start(Self.localName(elementName), attributes: attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        end(Self.localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collectsText { text += string }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if collectsText { text += whitespaceString }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if collectsText { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard firstError == nil, stopReason == nil else { return }
        firstError = (parser.lineNumber, parser.columnNumber, (parseError as NSError).code)
        parser.abortParsing()
    }
}
