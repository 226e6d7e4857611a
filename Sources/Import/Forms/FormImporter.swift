import BudgetCore
import Foundation
import Store

/// Reads the text of filed forms (绩效自评表, 绩效目标申报表) into the store; ``HistoryImporter`` runs it per file.
///
/// A file's family is told from its head (see ``headBytes``, ``families``); each form becomes one
/// project-year: a self-evaluation gives the year's figures (closed: filed after the year) and indicators,
/// a declaration the request, and its prior-year figures as declared. Parser notes and ``FormChecks`` become
/// warnings naming file:line, the form (unit, project, year) and the field. A form the parser could not read
/// is an error naming the line of the figure or part at fault, the form and the field (skipped with
/// `--skip-invalid`); so is a form the file ends in the middle of (a cut file: the parsers check the last form
/// of a file for every part of its template). A total score the form does not print is computed from its
/// scores and stored only where the year has none (``HistoryRow/totalScoreIsComputed``).
///
/// Reading is linear in the file's size: every line is read once by its family's parser, and the file-wide
/// rules (the table family's name repairs, column widths of the text family) keep running counts instead of
/// comparing every form with every other. Long imports report their progress through ``ImportOptions/progress``.
public enum FormImporter {
    /// A form family: its name (recorded as the batch format), how its files are told, and its parser.
    struct Family: Sendable {
        var name: String
        /// Whether a file's first lines show this family's layout.
        var recognizes: @Sendable ([String]) -> Bool
        /// Whether a line is one only this family's forms print (a title, a name row): enough to know the family of
        /// a file cut before the lines ``recognizes`` needs.
        var marks: @Sendable (String) -> Bool
        var parse: @Sendable (consuming [String], FormProgress?) -> FormParseResult
    }

    /// Tried in order; the first that recognizes a file reads it, else the first that marks one of its lines.
    static let families: [Family] = [
        Family(name: "form:self-evaluation-table", recognizes: SelfEvaluationTableParser.recognizes,
               marks: SelfEvaluationTableParser.marks, parse: SelfEvaluationTableParser.parse),
        Family(name: "form:self-evaluation-text", recognizes: SelfEvaluationTextParser.recognizes,
               marks: SelfEvaluationTextParser.marks, parse: SelfEvaluationTextParser.parse),
        Family(name: "form:declaration", recognizes: DeclarationParser.recognizes,
               marks: DeclarationParser.marks, parse: DeclarationParser.parse),
    ]

    /// What a file is, form text or not and which family, is decided from its head: the whole lines of its first
    /// 16 KiB, at most 200 of them. (A CSV file is never read to its end to find out.)
    static let headBytes = 16 * 1024
    static let headLines = 200

    /// The text's lines, line k at index k − 1, without line ends; a text that ends with a line end has an
    /// empty last element (see ``FormText/lines(of:)``).
    static func lines(of text: DecodedText) -> [String] { FormText.lines(of: text.bytes) }

    /// The lines of the text's head (see ``headBytes``).
    static func head(of text: DecodedText) -> [String] {
        let bytes = text.bytes
        var end = min(bytes.count, headBytes)
        if end < bytes.count, let lastLineEnd = bytes[..<end].lastIndex(of: 0x0A) { end = lastLineEnd }
        return Array(FormText.lines(of: Array(bytes[..<end])).prefix(headLines))
    }

    /// The family the head of a file shows, or nil when it shows none.
    static func family(forHead lines: [String]) -> Family? {
        families.first { $0.recognizes(lines) } ?? families.first { family in lines.contains(where: family.marks) }
    }

    /// True when the text looks like form text: its head (see ``headBytes``) shows a form family's layout, or a
    /// line only forms print (a form title, a 项目名称 table row). Such a file is read as forms, and when it
    /// cannot be, the error says why.
    public static func recognizes(_ text: DecodedText) -> Bool {
        family(forHead: head(of: text)) != nil
    }

    static func importFile(_ file: String, text: DecodedText, sha256: () -> String, transaction: ImportTransaction,
                           options: ImportOptions, report: inout ImportReport) {
        guard let family = family(forHead: head(of: text)) else {
            report.errors.append(Finding(.error, file: file, line: 0, field: "format",
                message: "not a form this version reads: its first \(headLines) lines show no form title (财政项目支出绩效自评表, 绩效目标表, 绩效目标申报表) and no 项目名称 / 年初预算数 table rows; for a CSV file use --format csv"))
            return
        }
        let progress = options.progress
        defer { progress?(ImportProgress(file: file, stage: .done, done: 1, total: 1)) }
        let result = family.parse(lines(of: text), progress.map { progress in
            { done, total in progress(ImportProgress(file: file, stage: .readingForms, done: done, total: total)) }
        })
        for problem in result.problems {
            let finding = Finding(.error, file: file, line: problem.line, field: problem.field, message: problem.message,
                                  unit: problem.unit ?? "", project: problem.project ?? "(project unread)", year: problem.year)
            if options.skipInvalid { report.skipped.append(finding) } else { report.errors.append(finding) }
        }
        if result.forms.isEmpty && result.problems.isEmpty {
            report.errors.append(Finding(.error, file: file, line: 0, field: "format",
                message: "no form could be read: the file looks like \(family.name.dropFirst(5)) form text, but no form of it was found"))
            return
        }
        do {
            let writer = try transaction.beginBatch(BatchMetadata(
                fileName: file, sha256: "", format: family.name, encoding: text.encodingName, options: options.description,
                dataSource: options.dataSource(forFile: file)))
            writer.neighbourSampleLimit = UnitScaleCheck.sampleRows
            var warnings: [Finding] = []
            var skipped = result.problems.count
            for (n, form) in result.forms.enumerated() {
                progress?(ImportProgress(file: file, stage: .writing, done: n, total: result.forms.count))
                var formFindings: [Finding] = []
                var row = historyRow(form, file: file, findings: &formFindings)
                // Each form is one jurisdiction's filing: by default its 主管部门 names the data source.
                if options.dataSource == nil, let department = form.department, !NameKey.matchKey(department).isEmpty {
                    row?.dataSource = DataSourceName(department)
                }
                if let row {
                    do {
                        try writer.apply(row)
                    } catch let rejection as RowRejection {
                        formFindings.append(Finding(.error, file: file, line: form.startLine, field: rejection.field,
                            message: rejection.message, unit: form.unit ?? "", project: form.project ?? "(project unread)",
                            year: form.year))
                    }
                }
                let errors = formFindings.filter { $0.severity == .error }
                warnings += formFindings.filter { $0.severity == .warning }
                if !errors.isEmpty {
                    skipped += 1
                    if options.skipInvalid { report.skipped += errors } else { report.errors += errors }
                }
            }
            warnings += writer.warnings
            if let scale = UnitScaleCheck.storedMismatch(writer.storedNeighbours, file: file) { warnings.append(scale) }
            report.warnings += warnings
            report.batches.append(try transaction.finishBatch(writer, sha256: sha256(), fileName: file,
                rowsRead: result.forms.count + result.problems.count, skipped: skipped, warnings: warnings))
        } catch {
            report.errors.append(Finding(.error, file: file, line: 0, message: "\(error)"))
        }
    }

    /// The checks of amounts (as against scores): their findings are material.
    static let amountChecks: Set<String> = ["executed", "execution_rate", "funding_split"]

    /// The form field whose line a check's finding points at.
    static let checkLines = ["funding_split": "appropriation", "weights": "total_score", "amount_unit": "stated_unit"]


    /// The store row of a form, and its findings (parser notes, checks; errors for missing year or name). The
    /// checks of amounts and a unit label the figures contradict are material (``Finding/material``); the
    /// score checks and the parser's other notes are not.
    static func historyRow(_ form: ParsedForm, file: String, findings: inout [Finding]) -> HistoryRow? {
        func finding(_ severity: Finding.Severity, _ field: String, _ message: String, line: Int? = nil,
                     material: Bool = false) -> Finding {
            let lineField = checkLines[field] ?? field
            return Finding(severity, file: file, line: line ?? form.lines[lineField] ?? form.startLine, field: field,
                           message: message, unit: form.unit ?? "", project: form.project ?? "(project unread)", year: form.year,
                           material: material)
        }
        for note in form.notes {
            findings.append(finding(.warning, note.field, note.message, line: note.line, material: note.field == "amount_unit"))
        }
        guard let year = form.year else {
            findings.append(finding(.error, "year", "the form's year cannot be read"))
            return nil
        }
        guard let project = form.project, !project.isEmpty else {
            findings.append(finding(.error, "project", "the project name cannot be read"))
            return nil
        }
        for issue in FormChecks.issues(form) {
            findings.append(finding(.warning, issue.field, issue.message, material: Self.amountChecks.contains(issue.field)))
        }

        var row = HistoryRow(line: form.startLine, department: form.department ?? "", unit: form.unit ?? "",
                             project: project, category: form.category, year: year,
                             indicators: form.indicators.isEmpty ? nil : form.indicators)
        row.formDetail = FormDetail(
            kind: form.kind == .declaration ? .declaration : .selfEvaluation, plannedStart: form.plannedStart,
            plannedEnd: form.plannedEnd, goalExpected: form.goalExpected, goalAchieved: form.goalAchieved,
            statedRate: form.statedRateText, executionWeight: form.executionWeight,
            subProjects: form.subProjects.map { (NameKey.displayName($0.name), $0.amount) })
        switch form.kind {
        case .selfEvaluation:
            row.status = form.executed != nil ? .closed : nil // a self-evaluation is filed after its year
            let total = FormChecks.total(of: form)
            row.figures = AnnualFigures(
                initialBudget: form.initialBudget, adjustedBudget: form.adjustedBudget, executed: form.executed,
                appropriation: form.appropriation?.adjusted, carryover: form.carryover?.adjusted,
                otherFunds: form.otherFunds?.adjusted, executionScore: form.executionScore,
                totalScore: total?.score)
            row.totalScoreIsComputed = total?.computed ?? false
        case .declaration:
            row.declaration = DeclarationFigures(requested: form.requested, totalBudget: form.totalBudget,
                                                 priorBudget: form.priorBudget, priorExecuted: form.priorExecuted)
        }
        return row
    }
}
