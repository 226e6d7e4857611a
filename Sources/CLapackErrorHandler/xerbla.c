#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // RTLD_DEFAULT
#endif
#include "CLapackErrorHandler.h"

#include <dlfcn.h>
#include <string.h>

// Long enough for any LAPACK routine name (they are at most 6 characters, xerbla_array_ can
// pass longer ones); longer names are truncated.
#define BUDGET_LAPACK_NAME_CAP 32

// One record per thread: concurrent LAPACK calls on different threads do not see each other's
// errors. Thread-local, so no synchronisation is needed.
static _Thread_local char recorded_name[BUDGET_LAPACK_NAME_CAP];
static _Thread_local int recorded_position = 0;
static _Thread_local long xerbla_calls = 0;

void xerbla_(const char *srname, const int *info, size_t srname_len) {
    xerbla_calls += 1;
    size_t len = 0;
    if (srname != NULL) {
        len = srname_len;
        while (len > 0 && (srname[len - 1] == ' ' || srname[len - 1] == '\0')) {
            len -= 1;
        }
        if (len > BUDGET_LAPACK_NAME_CAP - 1) {
            len = BUDGET_LAPACK_NAME_CAP - 1;
        }
        memcpy(recorded_name, srname, len);
    }
    recorded_name[len] = '\0';
    // LAPACK passes the position as a positive number (it calls XERBLA(name, -INFO)).
    // Keep a record even for a non-positive value, so that "an error was reported" is never lost.
    int position = (info != NULL) ? *info : 0;
    recorded_position = position > 0 ? position : -1;
}

int budget_lapack_last_error(char *name_out, int cap) {
    if (name_out != NULL && cap > 0) {
        size_t n = strlen(recorded_name);
        if (recorded_position == 0) {
            n = 0;
        }
        if (n > (size_t)(cap - 1)) {
            n = (size_t)(cap - 1);
        }
        memcpy(name_out, recorded_name, n);
        name_out[n] = '\0';
    }
    return recorded_position;
}

void budget_lapack_clear_error(void) {
    recorded_name[0] = '\0';
    recorded_position = 0;
}

long budget_lapack_xerbla_calls(void) {
    return xerbla_calls;
}

int budget_lapack_handler_is_active(void) {
    // The definition the dynamic linker finds first in the global scope is the one liblapack's
    // calls (through its PLT) are bound to.
    void *bound = dlsym(RTLD_DEFAULT, "xerbla_");
    return bound == (void *)&xerbla_;
}
