/// Every sentence the engine writes into explanations, review reasons and rule names. Each ``Wording`` has a
/// template for each case (a test checks both languages are complete); placeholders are `{name}`, filled from a
/// ``Clause``'s values.
public enum Phrase: String, Sendable, CaseIterable {
    // Recommendations (``Recommender``).
    case opening, noHistory, newProject, notAboveRequest, idle
    case needAboveBudget, keepsBudget, need, atMostBudget, needBelowCap, cap
    case excellentKeeps, excellentNotKept, poorCut, stale, roundedDown, roundedDownToFloor, staleExceptionalYears
    case budgetCutInYear, budgetRaisedInYear, deviationReason
    // Scenario adjustments of a recommendation.
    case shockCap, adjusted, fixed, fixedLabelled
    // Rule names.
    case ruleAtLeast, ruleBetween, ruleBelow, ruleIdle, ruleNewProject, ruleNoHistory
    case ruleExcellent, rulePoorCut, ruleShock, ruleAdjusted, ruleOverride
    // Review reasons (``Reviewer``).
    case reviewRecord, reviewIncreaseAfterLow, reviewNoClosedYear, reviewStale, reviewAboveBound
    case reviewAboveRecommendation, reviewWithinRecommendation, reviewNotInStore, reviewNameElsewhere, reviewNameAmbiguous
    case reviewSummary, reviewSummaryPartial
    // Forecast notes (``ProjectForecast/notes``).
    case noteStale, noteNoClosedYear, noteShrunk, noteOwnRatePeersDiffer, noteOwnRateNoPeers, noteRatesNotMeaningful
    case noteBudgetSet, noteNewFromRequest, noteNewNoRequest, noteExceptionalLeftOut, noteModelChosen, noteExecutedChosen, noteExecutedBlend
    // Report headers.
    case forecastHeader, severalDataSources, rulesRounding, forecastBacktested, forecastNotBacktested, forecastNoIntervals, staleLeftOut, rulesLine, rulesSummary, columnsLeftOut
    // Credibility, history, projects, check, backtest (zh-output)
    case credibilityHeader, credibilityOriginal, credibilityAdjusted, credibilityBetterAdjusted, credibilityBetterLine
    case historyFooter, revisionsHeader, projectsFooter
    case findingsBatch, findingsNone, findingsCount, findingsMaterial, findingsOther
    case historyDetailsYear, historyTotalScore, historyFunding, historyFundingPart, historyNoIndicators, historyNoDetails
    case backtestHeader, backtestAhead, backtestCasesWritten
    case exceptionalNone, exceptionalNoneFor, exceptionalCount
    case exceptionalProjects, exceptionalNoReason, exceptionalReason, exceptionalNotMarked, exceptionalCleared
    case exceptionalMark, exceptionalMarks, exceptionalOthersNotMarked, exceptionalAlready, exceptionalMarked
    case exceptionalPartlyChanged
    // Scenario reports (scenario-zh)
    case adjExceptionalKept, adjOverride, adjOverrideLabelled, adjShockMultiplier, adjShockMultiplierLabelled, adjShockRate
    case adjShockRateLabelled, adjGrowth, adjChange, adjChangeLabelled, scenarioRunLine, scenarioHeadline
    case scenarioHeadlineAlone, scenarioHeadlineStart, scenarioHeadlineChange, scenarioHeadlineChangeOne, scenarioHeadlineOthers, scenarioHeadlineOthersOne
    case scenarioHeadlineSource, summaryTotalOfSource, summarySeveralSources
    case scenarioReviewCounts, scenarioReportsIn, scenarioCompareWritten, scenarioReportTitle, summaryIntro, summaryWanTotals
    case summaryLastHeading, summaryAheadHeading, summaryByYearHeading, summaryEnded, summaryEndedOne, summaryEndedName
    case listMore, summaryLargestHeading, projectsIntro, reviewNoRequests, reviewIntro, reviewNotInHistory
    case reviewNewProjectDiffers, reviewNewProjectNoRequest, checksIntro, checksIntroOne, backtestIntro, backtestHorizon
    case backtestHorizonOne, backtestNoCases, backtestCases, compareTitle, compareIntro, compareTotal
    case compareByDepartment, compareByUnit, compareByProject, compareNotInB, provenanceBatch, provenanceBatchValue
    case provenanceBatchOptions, provenanceParameters, provenanceLastClosed, provenanceStore, provenanceTemporary, provenanceEveryProject
    case provenanceProjects, provenanceChange, provenanceChangeLabelled, provenanceShock, provenanceShockLabelled, provenanceExceptional
    case provenanceExceptionalReason, provenanceOverride, provenanceNewProject, provenanceYearAmount, provenanceNone, provenanceYears
    case selectorPart, selectorOr, selectorAll, listItem
}
