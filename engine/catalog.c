/*
 * catalog.c — plans, areas and indicators rows into the store, and the
 * loader's statements and lookups (loader.h).
 *
 * Catalogue rows are upserted: a later load updates a plan, area or
 * indicator in place (the store keeps the earlier version in its history
 * tables).  A code defined twice in one load is an error.  Lookups remember
 * the last code, as files are usually grouped by indicator.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chitieu/areas.h"
#include "chitieu/num.h"
#include "loader.h"

static const char *const area_levels[] = {"country", "region", "province", "district", "commune"};

/* SQL of the chitieu__loader's statements. */
static const char *const sql_ind = "SELECT id, min, max, instr(unit, '%') > 0 FROM indicators WHERE code = ?1";
static const char *const sql_area = "SELECT id FROM areas WHERE code = ?1";
static const char *const sql_plan = "SELECT batch FROM plans WHERE code = ?1";
static const char *const sql_obs_last =
    "SELECT revision, value, status, source, note, batch, line, withdrawn FROM observations"
    " WHERE indicator = ?1 AND area = ?2 AND year = ?3 ORDER BY revision DESC LIMIT 1";
static const char *const sql_obs_ins =
    "INSERT INTO observations(indicator, area, year, revision, value, status, source, note, batch, line)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char *const sql_tgt_find =
    "SELECT t.batch, t.line FROM targets t JOIN plans p ON p.id = t.plan WHERE p.code = ?1 AND t.indicator = ?2"
    " AND t.area = ?3 AND t.shape = ?4 AND t.year = ?5 AND t.from_year = ?6";
static const char *const sql_tgt_upsert =
    "INSERT INTO targets(plan, indicator, area, shape, year, from_year, low, high, versus, source, note, batch, line,"
    " versus_area) VALUES((SELECT id FROM plans WHERE code = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
    " ?14) ON CONFLICT(plan, indicator, area, shape, year, from_year) DO UPDATE SET low = excluded.low,"
    " high = excluded.high, versus = excluded.versus, versus_area = excluded.versus_area, source = excluded.source,"
    " note = excluded.note, batch = excluded.batch, line = excluded.line, withdrawn = 0";
static const char *const sql_ind_upsert =
    "INSERT INTO indicators(code, name, name_en, unit, direction, min, max, goal, agency, batch, aggregate, note,"
    " note_en) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT(code) DO UPDATE SET"
    " name = excluded.name, name_en = excluded.name_en, unit = excluded.unit, direction = excluded.direction,"
    " min = excluded.min, max = excluded.max, goal = excluded.goal, agency = excluded.agency, batch = excluded.batch,"
    " aggregate = excluded.aggregate, note = excluded.note, note_en = excluded.note_en";
static const char *const sql_area_upsert =
    "INSERT INTO areas(code, name, level, parent, batch, valid_from, valid_to, gso_code, name_en)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent,"
    " batch = excluded.batch, valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
    " gso_code = excluded.gso_code, name_en = excluded.name_en";
static const char *const sql_plan_upsert =
    "INSERT INTO plans(code, name, document, issued, batch, deadline, name_en, document_en)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " document = excluded.document, issued = excluded.issued, batch = excluded.batch, deadline = excluded.deadline,"
    " name_en = excluded.name_en, document_en = excluded.document_en";
static const char *const sql_plan_auto =
    "INSERT INTO plans(code, name, batch) VALUES(?1, ?1, ?2) ON CONFLICT(code) DO NOTHING";
static const char *const sql_batch_rows = "UPDATE batches SET rows = ?1, note = ?3 WHERE id = ?2";
static const char *const sql_area_batch = "SELECT batch FROM areas WHERE code = ?1";
static const char *const sql_ind_batch = "SELECT batch FROM indicators WHERE code = ?1";
static const char *const sql_pair_any = "SELECT 1 FROM observations WHERE indicator = ?1 AND area = ?2 LIMIT 1";
static const char *const sql_pair_add = "INSERT OR IGNORE INTO temp.load_pairs(indicator, area) VALUES(?1, ?2)";
static const char *const sql_bounds_add =
    "INSERT OR REPLACE INTO temp.load_bounds(indicator, batch, line) VALUES(?1, ?2, ?3)";
static const char *const sql_rule_add =
    "INSERT OR REPLACE INTO temp.load_rules(indicator, batch, line) VALUES((SELECT id FROM indicators"
    " WHERE code = ?1), ?2, ?3)";
static const char *const sql_succ_find =
    "SELECT batch, line FROM successions WHERE from_area = ?1 AND to_area = ?2 AND date = ?3";
static const char *const sql_succ_upsert =
    "INSERT INTO successions(from_area, to_area, date, share, source, note, batch, line)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(from_area, to_area, date) DO UPDATE SET"
    " share = excluded.share, source = excluded.source, note = excluded.note, batch = excluded.batch,"
    " line = excluded.line, withdrawn = 0";

static const char *const sql_ind_named =
    "SELECT code FROM indicators WHERE ?1 IN (name, name_en) OR chitieu_bare(?1) IN (chitieu_bare(name),"
    " chitieu_bare(name_en)) ORDER BY ?1 IN (name, name_en) DESC LIMIT 1";
static const char *const sql_area_named =
    "SELECT code FROM areas WHERE ?1 IN (name, name_en, gso_code, 'Tỉnh ' || name, 'Thành phố ' || name, 'TP. ' || name)"
    " OR (?1 GLOB '[0-9]*' AND NOT ?1 GLOB '*[^0-9]*' AND gso_code GLOB '[0-9]*'"
    " AND CAST(gso_code AS INTEGER) = CAST(?1 AS INTEGER))"
    " OR chitieu_bare(?1) IN (chitieu_bare(name), chitieu_bare(name_en), chitieu_bare('Tỉnh ' || name),"
    " chitieu_bare('Thành phố ' || name), chitieu_bare('TP. ' || name))" /* typed without accents: Binh Duong */
    " ORDER BY chitieu_bare(?1) IN (chitieu_bare(name), chitieu_bare(name_en)) AND ?1 NOT IN (name, name_en),"
    " valid_to IS NOT NULL LIMIT 1";

/* The statements' SQL, indexed by enum stmt. */
static const char *const *const stmt_sql[NSTMT] = {
    &sql_ind,        &sql_area,       &sql_plan,        &sql_obs_last,    &sql_obs_ins,    &sql_tgt_find,
    &sql_tgt_upsert, &sql_ind_upsert, &sql_area_upsert, &sql_plan_upsert, &sql_plan_auto,  &sql_batch_rows,
    &sql_area_batch, &sql_ind_batch,  &sql_pair_any,    &sql_pair_add,    &sql_bounds_add,
    &sql_rule_add,   &sql_succ_find,  &sql_succ_upsert, &sql_ind_named,   &sql_area_named,
};

void chitieu__stmts_finalize(chitieu__loader *L)
{
    for (int i = 0; i < NSTMT; i++) {
        sqlite3_finalize(L->q[i]);
        L->q[i] = NULL;
    }
}

/* SQL chitieu_bare(text): chitieu__bare, for the hints of sql_ind_named and sql_area_named; NULL stays NULL. */
static void sql_bare(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    char buf[1024];
    if (t) sqlite3_result_text(cx, chitieu__bare(buf, sizeof buf, t), -1, SQLITE_TRANSIENT);
    else sqlite3_result_null(cx);
}

int chitieu__stmts_prepare(chitieu__loader *L)
{
    if (sqlite3_create_function_v2(chitieu__store_db(L->st), "chitieu_bare", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, sql_bare, NULL, NULL, NULL) != SQLITE_OK)
        return chitieu__db_fail(L->st, "registering chitieu_bare");
    for (int i = 0; i < NSTMT; i++) {
        int rc = chitieu__prepare(&L->q[i], L->st, *stmt_sql[i]);
        if (rc)
            return rc;
    }
    return CHITIEU_OK;
}

/* An indicator, area or plan defined twice in this load is an error (which one would win?).
 * q is the statement selecting the batch of the code in column c. */
static int catalogue_duplicate(chitieu__loader *L, enum stmt which, int c)
{
    const char *code = chitieu__text(L, c);
    if (!*code)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[which];
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW && sqlite3_column_int64(q, 0) >= L->first_batch)
        chitieu__row_error(L, c, "'%s' is defined twice in this load (also in %s)", code,
                           chitieu__batch_file(L, (long)sqlite3_column_int64(q, 0)));
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, "finding a code");
}

/* Look up a code with the prepared statement q (SELECT id[, min, max] ... WHERE code = ?1),
 * remembering the last key. Returns 1 found, 0 not found, negative on a database error. */
int chitieu__lookup(chitieu__loader *L, sqlite3_stmt *q, chitieu__lastkey *k, const char *code)
{
    if (k && k->id && strcmp(k->code, code) == 0)
        return 1;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return 0;
    if (r != SQLITE_ROW)
        return chitieu__db_fail(L->st, "lookup");
    if (!k)
        return 1;
    k->id = (long)sqlite3_column_int64(q, 0);
    k->min = sqlite3_column_count(q) > 1 ? chitieu__col_num(q, 1) : NAN;
    k->max = sqlite3_column_count(q) > 2 ? chitieu__col_num(q, 2) : NAN;
    k->percent = sqlite3_column_count(q) > 3 && sqlite3_column_int(q, 3);
    if (strlen(code) < sizeof k->code)
        strcpy(k->code, code);
    else
        k->code[0] = '\0'; /* too long to remember: look it up each time */
    return 1;
}

/* Step a write statement to completion. */
int chitieu__step_done(chitieu__loader *L, sqlite3_stmt *q, const char *what)
{
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    return r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, what);
}

int chitieu__prior_row(chitieu__loader *L, sqlite3_stmt *q, long *batch, unsigned long *line, const char *what)
{
    int r = sqlite3_step(q);
    *batch = r == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    *line = r == SQLITE_ROW ? (unsigned long)sqlite3_column_int64(q, 1) : 0;
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, what);
}

/* The id of an indicator (S_IND) or area (S_AREA) code named in column c; an
 * unknown code is an error of the row (*id stays 0).  Negative on a database error. */
int chitieu__code_id(chitieu__loader *L, enum stmt which, int c, const char *code, long *id)
{
    *id = 0;
    int f = chitieu__lookup(L, L->q[which], NULL, code);
    if (f < 0)
        return f;
    if (!f)
        chitieu__row_error(L, c, "unknown %s '%s'", which == S_IND ? "indicator" : "area", code);
    else
        *id = (long)sqlite3_column_int64(L->q[which], 0);
    return CHITIEU_OK;
}

const char *chitieu__code_for(chitieu__loader *L, enum stmt which, const char *text, char *buf, size_t n)
{
    sqlite3_stmt *q = L->q[which];
    const char *code = NULL;
    chitieu__bind_text(q, 1, text);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0) &&
        (size_t)snprintf(buf, n, "%s", (const char *)sqlite3_column_text(q, 0)) < n)
        code = buf; /* a code longer than buf is not suggested cut short */
    sqlite3_reset(q);
    return code;
}

int chitieu__row_plan(chitieu__loader *L)
{
    int rc = catalogue_duplicate(L, S_PLAN, C_PLAN);
    if (rc)
        return rc;
    const char *code = chitieu__required(L, C_PLAN), *name = chitieu__required(L, C_NAME);
    const char *issued = chitieu__text(L, C_ISSUED);
    int day;
    if (*issued && chitieu_areas_parse_date(&day, issued))
        chitieu__row_error(L, C_ISSUED, "%s", chitieu_error_last());
    const char *deadline = chitieu__text(L, C_DEADLINE);
    if (*deadline && !chitieu_num_is_deadline(deadline))
        chitieu__row_error(L, C_DEADLINE, "'%s' is not a deadline (MM-DD every year, or a date YYYY-MM-DD)", deadline);
    if (L->row_bad)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[S_PLAN_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, chitieu__text(L, C_DOCUMENT));
    chitieu__bind_text(q, 4, issued);
    sqlite3_bind_int64(q, 5, L->in->batch);
    chitieu__bind_text(q, 6, deadline);
    chitieu__bind_text(q, 7, chitieu__text(L, C_NAME_EN));
    chitieu__bind_text(q, 8, chitieu__text(L, C_DOCUMENT_EN));
    L->r->plans++;
    return chitieu__step_done(L, q, "storing a plan");
}

int chitieu__row_area(chitieu__loader *L)
{
    int rc = catalogue_duplicate(L, S_AREA_BATCH, C_CODE);
    if (rc)
        return rc;
    const char *code = chitieu__required(L, C_CODE), *name = chitieu__required(L, C_NAME),
               *level = chitieu__required(L, C_LEVEL);
    const char *parent = chitieu__text(L, C_PARENT);
    if (*level) {
        size_t i;
        for (i = 0; i < sizeof area_levels / sizeof *area_levels; i++)
            if (strcmp(level, area_levels[i]) == 0)
                break;
        if (i == sizeof area_levels / sizeof *area_levels)
            chitieu__row_error(L, C_LEVEL, "unknown level '%s' (country, region, province, district or commune)",
                               level);
    }
    /* validity: inclusive days, open when empty */
    const char *vf = chitieu__text(L, C_VALID_FROM), *vt = chitieu__text(L, C_VALID_TO);
    int from = 0, to = 0;
    if (*vf && chitieu_areas_parse_date(&from, vf))
        chitieu__row_error(L, C_VALID_FROM, "%s", chitieu_error_last());
    if (*vt && chitieu_areas_parse_date(&to, vt))
        chitieu__row_error(L, C_VALID_TO, "%s", chitieu_error_last());
    if (from && to && to < from)
        chitieu__row_error(L, C_VALID_TO, "valid_to %s is before valid_from %s", vt, vf);
    long parent_id = 0;
    if (*parent) {
        if (strcmp(parent, code) == 0)
            chitieu__row_error(L, C_PARENT, "an area cannot be its own parent");
        else {
            int f = chitieu__lookup(L, L->q[S_AREA], &L->area, parent);
            if (f < 0)
                return f;
            if (!f)
                chitieu__row_error(L, C_PARENT, "unknown area '%s' (define the parent on an earlier line or load)",
                                   parent);
            else
                parent_id = L->area.id;
        }
    }
    if (L->row_bad)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[S_AREA_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, level);
    if (parent_id)
        sqlite3_bind_int64(q, 4, parent_id);
    else
        sqlite3_bind_null(q, 4);
    sqlite3_bind_int64(q, 5, L->in->batch);
    chitieu__bind_text(q, 6, vf);
    chitieu__bind_text(q, 7, vt);
    chitieu__bind_text(q, 8, chitieu__text(L, C_GSO_CODE));
    chitieu__bind_text(q, 9, chitieu__text(L, C_NAME_EN));
    L->r->areas++;
    return chitieu__step_done(L, q, "storing an area");
}

int chitieu__row_indicator(chitieu__loader *L)
{
    int rc = catalogue_duplicate(L, S_IND_BATCH, C_CODE);
    if (rc)
        return rc;
    const char *code = chitieu__required(L, C_CODE), *name = chitieu__required(L, C_NAME),
               *unit = chitieu__required(L, C_UNIT);
    const char *dir = chitieu__required(L, C_DIRECTION);
    int direction = 0;
    if (strcasecmp(dir, "up") == 0) /* "Up", "DOWN": a spreadsheet's capitals are not an error */
        direction = 1;
    else if (strcasecmp(dir, "down") == 0)
        direction = -1;
    else if (*dir)
        chitieu__row_error(L, C_DIRECTION, "'%s' is not a direction (up: higher is better, down: lower is better)",
                           dir);
    double mn, mx;
    int pct = strchr(unit, '%') ? PCT_UNIT : PCT_NO; /* bounds in the unit: "100%" of a % indicator is 100 */
    int hmin = chitieu__number(L, C_MIN, &mn, pct), hmax = chitieu__number(L, C_MAX, &mx, pct);
    if (hmin > 0 && hmax > 0 && mn >= mx)
        chitieu__row_error(L, C_MAX, "max %g is not above min %g", mx, mn);
    const char *rule = chitieu__text(L, C_AGGREGATE);
    chitieu_agg agg;
    if (chitieu_agg_parse(&agg, rule))
        chitieu__row_error(L, C_AGGREGATE, "%s", chitieu_error_last());
    else
        chitieu_agg_clear(&agg);
    if (L->row_bad)
        return CHITIEU_OK;
    /* Bounds narrower than the stored ones may exclude stored figures: remember the row and
     * check once every file is applied (chitieu__check_bounds), as this load may also correct them. */
    chitieu__lastkey old = {0};
    int found = *code ? chitieu__lookup(L, L->q[S_IND], &old, code) : 0;
    if (found < 0)
        return found;
    if (found &&
        ((!isnan(mn) && (isnan(old.min) || mn > old.min)) || (!isnan(mx) && (isnan(old.max) || mx < old.max)))) {
        sqlite3_stmt *b = L->q[S_BOUNDS_ADD];
        sqlite3_bind_int64(b, 1, old.id);
        sqlite3_bind_int64(b, 2, L->in->batch);
        sqlite3_bind_int64(b, 3, (sqlite3_int64)L->line);
        int rc = chitieu__step_done(L, b, "remembering new bounds");
        if (rc)
            return rc;
    }
    sqlite3_stmt *q = L->q[S_IND_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, chitieu__text(L, C_NAME_EN));
    chitieu__bind_text(q, 4, unit);
    sqlite3_bind_int(q, 5, direction);
    chitieu__bind_num(q, 6, mn);
    chitieu__bind_num(q, 7, mx);
    chitieu__bind_text(q, 8, chitieu__text(L, C_GOAL));
    chitieu__bind_text(q, 9, chitieu__text(L, C_AGENCY));
    sqlite3_bind_int64(q, 10, L->in->batch);
    chitieu__bind_text(q, 11, strcmp(rule, "none") == 0 ? "" : rule);
    chitieu__bind_text(q, 12, chitieu__text(L, C_NOTE));
    chitieu__bind_text(q, 13, chitieu__text(L, C_NOTE_EN));
    L->ind.id = 0; /* bounds may have changed */
    L->r->indicators++;
    if ((rc = chitieu__step_done(L, q, "storing an indicator")) || !*rule)
        return rc;
    /* the indicators a rule names may come later in this load: checked once every file is applied */
    q = L->q[S_RULE_ADD];
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->in->batch);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)L->line);
    return chitieu__step_done(L, q, "remembering an aggregation rule");
}
