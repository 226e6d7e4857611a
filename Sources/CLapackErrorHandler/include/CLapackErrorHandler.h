// Replacement for LAPACK's error handler XERBLA.
//
// Reference LAPACK's xerbla_ prints "On entry to <routine> parameter number <k> had an illegal
// value" and executes STOP, which ends the whole process with exit status 0. This target defines
// its own `xerbla_`; because it is linked into the executable, the dynamic linker binds
// liblapack's calls to it (symbol interposition) instead of to liblapack's own copy.
//
// The replacement records the routine name and the offending argument position in thread-local
// storage and returns, so the LAPACK routine returns normally with INFO = -position. Callers
// clear the record before a LAPACK call and read it after a negative INFO.
#ifndef CLAPACK_ERROR_HANDLER_H
#define CLAPACK_ERROR_HANDLER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Fortran-ABI error handler called by LAPACK routines (overrides liblapack's).
/// `srname` is not NUL-terminated; its length is `srname_len`. `*info` is the 1-based
/// position of the illegal argument.
void xerbla_(const char *srname, const int *info, size_t srname_len);

/// Reads this thread's last recorded LAPACK argument error.
/// Returns the 1-based argument position (> 0), 0 if nothing is recorded, or -1 if xerbla_ was
/// called with a non-positive position (not done by LAPACK itself).
/// If `name_out` is non-NULL and `cap` > 0, writes the routine name (trailing blanks removed,
/// NUL-terminated, truncated to `cap - 1` characters); writes "" when nothing is recorded.
int budget_lapack_last_error(char *name_out, int cap);

/// Clears this thread's record.
void budget_lapack_clear_error(void);

/// Number of times xerbla_ above has been called on this thread (for tests that verify the
/// override is the one liblapack actually calls).
long budget_lapack_xerbla_calls(void);

/// 1 if the process-wide `xerbla_` symbol (what liblapack's calls are bound to) is the one
/// defined here, 0 if it is liblapack's own (then an illegal argument would end the process).
/// Interposition needs the executable to export `xerbla_` dynamically; GNU ld, gold and lld all
/// do this without extra flags because liblapack.so, on the link line, also defines the symbol.
int budget_lapack_handler_is_active(void);

#ifdef __cplusplus
}
#endif

#endif
