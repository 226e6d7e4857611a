/// Every sentence the engine writes into explanations, review reasons and rule names. Each ``Wording`` has a
/// template for each case (a test checks both languages are complete); placeholders are `{name}`, filled from a
/// ``Clause``'s values.
public enum Phrase: String, Sendable, CaseIterable {
    // Recommendations (``Recommender``).
    case opening, noHistory, newProject, notAboveRequest, idle
    case needAboveBudget, keepsBudget, need, atMostBudget, needBelowCap, cap
    case excellentKeeps, excellentNotKept, poorCut, stale
    // Scenario adjustments of a recommendation.
    case shockCap, adjusted, fixed, fixedLabelled
    // Rule names.
    case ruleAtLeast, ruleBetween, ruleBelow, ruleIdle, ruleNewProject, ruleNoHistory
    case ruleExcellent, rulePoorCut, ruleShock, ruleAdjusted, ruleOverride
    // Review reasons (``Reviewer``).
    case reviewRecord, reviewIncreaseAfterLow, reviewNoClosedYear, reviewStale, reviewAboveBound
    case reviewAboveRecommendation, reviewWithinRecommendation, reviewNotInStore
    case reviewSummary, reviewSummaryPartial
    // Forecast notes (``ProjectForecast/notes``).
    case noteStale, noteNoClosedYear, noteShrunk, noteOwnRatePeersDiffer, noteOwnRateNoPeers, noteRatesNotMeaningful
    case noteBudgetSet, noteNewFromRequest, noteNewNoRequest, noteExceptionalLeftOut, noteModelChosen, noteExecutedChosen
    // Report headers.
    case forecastHeader, staleLeftOut, rulesLine, rulesSummary, columnsLeftOut
    // Credibility, history, projects, check, backtest (zh-output)
    case credibilityHeader, credibilityOriginal, credibilityAdjusted, credibilityBetterAdjusted, credibilityBetterLine
    case historyFooter, revisionsHeader, projectsFooter
    case findingsBatch, findingsNone, findingsCount
    case backtestHeader, backtestAhead, backtestCasesWritten
    case exceptionalNone, exceptionalNoneFor, exceptionalCount
    case exceptionalProjects, exceptionalNoReason, exceptionalReason, exceptionalNotMarked, exceptionalCleared
    case exceptionalMark, exceptionalMarks, exceptionalOthersNotMarked, exceptionalAlready, exceptionalMarked
    case exceptionalPartlyChanged
}
