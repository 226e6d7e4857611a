import BudgetCore
import Forecasting

extension ScenarioReports {
    /// PEFA budget credibility per department and unit over each group's last three closed years up to the
    /// base year: PI-1 aggregate outturn and PI-2 composition variance, against the original budget and
    /// against the adjusted budget (so that mid-year cuts that hide under-execution show).
    public func credibility(_ scores: [CredibilityScore]) -> Report {
        var table = CredibilityReport.table(scores)
        table.presentation = presentation
        return Report(name: "credibility",
                      text: header("credibility") + CredibilityReport.text(scores, through: run.baseYear, maxWidth: maxWidth,
                                                                             presentation: presentation),
                      table: table)
    }
}

/// PEFA budget credibility as a table (one row per group and year, for CSV) and as text (the measures, the
/// two bases side by side, and the groups whose grade is better on the adjusted basis): for a scenario's
/// report set and for `budget credibility`.
public enum CredibilityReport {
    /// One row per group and year: the measures, bands and grades on both bases.
    public static func table(_ scores: [CredibilityScore]) -> Listing {
        var table = Listing(columns: [
            .init("level", term: "credibility_level"), .init("data_source"), .init("department"), .init("unit"),
            .init("year", alignment: .right),
            .init("in_window", alignment: .right), .init("lines", alignment: .right, term: "credibility_lines"),
            .init("original_budget", alignment: .right), .init("adjusted_budget", alignment: .right),
            .init("executed", alignment: .right),
            .init("pi1_outturn", alignment: .right), .init("pi1_band"),
            .init("pi2_composition", alignment: .right), .init("pi2_band"),
            .init("pi1_outturn_adjusted", alignment: .right), .init("pi1_adjusted_band"),
            .init("pi2_composition_adjusted", alignment: .right), .init("pi2_adjusted_band"),
            .init("pi1_grade"), .init("pi2_grade"), .init("pi1_adjusted_grade"), .init("pi2_adjusted_grade"),
        ])
        for score in scores {
            for year in score.years {
                let o = year.original, a = year.adjusted
                table.append([
                    .word(score.level.rawValue), .text(score.dataSource), .text(score.department), .text(score.unit),
                    .integer(year.year),
                    .integer(o.inWindow || a.inWindow ? 1 : 0), .integer(o.lines), .money(o.budget), .money(a.budget),
                    .money(o.executed), .rate(o.outturn), .text(o.outturnBand?.rawValue), .rate(o.composition),
                    .text(o.compositionBand?.rawValue), .rate(a.outturn), .text(a.outturnBand?.rawValue),
                    .rate(a.composition), .text(a.compositionBand?.rawValue),
                    grade(score.pi1), grade(score.pi2), grade(score.pi1Adjusted), grade(score.pi2Adjusted),
                ])
            }
        }
        return table
    }

    /// The explanation, a table per basis (original, adjusted) at most `maxWidth` wide, and the groups whose
    /// PI-1 is better on the adjusted basis; in the language and amount unit of `presentation`.
    public static func text(_ scores: [CredibilityScore], through year: Int, maxWidth: Int = 120,
                            presentation: Presentation = .standard) -> String {
        let wording = Wording.of(presentation.language)
        func say(_ phrase: Phrase, _ values: [String: Clause.Value] = [:]) -> String {
            wording.text(phrase, values, unit: presentation.unit)
        }
        var text = say(.credibilityHeader, ["year": .year(year)]) + "\n\n"
        func ratios(_ score: CredibilityScore, _ basis: CredibilityBasis, _ measure: Measure) -> String {
            let parts = score.years.compactMap { year -> String? in
                let m = year[basis]
                guard m.inWindow else { return nil }
                let (value, band) = measure == .outturn ? (m.outturn, m.outturnBand) : (m.composition, m.compositionBand)
                return value.map { shownPercent($0, band: band, measure: measure) } ?? "-"
            }
            return parts.isEmpty ? "-" : parts.joined(separator: " ")
        }
        let severalSources = scores.filter { $0.level == .total }.count > 1
        func totalName(_ score: CredibilityScore) -> String {
            guard severalSources else { return wording.word("total") }
            return say(.summaryTotalOfSource, ["source": .text(score.dataSource.isEmpty ? wording.word("(no data source)") : score.dataSource)])
        }
        if severalSources {
            text += say(.summarySeveralSources, ["count": .number(String(scores.filter { $0.level == .total }.count))]) + "\n\n"
        }
        for basis in CredibilityBasis.allCases {
            var listing = Listing(columns: [
                .init("department_unit", title: "department / unit", minWidth: 16), .init("year_span", title: "years"),
                .init("pi1", title: "PI-1 outturn %", alignment: .right), .init("g1", title: "grade", term: "grade"),
                .init("pi2", title: "PI-2 composition %", alignment: .right), .init("g2", title: "grade", term: "grade"),
            ], presentation: presentation)
            for score in scores {
                let name: String
                switch score.level {
                case .total: name = totalName(score)
                case .department: name = (score.department ?? "").isEmpty ? wording.word("(no department)") : score.department!
                case .unit: name = "  " + ((score.unit ?? "").isEmpty ? wording.word("(no unit)") : score.unit!)
                }
                let inWindow = score.years.filter { $0[basis].inWindow }.map(\.year)
                let years = inWindow.isEmpty ? "-" : (inWindow.count == 1 ? "\(inWindow[0])" : "\(inWindow.first!)–\(inWindow.last!)")
                listing.append([
                    .text(name), .text(years),
                    .text(ratios(score, basis, .outturn)), grade(basis == .original ? score.pi1 : score.pi1Adjusted),
                    .text(ratios(score, basis, .composition)), grade(basis == .original ? score.pi2 : score.pi2Adjusted),
                ])
            }
            text += basis == .original ? say(.credibilityOriginal) + "\n" : "\n" + say(.credibilityAdjusted) + "\n"
            text += listing.text(maxWidth: maxWidth)
        }
        let hidden = scores.filter {
            guard let original = $0.pi1, let adjusted = $0.pi1Adjusted else { return false }
            return adjusted.rawValue < original.rawValue
        }
        if !hidden.isEmpty {
            text += "\n" + say(.credibilityBetterAdjusted) + "\n"
            for score in hidden {
                let name = [score.department, score.unit].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ")
                    .ifEmpty(totalName(score))
                text += say(.credibilityBetterLine, ["name": .text(name), "original": .text(score.pi1!.rawValue),
                                                     "adjusted": .text(score.pi1Adjusted!.rawValue)]) + "\n"
            }
        }
        return Report.wrapLongLines(text, maxWidth: maxWidth)
    }

    static func grade(_ g: CredibilityGrade?) -> Listing.Cell { .text(g?.rawValue) }

    /// PI-1 (aggregate outturn) or PI-2 (composition variance).
    enum Measure { case outturn, composition }

    /// A year's ratio in percent with one decimal, as its band reads it: where rounding would carry the figure
    /// across a band edge, it is moved a tenth back toward the exact value (an outturn of 89.996% is band C
    /// and shows 89.9, not 90.0, which reads as B; a composition variance of 4.996% is A and shows 4.9).
    static func shownPercent(_ ratio: Double, band: CredibilityGrade?, measure: Measure) -> String {
        var tenths = (ratio * 1000).rounded()
        if let band, self.band(ofPercent: tenths / 10, measure) != band {
            tenths += ratio * 1000 > tenths ? 1 : -1
        }
        return String(format: "%.1f", tenths / 10)
    }

    /// The band a percentage shown to one decimal reads as (PEFA: PI-1 A within 95–105%, B 90–110%, C
    /// 85–115%; PI-2 A below 5%, B below 10%, C below 15%).
    static func band(ofPercent p: Double, _ measure: Measure) -> CredibilityGrade {
        switch measure {
        case .outturn:
            for (grade, low, high) in [(CredibilityGrade.A, 95.0, 105.0), (.B, 90, 110), (.C, 85, 115)] where p >= low && p <= high {
                return grade
            }
            return .D
        case .composition:
            for (grade, limit) in [(CredibilityGrade.A, 5.0), (.B, 10), (.C, 15)] where p < limit { return grade }
            return .D
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
