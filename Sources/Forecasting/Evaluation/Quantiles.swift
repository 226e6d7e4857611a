/// Order statistics used for intervals and robust scales.
enum Quantiles {
    /// The median (mean of the two middle values for an even count); NaN for no values. Short arrays are
    /// sorted; long ones (a data source's year-on-year growths: a million at a time) use ``select(_:rank:)``,
    /// expected O(n). Both give the same value.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let mid = values.count / 2
        if values.count > 64 {
            let upper = select(values, rank: mid)
            guard values.count % 2 == 0 else { return upper }
            // The lower middle value is the largest value below the upper middle rank: select again.
            return (select(values, rank: mid - 1) + upper) / 2
        }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The element of 0-based `rank` in ascending order (Hoare's selection, expected O(n)); `values` must
    /// not be empty.
    static func select(_ values: [Double], rank: Int) -> Double {
        var a = values
        var low = 0, high = a.count - 1
        let k = min(max(rank, 0), a.count - 1)
        while low < high {
            let pivot = a[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { high = j } else if k >= i { low = i } else { break }
        }
        return a[k]
    }

    /// The split-conformal bounds of a central interval at `level` from `n` sorted errors: the
    /// ⌊(n+1)·α/2⌋-th and ⌈(n+1)·(1−α/2)⌉-th order statistics (1-based, clamped to 1…n), α = 1 − level.
    /// For exchangeable errors an interval built from them covers a new error with probability at least
    /// `level` − 1/(n+1) on each side's share (Vovk et al.; Lei et al. 2018), without assuming normality.
    static func centralBounds(sorted: [Double], level: Double) -> (low: Double, high: Double) {
        let n = sorted.count
        let alpha = 1 - level
        // A tolerance of 1e-9 keeps 1 − 0.8 = 0.19999999999999996 from losing a whole rank.
        let lowRank = Int((Double(n + 1) * alpha / 2 + 1e-9).rounded(.down))
        let highRank = Int((Double(n + 1) * (1 - alpha / 2) - 1e-9).rounded(.up))
        return (sorted[min(max(lowRank, 1), n) - 1], sorted[min(max(highRank, 1), n) - 1])
    }
}
