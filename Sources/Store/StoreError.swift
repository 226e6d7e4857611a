import GRDB

/// The one error type of the Store module.
public enum StoreError: Error, CustomStringConvertible {
    /// The store file could not be opened or is not a budget store.
    case cannotOpen(path: String, reason: String)
    /// A name matched more than one entity; the message says how to choose.
    case ambiguous(String)
    /// Nothing matched.
    case notFound(String)
    /// SQLite reported an error.
    case database(DatabaseError)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store \(path): \(reason)"
        case .ambiguous(let message): message
        case .notFound(let message): message
        case .database(let error): "store error: \(error.message ?? error.description)"
        }
    }
}
