/*
 * internal.h — helpers shared by the library's modules; not installed.
 */
#ifndef CHITIEU_INTERNAL_H
#define CHITIEU_INTERNAL_H

#include <stddef.h>
#include "chitieu/error.h"
#include "chitieu/store.h"

#if defined(__GNUC__)
#define CHITIEU_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CHITIEU_PRINTF(a, b)
#endif

/* Record `code` and a printf-style message as this thread's last error; returns `code`. */
int chitieu__fail(int code, const char *fmt, ...) CHITIEU_PRINTF(2, 3);

/* Bounds in a message: "0 to 100", "at least 0", "at most 100" (min/max NAN when absent). */
void chitieu__bounds_text(char *buf, size_t n, double mn, double mx);

/* strdup that records CHITIEU_ENOMEM on failure; NULL in gives NULL out. */
char *chitieu__strdup(const char *s);

/* Call gsl_set_error_handler_off() once per process (thread-safe). */
void chitieu__gsl_init(void);

/* SHA-256 of the file at path, as 64 lowercase hex digits and a NUL. */
int chitieu__sha256_file(char hex[65], const char *path);

/* Free the strings a chitieu_target owns (store.h; the struct itself is left as
 * it is): the one place that lists them, for the store's target list and the
 * assessments. */
void chitieu__target_clear(chitieu_target *t);

/* Median of v[0..n-1], n > 0; sorts v in place (the caller's array). */
double chitieu__median(double *v, size_t n);

/* The k-th smallest (0-based, k < n) of v[0..n-1], no NaN; reorders v in part (Hoare's selection: below k no
 * larger, above no smaller), the caller's array. */
double chitieu__select_kth(double *v, size_t n, size_t k);

/* Grow the array *arrp (elements of `size` bytes, capacity *cap) so that index n fits. */
int chitieu__grow(void *arrp, size_t *cap, size_t n, size_t size);

/* SQLite helpers for the store's modules (store.c, series.c, the loader: loader.h). */
struct sqlite3;
struct sqlite3_stmt;
struct chitieu_store;
struct sqlite3 *chitieu__store_db(struct chitieu_store *st);
/* Read every row of s (prepared and bound by the caller; finalized here) into a new array *arrp of *n elements
 * of `size` bytes, one a row: fill(elem, s) sets the zeroed element from the current row (non-zero: stop with
 * that code).  On failure free_all(array, count) releases what was read, and *arrp, *n are NULL, 0.  `what`
 * names the read in a database error ("listing batches"). */
int chitieu__rows_collect(void *arrp, size_t *n, size_t size, struct sqlite3_stmt *s, struct chitieu_store *st,
                          const char *what, int (*fill)(void *elem, struct sqlite3_stmt *s),
                          void (*free_all)(void *arr, size_t n));
/* Record the store's last SQLite error ("path: what: message"; CHITIEU_EBUSY when locked). */
int chitieu__db_fail(struct chitieu_store *st, const char *what);
/* Run sql (no rows); on failure the store's error as chitieu__db_fail.  A BEGIN that fails leaves no transaction
 * open (an interrupted BEGIN can: SQLite turned autocommit off before it failed). */
int chitieu__exec(struct chitieu_store *st, const char *sql);
/* Roll back the transaction the connection is in, if any, trying again when the ROLLBACK itself fails
 * (interrupted, an I/O error): a failed write never leaves the connection inside a transaction, where every
 * later write would fail.  The last error message is left as it was. */
void chitieu__rollback(struct chitieu_store *st);
int chitieu__prepare(struct sqlite3_stmt **out, struct chitieu_store *st, const char *sql);
/* A statement prepared once per store and kept (reset, bindings cleared) for the
 * queries run once per series or target; never finalized by the caller, who
 * resets it after use (the store finalizes it on close). */
enum {
    CHITIEU__STMT_SERIES,
    CHITIEU__STMT_AREAS_SCHEMA, /* areas.c: whether observations have a withdrawn column */
    CHITIEU__STMT_AREAS_ALL,    /* areas.c: every revision of an indicator */
    CHITIEU__STMT_AREAS_OBS,    /* areas.c: every revision of an (indicator, area) */
    CHITIEU__STMT_COUNT
};
int chitieu__prepare_cached(struct sqlite3_stmt **out, struct chitieu_store *st, int slot, const char *sql);
/* One derived structure cached on the store (the areas module's graph of areas, successions and rules):
 * chitieu__store_cache returns it while the store's content is unchanged since it was set (PRAGMA
 * data_version and this connection's change count), else frees it and returns NULL.  _set frees the previous
 * one (free_fn) and keeps `cache`, owned by the store from then on (freed at close); NULL clears. */
void *chitieu__store_cache(struct chitieu_store *st);
void chitieu__store_cache_set(struct chitieu_store *st, void *cache, void (*free_fn)(void *));
/* The columns chitieu__area_row reads, with the FROM clause (areas a, parent p) to add a WHERE to. */
#define CHITIEU__AREA_COLS "a.code, a.name, a.level, p.code, a.valid_from, a.valid_to, a.gso_code, a.name_en" \
                           " FROM areas a LEFT JOIN areas p ON p.id = a.parent"
/* Fill *out from a row of CHITIEU__AREA_COLS (strings the caller's: chitieu_store_area_clear). */
int chitieu__area_row(chitieu_area *out, struct sqlite3_stmt *s);
char *chitieu__col_strdup(struct sqlite3_stmt *s, int i); /* NULL for SQL NULL */
double chitieu__col_num(struct sqlite3_stmt *s, int i);   /* NAN for SQL NULL */
void chitieu__bind_text(struct sqlite3_stmt *s, int i, const char *t); /* NULL or "" binds NULL */
void chitieu__bind_num(struct sqlite3_stmt *s, int i, double v);       /* NAN binds NULL */

#endif
