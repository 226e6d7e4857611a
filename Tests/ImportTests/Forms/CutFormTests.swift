import BudgetCore
import Foundation
@testable import Import
import XCTest

/// Issue 12 (D8): a form file cut short is either refused (the parser reports a problem, so the import writes
/// nothing) or read with exactly the figures the whole file gives. The cuts are the ones a copy or a download
/// interrupted at any byte makes: `file[..<n]`, at the end of every line and through the middle of lines.
final class CutFormTests: XCTestCase {
    private static var packageRoot: URL {
        URL(fileURLWithPath: #filePath) // Tests/ImportTests/Forms/<file>
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private static func seed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent("Scenarios/\(name)")))
    }

    /// The figures of a form, as one comparable value; names too unless `names` is false.
    private func figures(_ form: ParsedForm, names: Bool, indicators: Bool) -> String {
        var parts: [String] = [form.kind.rawValue, "\(form.year.map(String.init) ?? "-")"]
        let money: [Money?] = [form.initialBudget, form.adjustedBudget, form.executed, form.requested, form.totalBudget,
                               form.priorBudget, form.priorExecuted]
        parts += money.map { $0?.plainText ?? "-" }
        for triple in [form.appropriation, form.carryover, form.otherFunds] {
            parts += [triple?.initial, triple?.adjusted, triple?.executed].map { $0?.plainText ?? "-" }
        }
        parts += [form.executionWeight, form.executionScore, form.totalScore].map { $0?.text ?? "-" }
        parts += [form.statedRateText ?? "-", "\(form.isNewProject)"]
        parts += form.subProjects.map { "\($0.name)=\($0.amount.plainText)" }
        parts.append("\(form.indicators.count) indicators")
        parts += form.indicators.map { "\($0.weight?.text ?? "-")/\($0.score?.text ?? "-")" }
        if indicators { parts += form.indicators.map { "\($0.level3)|\($0.target ?? "-")|\($0.actual ?? "-")" } }
        if names { parts += [form.department ?? "-", form.unit ?? "-", form.project ?? "-"] }
        return parts.joined(separator: " ")
    }

    private func parse(_ bytes: [UInt8]) -> FormParseResult? {
        guard let text = try? DecodedText.decode(Data(bytes), as: .auto, file: "cut.txt") else { return nil }
        let head = FormImporter.head(of: text)
        guard let family = FormImporter.family(forHead: head) else { return nil }
        return family.parse(FormImporter.lines(of: text), nil)
    }

    /// Cuts `name` at every line end, one byte before it, and every `stride` bytes; checks each as the type says.
    /// `names`: the family reads names without the file's other forms (the table family repairs OCR names from
    /// the other forms of the file, so a shorter file may read them differently; its figures never differ).
    /// `rowsComplete`: a cut between two rows of the last table can be told from a shorter table (declarations
    /// print no closing line, so a cut there leaves the rows before it, read as printed).
    private func checkCuts(_ name: String, names: Bool, rowsComplete: Bool, stride: Int,
                           file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try Self.seed(name)
        let whole = try XCTUnwrap(parse(bytes))
        XCTAssertEqual(whole.problems, [], file: file, line: line)
        let expected = whole.forms.map { figures($0, names: names, indicators: rowsComplete) }
        var offsets = Set(Swift.stride(from: 1, to: bytes.count, by: stride))
        for (index, byte) in bytes.enumerated() where byte == 0x0A { offsets.insert(index); offsets.insert(index + 1) }
        offsets.remove(bytes.count)
        var refused = 0, read = 0
        for cut in offsets.sorted() where cut > 0 {
            guard let result = parse(Array(bytes[..<cut])), !result.problems.isEmpty || !result.forms.isEmpty else {
                refused += 1 // not read as forms at all: an error too
                continue
            }
            if !result.problems.isEmpty { refused += 1; continue }
            read += 1
            XCTAssertLessThanOrEqual(result.forms.count, whole.forms.count, "cut at \(cut)", file: file, line: line)
            for (index, form) in result.forms.enumerated() where index < expected.count {
                var got = figures(form, names: names, indicators: rowsComplete)
                var want = expected[index]
                if !rowsComplete && index == result.forms.count - 1 {
                    // The last form's indicator rows are those before the cut: a prefix of the whole form's.
                    XCTAssertTrue(whole.forms[index].indicators.starts(with: form.indicators), "cut at \(cut)", file: file, line: line)
                    got = figures(stripIndicators(form), names: names, indicators: false)
                    want = figures(stripIndicators(whole.forms[index]), names: names, indicators: false)
                }
                XCTAssertEqual(got, want, "cut at \(cut): form \(index + 1) of \(name) reads differently", file: file, line: line)
            }
        }
        XCTAssertGreaterThan(refused, 0, file: file, line: line)
        XCTAssertGreaterThan(read, 0, "some cuts fall between forms, and those files read", file: file, line: line)
    }

    private func stripIndicators(_ form: ParsedForm) -> ParsedForm {
        var form = form
        form.indicators = []
        return form
    }

    func testCutSelfEvaluationTextIsRefusedOrReadTheSame() throws {
        try checkCuts("001_71f3a326dc5c2b88.txt", names: true, rowsComplete: true, stride: 23)
    }

    func testCutSelfEvaluationTableIsRefusedOrReadTheSame() throws {
        try checkCuts("003_2df205466e1d5f98.txt", names: false, rowsComplete: true, stride: 17)
    }

    func testCutInlineDeclarationIsRefusedOrReadTheSame() throws {
        try checkCuts("000_546769cc8a0ec3c8.txt", names: true, rowsComplete: false, stride: 29)
    }

    func testCutApartDeclarationIsRefusedOrReadTheSame() throws {
        try checkCuts("002_ed3a86db11c65d94.txt", names: true, rowsComplete: false, stride: 29)
    }

    // MARK: What a cut form is told by

    func testACutBeforeTheTotalLineNamesWhatIsMissing() throws {
        // 001's 海外办事处运作费 cut before its 总分 line: not a total computed from the surviving indicators.
        let bytes = try Self.seed("001_71f3a326dc5c2b88.txt")
        let text = String(decoding: bytes, as: UTF8.self)
        let cut = try XCTUnwrap(text.range(of: "总分 100 89.80"))
        let result = try XCTUnwrap(parse(Array(text[..<cut.lowerBound].utf8)))
        XCTAssertEqual(result.forms.map(\.project), ["中国（上海）国际技术进出口交易会经费", "外宣经费"])
        let problem = try XCTUnwrap(result.problems.first)
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertEqual(problem.field, "total_score")
        XCTAssertEqual(problem.project, "海外办事处运作费")
        XCTAssertTrue(problem.message.contains("ends before its 总分 line: the file looks cut"), problem.message)
    }

    func testALastLineWithoutLineEndMustBeAWholeTotalLine() throws {
        let text = String(decoding: try Self.seed("001_71f3a326dc5c2b88.txt"), as: UTF8.self)
        let total = try XCTUnwrap(text.range(of: "总分 100 89.80"))
        // Cut inside the total: 89.8 would read as 89.8 (same), 89. or 8 would not.
        let whole = try XCTUnwrap(parse(Array(text[..<total.upperBound].utf8)))
        XCTAssertEqual(whole.problems, [])
        XCTAssertEqual(whole.forms.last?.totalScore, Score(text: "89.80"))
        for short in ["总分 100 8", "总分 100 89.", "总分 100 ", "总分 10"] {
            let cut = text[..<total.lowerBound] + short
            let result = try XCTUnwrap(parse(Array(cut.utf8)))
            XCTAssertEqual(result.problems.map(\.field), ["total_score"], short)
            XCTAssertTrue(result.problems.first?.message.contains("the file looks cut") == true, result.problems.first?.message ?? "")
        }
        // The same line ended by a line end is whole: a total that does not add up is a warning, not a cut.
        let ended = text[..<total.lowerBound] + "总分 100 8\n"
        XCTAssertEqual(try XCTUnwrap(parse(Array(ended.utf8))).problems, [])
    }
}
