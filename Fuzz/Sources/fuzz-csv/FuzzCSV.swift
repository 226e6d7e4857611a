import FuzzSupport
import Import

/// The CSV path of `budget import --format csv FILE`: the bytes decoded as `--encoding auto` does (UTF-8,
/// UTF-8 with BOM, else GB18030), the tokenizer on its own (with its invariants checked), then the whole
/// importer (header layout, rows parsed on the other thread, the store's writer) in a rolled-back transaction
/// against a store that already holds a few projects. Odd-length inputs run with `--skip-invalid`.
///
/// Invariants: records come in increasing line order and every field lies inside the text, in order; every
/// finding names a line of the file (or 0); when the import reports no error, skips nothing and says nothing
/// about the header (no title rows above it, no second header row: it is the first record), it has read exactly
/// the non-blank records after the header.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = Fuzz.write(data, size, as: "input.csv")
    guard let text = Fuzz.decode(data, size, file: path) else { return 0 }

    var tokenizer = CSVTokenizer(bytes: text.bytes)
    var fields: [CSVTokenizer.Field] = []
    var lastLine = 0, lastEnd = 0, records = 0, nonBlankAfterHeader = 0
    var wellFormed = true
    while true {
        let line: Int?
        do { line = try tokenizer.next(into: &fields) } catch { wellFormed = false; break }
        guard let line else { break }
        Fuzz.require(line > lastLine, "record at line \(line) after a record at line \(lastLine)")
        lastLine = line
        for field in fields {
            Fuzz.require(field.range.lowerBound >= lastEnd && field.range.upperBound <= text.bytes.count,
                         "field \(field.range) outside the text (\(text.bytes.count) bytes) or before the previous one (ends \(lastEnd))")
            lastEnd = field.range.upperBound
            _ = tokenizer.text(of: field)
            _ = tokenizer.withTrimmedBytes(of: field) { $0.count }
        }
        if records > 0 && !fields.allSatisfy(tokenizer.isBlank) { nonBlankAfterHeader += 1 }
        records += 1
    }

    let skipInvalid = size % 2 == 1
    guard let report = Fuzz.importDryRun(path, format: .csv, skipInvalid: skipInvalid) else { return 0 }
    let lineEnds = text.bytes.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
    Fuzz.checkFindings(report, lineCount: lineEnds + 1)
    if wellFormed, report.errors.isEmpty, report.skipped.isEmpty, !report.warnings.contains(where: { $0.field == "header" }),
       let batch = report.batches.first {
        Fuzz.require(batch.rowsRead == nonBlankAfterHeader,
                     "the import read \(batch.rowsRead) rows; the tokenizer found \(nonBlankAfterHeader) non-blank records after the header")
    }
    return 0
}
