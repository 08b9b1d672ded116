/*
 * areas.c — areas over time (chitieu/areas.h): aggregation rules, dates and
 * validity, lists of areas and successions, rebuilt series, and how each
 * rebuilt value was made (as data, chitieu_areas_how, and as the provenance
 * text with codes that CSV and the CLI carry).
 *
 * Rebuilding is a memoised recursion over (indicator, area, year) on a graph
 * read once per store content (areas with their validity, children and
 * incoming successions; indicators with their parsed rules and the range of
 * years they have figures for), kept on the store (chitieu__store_cache) and
 * reference-counted, so a session outlives a cache that the store drops.
 * Stored figures are read per (indicator, area) with one range scan of the
 * observations' primary key and kept for the session.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "chitieu/areas.h"
#include "chitieu/num.h"
#include "internal.h"

/* ---------------------------------------------------------------- rules */

/* Copy the n bytes of an indicator code out of a rule; an empty code or one with a blank is an error. */
static int rule_code(char **out, const char *s, size_t n, const char *text, const char *what)
{
    if (n == 0)
        return chitieu__fail(CHITIEU_EINVALID, "'%s': the %s indicator is missing", text, what);
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '\t' || s[i] == ':' || s[i] == '/' || s[i] == '*')
            return chitieu__fail(CHITIEU_EINVALID, "'%s': '%.*s' is not an indicator code", text, (int)n, s);
    *out = malloc(n + 1);
    if (!*out)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    memcpy(*out, s, n);
    (*out)[n] = '\0';
    return CHITIEU_OK;
}

int chitieu_agg_parse(chitieu_agg *out, const char *text)
{
    memset(out, 0, sizeof *out);
    out->k = 1;
    static const char forms[] = "sum, mean:W, ratio:N/D, ratio:N/D*K, growth:L or none";
    int rc = CHITIEU_OK;
    if (!*text || strcmp(text, "none") == 0)
        out->kind = CHITIEU_AGG_NONE;
    else if (strcmp(text, "sum") == 0)
        out->kind = CHITIEU_AGG_SUM;
    else if (strncmp(text, "mean:", 5) == 0) {
        out->kind = CHITIEU_AGG_MEAN;
        rc = rule_code(&out->a, text + 5, strlen(text + 5), text, "weight");
    } else if (strncmp(text, "growth:", 7) == 0) {
        out->kind = CHITIEU_AGG_GROWTH;
        rc = rule_code(&out->a, text + 7, strlen(text + 7), text, "level");
    } else if (strncmp(text, "ratio:", 6) == 0) {
        out->kind = CHITIEU_AGG_RATIO;
        const char *n = text + 6, *slash = strchr(n, '/');
        if (!slash)
            return chitieu__fail(CHITIEU_EINVALID, "'%s': a ratio is ratio:N/D or ratio:N/D*K", text);
        const char *d = slash + 1, *star = strchr(d, '*');
        rc = rule_code(&out->a, n, (size_t)(slash - n), text, "numerator");
        if (!rc)
            rc = rule_code(&out->b, d, star ? (size_t)(star - d) : strlen(d), text, "denominator");
        if (!rc && star) {
            if (chitieu_num_parse(&out->k, star + 1, 0) || !(out->k > 0) || !isfinite(out->k))
                rc = chitieu__fail(CHITIEU_EINVALID, "'%s': the factor K must be a positive number", text);
        }
        if (!rc && strcmp(out->a, out->b) == 0)
            rc = chitieu__fail(CHITIEU_EINVALID, "'%s': numerator and denominator are the same indicator", text);
    } else
        return chitieu__fail(CHITIEU_EINVALID, "unknown aggregation rule '%s' (%s)", text, forms);
    if (rc)
        chitieu_agg_clear(out);
    return rc;
}

void chitieu_agg_clear(chitieu_agg *r)
{
    if (!r)
        return;
    free(r->a);
    free(r->b);
    memset(r, 0, sizeof *r);
    r->k = 1;
}

/* ---------------------------------------------------------------- dates */

int chitieu_areas_parse_date(int *out, const char *text)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    *out = 0;
    int ok = strlen(text) == 10 && text[4] == '-' && text[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            ok = 0;
    if (!ok)
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a date (YYYY-MM-DD)", text);
    int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)
        return chitieu__fail(CHITIEU_EINVALID, "'%s': the year must lie in %d-%d", text, CHITIEU_YEAR_MIN,
                             CHITIEU_YEAR_MAX);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a day of the calendar", text);
    *out = y * 10000 + m * 100 + d;
    return CHITIEU_OK;
}

/* YYYYMMDD of an optional date text; 0 when absent or not a date. */
static int date_or_open(const char *text)
{
    int d = 0;
    if (text && *text && chitieu_areas_parse_date(&d, text))
        d = 0;
    return d;
}

/* Valid on day `day` (YYYYMMDD) given the bounds (0 = open). */
static int valid_on(int from, int to, int day) { return (!from || from <= day) && (!to || to >= day); }

int chitieu_areas_valid_in(const chitieu_area *a, int year)
{
    return valid_on(date_or_open(a->valid_from), date_or_open(a->valid_to), year * 10000 + 1231);
}

/* ---------------------------------------------------------------- lists */

/* chitieu__area_row for chitieu__rows_collect. */
static int area_row(void *elem, sqlite3_stmt *s) { return chitieu__area_row(elem, s); }

/* chitieu_areas_list_free for chitieu__rows_collect. */
static void areas_free(void *arr, size_t n) { chitieu_areas_list_free(arr, n); }

int chitieu_areas_list(chitieu_area **out, size_t *n, chitieu_store *st, const char *level, const char *parent,
                       int year)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT " CHITIEU__AREA_COLS " WHERE (?1 IS NULL OR a.level = ?1)"
                              " AND (?2 IS NULL OR p.code = ?2) AND (?3 IS NULL OR ((a.valid_from IS NULL"
                              " OR a.valid_from <= ?3) AND (a.valid_to IS NULL OR a.valid_to >= ?3)))"
                              " ORDER BY a.code");
    if (rc)
        return rc;
    char day[16];
    snprintf(day, sizeof day, "%04d-12-31", year);
    chitieu__bind_text(s, 1, level);
    chitieu__bind_text(s, 2, parent);
    chitieu__bind_text(s, 3, year ? day : NULL);
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing areas", area_row, areas_free);
}

void chitieu_areas_list_free(chitieu_area *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        chitieu_store_area_clear(&arr[i]);
    free(arr);
}

/* One chitieu_succession from a row of chitieu_areas_successions' query (chitieu__rows_collect's fill). */
static int succession_row(void *elem, sqlite3_stmt *s)
{
    chitieu_succession *x = elem;
    x->from = chitieu__col_strdup(s, 0);
    x->to = chitieu__col_strdup(s, 1);
    x->date = chitieu__col_strdup(s, 2);
    x->share = chitieu__col_num(s, 3);
    x->source = chitieu__col_strdup(s, 4);
    x->note = chitieu__col_strdup(s, 5);
    return x->from && x->to && x->date ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
}

/* chitieu_areas_successions_free for chitieu__rows_collect. */
static void successions_free(void *arr, size_t n) { chitieu_areas_successions_free(arr, n); }

int chitieu_areas_successions(chitieu_succession **out, size_t *n, chitieu_store *st, const char *area)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "SELECT f.code, t.code, s.date, s.share, s.source, s.note FROM successions s"
                              " JOIN areas f ON f.id = s.from_area JOIN areas t ON t.id = s.to_area"
                              " WHERE s.withdrawn = 0 AND (?1 IS NULL OR f.code = ?1 OR t.code = ?1)"
                              " ORDER BY s.date, t.code, f.code");
    if (rc)
        return rc;
    chitieu__bind_text(s, 1, area);
    return chitieu__rows_collect(out, n, sizeof **out, s, st, "listing successions", succession_row,
                                 successions_free);
}

void chitieu_areas_successions_free(chitieu_succession *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++) {
        free(arr[i].from);
        free(arr[i].to);
        free(arr[i].date);
        free(arr[i].source);
        free(arr[i].note);
    }
    free(arr);
}

/* ---------------------------------------------------------------- the graph */

/* Open-addressing map from a non-zero 64-bit key to an index. */
typedef struct {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} hmap;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static long hmap_get(const hmap *h, uint64_t key)
{
    if (!h->cap)
        return -1;
    for (size_t i = mix(key) & (h->cap - 1);; i = (i + 1) & (h->cap - 1)) {
        if (h->keys[i] == key)
            return h->vals[i];
        if (!h->keys[i])
            return -1;
    }
}

static void hmap_free(hmap *h)
{
    free(h->keys);
    free(h->vals);
    memset(h, 0, sizeof *h);
}

/* Add key -> val (key absent, non-zero); the table stays at most 3/4 full. */
static int hmap_put(hmap *h, uint64_t key, uint32_t val)
{
    if ((h->n + 1) * 4 > h->cap * 3) {
        hmap g = {NULL, NULL, h->cap ? h->cap * 2 : 1024, 0};
        g.keys = calloc(g.cap, sizeof *g.keys);
        g.vals = malloc(g.cap * sizeof *g.vals);
        if (!g.keys || !g.vals) {
            hmap_free(&g);
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < h->cap; i++)
            if (h->keys[i])
                hmap_put(&g, h->keys[i], h->vals[i]); /* cannot grow again: g is at most half full */
        hmap_free(h);
        *h = g;
    }
    size_t i = mix(key) & (h->cap - 1);
    while (h->keys[i])
        i = (i + 1) & (h->cap - 1);
    h->keys[i] = key;
    h->vals[i] = val;
    h->n++;
    return CHITIEU_OK;
}

/* One stored figure (latest revision). */
typedef struct {
    int year;
    char status;
    double value;
} point;

/* The stored figures of one (indicator, area), years ascending. */
typedef struct {
    size_t n;
    point *p;
} stored;

/* A piece of another area that went to an area: `from` (an area index) on `date`, `share` of it (1: whole). */
typedef struct {
    int from, date;
    double share;
} inflow;

/* An indicator as the rebuild needs it: its rule with the components as indexes (-1: none or unknown). */
typedef struct {
    long id;
    char *code, *name, *name_en; /* name_en may be NULL */
    chitieu_agg_kind kind;
    int a, b;
    double k;
    int ymin, ymax; /* years with figures (0 when none) */
    int years_read; /* ymin and ymax read (on first use: a whole-table scan costs national stores a second) */
} gind;

typedef struct {
    int refs;
    size_t na, ni;
    long *aid;          /* area ids, ascending */
    char **acode, **aname, **aname_en; /* aname_en[i] NULL when area i has no English name */
    int *parent, *vfrom, *vto;
    int *by_code;       /* area indexes ordered by code */
    size_t *kid_at;     /* children of area i: kids[kid_at[i] .. kid_at[i+1]) */
    int *kids;
    size_t *in_at;      /* successions into area i: ins[in_at[i] .. in_at[i+1]), by date */
    inflow *ins;
    gind *ind;          /* ordered by id */
    int *ind_by_code;
    /* The stored figures sessions have read, every year (a session ignores those after its max_year), kept
     * with the graph so that the sessions of one store content share them (assess opens one per series). */
    hmap smap;          /* (indicator, area) -> stored[] */
    stored *stored;
    size_t nstored, stored_cap;
    unsigned char *full; /* per indicator: every area's figures read (an absent pair has none) */
} graph;

/* Drop the stored figures read so far (memory stays bounded over many sessions). */
static void stored_forget(graph *g)
{
    for (size_t i = 0; i < g->nstored; i++)
        free(g->stored[i].p);
    free(g->stored);
    g->stored = NULL;
    g->nstored = g->stored_cap = 0;
    hmap_free(&g->smap);
    memset(g->full, 0, g->ni ? g->ni : 1);
}

static void graph_unref(void *p)
{
    graph *g = p;
    if (!g || --g->refs > 0)
        return;
    if (g->full)
        stored_forget(g);
    free(g->full);
    for (size_t i = 0; g->acode && i < g->na; i++) {
        free(g->acode[i]);
        free(g->aname[i]);
        free(g->aname_en[i]);
    }
    for (size_t i = 0; g->ind && i < g->ni; i++) {
        free(g->ind[i].code);
        free(g->ind[i].name);
        free(g->ind[i].name_en);
    }
    free(g->aid);
    free(g->acode);
    free(g->aname);
    free(g->aname_en);
    free(g->parent);
    free(g->vfrom);
    free(g->vto);
    free(g->by_code);
    free(g->kid_at);
    free(g->kids);
    free(g->in_at);
    free(g->ins);
    free(g->ind);
    free(g->ind_by_code);
    free(g);
}

/* Index of the area with row id `id`, or -1. */
static int area_of_id(const graph *g, long id)
{
    size_t lo = 0, hi = g->na;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->aid[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->na && g->aid[lo] == id ? (int)lo : -1;
}

/* Index (into names) of `code` through `order` (indexes sorted by name), or -1. */
static int find_code(char *const *names, const int *order, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(names[order[mid]], code);
        if (c == 0)
            return order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static _Thread_local char *const *sort_names; /* the names cmp_by_name orders by (set just before qsort) */
static int cmp_by_name(const void *x, const void *y)
{
    return strcmp(sort_names[*(const int *)x], sort_names[*(const int *)y]);
}

/* Indexes 0..n-1 ordered by names[i]. */
static int *order_by_name(char *const *names, size_t n)
{
    int *o = malloc((n ? n : 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        o[i] = (int)i;
    sort_names = names;
    qsort(o, n, sizeof *o, cmp_by_name);
    return o;
}

/* Read the areas (validity, parents, children). */
static int graph_areas(graph *g, chitieu_store *st)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, "SELECT id, code, parent, valid_from, valid_to, name, name_en FROM areas ORDER BY id");
    if (rc)
        return rc;
    size_t cap = 0;
    long *parent_id = NULL;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        size_t i = g->na;
        if (i >= cap) {
            size_t nc = cap ? cap * 2 : 64;
            long *a1 = realloc(g->aid, nc * sizeof *a1);
            if (a1) g->aid = a1;
            char **a2 = realloc(g->acode, nc * sizeof *a2);
            if (a2) g->acode = a2;
            int *a3 = realloc(g->vfrom, nc * sizeof *a3);
            if (a3) g->vfrom = a3;
            int *a4 = realloc(g->vto, nc * sizeof *a4);
            if (a4) g->vto = a4;
            long *a5 = realloc(parent_id, nc * sizeof *a5);
            if (a5) parent_id = a5;
            char **a6 = realloc(g->aname, nc * sizeof *a6);
            if (a6) g->aname = a6;
            char **a7 = realloc(g->aname_en, nc * sizeof *a7);
            if (a7) g->aname_en = a7;
            if (!a1 || !a2 || !a3 || !a4 || !a5 || !a6 || !a7) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
            cap = nc;
        }
        g->aid[i] = (long)sqlite3_column_int64(q, 0);
        g->acode[i] = chitieu__col_strdup(q, 1);
        g->aname[i] = chitieu__col_strdup(q, 5);
        g->aname_en[i] = chitieu__col_strdup(q, 6); /* NULL when there is none */
        parent_id[i] = sqlite3_column_type(q, 2) == SQLITE_NULL ? 0 : (long)sqlite3_column_int64(q, 2);
        g->vfrom[i] = date_or_open((const char *)sqlite3_column_text(q, 3));
        g->vto[i] = date_or_open((const char *)sqlite3_column_text(q, 4));
        g->na++;
        if (!g->acode[i] || !g->aname[i] || (sqlite3_column_type(q, 6) != SQLITE_NULL && !g->aname_en[i])) {
            rc = CHITIEU_ENOMEM;
            break;
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading areas");
    sqlite3_finalize(q);
    size_t na = g->na;
    if (!rc) {
        g->parent = malloc((na ? na : 1) * sizeof *g->parent);
        g->kid_at = calloc(na + 1, sizeof *g->kid_at);
        g->kids = malloc((na ? na : 1) * sizeof *g->kids);
        g->by_code = order_by_name(g->acode, na);
        if (!g->parent || !g->kid_at || !g->kids || !g->by_code)
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    if (!rc) { /* children in CSR form: count, prefix sums, fill */
        for (size_t i = 0; i < na; i++) {
            g->parent[i] = parent_id[i] ? area_of_id(g, parent_id[i]) : -1;
            if (g->parent[i] >= 0)
                g->kid_at[g->parent[i] + 1]++;
        }
        for (size_t i = 0; i < na; i++)
            g->kid_at[i + 1] += g->kid_at[i];
        size_t *fill = malloc((na ? na : 1) * sizeof *fill);
        if (!fill)
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        else {
            memcpy(fill, g->kid_at, na * sizeof *fill);
            for (size_t i = 0; i < na; i++)
                if (g->parent[i] >= 0)
                    g->kids[fill[g->parent[i]]++] = (int)i;
            free(fill);
        }
    }
    free(parent_id);
    return rc;
}

/* Read the successions into each area, ordered by date. */
static int graph_successions(graph *g, chitieu_store *st)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, "SELECT to_area, from_area, date, share FROM successions WHERE withdrawn = 0"
                                      " ORDER BY to_area, date, from_area");
    if (rc)
        return rc;
    g->in_at = calloc(g->na + 1, sizeof *g->in_at);
    if (!g->in_at)
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t cap = 0, n = 0;
    int r = SQLITE_DONE;
    while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
        int to = area_of_id(g, (long)sqlite3_column_int64(q, 0));
        int from = area_of_id(g, (long)sqlite3_column_int64(q, 1));
        int date = date_or_open((const char *)sqlite3_column_text(q, 2));
        /* the foreign keys and the loader guarantee both areas exist and the date parses */
        if (to < 0 || from < 0 || !date)
            continue;
        if ((rc = chitieu__grow(&g->ins, &cap, n, sizeof *g->ins)))
            break;
        g->ins[n].from = from;
        g->ins[n].date = date;
        g->ins[n].share = sqlite3_column_type(q, 3) == SQLITE_NULL ? 1.0 : sqlite3_column_double(q, 3);
        g->in_at[to + 1]++;
        n++;
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading successions");
    sqlite3_finalize(q);
    for (size_t i = 0; !rc && i < g->na; i++)
        g->in_at[i + 1] += g->in_at[i];
    return rc;
}

/* Read the indicators and their rules (the years they have figures for: read_years, on first use). */
static int graph_indicators(graph *g, chitieu_store *st)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, "SELECT id, code, aggregate, name, name_en FROM indicators ORDER BY id");
    if (rc)
        return rc;
    size_t cap = 0;
    int r;
    chitieu_agg *rules = NULL;
    size_t rcap = 0;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        if ((rc = chitieu__grow(&g->ind, &cap, g->ni, sizeof *g->ind)) ||
            (rc = chitieu__grow(&rules, &rcap, g->ni, sizeof *rules)))
            break;
        gind *x = &g->ind[g->ni];
        memset(x, 0, sizeof *x);
        x->id = (long)sqlite3_column_int64(q, 0);
        x->code = chitieu__col_strdup(q, 1);
        x->name = chitieu__col_strdup(q, 3);
        x->name_en = chitieu__col_strdup(q, 4); /* NULL when there is none */
        const char *text = (const char *)sqlite3_column_text(q, 2);
        /* the loader stores only rules that parse; anything else reads as none */
        if (chitieu_agg_parse(&rules[g->ni], text ? text : ""))
            chitieu_agg_parse(&rules[g->ni], "");
        g->ni++;
        if (!x->code || !x->name) {
            rc = CHITIEU_ENOMEM;
            break;
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading indicators");
    sqlite3_finalize(q);
    char **codes = NULL;
    if (!rc && !(codes = malloc((g->ni ? g->ni : 1) * sizeof *codes)))
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < g->ni; i++)
        codes[i] = g->ind[i].code;
    if (!rc && !(g->ind_by_code = order_by_name(codes, g->ni)))
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < g->ni; i++) {
        gind *x = &g->ind[i];
        x->kind = rules[i].kind;
        x->k = rules[i].k;
        x->a = rules[i].a ? find_code(codes, g->ind_by_code, g->ni, rules[i].a) : -1;
        x->b = rules[i].b ? find_code(codes, g->ind_by_code, g->ni, rules[i].b) : -1;
    }
    free(codes);
    for (size_t i = 0; rules && i < g->ni; i++)
        chitieu_agg_clear(&rules[i]);
    free(rules);
    return rc;
}

/* The graph of the store's current content: the cached one, or read now and cached.  The caller holds a
 * reference (graph_unref). */
static int graph_get(graph **out, chitieu_store *st)
{
    graph *g = chitieu__store_cache(st);
    if (!g) {
        g = calloc(1, sizeof *g);
        if (!g)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        g->refs = 1;
        int rc = graph_areas(g, st);
        if (!rc)
            rc = graph_successions(g, st);
        if (!rc)
            rc = graph_indicators(g, st);
        if (!rc && !(g->full = calloc(g->ni ? g->ni : 1, 1)))
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        if (rc) {
            graph_unref(g);
            return rc;
        }
        chitieu__store_cache_set(st, g, graph_unref); /* the store's reference */
    }
    g->refs++;
    *out = g;
    return CHITIEU_OK;
}

/* Index of the indicator `code`, or -1. */
static int ind_of_code(const graph *g, const char *code)
{
    size_t lo = 0, hi = g->ni;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->ind[g->ind_by_code[mid]].code, code);
        if (c == 0)
            return g->ind_by_code[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---------------------------------------------------------------- sessions */

/* How a derived value was made. */
enum how { H_NONE, H_KIDS, H_PRED, H_RATIO, H_GROWTH };
/* A derived (indicator, area, year): being computed (a cycle reads it as no value), none, or a value. */
enum mstate { M_BUSY = 1, M_NONE, M_HAVE };

typedef struct {
    double v;
    unsigned char state, how;
} memo;

struct chitieu_areas {
    chitieu_store *st;
    graph *g;
    int max_year;
    sqlite3_stmt *q_obs, *q_all; /* the store's (chitieu__prepare_cached): reset after use, never finalized here */
    hmap mmap; /* (indicator, area, year) -> memos[] */
    memo *memos;
    size_t nmemo, memo_cap;
};

/* Keys: indicator + 1 in the high bits so a key is never 0. */
static uint64_t pair_key(int i, int a) { return ((uint64_t)(i + 1) << 32) | (uint32_t)a; }
static uint64_t year_key(int i, int a, int y)
{
    return ((uint64_t)(i + 1) << 40) | ((uint64_t)(uint32_t)a << 12) | (uint64_t)(y - CHITIEU_YEAR_MIN + 1);
}

/* Forget every value computed; keeps memory bounded over long sessions. */
static void forget(chitieu_areas *s)
{
    hmap_free(&s->mmap);
    free(s->memos);
    s->memos = NULL;
    s->nmemo = s->memo_cap = 0;
}

/* The session's two reads of stored figures: every revision in key order (a range scan of the primary key; the
 * view current_obs costs a subquery per row), the latest of each year kept by stored_add.  A store whose
 * observations can be withdrawn (a `withdrawn` column) says so in a fifth column; else it is 0.  The statements
 * are prepared once per store (assess opens a session per series) and shared by its sessions, which use them
 * one read at a time. */
static int prepare_reads(chitieu_areas *s)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare_cached(&q, s->st, CHITIEU__STMT_AREAS_SCHEMA,
                                     "SELECT 1 FROM pragma_table_info('observations') WHERE name = 'withdrawn'");
    if (rc)
        return rc;
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return chitieu__db_fail(s->st, "reading the schema");
    const char *w = r == SQLITE_ROW ? "withdrawn" : "0"; /* a column name or a constant, never data */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT area, year, value, status, %s FROM observations WHERE indicator = ?1"
             " ORDER BY area, year, revision", w);
    if ((rc = chitieu__prepare_cached(&s->q_all, s->st, CHITIEU__STMT_AREAS_ALL, sql)))
        return rc;
    snprintf(sql, sizeof sql, "SELECT area, year, value, status, %s FROM observations WHERE indicator = ?1"
             " AND area = ?2 ORDER BY year, revision", w);
    return chitieu__prepare_cached(&s->q_obs, s->st, CHITIEU__STMT_AREAS_OBS, sql);
}

int chitieu_areas_open(chitieu_areas **out, chitieu_store *st, int max_year)
{
    *out = NULL;
    chitieu_areas *s = calloc(1, sizeof *s);
    if (!s)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    s->st = st;
    s->max_year = max_year;
    int rc = graph_get(&s->g, st);
    if (!rc)
        rc = prepare_reads(s);
    if (rc) {
        chitieu_areas_close(s);
        return rc;
    }
    *out = s;
    return CHITIEU_OK;
}

void chitieu_areas_close(chitieu_areas *s)
{
    if (!s)
        return;
    forget(s);
    graph_unref(s->g);
    free(s);
}

/* Add a revision (y, v, status) to x (capacity *cap): a later revision of the same year replaces the one before;
 * a withdrawn one leaves the year without a figure. */
static int stored_add(stored *x, size_t *cap, int y, double v, char status, int withdrawn)
{
    if (x->n && x->p[x->n - 1].year == y)
        x->n--;
    if (withdrawn)
        return CHITIEU_OK;
    int rc = chitieu__grow(&x->p, cap, x->n, sizeof *x->p);
    if (rc)
        return rc;
    x->p[x->n].year = y;
    x->p[x->n].value = v;
    x->p[x->n++].status = status;
    return CHITIEU_OK;
}

/* Read the figures of indicator i in every area in one scan (an aggregate over many areas would otherwise
 * ask for them area by area); pairs already read are kept. */
static int prefetch(chitieu_areas *s, int i)
{
    graph *g = s->g;
    if (g->full[i])
        return CHITIEU_OK;
    sqlite3_stmt *q = s->q_all;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, g->ind[i].id);
    int r, rc = CHITIEU_OK, a = -1;
    long last_id = 0;
    stored *x = NULL;
    size_t cap = 0;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        long id = (long)sqlite3_column_int64(q, 0);
        if (id != last_id) { /* the next area: a new pair unless already read */
            last_id = id;
            x = NULL;
            a = area_of_id(g, id);
            if (a < 0 || hmap_get(&g->smap, pair_key(i, a)) >= 0)
                continue;
            if ((rc = chitieu__grow(&g->stored, &g->stored_cap, g->nstored, sizeof *g->stored)) ||
                (rc = hmap_put(&g->smap, pair_key(i, a), (uint32_t)g->nstored)))
                break;
            x = &g->stored[g->nstored++];
            memset(x, 0, sizeof *x);
            cap = 0;
        }
        if (x && (rc = stored_add(x, &cap, sqlite3_column_int(q, 1), sqlite3_column_double(q, 2),
                                  *(const char *)sqlite3_column_text(q, 3), sqlite3_column_int(q, 4))))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(s->st, "reading figures");
    sqlite3_reset(q);
    if (!rc)
        g->full[i] = 1;
    return rc;
}

/* The stored figures of indicator i in area a (read once per session). */
static int stored_get(chitieu_areas *s, int i, int a, const stored **out)
{
    static const stored none = {0, NULL};
    graph *g = s->g;
    uint64_t key = pair_key(i, a);
    long k = hmap_get(&g->smap, key);
    if (k >= 0 || g->full[i]) {
        *out = k >= 0 ? &g->stored[k] : &none;
        return CHITIEU_OK;
    }
    int rc = chitieu__grow(&g->stored, &g->stored_cap, g->nstored, sizeof *g->stored);
    if (rc)
        return rc;
    stored *x = &g->stored[g->nstored];
    memset(x, 0, sizeof *x);
    size_t cap = 0;
    sqlite3_stmt *q = s->q_obs;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, g->ind[i].id);
    sqlite3_bind_int64(q, 2, g->aid[a]);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if ((rc = stored_add(x, &cap, sqlite3_column_int(q, 1), sqlite3_column_double(q, 2),
                             *(const char *)sqlite3_column_text(q, 3), sqlite3_column_int(q, 4))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(s->st, "reading figures");
    sqlite3_reset(q);
    if (!rc)
        rc = hmap_put(&g->smap, key, (uint32_t)g->nstored);
    if (rc) {
        free(x->p);
        return rc;
    }
    *out = &g->stored[g->nstored++];
    return CHITIEU_OK;
}

/* Index of year y in x, or -1. */
static long stored_find(const stored *x, int y)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->p[mid].year < y)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && x->p[lo].year == y ? (long)lo : -1;
}

/* Whether a value of indicator i in area a can be derived at all (else only a stored figure counts). */
static int derivable(const graph *g, int i, int a)
{
    switch (g->ind[i].kind) {
    case CHITIEU_AGG_RATIO: case CHITIEU_AGG_GROWTH: return 1;
    case CHITIEU_AGG_SUM: case CHITIEU_AGG_MEAN:
        return g->kid_at[a + 1] > g->kid_at[a] || g->in_at[a + 1] > g->in_at[a];
    default: return 0;
    }
}

/* The pieces an aggregate of area a in year y combines: which = 0 its children valid at the end of y, which = 1
 * the areas that went to it after 1 January of y, up to its valid_from (only for a year that began before it).
 * Candidate j of `which`: 1 when it is a piece (*b its area, *w its share), 0 when not. */
static size_t candidates(const graph *g, int a, int which)
{
    return which ? g->in_at[a + 1] - g->in_at[a] : g->kid_at[a + 1] - g->kid_at[a];
}

static int piece(const graph *g, int a, int y, int which, size_t j, int *b, double *w)
{
    if (!which) {
        int c = g->kids[g->kid_at[a] + j];
        *b = c;
        *w = 1;
        return valid_on(g->vfrom[c], g->vto[c], y * 10000 + 1231);
    }
    const inflow *f = &g->ins[g->in_at[a] + j];
    int jan1 = y * 10000 + 101;
    *b = f->from;
    *w = f->share;
    return g->vfrom[a] > jan1 && f->date > jan1 && f->date <= g->vfrom[a];
}

/* An aggregate over this many areas reads its indicators' figures for all areas in one scan. */
#define PREFETCH_AT 16

/* Who lacks a figure in an aggregate (for the reason of a gap). */
typedef struct {
    size_t total, missing;
    int names[5];
    size_t nnames;
} tally;

static int eval(chitieu_areas *s, int i, int a, int y, double *v, char *status);

/* The aggregate of indicator i over the pieces `which` of area a in year y: 1 with *val when every piece has a
 * value (and a weight), 0 when not (with t: every piece is looked at and the missing ones counted). */
static int combine(chitieu_areas *s, int i, int a, int y, int which, double *val, tally *t)
{
    const gind *x = &s->g->ind[i];
    double num = 0, den = 0;
    size_t total = 0, missing = 0, n = candidates(s->g, a, which);
    int rc;
    if (n >= PREFETCH_AT && ((rc = prefetch(s, i)) || (x->kind == CHITIEU_AGG_MEAN && x->a >= 0 && (rc = prefetch(s, x->a)))))
        return rc;
    for (size_t j = 0; j < n; j++) {
        int b;
        double w, v = NAN, wt = 1;
        char st;
        if (!piece(s->g, a, y, which, j, &b, &w))
            continue;
        total++;
        int r = eval(s, i, b, y, &v, &st);
        if (r > 0 && x->kind == CHITIEU_AGG_MEAN) {
            r = eval(s, x->a, b, y, &wt, &st);
            if (r > 0 && !(wt >= 0))
                r = 0; /* a negative weight is no weight */
        }
        if (r < 0)
            return r;
        if (!r) {
            missing++;
            if (!t)
                return 0;
            if (t->nnames < sizeof t->names / sizeof *t->names)
                t->names[t->nnames++] = b;
            continue;
        }
        num += w * wt * v;
        den += w * wt;
    }
    if (t) {
        t->total = total;
        t->missing = missing;
    }
    if (!total || missing)
        return 0;
    if (x->kind == CHITIEU_AGG_MEAN) {
        if (!(den > 0))
            return 0;
        num /= den;
    }
    *val = num;
    return 1;
}

/* Derive indicator i in area a for year y by its rule (no stored figure): 1 with *val and *how, 0 when not. */
static int derive(chitieu_areas *s, int i, int a, int y, double *val, unsigned char *how)
{
    const gind *x = &s->g->ind[i];
    double p, q;
    char st;
    int r1, r2;
    switch (x->kind) {
    case CHITIEU_AGG_RATIO:
        if ((r1 = eval(s, x->a, a, y, &p, &st)) <= 0 || (r2 = eval(s, x->b, a, y, &q, &st)) <= 0)
            return r1 < 0 ? r1 : r1 > 0 ? r2 : 0;
        if (q == 0)
            return 0;
        *val = x->k * p / q;
        *how = H_RATIO;
        return 1;
    case CHITIEU_AGG_GROWTH:
        if ((r1 = eval(s, x->a, a, y, &p, &st)) <= 0 || (r2 = eval(s, x->a, a, y - 1, &q, &st)) <= 0)
            return r1 < 0 ? r1 : r1 > 0 ? r2 : 0;
        if (!(q > 0))
            return 0;
        *val = 100.0 * (p / q - 1.0);
        *how = H_GROWTH;
        return 1;
    case CHITIEU_AGG_SUM: case CHITIEU_AGG_MEAN:
        for (int which = 0; which < 2; which++) {
            int r = combine(s, i, a, y, which, val, NULL);
            if (r) {
                *how = which ? H_PRED : H_KIDS;
                return r;
            }
        }
        return 0;
    default: return 0;
    }
}

/* The derived value of (i, a, y) already computed, or NULL. */
static const memo *memo_of(const chitieu_areas *s, int i, int a, int y)
{
    long m = hmap_get(&s->mmap, year_key(i, a, y));
    return m >= 0 ? &s->memos[m] : NULL;
}

/* The value of indicator i in area a for year y: 1 with *v and *status, 0 when there is none (negative: error). */
static int eval(chitieu_areas *s, int i, int a, int y, double *v, char *status)
{
    if (i < 0 || a < 0 || y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX || (s->max_year && y > s->max_year))
        return 0;
    const stored *sd;
    int rc = stored_get(s, i, a, &sd);
    if (rc)
        return rc;
    long k = stored_find(sd, y);
    if (k >= 0) { /* a stored figure always wins */
        *v = sd->p[k].value;
        *status = sd->p[k].status;
        return 1;
    }
    if (!derivable(s->g, i, a))
        return 0;
    const memo *done = memo_of(s, i, a, y);
    if (done) { /* computed, or being computed further up: a cycle of rules or areas has no value */
        if (done->state != M_HAVE)
            return 0;
        *v = done->v;
        *status = 'D';
        return 1;
    }
    size_t m = s->nmemo;
    if ((rc = chitieu__grow(&s->memos, &s->memo_cap, m, sizeof *s->memos)) ||
        (rc = hmap_put(&s->mmap, year_key(i, a, y), (uint32_t)m)))
        return rc;
    s->memos[m].state = M_BUSY;
    s->nmemo++;
    double val = NAN;
    unsigned char how = H_NONE;
    int r = derive(s, i, a, y, &val, &how);
    if (r < 0)
        return r;
    s->memos[m].state = r ? M_HAVE : M_NONE;
    s->memos[m].how = how;
    s->memos[m].v = val;
    if (r) {
        *v = val;
        *status = 'D';
    }
    return r;
}

/* Whether (i, a, y) has a derived value (not a stored one). */
/* The status of the value of (i, a, y): 'A', 'P', 'E', 'D', or 0 when there is none. */
static char status_of(chitieu_areas *s, int i, int a, int y)
{
    double v;
    char st = 0;
    return eval(s, i, a, y, &v, &st) > 0 ? st : 0;
}

/* The code and names of indicator i. */
static chitieu_areas_ref ind_ref(const graph *g, int i)
{
    chitieu_areas_ref r = {g->ind[i].code, g->ind[i].name, g->ind[i].name_en};
    return r;
}

/* The code and names of area a. */
static chitieu_areas_ref area_ref(const graph *g, int a)
{
    chitieu_areas_ref r = {g->acode[a], g->aname[a], g->aname_en[a]};
    return r;
}

static int how_fill(chitieu_areas_how **out, chitieu_areas *s, int i, int a, int y, int depth);

/* At depth 0, the status of component c of a ratio or growth (i, a, y) and, when it is rebuilt, how (into
 * h->comp[c]).  c: RATIO 0 numerator, 1 denominator; GROWTH 0 the level in y, 1 in y - 1. */
static int how_component(chitieu_areas_how *h, chitieu_areas *s, int comp, int a, int y, int c, int depth)
{
    if (depth > 0)
        return CHITIEU_OK;
    h->comp_status[c] = status_of(s, comp, a, y);
    if (h->comp_status[c] == 'D')
        return how_fill(&h->comp[c], s, comp, a, y, 1);
    return CHITIEU_OK;
}

/* How the derived value of (i, a, y) was made (*out the caller's; NULL when it has none); components of a ratio
 * or growth are described one level down (depth 0 only). */
static int how_fill(chitieu_areas_how **out, chitieu_areas *s, int i, int a, int y, int depth)
{
    *out = NULL;
    const graph *g = s->g;
    const memo *m = memo_of(s, i, a, y);
    const gind *x = &g->ind[i];
    if (!m || m->state != M_HAVE)
        return CHITIEU_OK;
    chitieu_areas_how *h = calloc(1, sizeof *h);
    if (!h)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    *out = h;
    h->indicator = ind_ref(g, i);
    h->area = area_ref(g, a);
    h->year = y;
    h->k = 1;
    if (m->how == H_RATIO || m->how == H_GROWTH) {
        int ratio = m->how == H_RATIO, rc;
        h->rule = ratio ? CHITIEU_AGG_RATIO : CHITIEU_AGG_GROWTH;
        h->a = ind_ref(g, x->a);
        if (ratio) {
            h->b = ind_ref(g, x->b);
            h->k = x->k;
        }
        if ((rc = how_component(h, s, x->a, a, y, 0, depth)) ||
            (rc = how_component(h, s, ratio ? x->b : x->a, a, ratio ? y : y - 1, 1, depth)))
            return rc;
        return CHITIEU_OK;
    }
    int which = m->how == H_PRED, b, date = 0;
    h->rule = x->kind == CHITIEU_AGG_MEAN ? CHITIEU_AGG_MEAN : CHITIEU_AGG_SUM;
    if (h->rule == CHITIEU_AGG_MEAN)
        h->a = ind_ref(g, x->a);
    h->went_to = which;
    size_t n = candidates(g, a, which);
    double w;
    if (n && !(h->parts = malloc(n * sizeof *h->parts)))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t j = 0; j < n; j++)
        if (piece(g, a, y, which, j, &b, &w)) {
            char st = status_of(s, i, b, y);
            h->rebuilt += st == 'D';
            h->unofficial += st == 'P' || st == 'E';
            h->parts[h->nparts].area = area_ref(g, b);
            h->parts[h->nparts++].share = w;
            if (which)
                date = g->ins[g->in_at[a] + j].date;
        }
    if (which)
        snprintf(h->date, sizeof h->date, "%04d-%02d-%02d", date / 10000 % 10000, date / 100 % 100, date % 100);
    return CHITIEU_OK;
}

void chitieu_areas_how_free(chitieu_areas_how *h)
{
    if (!h)
        return;
    chitieu_areas_how_free(h->comp[0]);
    chitieu_areas_how_free(h->comp[1]);
    free(h->parts);
    free(h);
}

/* Say when a stored component of a derived value is provisional or an estimate. */
static void put_unofficial(FILE *f, char st)
{
    if (st == 'P' || st == 'E')
        fputs(st == 'P' ? " (provisional)" : " (estimate)", f);
}

/* Write a how as the provenance text (English, codes): "sum of A, B (under P)", "ratio N/D*K in A; D: ...". */
static void put_how(FILE *f, const chitieu_areas_how *h)
{
    if (h->rule == CHITIEU_AGG_RATIO || h->rule == CHITIEU_AGG_GROWTH) {
        int ratio = h->rule == CHITIEU_AGG_RATIO;
        if (ratio) {
            fprintf(f, "ratio %s/%s", h->a.code, h->b.code);
            if (h->k != 1)
                fprintf(f, "*%g", h->k);
            fprintf(f, " in %s", h->area.code);
        } else
            fprintf(f, "growth of %s %d-%d in %s", h->a.code, h->year - 1, h->year, h->area.code);
        for (int c = 0; c < 2; c++) {
            char st = h->comp_status[c];
            if (st != 'D' && st != 'P' && st != 'E')
                continue;
            if (ratio)
                fprintf(f, "; %s", c ? h->b.code : h->a.code);
            else
                fprintf(f, "; %s %d", h->a.code, h->year - c);
            if (h->comp[c]) {
                fputs(": ", f);
                put_how(f, h->comp[c]);
            } else
                put_unofficial(f, st);
        }
        return;
    }
    if (h->rule == CHITIEU_AGG_MEAN)
        fprintf(f, "mean weighted by %s of ", h->a.code);
    else
        fputs("sum of ", f);
    if (h->nparts > 6)
        fprintf(f, "%zu areas", h->nparts);
    else
        for (size_t j = 0; j < h->nparts; j++) {
            fputs(j ? ", " : "", f);
            if (h->parts[j].share != 1)
                fprintf(f, "%g*", h->parts[j].share);
            fputs(h->parts[j].area.code, f);
        }
    if (h->went_to)
        fprintf(f, " (went to %s on %s)", h->area.code, h->date);
    else
        fprintf(f, " (under %s)", h->area.code);
    if (h->rebuilt)
        fprintf(f, ", %zu of them rebuilt", h->rebuilt);
    if (h->unofficial)
        fprintf(f, ", %zu of them provisional or estimated", h->unofficial);
}

/* The provenance text of a derived value (the caller frees); NULL when out of memory. */
static char *provenance(chitieu_areas *s, int i, int a, int y)
{
    chitieu_areas_how *h;
    if (how_fill(&h, s, i, a, y, 0)) {
        chitieu_areas_how_free(h);
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f && h)
        put_how(f, h);
    chitieu_areas_how_free(h);
    if (!f || fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Why indicator i has no value in area a for year y although part of what it needs is there; NULL when nothing
 * is there (no gap) or out of memory (*rc set). */
static char *gap_reason(chitieu_areas *s, int i, int a, int y, int *rc)
{
    const graph *g = s->g;
    const gind *x = &g->ind[i];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    double p, q;
    char st;
    *rc = CHITIEU_OK;
    if (x->kind == CHITIEU_AGG_RATIO) {
        int hn = eval(s, x->a, a, y, &p, &st), hd = eval(s, x->b, a, y, &q, &st);
        if (hn < 0 || hd < 0) {
            *rc = hn < 0 ? hn : hd;
            return NULL;
        }
        if (hn + hd == 0)
            return NULL;
        if (!(f = open_memstream(&buf, &len)))
            goto oom;
        if (hn && hd)
            fprintf(f, "the denominator %s is 0 in %s", g->ind[x->b].code, g->acode[a]);
        else
            fprintf(f, "no value of the %s %s in %s", hn ? "denominator" : "numerator",
                    g->ind[hn ? x->b : x->a].code, g->acode[a]);
    } else if (x->kind == CHITIEU_AGG_SUM || x->kind == CHITIEU_AGG_MEAN) {
        for (int which = 0; which < 2 && !f; which++) {
            tally t = {0};
            double v;
            int r = combine(s, i, a, y, which, &v, &t);
            if (r < 0) {
                *rc = r;
                return NULL;
            }
            if (!t.total || !t.missing || t.missing == t.total) /* none missing: the weights add up to 0 */
                continue;
            if (!(f = open_memstream(&buf, &len)))
                goto oom;
            fprintf(f, "%zu of %zu areas %s %s have no figure", t.missing, t.total,
                    which ? "that went to" : "under", g->acode[a]);
            if (x->kind == CHITIEU_AGG_MEAN)
                fprintf(f, " or no weight %s", g->ind[x->a].code);
            for (size_t k = 0; k < t.nnames; k++)
                fprintf(f, "%s%s", k ? ", " : ": ", g->acode[t.names[k]]);
            if (t.missing > t.nnames)
                fputs(", ...", f);
        }
    }
    if (!f)
        return NULL;
    if (fclose(f) != 0) {
        free(buf);
        goto oom;
    }
    return buf;
oom:
    *rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return NULL;
}

/* Read the first and last year indicator i has figures for into the graph (once: a range of the primary key). */
static int read_years(chitieu_areas *s, int i)
{
    gind *x = &s->g->ind[i];
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, s->st, "SELECT min(year), max(year) FROM observations WHERE indicator = ?1");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, x->id);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) { /* NULLs (no figures) read as 0 */
        x->ymin = sqlite3_column_int(q, 0);
        x->ymax = sqlite3_column_int(q, 1);
        x->years_read = 1;
    } else
        rc = chitieu__db_fail(s->st, "reading the years of figures");
    sqlite3_finalize(q);
    return rc;
}

/* Widen [*lo, *hi] to the first and last year any indicator the rule of i reaches has figures for (*lo > *hi
 * when none), reading their years on first use. */
static int year_span(chitieu_areas *s, int i, int *lo, int *hi, int depth)
{
    if (i < 0 || depth > 16)
        return CHITIEU_OK;
    const gind *x = &s->g->ind[i];
    int rc = x->years_read ? CHITIEU_OK : read_years(s, i);
    if (rc)
        return rc;
    if (x->ymin && (x->ymin < *lo))
        *lo = x->ymin;
    if (x->ymax > *hi)
        *hi = x->ymax;
    if (x->kind != CHITIEU_AGG_SUM && x->kind != CHITIEU_AGG_NONE) {
        rc = year_span(s, x->a, lo, hi, depth + 1);
        if (!rc)
            rc = year_span(s, x->b, lo, hi, depth + 1);
    }
    return rc;
}

/* Resolve an indicator and an area code for a session. */
static int resolve(const chitieu_areas *s, const char *indicator, const char *area, int *i, int *a)
{
    *i = ind_of_code(s->g, indicator);
    if (*i < 0)
        return chitieu__fail(CHITIEU_ENOTFOUND, "unknown indicator '%s'", indicator);
    *a = find_code(s->g->acode, s->g->by_code, s->g->na, area);
    if (*a < 0)
        return chitieu__fail(CHITIEU_ENOTFOUND, "unknown area '%s'", area);
    return CHITIEU_OK;
}

void chitieu_areas_gaps_free(chitieu_areas_gap *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        free(arr[i].reason);
    free(arr);
}

/* Session limits before forget(): far above a province's needs, well below a machine's memory. */
#define MEMO_LIMIT 4000000u

int chitieu_areas_get(chitieu_series **out, chitieu_areas_gap **gaps, size_t *ngaps, chitieu_areas *s,
                      const char *indicator, const char *area)
{
    *out = NULL;
    if (gaps) {
        *gaps = NULL;
        *ngaps = 0;
    }
    int i, a;
    int rc = resolve(s, indicator, area, &i, &a);
    if (rc)
        return rc;
    if (s->nmemo > MEMO_LIMIT)
        forget(s);
    if (s->g->nstored > MEMO_LIMIT / 4)
        stored_forget(s->g);
    int lo = CHITIEU_YEAR_MAX + 1, hi = CHITIEU_YEAR_MIN - 1;
    const stored *sd;
    if ((rc = stored_get(s, i, a, &sd)))
        return rc;
    if (derivable(s->g, i, a)) {
        if ((rc = year_span(s, i, &lo, &hi, 0)))
            return rc;
        if (s->max_year && hi > s->max_year)
            hi = s->max_year;
    } else if (sd->n) { /* stored figures only */
        lo = sd->p[0].year;
        hi = sd->p[sd->n - 1].year;
        if (s->max_year && hi > s->max_year)
            hi = s->max_year;
    }
    size_t cap = hi >= lo ? (size_t)(hi - lo + 1) : 0, n = 0, gcap = 0;
    int *years = malloc((cap ? cap : 1) * sizeof *years);
    double *values = malloc((cap ? cap : 1) * sizeof *values);
    char *status = malloc(cap ? cap : 1);
    char **prov = calloc(cap ? cap : 1, sizeof *prov);
    int any_derived = 0;
    if (!years || !values || !status || !prov)
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (int y = lo; !rc && y <= hi; y++) {
        int r = eval(s, i, a, y, &values[n], &status[n]);
        if (r < 0) {
            rc = r;
            break;
        }
        if (r) {
            years[n] = y;
            if (status[n] == 'D') {
                any_derived = 1;
                if (!(prov[n] = provenance(s, i, a, y)))
                    rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            }
            n++;
        } else if (gaps) {
            char *why = gap_reason(s, i, a, y, &rc);
            if (why && !(rc = chitieu__grow(gaps, &gcap, *ngaps, sizeof **gaps))) {
                (*gaps)[*ngaps].year = y;
                (*gaps)[(*ngaps)++].reason = why;
            } else
                free(why);
        }
    }
    if (!rc)
        rc = chitieu_series_from(out, years, values, status, n);
    if (!rc && any_derived) {
        (*out)->provenance = prov;
        prov = NULL;
    }
    for (size_t k = 0; prov && k < n; k++)
        free(prov[k]);
    free(prov);
    free(years);
    free(values);
    free(status);
    if (rc && gaps) {
        chitieu_areas_gaps_free(*gaps, *ngaps);
        *gaps = NULL;
        *ngaps = 0;
    }
    return rc;
}

int chitieu_areas_value(double *value, char *status, char **prov, chitieu_areas *s, const char *indicator,
                        const char *area, int year)
{
    if (prov)
        *prov = NULL;
    int i, a;
    int rc = resolve(s, indicator, area, &i, &a);
    if (rc)
        return rc;
    int r = eval(s, i, a, year, value, status);
    if (r > 0 && *status == 'D' && prov && !(*prov = provenance(s, i, a, year)))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return r;
}

int chitieu_areas_how_get(chitieu_areas_how **out, chitieu_areas *s, const char *indicator, const char *area,
                          int year)
{
    *out = NULL;
    int i, a;
    double v;
    char st = 0;
    int rc = resolve(s, indicator, area, &i, &a);
    if (rc)
        return rc;
    int r = eval(s, i, a, year, &v, &st);
    if (r <= 0 || st != 'D')
        return r < 0 ? r : 0;
    if ((rc = how_fill(out, s, i, a, year, 0))) {
        chitieu_areas_how_free(*out);
        *out = NULL;
        return rc;
    }
    return *out ? 1 : 0;
}

int chitieu_areas_series(chitieu_series **out, chitieu_store *st, const char *indicator, const char *area,
                         int max_year)
{
    *out = NULL;
    chitieu_areas *s;
    int rc = chitieu_areas_open(&s, st, max_year);
    if (!rc)
        rc = chitieu_areas_get(out, NULL, NULL, s, indicator, area);
    chitieu_areas_close(s);
    return rc;
}

int chitieu_areas_foreach_derived(chitieu_areas *s, chitieu_obs_fn fn, void *ctx)
{
    const graph *g = s->g;
    int rc = CHITIEU_OK;
    for (size_t k = 0; !rc && k < g->ni; k++) {
        int i = g->ind_by_code[k];
        if (g->ind[i].kind == CHITIEU_AGG_NONE)
            continue;
        for (size_t m = 0; !rc && m < g->na; m++) {
            int a = g->by_code[m];
            if (!derivable(g, i, a))
                continue;
            chitieu_series *sr;
            if ((rc = chitieu_areas_get(&sr, NULL, NULL, s, g->ind[i].code, g->acode[a])))
                break;
            for (size_t j = 0; !rc && j < sr->n; j++)
                if (sr->status[j] == 'D')
                    rc = fn(ctx, g->ind[i].code, g->acode[a], sr->years[j], sr->values[j], 'D', NULL,
                            sr->provenance[j]);
            chitieu_series_free(sr);
        }
    }
    return rc;
}
