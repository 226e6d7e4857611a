import ArgumentParser
import BudgetCore
import Reports
import Store

extension Budget {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one project's figures year by year (and its revision history).",
            discussion: """
                Examples:
                  budget history 贸易摩擦应对事务
                  budget history 门户网站 --unit 外国投资 --revisions
                  budget history 贸易摩擦应对事务 --details --lang zh
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var selection: ProjectSelection

        @Flag(help: "Also list every recorded change: old value, new value, the import batch.")
        var revisions = false

        @Flag(help: "Also each year's self-evaluation: total score, funding split (当年财政拨款, 上年结转资金, 其他资金) and performance indicators with their results and deviation reasons — a 申报表's 上年绩效 section (text, or a sheet of the xlsx).")
        var details = false

        func validate() throws {
            if details && (format == .csv || format == .json) {
                throw ValidationError("--details goes with text or xlsx output (CSV and JSON hold one table: the years)")
            }
        }

        @Option(help: "Output format: text, csv, json or xlsx (a workbook: redirect it to a file).")
        var format: OutputFormat = .text

        @OptionGroup var presentationOptions: PresentationOptions

        func run() throws {
            try withStore(store) { opened in
                let match = try selection.project(in: opened)
                let history = try opened.history(of: match)
                if format == .text {
                    print("\(match.department.isEmpty ? "-" : match.department) / \(match.unit.isEmpty ? "-" : match.unit) / \(match.name)"
                          + (match.category.map { "  [\($0)]" } ?? ""))
                }
                // In text, the exceptional column only when a year is marked; CSV and JSON always have it.
                let exceptional = format != .text || history.years.contains { $0.exceptionalReason != nil }
                if format == .xlsx { // one workbook: the years, and the revisions on a second sheet
                    let years = [(name: "years", listing: Self.listing(history, exceptionalColumn: exceptional))]
                    let indicators = details ? [(name: "indicators", listing: Self.indicatorListing(try opened.indicators(of: match)))] : []
                    return try XLSXOutput.emit(years + indicators
                                               + (revisions ? [("revisions", Self.revisionListing(try opened.revisions(of: match)))] : []),
                                               presentation: presentationOptions.presentation)
                }
                try emit(Self.listing(history, exceptionalColumn: exceptional), format: format,
                         presentation: presentationOptions.presentation, maxWidth: presentationOptions.tableWidth)
                let presentation = presentationOptions.presentation
                let wording = Wording.of(presentation.language)
                if format == .text {
                    printProse(wording.text(.historyFooter, unit: presentation.unit), maxWidth: presentationOptions.tableWidth)
                }
                if details { try printDetails(history, indicators: try opened.indicators(of: match), wording: wording) }
                if revisions {
                    let entries = try opened.revisions(of: match)
                    if format == .text {
                        print("\n" + wording.text(.revisionsHeader, ["count": .number(String(entries.count))], unit: presentation.unit))
                    }
                    try emit(Self.revisionListing(entries), format: format,
                             presentation: presentationOptions.presentation, maxWidth: presentationOptions.tableWidth)
                }
            }
        }

        /// The years of `history`; `exceptionalColumn` adds `exceptional`: the reason a year is marked
        /// exceptional, `yes` when none was given, empty when the year is not marked. `rate` is executed ÷ the
        /// full-year budget, else (no adjustment recorded, as in San Diego's accounts) ÷ the initial one — the
        /// budget every forecast and recommendation uses; `vs initial` is always ÷ the initial budget.
        static func listing(_ history: ProjectHistory, exceptionalColumn: Bool = true) -> Listing {
            var listing = Listing(columns: [
                .init("year", alignment: .right), .init("status"), .init("source"),
                .init("initial_budget", title: "initial 年初", alignment: .right),
                .init("adjusted_budget", title: "adjusted 全年", alignment: .right),
                .init("executed", title: "executed 执行", alignment: .right),
                .init("rate", title: "rate", alignment: .right),
                .init("rate_vs_initial", title: "vs initial", alignment: .right),
                .init("requested", title: "requested 申报", alignment: .right),
            ] + (exceptionalColumn ? [.init("exceptional")] : []))
            for year in history.years {
                let open = year.status != .closed
                let openNote = year.status == nil ? "-" : "open"
                var cells: [Listing.Cell] = [
                    .integer(year.year), year.status.map { .word($0.rawValue) } ?? .text(nil), year.source.map { .word($0.rawValue) } ?? .text(nil),
                    .money(year.figures.initialBudget), .money(year.figures.adjustedBudget),
                    open && year.figures.executed == nil ? .note(openNote) : .money(year.figures.executed),
                    open ? .note(openNote) : .rate(year.figures.adjustedBudget == nil ? year.figures.executionRateAgainstInitial
                                                                                   : year.figures.executionRate),
                    open ? .note(openNote) : .rate(year.figures.executionRateAgainstInitial),
                    .money(year.declaration?.requested),
                ]
                if exceptionalColumn { cells.append(year.exceptionalReason.map { $0.isEmpty ? .word("yes") : .text($0) } ?? .note("")) }
                listing.append(cells)
            }
            return listing
        }

        /// Per year with a self-evaluation's details: the total score and the funding split in a line, then the
        /// indicators.
        func printDetails(_ history: ProjectHistory, indicators: [Int: [Indicator]], wording: Wording) throws {
            let presentation = presentationOptions.presentation
            var printed = false
            for year in history.years {
                let f = year.figures
                let funding = [("appropriation", "this year's appropriation", f.appropriation), ("carryover", "carry-over", f.carryover),
                               ("other_funds", "other funds", f.otherFunds)].compactMap { key, english, amount in
                    amount.map { Clause(.historyFundingPart, ["part": .term(key: key, fallback: english), "amount": .money($0)]) }
                }
                let yearIndicators = indicators[year.year] ?? []
                guard f.totalScore != nil || !funding.isEmpty || !yearIndicators.isEmpty else { continue }
                var parts: [Clause] = []
                if let score = f.totalScore { parts.append(Clause(.historyTotalScore, ["score": .number(score.text)])) }
                if !funding.isEmpty { parts.append(Clause(.historyFunding, ["parts": .list(funding)])) }
                if yearIndicators.isEmpty { parts.append(Clause(.historyNoIndicators)) }
                print("")
                let joined = parts.map { wording.text([$0], unit: presentation.unit) }.joined(separator: wording.language == .zh ? "；" : "; ")
                printProse(wording.text(.historyDetailsYear, ["year": .year(year.year), "parts": .text(joined)], unit: presentation.unit),
                           maxWidth: presentationOptions.tableWidth)
                if !yearIndicators.isEmpty {
                    try emit(Self.indicatorListing([year.year: yearIndicators]).selecting(Self.indicatorColumns),
                             format: .text, presentation: presentation, maxWidth: presentationOptions.tableWidth)
                }
                printed = true
            }
            if !printed { print(""); printProse(wording.text(.historyNoDetails, unit: presentation.unit), maxWidth: presentationOptions.tableWidth) }
        }

        static let indicatorColumns = ["level1", "level2", "level3", "indicator_target", "indicator_actual", "indicator_weight",
                                       "indicator_score", "deviation_reason"]

        /// The indicators of every year: year, 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
        static func indicatorListing(_ indicators: [Int: [Indicator]]) -> Listing {
            var listing = Listing(columns: [.init("year", alignment: .right)] + indicatorColumns.map { key in
                Listing.Column(key, title: key.replacingOccurrences(of: "indicator_", with: ""),
                               alignment: key == "indicator_weight" || key == "indicator_score" ? .right : .left,
                               minWidth: key == "deviation_reason" ? 16 : nil)
            })
            for year in indicators.keys.sorted() {
                for indicator in indicators[year]! {
                    listing.append([.integer(year), .text(indicator.level1), .text(indicator.level2), .text(indicator.level3),
                                    .text(indicator.target), .text(indicator.actual), .text(indicator.weight?.text),
                                    .text(indicator.score?.text), .text(indicator.deviationReason)])
                }
            }
            return listing
        }

        static func revisionListing(_ entries: [RevisionEntry]) -> Listing {
            var listing = Listing(columns: [
                .init("batch", alignment: .right), .init("file"), .init("imported_at", title: "imported"),
                .init("year", alignment: .right), .init("field"), .init("old_value", title: "old", alignment: .right),
                .init("new_value", title: "new", alignment: .right),
            ])
            for entry in entries {
                listing.append([.integer(Int(entry.batchID)), .text(entry.fileName), .text(entry.importedAt),
                                .integer(entry.year), .word(entry.field), .text(entry.oldValue), .text(entry.newValue)])
            }
            return listing
        }
    }
}
