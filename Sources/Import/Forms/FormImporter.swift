import BudgetCore
import Foundation
import Store

/// Reads the text of filed forms (绩效自评表, 绩效目标申报表) into the store; ``HistoryImporter`` runs it per file.
///
/// A file is read by the first form family that recognizes it (see ``families``); each form becomes one
/// project-year: a self-evaluation gives the year's figures (closed: filed after the year) and indicators,
/// a declaration the request, and its prior-year figures as declared. Parser notes and ``FormChecks`` become
/// warnings naming file:line, the form (unit, project, year) and the field. A form the parser could not read
/// is an error naming the form and the missing field (skipped with `--skip-invalid`).
public enum FormImporter {
    /// A form family: its name (recorded as the batch format) and its parser.
    struct Family: Sendable {
        var name: String
        var recognizes: @Sendable ([String]) -> Bool
        var parse: @Sendable ([String]) -> FormParseResult
    }

    /// Tried in order; the first that recognizes a file reads it.
    static let families: [Family] = [
        Family(name: "form:self-evaluation-table", recognizes: SelfEvaluationTableParser.recognizes, parse: SelfEvaluationTableParser.parse),
        Family(name: "form:self-evaluation-text", recognizes: SelfEvaluationTextParser.recognizes, parse: SelfEvaluationTextParser.parse),
        Family(name: "form:declaration", recognizes: DeclarationParser.recognizes, parse: DeclarationParser.parse),
    ]

    /// The text's lines, line k at index k − 1, without line ends.
    static func lines(of text: DecodedText) -> [String] {
        String(decoding: text.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// True when some form family recognizes the text.
    public static func recognizes(_ text: DecodedText) -> Bool {
        let lines = lines(of: text)
        return families.contains { $0.recognizes(lines) }
    }

    static func importFile(_ file: String, text: DecodedText, sha256: () -> String, transaction: ImportTransaction,
                           options: ImportOptions, report: inout ImportReport) {
        let lines = lines(of: text)
        guard let family = families.first(where: { $0.recognizes(lines) }) else {
            report.errors.append(Finding(.error, file: file, line: 0, field: "format",
                message: "not a form this version reads (绩效自评表 or 绩效目标申报表 text); for a CSV file use --format csv"))
            return
        }
        let result = family.parse(lines)
        for problem in result.problems {
            let finding = Finding(.error, file: file, line: problem.line, field: problem.field, message: problem.message,
                                  unit: problem.unit ?? "", project: problem.project ?? "(project unread)")
            if options.skipInvalid { report.skipped.append(finding) } else { report.errors.append(finding) }
        }
        if result.forms.isEmpty && result.problems.isEmpty {
            report.errors.append(Finding(.error, file: file, line: 0, field: "format", message: "no form found in the file"))
            return
        }
        do {
            let writer = try transaction.beginBatch(BatchMetadata(
                fileName: file, sha256: "", format: family.name, encoding: text.encodingName, options: options.description,
                dataSource: options.dataSource(forFile: file)))
            var warnings: [Finding] = []
            var skipped = result.problems.count
            for form in result.forms {
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
            report.warnings += warnings
            report.batches.append(try transaction.finishBatch(writer, sha256: sha256(), fileName: file,
                rowsRead: result.forms.count + result.problems.count, skipped: skipped, warnings: warnings))
        } catch {
            report.errors.append(Finding(.error, file: file, line: 0, message: "\(error)"))
        }
    }

    /// The form field whose line a check's finding points at.
    static let checkLines = ["funding_split": "appropriation", "weights": "total_score", "amount_unit": "stated_unit"]


    /// The store row of a form, and its findings (parser notes, checks; errors for missing year or name).
    static func historyRow(_ form: ParsedForm, file: String, findings: inout [Finding]) -> HistoryRow? {
        func finding(_ severity: Finding.Severity, _ field: String, _ message: String, line: Int? = nil) -> Finding {
            let lineField = checkLines[field] ?? field
            return Finding(severity, file: file, line: line ?? form.lines[lineField] ?? form.startLine, field: field,
                           message: message, unit: form.unit ?? "", project: form.project ?? "(project unread)", year: form.year)
        }
        for note in form.notes { findings.append(finding(.warning, note.field, note.message, line: note.line)) }
        guard let year = form.year else {
            findings.append(finding(.error, "year", "the form's year cannot be read"))
            return nil
        }
        guard let project = form.project, !project.isEmpty else {
            findings.append(finding(.error, "project", "the project name cannot be read"))
            return nil
        }
        for issue in FormChecks.issues(form) { findings.append(finding(.warning, issue.field, issue.message)) }

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
            row.figures = AnnualFigures(
                initialBudget: form.initialBudget, adjustedBudget: form.adjustedBudget, executed: form.executed,
                appropriation: form.appropriation?.adjusted, carryover: form.carryover?.adjusted,
                otherFunds: form.otherFunds?.adjusted, executionScore: form.executionScore,
                totalScore: FormChecks.total(of: form)?.score)
        case .declaration:
            row.declaration = DeclarationFigures(requested: form.requested, totalBudget: form.totalBudget,
                                                 priorBudget: form.priorBudget, priorExecuted: form.priorExecuted)
        }
        return row
    }
}
