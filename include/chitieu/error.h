/*
 * chitieu/error.h — error codes and the thread-local last-error message.
 *
 * Every library function that can fail returns an int: CHITIEU_OK (0) on
 * success or a negative chitieu_error code; the message describing the last
 * failure on this thread is kept until the next failure and read with
 * chitieu_error_last().  The library never prints and never exits.
 */
#ifndef CHITIEU_ERROR_H
#define CHITIEU_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CHITIEU_OK = 0,
    CHITIEU_ERROR = -1,     /* generic runtime failure */
    CHITIEU_EINVALID = -2,  /* invalid argument or invalid data */
    CHITIEU_ENOTFOUND = -3, /* a named object does not exist */
    CHITIEU_EIO = -4,       /* file could not be read or written */
    CHITIEU_ENOMEM = -5,    /* out of memory */
    CHITIEU_EDB = -6,       /* the SQLite store reported an error */
    CHITIEU_EBUSY = -7,     /* the store is locked by another process: retry */
    CHITIEU_ENUMERIC = -8   /* a numerical routine failed (GSL status) */
} chitieu_error;

/* The message of the last failure on this thread ("" when none). Owned by
 * the library; valid until the next chitieu call on this thread. */
const char *chitieu_error_last(void);

/* The code of the last failure on this thread (CHITIEU_OK when none). */
int chitieu_error_code(void);

/* Forget the last failure on this thread. */
void chitieu_error_clear(void);

#ifdef __cplusplus
}
#endif
#endif
