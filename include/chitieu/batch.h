/*
 * chitieu/batch.h — the load batches of a store: listing them, and undoing one.
 *
 * Every file a load stores is a batch (file name, SHA-256, UTC time, agency,
 * rows).  A revert undoes a batch with a NEW batch, never by deleting: each
 * figure the batch revised gets a new revision restoring the figure before it;
 * a figure the batch added (no earlier revision) gets a revision that
 * withdraws it (the cell then has no current value; `history` shows all
 * revisions); catalogue rows and targets the batch changed are set back from
 * the history tables; targets it created are withdrawn (a later load of the
 * same target revives it); indicators, areas and plans it created stay in the
 * catalogue (nothing is deleted; with their figures and targets reverted they
 * are inert).  What changed again after the batch (a later load or revert)
 * is left as it is and reported.  Reverting a revert applies the batch again.
 */
#ifndef CHITIEU_BATCH_H
#define CHITIEU_BATCH_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One batch as listed.  Strings are owned by the struct (chitieu_batch_list_free). */
typedef struct {
    long id;
    char *file;        /* the file as named at load time; for a revert "revert of batch N (file)" */
    char *sha256;      /* SHA-256 of the file ("" for a revert) */
    char *kind;        /* observations, targets, indicators, areas, plans or revert */
    char *loaded_at;   /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    char *agency;      /* may be NULL */
    char *note;        /* the reason given for a revert, or the rule a load applied to its years (a school or
                        * financial year counted as one: chitieu_load_opts.span_year); may be NULL */
    long rows;         /* data rows read from the file; for a revert, the rows it wrote */
    long figures;      /* observation revisions this batch wrote */
    long reverts;      /* the batch this one reverts (0: a load) */
    long reverted_by;  /* the revert now in effect that undid this batch (0: none) */
} chitieu_batch;

/* Every batch, oldest first. *out (an array of *n) is the caller's: free with
 * chitieu_batch_list_free. */
int chitieu_batch_list(chitieu_batch **out, size_t *n, chitieu_store *st);
void chitieu_batch_list_free(chitieu_batch *arr, size_t n);

/* Options of a revert; start from chitieu_revert_opts_init(). */
typedef struct {
    int dry_run;          /* do everything, report, then roll back */
    const char *agency;   /* recorded on the revert batch (may be NULL) */
    const char *reason;   /* recorded as the revert batch's note (may be NULL) */
    size_t max_messages;  /* notes kept in the report (default 100) */
} chitieu_revert_opts;

/* Set *o (the caller's) to the defaults: no dry run, no agency or reason, 100 messages. */
void chitieu_revert_opts_init(chitieu_revert_opts *o);

/* What reverting one batch did (or would do, in a dry run). */
typedef struct {
    long batch;              /* the batch reverted */
    long revert_batch;       /* the new batch that records the revert (0 in a dry run) */
    size_t restored;         /* figures set back to the revision before the batch's */
    size_t withdrawn;        /* figures withdrawn (the batch added them; nothing was there before) */
    size_t kept;             /* figures changed again since the batch: left as they are */
    size_t catalogue_restored; /* indicator, area, plan and target rows set back to their earlier version */
    size_t targets_withdrawn;  /* targets the batch created, now withdrawn */
    size_t successions_withdrawn; /* successions the batch created, now withdrawn (no longer used) */
    size_t catalogue_kept;     /* rows the batch changed that a later batch loaded again: left */
    size_t created_kept;       /* indicators, areas and plans the batch created: left in the catalogue */
} chitieu_revert_result;

typedef struct {
    size_t n;
    chitieu_revert_result *results; /* one per batch, in the order they were reverted (newest first) */
    int committed;                  /* 1 when the revert was stored */
    size_t nmsg, more;              /* notes kept; notes not kept for the limit */
    char **msgs;                    /* "batch N: what was left as it is and why" */
} chitieu_revert_report;

/* Revert the `n` batches at `ids` in one transaction, newest first (so
 * `revert 12 13 14` undoes a whole load of three files).  On CHITIEU_OK *out
 * is the caller's report (chitieu_revert_report_free).  Refused, with nothing
 * changed and *out NULL: an unknown batch (CHITIEU_ENOTFOUND), a batch already
 * reverted (by a revert still in effect), a target whose creating batch cannot
 * be told (stored before schema 4), or a result that would leave a figure
 * outside its indicator's bounds (CHITIEU_EINVALID, the message says which and
 * what to do).  CHITIEU_EBUSY/CHITIEU_EDB as for a load. */
int chitieu_batch_revert(chitieu_revert_report **out, chitieu_store *st, const long *ids, size_t n,
                         const chitieu_revert_opts *o);
void chitieu_revert_report_free(chitieu_revert_report *r);

#ifdef __cplusplus
}
#endif
#endif
