import BudgetCore
import Forecasting

extension ScenarioReports {
    /// PEFA budget credibility per department and unit over each group's last three closed years up to the
    /// base year: PI-1 aggregate outturn and PI-2 composition variance, against the original budget and
    /// against the adjusted budget (so that mid-year cuts that hide under-execution show).
    public func credibility(_ scores: [CredibilityScore]) -> Report {
        Report(name: "credibility",
               text: header("credibility") + CredibilityReport.text(scores, through: run.baseYear, maxWidth: maxWidth),
               table: CredibilityReport.table(scores))
    }
}

/// PEFA budget credibility as a table (one row per group and year, for CSV) and as text (the measures, the
/// two bases side by side, and the groups whose grade is better on the adjusted basis): for a scenario's
/// report set and for `budget credibility`.
public enum CredibilityReport {
    /// One row per group and year: the measures, bands and grades on both bases.
    public static func table(_ scores: [CredibilityScore]) -> Listing {
        var table = Listing(columns: [
            .init("level"), .init("department"), .init("unit"), .init("year", alignment: .right),
            .init("in_window", alignment: .right), .init("lines", alignment: .right),
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
                    .text(score.level.rawValue), .text(score.department), .text(score.unit), .integer(year.year),
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
    /// PI-1 is better on the adjusted basis.
    public static func text(_ scores: [CredibilityScore], through year: Int, maxWidth: Int = 120) -> String {
        var text = "PEFA budget reliability over each group's last three closed years up to \(year) (the years shown)."
            + " PI-1 aggregate outturn = executed ÷ budget: A when 95–105% in two of the three years, B 90–110%, C 85–115%,"
            + " else D. PI-2 composition variance = Σ|executed − budget scaled by total executed ÷ total budget| ÷ total"
            + " executed: A below 5% in two of the three years, B below 10%, C below 15%, else D. Fewer than two years: no"
            + " grade (-). \"original\" is the initial budget (年初预算数, PEFA's basis); \"adjusted\" the full-year budget"
            + " (全年预算数): a grade that is better on the adjusted basis means in-year cuts made execution look better.\n\n"
        func ratios(_ score: CredibilityScore, _ basis: CredibilityBasis, _ value: (CredibilityMeasure) -> Double?) -> String {
            let parts = score.years.compactMap { year -> String? in
                let measure = year[basis]
                guard measure.inWindow else { return nil }
                return value(measure).map { String(format: "%.1f", $0 * 100) } ?? "-"
            }
            return parts.isEmpty ? "-" : parts.joined(separator: " ")
        }
        for basis in CredibilityBasis.allCases {
            var listing = Listing(columns: [
                .init("name", title: "department / unit", minWidth: 16), .init("years"),
                .init("pi1", title: "PI-1 outturn %", alignment: .right), .init("g1", title: "grade"),
                .init("pi2", title: "PI-2 composition %", alignment: .right), .init("g2", title: "grade"),
            ])
            for score in scores {
                let name: String
                switch score.level {
                case .total: name = "total"
                case .department: name = (score.department ?? "").isEmpty ? "(no department)" : score.department!
                case .unit: name = "  " + ((score.unit ?? "").isEmpty ? "(no unit)" : score.unit!)
                }
                let inWindow = score.years.filter { $0[basis].inWindow }.map(\.year)
                let years = inWindow.isEmpty ? "-" : (inWindow.count == 1 ? "\(inWindow[0])" : "\(inWindow.first!)–\(inWindow.last!)")
                listing.append([
                    .text(name), .text(years),
                    .text(ratios(score, basis) { $0.outturn }), grade(basis == .original ? score.pi1 : score.pi1Adjusted),
                    .text(ratios(score, basis) { $0.composition }), grade(basis == .original ? score.pi2 : score.pi2Adjusted),
                ])
            }
            text += basis == .original
                ? "Against the original budget (年初预算数):\n"
                : "\nAgainst the adjusted budget (全年预算数):\n"
            text += listing.text(maxWidth: maxWidth)
        }
        let hidden = scores.filter {
            guard let original = $0.pi1, let adjusted = $0.pi1Adjusted else { return false }
            return adjusted.rawValue < original.rawValue
        }
        if !hidden.isEmpty {
            text += "\nPI-1 better against the adjusted budget than against the original (in-year cuts absorbed under-execution):\n"
            for score in hidden {
                text += "  \([score.department, score.unit].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " / ").ifEmpty("total")):"
                    + " \(score.pi1!.rawValue) original, \(score.pi1Adjusted!.rawValue) adjusted\n"
            }
        }
        return Report.wrapLongLines(text, maxWidth: maxWidth)
    }

    static func grade(_ g: CredibilityGrade?) -> Listing.Cell { .text(g?.rawValue) }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
