import Foundation

/// Maps the indices `0..<count` to values on every core, in chunks of `chunk` indices (fewer than two
/// chunks run on the calling thread alone). The result is in index order, the same as a sequential map:
/// `transform` must not depend on the order it is called in (it may run on several threads at once).
func parallelMap<T>(count: Int, chunk: Int = 2048, _ transform: (Int) -> T) -> [T] {
    let chunks = (count + chunk - 1) / chunk
    guard chunks > 1 else { return (0..<count).map(transform) }
    return withoutActuallyEscaping(transform) { transform in
        let work = ChunkWork(transform: transform)
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = SendablePointer(pointer: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    (base.pointer + i).initialize(to: work.transform(i))
                }
            }
            initialized = count
        }
    }
}

/// The transform of ``parallelMap(count:chunk:_:)``, handed to the worker threads: each call writes its own
/// slot of the result, and the caller waits for all of them.
private struct ChunkWork<T>: @unchecked Sendable {
    let transform: (Int) -> T
}

private struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
}
