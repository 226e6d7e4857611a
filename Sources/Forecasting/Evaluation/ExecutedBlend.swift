/// The executed forecast a peer group's record chose: the mean of one or more executed candidates
/// (indices into ``ForecastSettings/executedMethods``), best first. `[0]` is the naive forecast alone.
public struct ExecutedBlend: Sendable, Hashable {
    public let models: [Int]

    public init(_ models: [Int]) {
        precondition(!models.isEmpty, "a blend needs at least one candidate")
        self.models = models
    }

    /// The candidates in index order: blends of the same candidates forecast the same, whatever their rank
    /// (the key their intervals are cached under).
    public var members: [Int] { models.sorted() }

    /// The naive last executed amount alone: the default where no record has spoken.
    public static let naive = ExecutedBlend([0])

    /// The mean of the candidates' forecasts (`forecast(x)` is candidate x's).
    public func forecast(_ forecast: (Int) -> Double) -> Double {
        models.count == 1 ? forecast(models[0]) : models.reduce(0) { $0 + forecast($1) } / Double(models.count)
    }

    /// The candidates' names, best first (`["growth", "pair"]`).
    public func names(_ settings: ForecastSettings) -> [String] {
        let methods = settings.executedMethods
        return models.map { methods[$0] }
    }

    /// The blend as a machine name: one candidate's name, or `mean(growth, pair)`.
    public func name(_ settings: ForecastSettings) -> String { Self.name(names(settings)) }

    /// The machine name of a blend of the named candidates (at least one).
    public static func name(_ names: [String]) -> String {
        names.count == 1 ? names[0] : "mean(" + names.joined(separator: ", ") + ")"
    }
}
