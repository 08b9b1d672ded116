/*
 * figures.c — targets and observations rows into the store (loader.h).
 *
 * A target is upserted by plan, indicator, area, shape and years (the store
 * keeps the version it replaces).  An observation is never overwritten: a
 * figure that differs from the current revision of its indicator, area and
 * year becomes the next revision (counted as revised, or as re-sourced when
 * only its source or note is new); an identical one is counted as unchanged.
 * A figure or target given twice in one load is an error naming the first.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chitieu/codes.h"
#include "loader.h"

/* Is unknown code s (k: 0 indicator, 1 area) one more than the input's first few, which are named?
 * The first ones are remembered; a code named before is not "more". */
static int one_more_unknown(chitieu__loader *L, int k, const char *s, size_t *slot)
{
    size_t n = sizeof L->unknown[k][0];
    for (size_t i = 0; i < L->nunknown[k]; i++)
        if (strncmp(L->unknown[k][i], s, n - 1) == 0)
            return *slot = i, 0;
    if (L->nunknown[k] == CHITIEU__UNKNOWN_NAMED)
        return 1;
    *slot = L->nunknown[k];
    L->hint_state[k][*slot] = 0;
    snprintf(L->unknown[k][L->nunknown[k]++], n, "%s", s);
    return 0;
}

/* The catalogue's code the unknown text in slot names (its name, with or without accents, or a GSO code), looked up
 * once per slot of the input (a wide table asks once per year cell); NULL when none. */
static const char *hint_for(chitieu__loader *L, int k, size_t slot, const char *text)
{
    if (!L->hint_state[k][slot])
        L->hint_state[k][slot] = chitieu__code_for(L, k ? S_AREA_NAMED : S_IND_NAMED, text, L->hint[k][slot],
                                                   sizeof L->hint[k][slot]) ? 2 : 1;
    return L->hint_state[k][slot] == 2 ? L->hint[k][slot] : NULL;
}

/* An indicator (k 0) or area (k 1) code *code of column c that the catalogue lacks, read in a TCVN3 capital font (which
 * shows every letter in capitals, so 'bd' typed reads 'BD'): the catalogue's one code equal to it ignoring case
 * (chitieu_codes_caseless, asked once for a text in a row), made the row's code in *code and L->val[c].  1 found, 0
 * none (or the cell was no such cell), negative on a database error. */
static int caseless(chitieu__loader *L, int k, int c, const char **code)
{
    if (L->fld[c] < 0 || !(chitieu_rows_flags(L->src, (size_t)L->fld[c]) & CHITIEU_FIELD_CAPITALS) ||
        strlen(*code) >= sizeof L->case_typed[k])
        return 0;
    if (strcmp(L->case_typed[k], *code) != 0) {
        int r = chitieu_codes_caseless(L->st, k ? CHITIEU_CODE_AREA : CHITIEU_CODE_INDICATOR, *code, L->case_code[k],
                                       sizeof L->case_code[k]);
        if (r < 0)
            return r;
        if (!r)
            L->case_code[k][0] = '\0';
        strcpy(L->case_typed[k], *code);
    }
    if (!L->case_code[k][0])
        return 0;
    L->val[c] = *code = L->case_code[k];
    return 1;
}

/* Resolve the indicator and area columns of the row; 0 on success (ids in L->ind/L->area). */
static int row_keys(chitieu__loader *L, int *ok)
{
    const char *ind = chitieu__required(L, C_INDICATOR), *area = chitieu__required(L, C_AREA);
    *ok = 0;
    int fi = *ind ? chitieu__lookup(L, L->q[S_IND], &L->ind, ind) : 0;
    if (!fi && *ind && (fi = caseless(L, 0, C_INDICATOR, &ind)) > 0)
        fi = chitieu__lookup(L, L->q[S_IND], &L->ind, ind);
    if (fi < 0)
        return fi;
    /* beyond a few different codes in one file (a World Bank file names 266 countries), one message
     * said again, which the report keeps once with its count of rows */
    int obs = L->lay && L->lay->kind == K_OBS;
    const char *named;
    size_t slot = 0;
    if (*ind && !fi && one_more_unknown(L, 0, ind, &slot))
        chitieu__row_error(L, C_INDICATOR,
                           "another unknown indicator (the file names indicators the catalogue lacks: load their "
                           "catalogue rows first%s)",
                           obs ? ", or give the catalogue's codes with --recode" : "");
    else if (*ind && !fi && (named = hint_for(L, 0, slot, ind)))
        chitieu__row_error(L, C_INDICATOR, "unknown indicator '%s': that is the name of %s (write the code, or load "
                           "with --recode '%s=%s')", ind, named, ind, named);
    else if (*ind && !fi)
        chitieu__row_error(L, C_INDICATOR, "unknown indicator '%s' (load its catalogue row first%s)", ind,
                           obs ? ", or give the catalogue's code with --recode or --indicator" : "");
    int fa = *area ? chitieu__lookup(L, L->q[S_AREA], &L->area, area) : 0;
    if (!fa && *area && (fa = caseless(L, 1, C_AREA, &area)) > 0)
        fa = chitieu__lookup(L, L->q[S_AREA], &L->area, area);
    if (fa < 0)
        return fa;
    if (*area && !fa && one_more_unknown(L, 1, area, &slot))
        chitieu__row_error(L, C_AREA,
                           "another unknown area (the file names areas the catalogue lacks: define them in an "
                           "areas file%s)",
                           obs ? ", give the catalogue's codes with --recode, or load one area's rows with --area" : "");
    else if (*area && !fa && (named = hint_for(L, 1, slot, area)))
        chitieu__row_error(L, C_AREA, "unknown area '%s': the catalogue's code for it is %s (write the code, or "
                           "load with --recode '%s=%s')", area, named, area, named);
    else if (*area && !fa)
        chitieu__row_error(L, C_AREA, "unknown area '%s'%s", area,
                           obs ? " (define it in an areas file, give the catalogue's code with --recode, or load one "
                                 "area's rows with --area)"
                               : "");
    *ok = fi && fa;
    return CHITIEU_OK;
}

/* Bind a row id, or NULL for 0. */
static void bind_id(sqlite3_stmt *q, int i, long id)
{
    if (id)
        sqlite3_bind_int64(q, i, id);
    else
        sqlite3_bind_null(q, i);
}

int chitieu__row_target(chitieu__loader *L)
{
    int ok, rc = row_keys(L, &ok);
    if (rc)
        return rc;
    const char *plan = chitieu__required(L, C_PLAN), *shape_s = chitieu__required(L, C_SHAPE),
               *versus = chitieu__text(L, C_VERSUS);
    const char *versus_area = chitieu__text(L, C_VERSUS_AREA);
    chitieu_shape shape = CHITIEU_SHAPE_COUNT_;
    if (*shape_s && chitieu_shape_parse(&shape, shape_s))
        chitieu__row_error(L, C_SHAPE,
                           "unknown shape '%s' (at_least, at_most, range, each_year, avg_growth, avg_rate, "
                           "avg_change, ratio_to_base, cumulative, exceeds)",
                           shape_s);
    int y, from;
    chitieu__year(L, C_YEAR, &y, 0);
    int hf = chitieu__year(L, C_FROM, &from, 1);
    double low, high;
    /* bounds in the indicator's unit; an average growth is in % whatever the unit; ratio_to_base's is a
     * ratio to the base, so "50%" (or a cell shown 50%) is 0.5 */
    int pct = !ok || shape == CHITIEU_SHAPE_RATIO_TO_BASE ? PCT_FRACTION
              : L->ind.percent || shape == CHITIEU_SHAPE_AVG_GROWTH ? PCT_UNIT : PCT_NO;
    int hl = chitieu__number(L, C_LOW, &low, pct), hh = chitieu__number(L, C_HIGH, &high, pct);
    if (hl > 0 && hh > 0 && low > high)
        chitieu__row_error(L, C_HIGH, "high %g is below low %g", high, low);
    int period = shape >= CHITIEU_SHAPE_EACH_YEAR && shape < CHITIEU_SHAPE_COUNT_;
    if (shape < CHITIEU_SHAPE_COUNT_) {
        if (period && hf == 0)
            chitieu__row_error(L, C_FROM, "%s needs 'from' (the first year of the period, or the base year)", shape_s);
        if (period && hf > 0 && y && (from > y || (shape == CHITIEU_SHAPE_RATIO_TO_BASE && from == y)))
            chitieu__row_error(L, C_FROM, "from %d is after the target year %d", from, y);
        if (!period && hf > 0)
            chitieu__row_warn(L, C_FROM, "'from' is not used by %s; ignored", shape_s);
        if (shape == CHITIEU_SHAPE_AT_LEAST && hl == 0)
            chitieu__row_error(L, C_LOW, "at_least needs 'low'");
        else if (shape == CHITIEU_SHAPE_AT_MOST && hh == 0)
            chitieu__row_error(L, C_HIGH, "at_most needs 'high'");
        else if (shape == CHITIEU_SHAPE_RANGE && (hl == 0 || hh == 0))
            chitieu__row_error(L, hl == 0 ? C_LOW : C_HIGH, "range needs both 'low' and 'high'");
        else if (shape != CHITIEU_SHAPE_EXCEEDS && hl == 0 && hh == 0)
            chitieu__row_error(L, C_LOW, "%s needs 'low' or 'high'", shape_s);
        if (shape == CHITIEU_SHAPE_EXCEEDS && !*versus)
            chitieu__row_error(L, C_VERSUS, "exceeds needs 'versus' (the indicator to grow faster than)");
        if (shape != CHITIEU_SHAPE_EXCEEDS && *versus)
            chitieu__row_warn(L, C_VERSUS, "'versus' is only used by exceeds; ignored");
        if (shape != CHITIEU_SHAPE_EXCEEDS && *versus_area)
            chitieu__row_warn(L, C_VERSUS_AREA, "'versus_area' is only used by exceeds; ignored");
    }
    long versus_id = 0, versus_area_id = 0; /* 0: none; for the area, the target's own */
    if (shape == CHITIEU_SHAPE_EXCEEDS && *versus && (rc = chitieu__code_id(L, S_IND, C_VERSUS, versus, &versus_id)))
        return rc;
    if (shape == CHITIEU_SHAPE_EXCEEDS && *versus_area &&
        (rc = chitieu__code_id(L, S_AREA, C_VERSUS_AREA, versus_area, &versus_area_id)))
        return rc;
    if (L->row_bad || !ok)
        return CHITIEU_OK;
    if (!period)
        from = 0;
    /* The plan: created from its code when no plans file defines it. */
    sqlite3_stmt *q = L->q[S_PLAN_AUTO];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->in->batch);
    if ((rc = chitieu__step_done(L, q, "storing a plan")))
        return rc;
    q = L->q[S_TGT_FIND];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->ind.id);
    sqlite3_bind_int64(q, 3, L->area.id);
    sqlite3_bind_text(q, 4, shape_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 5, y);
    sqlite3_bind_int(q, 6, from);
    long prev_batch;
    unsigned long prev_line;
    if ((rc = chitieu__prior_row(L, q, &prev_batch, &prev_line, "finding a target")))
        return rc;
    if (prev_batch >= L->first_batch) {
        chitieu__row_error(L, NCOL, "duplicate target (same plan, indicator, area, shape and years as %s:%lu)",
                           chitieu__batch_file(L, prev_batch), prev_line);
        return CHITIEU_OK;
    }
    q = L->q[S_TGT_UPSERT];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->ind.id);
    sqlite3_bind_int64(q, 3, L->area.id);
    sqlite3_bind_text(q, 4, shape_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 5, y);
    sqlite3_bind_int(q, 6, from);
    chitieu__bind_num(q, 7, low);
    chitieu__bind_num(q, 8, high);
    bind_id(q, 9, versus_id);
    chitieu__bind_text(q, 10, chitieu__text(L, C_SOURCE));
    chitieu__bind_text(q, 11, chitieu__text(L, C_NOTE));
    sqlite3_bind_int64(q, 12, L->in->batch);
    sqlite3_bind_int64(q, 13, (sqlite3_int64)L->line);
    bind_id(q, 14, versus_area_id);
    L->r->targets++;
    return chitieu__step_done(L, q, "storing a target");
}

/* Same text, treating NULL and "" alike. */
static int same_text(const unsigned char *a, const char *b)
{
    return strcmp(a ? (const char *)a : "", b) == 0;
}

int chitieu__row_observation(chitieu__loader *L)
{
    char status;
    if (chitieu__is_missing(L, chitieu__text(L, C_VALUE)) || chitieu__status(L, &status) == 0) {
        L->r->absent++; /* no figure: "..", "-", an empty cell, a status saying it is missing */
        return CHITIEU_OK;
    }
    int ok, rc = row_keys(L, &ok);
    if (rc)
        return rc;
    int y;
    int hy = chitieu__year(L, C_YEAR, &y, 0);
    double v;
    int hv = chitieu__number(L, C_VALUE, &v, !ok ? PCT_FRACTION : L->ind.percent ? PCT_UNIT : PCT_NO);
    if (hy > 0 && y > L->this_year && status != 'E')
        chitieu__row_error(L, C_YEAR, "year %d is in the future: only an estimate (status E) can be given for it", y);
    if (hv > 0 && ok) {
        if ((!isnan(L->ind.min) && v < L->ind.min) || (!isnan(L->ind.max) && v > L->ind.max))
            chitieu__row_error(L, C_VALUE, "%g is outside the bounds of %s (%g to %g)", v, L->ind.code, L->ind.min,
                               L->ind.max);
    }
    if (L->row_bad || !ok)
        return CHITIEU_OK;
    const char *source = chitieu__text(L, C_SOURCE), *note = chitieu__text(L, C_NOTE);
    if (L->ind.id != L->pair_ind || L->area.id != L->pair_area) {
        sqlite3_stmt *p = L->q[S_PAIR_ANY];
        sqlite3_bind_int64(p, 1, L->ind.id);
        sqlite3_bind_int64(p, 2, L->area.id);
        int r = sqlite3_step(p);
        sqlite3_reset(p);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return chitieu__db_fail(L->st, "finding a series");
        L->pair_fresh = r == SQLITE_DONE;
        L->pair_ind = L->ind.id;
        L->pair_area = L->area.id;
        memset(L->pair_line, 0, sizeof L->pair_line);
        p = L->q[S_PAIR_ADD];
        sqlite3_bind_int64(p, 1, L->ind.id);
        sqlite3_bind_int64(p, 2, L->area.id);
        if ((rc = chitieu__step_done(L, p, "noting a series")))
            return rc;
    }
    int revision = 1, resourced = 0;
    sqlite3_stmt *q;
    if (L->pair_fresh) {
        unsigned long *seen = &L->pair_line[y - CHITIEU_YEAR_MIN];
        if (*seen) {
            chitieu__row_error(L, NCOL, "duplicate figure for %s, %s, %d (already given at %s:%lu)",
                               chitieu__text(L, C_INDICATOR), chitieu__text(L, C_AREA), y, L->in->label, *seen);
            return CHITIEU_OK;
        }
        *seen = L->line;
        goto insert;
    }
    q = L->q[S_OBS_LAST];
    sqlite3_bind_int64(q, 1, L->ind.id);
    sqlite3_bind_int64(q, 2, L->area.id);
    sqlite3_bind_int(q, 3, y);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        revision = sqlite3_column_int(q, 0) + 1;
        long batch = (long)sqlite3_column_int64(q, 5);
        if (batch >= L->first_batch) {
            unsigned long line = (unsigned long)sqlite3_column_int64(q, 6);
            sqlite3_reset(q);
            chitieu__row_error(L, NCOL, "duplicate figure for %s, %s, %d (already given at %s:%lu)",
                               chitieu__text(L, C_INDICATOR), chitieu__text(L, C_AREA), y,
                               chitieu__batch_file(L, batch), line);
            return CHITIEU_OK;
        }
        /* a withdrawn figure (reverted load) is no current value: the same figure again is a new revision */
        resourced = !sqlite3_column_int(q, 7) && sqlite3_column_double(q, 1) == v &&
                    *(const char *)sqlite3_column_text(q, 2) == status; /* the same figure: at most a new source */
        if (resourced && same_text(sqlite3_column_text(q, 3), source) && same_text(sqlite3_column_text(q, 4), note)) {
            sqlite3_reset(q);
            L->r->unchanged++;
            return CHITIEU_OK;
        }
        /* a less final figure after a more final one: an estimate sent again after the official figure? */
        const char *was = (const char *)sqlite3_column_text(q, 2);
        static const char finality[] = "EPA", *const named[] = {"an estimate", "a provisional figure", "the official figure"};
        int fw = was && *was && strchr(finality, *was) ? (int)(strchr(finality, *was) - finality) : -1,
            fn = (int)(strchr(finality, status) - finality);
        if (!sqlite3_column_int(q, 7) && fw > fn) {
            double old_v = sqlite3_column_double(q, 1);
            char undo[80] = ""; /* a dry run stores no batch to revert */
            if (!L->o->dry_run)
                snprintf(undo, sizeof undo, "; 'chitieu revert %ld' undoes this file's load", L->in->batch);
            int rc = chitieu__row_warn(L, C_VALUE, "%s, %s, %d: %s %g (batch %ld) is followed by %s %g; an "
                                       "earlier file sent again? Both stay in the history%s",
                                       chitieu__text(L, C_INDICATOR), chitieu__text(L, C_AREA), y, named[fw], old_v,
                                       batch, named[fn], v, undo);
            if (rc) {
                sqlite3_reset(q);
                return rc;
            }
        }
    } else if (r != SQLITE_DONE)
        return chitieu__db_fail(L->st, "finding an observation");
    sqlite3_reset(q);
insert:
    q = L->q[S_OBS_INS];
    sqlite3_bind_int64(q, 1, L->ind.id);
    sqlite3_bind_int64(q, 2, L->area.id);
    sqlite3_bind_int(q, 3, y);
    sqlite3_bind_int(q, 4, revision);
    sqlite3_bind_double(q, 5, v);
    static const char *const status_text[] = {"A", "P", "E"};
    sqlite3_bind_text(q, 6, status_text[strchr("APE", status) - "APE"], 1, SQLITE_STATIC);
    /* The row's fields outlive the statement's step (chitieu__step_done resets it before the next row). */
    if (*source)
        sqlite3_bind_text(q, 7, source, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 7);
    if (*note)
        sqlite3_bind_text(q, 8, note, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 8);
    sqlite3_bind_int64(q, 9, L->in->batch);
    sqlite3_bind_int64(q, 10, (sqlite3_int64)L->line);
    if (revision == 1)
        L->r->inserted++;
    else if (resourced)
        L->r->resourced++;
    else
        L->r->revised++;
    return chitieu__step_done(L, q, "storing an observation");
}
