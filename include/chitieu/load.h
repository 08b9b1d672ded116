/*
 * chitieu/load.h — loading the CSV files departments send into the store.
 *
 * A file's kind (plans, areas, successions, indicators, targets, observations) is
 * recognised from its header; columns are matched by name in any order.
 * All files of one call are one transaction: if any row of any file is bad,
 * nothing is stored and every error (up to a limit) is reported as
 * "file:line: column: message".  Files are applied in kind order (plans,
 * areas, successions, indicators, targets, observations), whatever order they are given
 * in.  Observations are never overwritten: a changed figure for an existing
 * indicator/area/year becomes a new revision; an identical one is counted
 * as unchanged.  Suspicious but valid figures (a year-on-year change far
 * outside the series' own past changes) are warnings.
 */
#ifndef CHITIEU_LOAD_H
#define CHITIEU_LOAD_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CHITIEU_MSG_ERROR = 0, CHITIEU_MSG_WARNING } chitieu_msg_level;

/* One error or warning about an input row. Strings owned by the report. */
typedef struct {
    chitieu_msg_level level;
    char *file;          /* input file as named by the caller */
    unsigned long line;  /* 1-based line in that file (0: the file as a whole) */
    char *column;        /* header name of the field concerned, or NULL */
    char *message;
    char *indicator;     /* the indicator code the message is about (its row's, or a suspicious figure's), or NULL */
} chitieu_load_msg;

/* What a load did (or, after errors or a dry run, would have done). */
typedef struct {
    size_t files;
    size_t rows;          /* data rows read, all files */
    size_t plans, areas, indicators, targets; /* catalogue rows applied (inserted or updated) */
    size_t successions;   /* succession rows applied (inserted or updated) */
    size_t inserted;      /* observations new to the store (revision 1) */
    size_t revised;       /* observations that became a new revision */
    size_t unchanged;     /* observations identical to the current revision */
    size_t errors, warnings; /* counts (may exceed the messages kept) */
    int committed;        /* 1 when the transaction was committed */
    long first_batch;     /* committed: the batch of the first file; the files have first_batch.. in kind order */
    size_t nmsg;
    chitieu_load_msg *msgs; /* the first max_messages errors and warnings, in input order */
} chitieu_load_report;

/* Options; start from chitieu_load_opts_init(). */
typedef struct {
    int dry_run;          /* validate everything, then roll back */
    const char *agency;   /* agency recorded on each batch (may be NULL) */
    size_t max_messages;  /* errors and warnings kept in the report (default 100) */
    double jump_threshold;/* a change is suspicious beyond median +- this many robust SDs (default 5) */
    /* Called with every error and warning as it is recorded, also those beyond max_messages (NULL: none);
     * the message's strings are valid during the call only. */
    void (*on_message)(void *ctx, const chitieu_load_msg *m);
    void *on_message_ctx;
} chitieu_load_opts;

void chitieu_load_opts_init(chitieu_load_opts *o);

/* Load the `n` files at `paths` in one transaction.  *out receives a report
 * (caller frees with chitieu_load_report_free) whenever the return is
 * CHITIEU_OK or CHITIEU_EINVALID (data errors: nothing stored, see the
 * messages); other codes (CHITIEU_EIO unreadable file, CHITIEU_EBUSY store
 * locked, CHITIEU_EDB) leave *out NULL or partial and the store unchanged. */
int chitieu_load_files(chitieu_load_report **out, chitieu_store *st, const char *const *paths, size_t n,
                       const chitieu_load_opts *o);

void chitieu_load_report_free(chitieu_load_report *r);

#ifdef __cplusplus
}
#endif
#endif
