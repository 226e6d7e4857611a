import ArgumentParser
import Foundation
import LinearAlgebra
import Store

extension Budget {
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the installation: the store, SQLite, LAPACK and its error handling.",
            discussion: """
                Examples:
                  budget doctor
                  budget doctor --db other.sqlite
                """)

        @OptionGroup var store: StoreOptions

        func run() throws {
            var healthy = true, storeHealthy = true
            print("budget \(BudgetVersion.current)")
            do {
                // An existing store is only read; a missing one is created, as before.
                let exists = FileManager.default.fileExists(atPath: store.path)
                let opened = try openStore(store.path, access: exists ? .read : .write)
                defer { try? opened.close() }
                let problems = try opened.integrityProblems()
                guard problems.isEmpty else {
                    throw StoreError.readFailed(path: store.path, problem: "the file is damaged (SQLite's check: "
                        + problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : "")
                        + "); restore it from a copy")
                }
                let counts = try opened.counts()
                print("store: \(store.path) (schema \(try opened.schemaVersion() ?? "?"), SQLite \(try opened.sqliteVersion())"
                      + "\(opened.isReadOnly ? ", read-only" : "")): "
                      + "\(counts.projects.grouped) projects, \(counts.projectYears.grouped) project-years, \(counts.batches.grouped) import batches")
            } catch {
                print("store: FAILED: \(error)")
                storeHealthy = false
            }

            // A least-squares fit with a known answer: y = 1 + 2x exactly.
            do {
                let design = try Matrix(rows: [[1, 1], [1, 2], [1, 3], [1, 4]])
                let fit = try LeastSquares.solve(design, [3, 5, 7, 9])
                let ok = abs(fit.coefficients[0] - 1) < 1e-12 && abs(fit.coefficients[1] - 2) < 1e-12 && fit.rank == 2
                print("LAPACK least squares (DGELSY): \(ok ? "ok" : "WRONG: \(fit.coefficients)")")
                healthy = healthy && ok
            } catch {
                print("LAPACK least squares: FAILED: \(error)")
                healthy = false
            }

            // Reference LAPACK ends the process (status 0) on an illegal argument unless our xerbla_ is in place.
            // If this line's result is printed at all, the process survived the call.
            var a = [Double](repeating: 1, count: 4), b = [Double](repeating: 1, count: 2)
            var pivots = [Int32](repeating: 0, count: 2)
            do {
                _ = try LAPACK.dgelsy(m: 2, n: 2, nrhs: 1, a: &a, lda: 1, b: &b, ldb: 2, jpvt: &pivots, rcond: 1e-12)
                print("LAPACK illegal-argument path: WRONG: no error for lda = 1 < m = 2")
                healthy = false
            } catch let error as LinearAlgebraError {
                print("LAPACK illegal-argument path: ok, returns an error (\(error))")
            }
            // A broken store is a store failure (4); a broken LAPACK installation, 1.
            if !storeHealthy { throw ExitCode(ExitStatus.storeFailure) }
            if !healthy { throw ExitCode.failure }
        }
    }
}
