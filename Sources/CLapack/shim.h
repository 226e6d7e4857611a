// Prototypes for the reference LAPACK (netlib, as packaged by Debian's liblapack-dev)
// called through the gfortran ABI:
//   * every argument is passed by pointer (INTEGER -> int, 32-bit; DOUBLE PRECISION -> double);
//   * every CHARACTER argument adds a hidden trailing `size_t` length argument, in the order
//     the CHARACTER arguments appear (gfortran >= 8 uses size_t for these lengths).
// Only the routines the project uses or is about to use are declared.
#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H

#include <stddef.h>

// Minimum-norm least squares via complete orthogonal factorization (QR with column pivoting).
void dgelsy_(const int *m, const int *n, const int *nrhs,
             double *a, const int *lda,
             double *b, const int *ldb,
             int *jpvt, const double *rcond, int *rank,
             double *work, const int *lwork, int *info);

// Minimum-norm least squares via SVD (divide and conquer).
void dgelsd_(const int *m, const int *n, const int *nrhs,
             double *a, const int *lda,
             double *b, const int *ldb,
             double *s, const double *rcond, int *rank,
             double *work, const int *lwork, int *iwork, int *info);

// Full-rank least squares via QR (or LQ) without pivoting.
void dgels_(const char *trans, const int *m, const int *n, const int *nrhs,
            double *a, const int *lda,
            double *b, const int *ldb,
            double *work, const int *lwork, int *info,
            size_t trans_len);

// QR factorization with column pivoting: A P = Q R.
void dgeqp3_(const int *m, const int *n,
             double *a, const int *lda,
             int *jpvt, double *tau,
             double *work, const int *lwork, int *info);

// Multiply by Q or Q^T from a QR factorization (as produced by dgeqrf/dgeqp3).
void dormqr_(const char *side, const char *trans,
             const int *m, const int *n, const int *k,
             const double *a, const int *lda, const double *tau,
             double *c, const int *ldc,
             double *work, const int *lwork, int *info,
             size_t side_len, size_t trans_len);

// Solve a triangular system with multiple right-hand sides.
void dtrtrs_(const char *uplo, const char *trans, const char *diag,
             const int *n, const int *nrhs,
             const double *a, const int *lda,
             double *b, const int *ldb, int *info,
             size_t uplo_len, size_t trans_len, size_t diag_len);

// Cholesky factorization of a symmetric positive definite matrix.
void dpotrf_(const char *uplo, const int *n,
             double *a, const int *lda, int *info,
             size_t uplo_len);

// Inverse of a symmetric positive definite matrix from its Cholesky factor.
void dpotri_(const char *uplo, const int *n,
             double *a, const int *lda, int *info,
             size_t uplo_len);

// Singular value decomposition by divide and conquer (jobz = 'N': singular values only).
void dgesdd_(const char *jobz, const int *m, const int *n,
             double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *iwork, int *info,
             size_t jobz_len);

// Inverse of a triangular matrix.
void dtrtri_(const char *uplo, const char *diag, const int *n,
             double *a, const int *lda, int *info,
             size_t uplo_len, size_t diag_len);

#endif
