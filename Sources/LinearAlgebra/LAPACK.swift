import Foundation
import CLapack
import CLapackErrorHandler
#if canImport(Glibc)
// Autolinks libm: unoptimized builds call libm's sqrt/ceil/… for `squareRoot()` and friends, and
// an executable that uses LinearAlgebra without Foundation would otherwise fail to link
// ("undefined reference to 'sqrt'").
import Glibc
#endif

/// Thin, throwing wrappers over the reference LAPACK routines this module uses.
///
/// Conventions shared by every wrapper:
/// - Dimensions are passed raw, exactly as LAPACK receives them, so that LAPACK's own argument
///   checks apply (and can be tested). A dimension that does not fit LAPACK's 32-bit INTEGER is
///   reported as `.illegalArgument` at its position.
/// - The arrays are checked to be large enough for the dimensions *when those dimensions are
///   legal*, so that a wrong count throws `.dimensionMismatch` instead of letting LAPACK read or
///   write past the end. (When a dimension is illegal, LAPACK rejects it before touching memory.)
/// - The workspace is always sized by a workspace query (`LWORK = -1`) first.
/// - `INFO < 0` throws `.illegalArgument` with the routine name and argument position recorded
///   by our `xerbla_` (see `CLapackErrorHandler`); `INFO > 0` throws `.lapackFailure`.
///   Nothing is checked with `assert`.
public enum LAPACK {
    /// Whether liblapack's calls to `xerbla_` reach our handler (see `CLapackErrorHandler`).
    ///
    /// If this were `false`, LAPACK's own handler would print a message and end the process with
    /// exit status 0 on an illegal argument — silently, as if everything had succeeded. The
    /// wrappers therefore refuse to call LAPACK in that case (`fatalError`, a build/link
    /// configuration error, not a data error).
    public static var errorHandlerIsInstalled: Bool { lapackErrorHandlerIsInstalled }

    /// Minimum-norm solution of `min ‖B − A·X‖₂` by a complete orthogonal factorization
    /// of `A` (QR with column pivoting, then an RZ step for rank deficiency): LAPACK `DGELSY`.
    ///
    /// The effective rank is the order of the largest leading triangular block `R₁₁` of the
    /// pivoted QR factor whose estimated condition number is below `1 / rcond`.
    ///
    /// - Parameters:
    ///   - m: rows of A (argument 1).
    ///   - n: columns of A (argument 2).
    ///   - nrhs: number of right-hand sides (argument 3).
    ///   - a: A, column-major with leading dimension `lda` (argument 4); overwritten by the
    ///     factorization.
    ///   - lda: leading dimension of `a`, legal when `lda >= max(1, m)` (argument 5).
    ///   - b: B (`max(m, n)` × `nrhs`), leading dimension `ldb` (argument 6); on return its first
    ///     `n` rows of each column hold the solution X.
    ///   - ldb: leading dimension of `b`, legal when `ldb >= max(1, m, n)` (argument 7).
    ///   - jpvt: `n` pivot flags (argument 8). On entry a nonzero `jpvt[j]` forces column `j` to
    ///     the front; zero leaves it free. On exit `jpvt[j] = k` (1-based) means column `j` of
    ///     `A·P` was column `k` of `A`.
    ///   - rcond: rank tolerance, see above (argument 9).
    /// - Returns: the effective rank of A (argument 10).
    /// - Throws: `LinearAlgebraError.illegalArgument`, or `.dimensionMismatch` if an array is
    ///   too small for legal dimensions.
    public static func dgelsy(
        m: Int, n: Int, nrhs: Int,
        a: inout [Double], lda: Int,
        b: inout [Double], ldb: Int,
        jpvt: inout [Int32],
        rcond: Double
    ) throws -> Int {
        let routine = "DGELSY"
        requireErrorHandler()
        var m32 = try fortranInteger(m, routine: routine, position: 1)
        var n32 = try fortranInteger(n, routine: routine, position: 2)
        var nrhs32 = try fortranInteger(nrhs, routine: routine, position: 3)
        var lda32 = try fortranInteger(lda, routine: routine, position: 5)
        var ldb32 = try fortranInteger(ldb, routine: routine, position: 7)
        if m >= 0, n >= 0, nrhs >= 0, lda >= max(1, m), ldb >= max(1, m, n) {
            try requireCapacity(a.count, rows: m, columns: n, leadingDimension: lda,
                                name: "A", routine: routine)
            try requireCapacity(b.count, rows: max(m, n), columns: nrhs, leadingDimension: ldb,
                                name: "B", routine: routine)
            guard jpvt.count >= n else {
                throw LinearAlgebraError.dimensionMismatch(
                    "\(routine): JPVT needs \(n) entries, got \(jpvt.count)")
            }
        }
        var rcondValue = rcond
        var rank: Int32 = 0
        var info: Int32 = 0

        // Workspace query: LAPACK returns the optimal LWORK in work[0].
        var lwork: Int32 = -1
        var query = [Double](repeating: 0, count: 1)
        budget_lapack_clear_error()
        withNonEmptyBuffers(&a, &b, &jpvt) { aPtr, bPtr, jpvtPtr in
            dgelsy_(&m32, &n32, &nrhs32, aPtr, &lda32, bPtr, &ldb32, jpvtPtr,
                    &rcondValue, &rank, &query, &lwork, &info)
        }
        try check(info, routine: routine)

        lwork = try workspaceSize(query[0], routine: routine)
        var work = [Double](repeating: 0, count: Int(lwork))
        budget_lapack_clear_error()
        withNonEmptyBuffers(&a, &b, &jpvt) { aPtr, bPtr, jpvtPtr in
            dgelsy_(&m32, &n32, &nrhs32, aPtr, &lda32, bPtr, &ldb32, jpvtPtr,
                    &rcondValue, &rank, &work, &lwork, &info)
        }
        try check(info, routine: routine)
        return Int(rank)
    }

    /// How many times our `xerbla_` replacement has been called on the current thread.
    ///
    /// Diagnostic: it increases when an illegal argument reaches a LAPACK routine, which proves
    /// that liblapack called our handler and not its own (which would have ended the process).
    public static var errorHandlerCallsOnCurrentThread: Int {
        Int(budget_lapack_xerbla_calls())
    }

    // MARK: - Shared plumbing

    /// Stops the process (with a non-zero status and a message) if LAPACK's own `xerbla_` would
    /// handle errors — the alternative is a silent exit with status 0 on the first bad argument.
    static func requireErrorHandler() {
        if !lapackErrorHandlerIsInstalled {
            fatalError("""
                LinearAlgebra: liblapack's own xerbla_ is in use instead of CLapackErrorHandler's, \
                so an illegal LAPACK argument would end the process with status 0. The executable \
                must export xerbla_ dynamically (link it against liblapack.so, or add \
                -Xlinker --export-dynamic-symbol=xerbla_).
                """)
        }
    }

    /// Converts a dimension to LAPACK's 32-bit INTEGER, or reports it as an illegal argument.
    static func fortranInteger(_ value: Int, routine: String, position: Int) throws -> Int32 {
        guard let converted = Int32(exactly: value) else {
            throw LinearAlgebraError.illegalArgument(routine: routine, position: position)
        }
        return converted
    }

    /// Checks that an array of `count` elements holds a `rows × columns` matrix stored with
    /// leading dimension `leadingDimension`, i.e. `count >= (columns − 1)·ld + rows`.
    static func requireCapacity(
        _ count: Int, rows: Int, columns: Int, leadingDimension: Int,
        name: String, routine: String
    ) throws {
        guard rows > 0, columns > 0 else { return }
        let (span, o1) = (columns - 1).multipliedReportingOverflow(by: leadingDimension)
        let (needed, o2) = span.addingReportingOverflow(rows)
        guard !o1, !o2, count >= needed else {
            throw LinearAlgebraError.dimensionMismatch(
                "\(routine): \(name) (\(rows) × \(columns), leading dimension \(leadingDimension)) "
                    + "needs at least \(o1 || o2 ? "more than Int.max" : String(needed)) elements, got \(count)")
        }
    }

    /// Turns the optimal workspace reported by a query into an LWORK value.
    ///
    /// (Rounds up by comparison instead of `rounded(.up)`, which calls libm's `ceil` in
    /// unoptimized builds and would make every client link libm.)
    static func workspaceSize(_ reported: Double, routine: String) throws -> Int32 {
        guard reported.isFinite, reported >= 0, reported < Double(Int32.max) else {
            throw LinearAlgebraError.dimensionMismatch(
                "\(routine): the problem is too large (workspace query returned \(reported), "
                    + "more than LAPACK's 32-bit INTEGER can address)")
        }
        var size = Int32(reported)  // truncates toward zero
        if Double(size) < reported { size += 1 }
        return max(1, size)
    }

    /// Throws for a nonzero INFO. For INFO < 0 the routine name and argument position come from
    /// the record left by our `xerbla_` (which may name a routine called internally); if no
    /// record exists, from `routine` and `-info`.
    static func check(_ info: Int32, routine: String) throws {
        if info == 0 { return }
        if info > 0 {
            throw LinearAlgebraError.lapackFailure(routine: routine, info: Int(info))
        }
        var name = [CChar](repeating: 0, count: 64)
        let position = budget_lapack_last_error(&name, Int32(name.count))
        budget_lapack_clear_error()
        if position > 0 {
            let recorded = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                                  as: UTF8.self)
            throw LinearAlgebraError.illegalArgument(
                routine: recorded.isEmpty ? routine : recorded, position: Int(position))
        }
        throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info))
    }

    /// Calls `body` with base pointers of the three arrays, substituting a one-element scratch
    /// buffer for an empty array so LAPACK never receives a null pointer.
    private static func withNonEmptyBuffers<R>(
        _ x: inout [Double], _ y: inout [Double], _ z: inout [Int32],
        _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                 UnsafeMutablePointer<Int32>) -> R
    ) -> R {
        var xScratch = [Double](repeating: 0, count: 1)
        var yScratch = [Double](repeating: 0, count: 1)
        var zScratch = [Int32](repeating: 0, count: 1)
        return withBase(&x, or: &xScratch) { xp in
            withBase(&y, or: &yScratch) { yp in
                withBase(&z, or: &zScratch) { zp in body(xp, yp, zp) }
            }
        }
    }

    private static func withBase<T, R>(
        _ array: inout [T], or scratch: inout [T],
        _ body: (UnsafeMutablePointer<T>) -> R
    ) -> R {
        if array.isEmpty {
            return scratch.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        }
        return array.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

/// Checked once per process (a global `let` is initialized lazily and thread-safely).
private let lapackErrorHandlerIsInstalled: Bool = budget_lapack_handler_is_active() != 0

extension LAPACK {
    /// QR factorization with column pivoting, `A·P = Q·R` (LAPACK `DGEQP3`). All columns are free to pivot
    /// (`jpvt` is set to zero first); on return `jpvt[k]` is the 1-based original column in position k.
    /// The workspace is queried first; `info ≠ 0` throws.
    public static func dgeqp3(m: Int, n: Int, a: inout [Double], lda: Int, jpvt: inout [Int32], tau: inout [Double]) throws {
        let routine = "DGEQP3"
        requireErrorHandler()
        var m32 = try fortranInteger(m, routine: routine, position: 1)
        var n32 = try fortranInteger(n, routine: routine, position: 2)
        var lda32 = try fortranInteger(lda, routine: routine, position: 4)
        try requireCapacity(a.count, rows: m, columns: n, leadingDimension: lda, name: "A", routine: routine)
        guard jpvt.count >= n, tau.count >= min(m, n) else {
            throw LinearAlgebraError.dimensionMismatch("\(routine): JPVT needs \(n) and TAU \(min(m, n)) entries")
        }
        for k in 0..<n { jpvt[k] = 0 }
        var info: Int32 = 0
        var lwork: Int32 = try workspaceSizes.value(for: WorkspaceKey(routine: routine, m: m, n: n, lda: lda)) {
            var query = 0.0, queryLwork: Int32 = -1
            budget_lapack_clear_error()
            a.withUnsafeMutableBufferPointer { ap in
                jpvt.withUnsafeMutableBufferPointer { jp in
                    tau.withUnsafeMutableBufferPointer { tp in
                        dgeqp3_(&m32, &n32, ap.baseAddress, &lda32, jp.baseAddress, tp.baseAddress, &query, &queryLwork, &info)
                    }
                }
            }
            try check(info, routine: routine)
            return try workspaceSize(query, routine: routine)
        }
        var work = [Double](repeating: 0, count: Int(lwork))
        budget_lapack_clear_error()
        a.withUnsafeMutableBufferPointer { ap in
            jpvt.withUnsafeMutableBufferPointer { jp in
                tau.withUnsafeMutableBufferPointer { tp in
                    dgeqp3_(&m32, &n32, ap.baseAddress, &lda32, jp.baseAddress, tp.baseAddress, &work, &lwork, &info)
                }
            }
        }
        try check(info, routine: routine)
    }

    /// `C ← Qᵀ·C` (or `Q·C` when `transpose` is false) for one column C of `m` entries, Q from `k`
    /// reflectors of a QR factorization (LAPACK `DORMQR`, side L), with the minimum workspace (see below);
    /// `info ≠ 0` throws.
    public static func dormqrLeft(transpose: Bool = true, m: Int, k: Int, a: [Double], lda: Int, tau: [Double],
                                  c: inout [Double]) throws {
        let routine = "DORMQR"
        requireErrorHandler()
        var m32 = try fortranInteger(m, routine: routine, position: 3)
        var n32: Int32 = 1
        var k32 = try fortranInteger(k, routine: routine, position: 5)
        var lda32 = try fortranInteger(lda, routine: routine, position: 7)
        var ldc32 = m32
        guard c.count >= m, tau.count >= k else { throw LinearAlgebraError.dimensionMismatch("\(routine): C or TAU too short") }
        try requireCapacity(a.count, rows: m, columns: k, leadingDimension: lda, name: "A", routine: routine)
        var info: Int32 = 0
        // One vector: the documented minimum LWORK = max(1, N) = 1 selects the unblocked path (DORM2R). The
        // "optimal" size a query reports adds a 65 × 64 block-reflector buffer that one vector never uses
        // and that would be allocated and zeroed on every call (measured: 14 % of a small fit).
        var lwork: Int32 = 1
        var work = [Double](repeating: 0, count: 1)
        var side = CChar(UInt8(ascii: "L")), trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        budget_lapack_clear_error()
        a.withUnsafeBufferPointer { ap in
            tau.withUnsafeBufferPointer { tp in
                c.withUnsafeMutableBufferPointer { cp in
                    dormqr_(&side, &trans, &m32, &n32, &k32, ap.baseAddress, &lda32, tp.baseAddress, cp.baseAddress, &ldc32,
                            &work, &lwork, &info, 1, 1)
                }
            }
        }
        try check(info, routine: routine)
    }

    /// Inverse of an upper-triangular n × n matrix in place (LAPACK `DTRTRI`, non-unit diagonal).
    /// `info > 0` (a zero diagonal entry: singular) throws.
    public static func dtrtriUpper(n: Int, a: inout [Double], lda: Int) throws {
        let routine = "DTRTRI"
        requireErrorHandler()
        var n32 = try fortranInteger(n, routine: routine, position: 3)
        var lda32 = try fortranInteger(lda, routine: routine, position: 5)
        try requireCapacity(a.count, rows: n, columns: n, leadingDimension: lda, name: "A", routine: routine)
        var info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "U")), diag = CChar(UInt8(ascii: "N"))
        budget_lapack_clear_error()
        a.withUnsafeMutableBufferPointer { ap in
            dtrtri_(&uplo, &diag, &n32, ap.baseAddress, &lda32, &info, 1, 1)
        }
        try check(info, routine: routine)
    }
}

extension LAPACK {
    /// The singular values of an m × n matrix, largest first (LAPACK `DGESDD`, jobz = 'N'; `a` is destroyed).
    /// The workspace is queried first; `info ≠ 0` throws (info > 0: the iteration did not converge).
    public static func singularValues(m: Int, n: Int, a: inout [Double], lda: Int) throws -> [Double] {
        let routine = "DGESDD"
        requireErrorHandler()
        var m32 = try fortranInteger(m, routine: routine, position: 2)
        var n32 = try fortranInteger(n, routine: routine, position: 3)
        var lda32 = try fortranInteger(lda, routine: routine, position: 5)
        try requireCapacity(a.count, rows: m, columns: n, leadingDimension: lda, name: "A", routine: routine)
        var s = [Double](repeating: 0, count: max(1, min(m, n)))
        var iwork = [Int32](repeating: 0, count: max(1, 8 * min(m, n)))
        var jobz = CChar(UInt8(ascii: "N"))
        var one: Int32 = 1
        var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
        var info: Int32 = 0
        var lwork: Int32 = try workspaceSizes.value(for: WorkspaceKey(routine: routine, m: m, n: n, lda: lda)) {
            var query = 0.0, queryLwork: Int32 = -1
            budget_lapack_clear_error()
            a.withUnsafeMutableBufferPointer { ap in
                dgesdd_(&jobz, &m32, &n32, ap.baseAddress, &lda32, &s, &u, &one, &vt, &one, &query, &queryLwork, &iwork, &info, 1)
            }
            try check(info, routine: routine)
            return try workspaceSize(query, routine: routine)
        }
        var work = [Double](repeating: 0, count: Int(lwork))
        budget_lapack_clear_error()
        a.withUnsafeMutableBufferPointer { ap in
            dgesdd_(&jobz, &m32, &n32, ap.baseAddress, &lda32, &s, &u, &one, &vt, &one, &work, &lwork, &iwork, &info, 1)
        }
        try check(info, routine: routine)
        return Array(s.prefix(min(m, n)))
    }
}

extension LAPACK {
    /// Minimum-norm least squares by SVD, `min ‖B − A·X‖₂` with the smallest ‖X‖₂ (LAPACK `DGELSD`, divide and
    /// conquer). Singular values below `rcond`·σ₁ are treated as zero. `a` is destroyed; `b` (max(m, n)
    /// entries, one right-hand side) holds the solution in its first n entries on return. Returns the
    /// effective rank and the singular values. The workspace is queried first; `info ≠ 0` throws.
    public static func dgelsd(m: Int, n: Int, a: inout [Double], b: inout [Double], rcond: Double) throws -> (rank: Int, singularValues: [Double]) {
        let routine = "DGELSD"
        requireErrorHandler()
        var m32 = try fortranInteger(m, routine: routine, position: 1)
        var n32 = try fortranInteger(n, routine: routine, position: 2)
        var nrhs: Int32 = 1
        var lda32 = try fortranInteger(max(1, m), routine: routine, position: 5)
        var ldb32 = try fortranInteger(max(1, m, n), routine: routine, position: 7)
        try requireCapacity(a.count, rows: m, columns: n, leadingDimension: max(1, m), name: "A", routine: routine)
        guard b.count >= max(m, n) else { throw LinearAlgebraError.dimensionMismatch("\(routine): B needs \(max(m, n)) entries") }
        var s = [Double](repeating: 0, count: max(1, min(m, n)))
        var rcondValue = rcond
        var rank: Int32 = 0
        var info: Int32 = 0
        var lwork: Int32 = -1
        var query = 0.0
        var iworkQuery: Int32 = 0
        budget_lapack_clear_error()
        a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                dgelsd_(&m32, &n32, &nrhs, ap.baseAddress, &lda32, bp.baseAddress, &ldb32, &s, &rcondValue, &rank,
                        &query, &lwork, &iworkQuery, &info)
            }
        }
        try check(info, routine: routine)
        lwork = try workspaceSize(query, routine: routine)
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: max(1, Int(iworkQuery)))
        budget_lapack_clear_error()
        a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                dgelsd_(&m32, &n32, &nrhs, ap.baseAddress, &lda32, bp.baseAddress, &ldb32, &s, &rcondValue, &rank,
                        &work, &lwork, &iwork, &info)
            }
        }
        try check(info, routine: routine)
        return (Int(rank), Array(s.prefix(min(m, n))))
    }
}

/// Optimal workspace sizes by routine and shape: each is queried from LAPACK once per process, then reused
/// (a query costs as much as a small factorization: `ILAENV` string comparisons).
struct WorkspaceKey: Hashable, Sendable { var routine: String; var m: Int; var n: Int; var lda: Int }
let workspaceSizes = MemoCache<WorkspaceKey, Int32>()
