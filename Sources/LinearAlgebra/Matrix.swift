/// A dense real matrix of `Double`, stored column-major (Fortran / LAPACK order).
///
/// Element `(i, j)` (zero-based row `i`, column `j`) is `elements[i + j * rows]`, so the
/// storage can be handed to LAPACK with leading dimension `rows` without copying or transposing.
///
/// Empty shapes (`rows == 0` or `columns == 0`) are allowed; they hold no elements.
public struct Matrix: Equatable, Sendable {
    /// Number of rows (m).
    public let rows: Int
    /// Number of columns (n).
    public let columns: Int
    /// The `rows * columns` elements in column-major order.
    public private(set) var elements: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    ///
    /// - Precondition: `rows >= 0` and `columns >= 0`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix from its elements in column-major order.
    ///
    /// - Throws: `LinearAlgebraError.dimensionMismatch` if a dimension is negative or
    ///   `elements.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw LinearAlgebraError.dimensionMismatch(
                "matrix dimensions must be non-negative, got \(rows) × \(columns)")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, elements.count == count else {
            throw LinearAlgebraError.dimensionMismatch(
                "a \(rows) × \(columns) matrix needs \(rows) · \(columns) elements, got \(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from row-major literal input: `rows[i][j]` becomes element `(i, j)`.
    ///
    /// `Matrix(rows: [])` is the 0 × 0 matrix; `Matrix(rows: [[], []])` is 2 × 0.
    ///
    /// - Throws: `LinearAlgebraError.dimensionMismatch` if the rows do not all have the same length.
    public init(rows: [[Double]]) throws {
        let m = rows.count
        let n = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != n {
            throw LinearAlgebraError.dimensionMismatch(
                "row \(i) has \(row.count) elements but row 0 has \(n)")
        }
        var storage = [Double](repeating: 0, count: m * n)
        for (i, row) in rows.enumerated() {
            for (j, value) in row.enumerated() {
                storage[i + j * m] = value
            }
        }
        self.rows = m
        self.columns = n
        self.elements = storage
    }

    /// A matrix from its columns: `columns[j][i]` becomes element `(i, j)`.
    ///
    /// `Matrix(columns: [])` is the 0 × 0 matrix; `Matrix(columns: [[], []])` is 0 × 2.
    ///
    /// - Throws: `LinearAlgebraError.dimensionMismatch` if the columns do not all have the same length.
    public init(columns: [[Double]]) throws {
        let n = columns.count
        let m = columns.first?.count ?? 0
        for (j, column) in columns.enumerated() where column.count != m {
            throw LinearAlgebraError.dimensionMismatch(
                "column \(j) has \(column.count) elements but column 0 has \(m)")
        }
        self.rows = m
        self.columns = n
        self.elements = Array(columns.joined())
    }

    /// Element `(i, j)`, zero-based.
    ///
    /// - Precondition: `0 <= i < rows` and `0 <= j < columns` (out-of-range indices trap, as
    ///   with `Array`).
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index out of range")
            return elements[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index out of range")
            elements[i + j * rows] = newValue
        }
    }

    /// Column `j` (zero-based) as an array of `rows` elements.
    ///
    /// - Precondition: `0 <= j < columns`.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix column index out of range")
        return Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// `true` if every element is finite (no NaN, no ±infinity).
    public var isFinite: Bool {
        elements.allSatisfy { $0.isFinite }
    }
}
