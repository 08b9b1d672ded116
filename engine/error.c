/*
 * error.c — the thread-local last-error message behind chitieu/error.h, and
 * the few allocation and message helpers every module uses.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <gsl/gsl_errno.h>

#include "internal.h"

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

const char *chitieu_error_last(void) { return last_message; }

void chitieu__bounds_text(char *buf, size_t n, double mn, double mx)
{
    if (!isnan(mn) && !isnan(mx))
        snprintf(buf, n, "%g to %g", mn, mx);
    else if (!isnan(mn))
        snprintf(buf, n, "at least %g", mn);
    else
        snprintf(buf, n, "at most %g", mx);
}

int chitieu_error_code(void) { return last_code; }

void chitieu_error_clear(void)
{
    last_message[0] = '\0';
    last_code = CHITIEU_OK;
}

int chitieu__fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    last_code = code;
    return code;
}

char *chitieu__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) {
        chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        return NULL;
    }
    return memcpy(d, s, n);
}

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;
static void gsl_off(void) { gsl_set_error_handler_off(); }

void chitieu__gsl_init(void) { pthread_once(&gsl_once, gsl_off); }
