/*
 * internal.h — helpers shared by the library's modules; not installed.
 */
#ifndef CHITIEU_INTERNAL_H
#define CHITIEU_INTERNAL_H

#include <stddef.h>
#include "chitieu/error.h"

#if defined(__GNUC__)
#define CHITIEU_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CHITIEU_PRINTF(a, b)
#endif

/* Record `code` and a printf-style message as this thread's last error; returns `code`. */
int chitieu__fail(int code, const char *fmt, ...) CHITIEU_PRINTF(2, 3);

/* strdup that records CHITIEU_ENOMEM on failure; NULL in gives NULL out. */
char *chitieu__strdup(const char *s);

/* Call gsl_set_error_handler_off() once per process (thread-safe). */
void chitieu__gsl_init(void);

#endif
