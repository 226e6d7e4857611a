import ArgumentParser
import BudgetCore
import Foundation
import Forecasting

extension Budget {
    struct ForecastBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: "Forecast + recommend for many synthetic projects (the models, model choice, intervals and rules).",
            discussion: """
                Default: 100,000 projects × 10 closed years (20 departments, 400 units, 6 categories; budgets \
                log-uniform 10,000–10,000,000 元 growing ~3% a year with heavy-tailed jumps; execution rates \
                around a project's own level). Times the rolling-origin record (every model fitted at every \
                origin), the forecast of the next year and the recommendation of every project, and prints peak \
                resident memory. Target: under 10 s and 1 GiB.

                Example:
                  budget bench forecast --projects 100000 --years 10 --horizon 2
                """)

        @Option(help: "Number of projects.")
        var projects: Int = 100_000

        @Option(help: "Closed years per project.")
        var years: Int = 10

        @Option(help: "Years ahead: forecast 2024 + H from the data through 2024, with H-year-ahead backtest errors (1–5).")
        var horizon: Int = 1

        func validate() throws {
            guard projects > 0, years >= 3, (1...5).contains(horizon) else {
                throw ValidationError("need projects > 0, years ≥ 3 and a horizon of 1 to 5")
            }
        }

        func run() throws {
            let clock = ContinuousClock()
            var series: [ProjectSeries] = []
            let generation = clock.measure { series = Self.synthetic(projects: projects, years: years) }
            let firstYear = 2025 - years
            let panel = Panel(series)
            let target = 2024 + horizon
            var forecaster: Forecaster?
            let record = try clock.measure { forecaster = try Forecaster(panel: panel, year: target, horizon: horizon) }
            var forecasts: [ProjectForecast] = []
            let forecasting = clock.measure { forecasts = forecaster!.forecastAll() }
            let recommender = Recommender()
            var total = Money.zero
            let recommending = clock.measure {
                for (i, forecast) in forecasts.enumerated() {
                    let last = panel.series[i].observations.last!
                    let input = RecommendationInput(
                        lastYear: last.year, lastBudget: Money(rounding: last.budget), lastExecuted: Money(rounding: last.executed),
                        earlierExecuted: panel.series[i].observations.dropLast().reversed().compactMap { Money(rounding: $0.executed) },
                        forecastExecuted: forecast.executed, forecastRate: forecast.rate)
                    total += recommender.recommend(input).amount
                }
            }
            let seconds = [record, forecasting, recommending].map(ImportBench.seconds).reduce(0, +)
            let rss = ImportBench.peakResidentKiB()
            print("bench forecast: \(projects.grouped) projects × \(years) closed years (\(firstYear)–2024), forecast and recommend \(target) (\(horizon) year\(horizon == 1 ? "" : "s") ahead)")
            print(String(format: "  generate panel        %6.2f s (not counted)", ImportBench.seconds(generation)))
            let settings = forecaster!.settings
            let models = "\(settings.budgetModels.count) budget + \(settings.rateModels.count) rate + \(settings.executedModels.count) executed models"
            print(String(format: "  rolling-origin record %6.2f s (%@ origins, %@ cases; %@ fitted at each)",
                         ImportBench.seconds(record), "\(forecaster!.record.origins.count)", forecaster!.record.cases.count.grouped, models))
            print(String(format: "  forecast \(target)         %6.2f s", ImportBench.seconds(forecasting)))
            print(String(format: "  recommend \(target)        %6.2f s (total recommended %@)", ImportBench.seconds(recommending), total.groupedText))
            print(String(format: "  total                 %6.2f s   peak RSS %d MiB", seconds, rss / 1024))
            print("  target: under 10 s and 1 GiB: \(seconds < 10 && rss < 1024 * 1024 ? "met" : "NOT met")")
        }

        /// A deterministic synthetic panel (see the command's discussion).
        static func synthetic(projects: Int, years: Int) -> [ProjectSeries] {
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func uniform() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            let categories = ["经常性专项业务费", "其他经常性项目", "一次性项目", "信息化建设类", "政策补贴类", "政府购买服务"]
            var result: [ProjectSeries] = []
            result.reserveCapacity(projects)
            for p in 0..<projects {
                let unit = p % 400, department = unit % 20
                var budget = exp(log(10_000) + uniform() * log(1_000))
                let level = 0.6 + 0.4 * uniform()
                var observations: [Observation] = []
                observations.reserveCapacity(years)
                for k in 0..<years {
                    let jump = uniform() < 0.05 ? exp((uniform() - 0.5) * 3) : 1
                    if k > 0 { budget *= exp(0.03 + 0.08 * (uniform() - 0.5)) * jump }
                    let rate = min(max(level + 0.15 * (uniform() - 0.5), 0), 1.2)
                    let b = (budget * 100).rounded() / 100
                    observations.append(Observation(year: 2025 - years + k, budget: b, initial: b,
                                                    executed: (b * rate * 100).rounded() / 100))
                }
                result.append(ProjectSeries(id: Int64(p + 1), department: "部门\(department)", unit: "单位\(unit)",
                                            category: categories[p % categories.count], name: "项目\(p)",
                                            observations: observations))
            }
            return result
        }
    }
}
