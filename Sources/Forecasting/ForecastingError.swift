/// Errors of the Forecasting layer, worded for a planner.
public enum ForecastingError: Error, Equatable, CustomStringConvertible {
    /// A setting is out of its range (e.g. a level outside (0, 1), a target rate of 0).
    case invalidSetting(String)
    /// The history holds nothing the command can use.
    case noData(String)
    /// A pooled regression could not be solved (passes on the LinearAlgebra message).
    case regression(String)
    /// A scenario that cannot run on this history (a selector matching nothing, a year outside the
    /// horizon); the message begins with the file, line and column.
    case scenario(String)

    public var description: String {
        switch self {
        case .invalidSetting(let message): message
        case .noData(let message): message
        case .regression(let message): "regression failed: \(message)"
        case .scenario(let message): message
        }
    }
}
