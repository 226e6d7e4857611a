import Foundation

/// A small thread-safe memo of computed values by key, for values that many computations share (workspace
/// sizes per shape, critical values per degrees of freedom). The computation runs outside the lock; when
/// `capacity` is reached the memo starts over. Values must not depend on anything but the key.
final class MemoCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    private let capacity: Int

    init(capacity: Int = 4_096) { self.capacity = capacity }

    func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        lock.lock()
        if let cached = values[key] { lock.unlock(); return cached }
        lock.unlock()
        let value = try compute()
        lock.lock()
        if values.count >= capacity { values.removeAll(keepingCapacity: true) }
        values[key] = value
        lock.unlock()
        return value
    }
}
