/// Every error thrown by `LinearAlgebra`.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// A routine rejected argument number `position` (1-based, in the routine's documented
    /// argument order). For LAPACK routines this comes from `INFO < 0` and the name recorded by
    /// our `xerbla_`, e.g. `routine: "DGELSY", position: 5` means LDA was illegal.
    case illegalArgument(routine: String, position: Int)
    /// The shapes of the inputs do not fit together (the message says which and how).
    case dimensionMismatch(String)
    /// An input contained NaN or ±infinity (the message says where).
    case nonFinite(String)
    /// A LAPACK routine returned `INFO > 0`; its meaning is routine-specific
    /// (e.g. for DPOTRF: the leading minor of order `info` is not positive definite).
    case lapackFailure(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .illegalArgument(routine, position):
            return "internal error: argument \(position) passed to \(routine) had an illegal value"
        case let .dimensionMismatch(message):
            return "dimension mismatch: \(message)"
        case let .nonFinite(message):
            return "non-finite input: \(message)"
        case let .lapackFailure(routine, info):
            return "the linear-algebra routine \(routine) failed (INFO = \(info))"
        }
    }
}
