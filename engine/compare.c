/*
 * compare.c — one indicator across the areas of a year (chitieu/compare.h):
 * the year and map chosen, each area's value and the year before's through
 * one rebuilding session, ranks by the indicator's direction, and the
 * assessment of each area's next target on its series cut at the year.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/areas.h"
#include "chitieu/compare.h"
#include "internal.h"

void chitieu_compare_opts_init(chitieu_compare_opts *o) { memset(o, 0, sizeof *o); }

void chitieu_comparison_free(chitieu_comparison *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->rows && i < c->n; i++) {
        free(c->rows[i].area);
        free(c->rows[i].name);
        free(c->rows[i].provenance);
        free(c->rows[i].plan);
    }
    free(c->rows);
    free(c);
}

/* The latest year in which one of the areas has a value while it is on that year's map (any of its years
 * when `any_year`: the map is fixed); 0 when none. */
static int latest_year(int *out, chitieu_areas *s, const char *indicator, const chitieu_area *areas, size_t n,
                       int any_year)
{
    *out = 0;
    for (size_t i = 0; i < n; i++) {
        chitieu_series *sr;
        int rc = chitieu_areas_get(&sr, NULL, NULL, s, indicator, areas[i].code);
        if (rc)
            return rc;
        for (size_t k = sr->n; k-- > 0;)
            if (any_year || chitieu_areas_valid_in(&areas[i], sr->years[k])) {
                if (sr->years[k] > *out)
                    *out = sr->years[k];
                break;
            }
        chitieu_series_free(sr);
    }
    return CHITIEU_OK;
}

/* The level compared when the caller names neither level nor parent: "province" when a province has a value
 * in some year, else the first of country, region, district, commune whose areas have one (an indicator
 * published for the whole country only compares the country), else "province".  Static storage. */
static int default_level(const char **out, chitieu_store *st, chitieu_areas *s, const char *indicator)
{
    static const char *const levels[] = {"province", "country", "region", "district", "commune"};
    *out = levels[0];
    for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
        chitieu_area *areas = NULL;
        size_t na = 0;
        int year = 0;
        int rc = chitieu_areas_list(&areas, &na, st, levels[k], NULL, 0);
        if (!rc)
            rc = latest_year(&year, s, indicator, areas, na, 1);
        chitieu_areas_list_free(areas, na);
        if (rc)
            return rc;
        if (year) {
            *out = levels[k];
            break;
        }
    }
    return CHITIEU_OK;
}

/* The target of `indicator` in `area` to show: the first whose year is at or after `year`, else the last. */
static const chitieu_target *pick_target(const chitieu_target *ts, size_t nt, const char *indicator, int year)
{
    const chitieu_target *next = NULL, *last = NULL;
    for (size_t i = 0; i < nt; i++) {
        if (strcmp(ts[i].indicator, indicator) != 0)
            continue;
        if (ts[i].year >= year && (!next || ts[i].year < next->year))
            next = &ts[i];
        if (!last || ts[i].year > last->year)
            last = &ts[i];
    }
    return next ? next : last;
}

/* Assess the target row r shows, on the area's series cut at the year (session s1). */
static int assess_row(chitieu_compare_row *r, chitieu_store *st, chitieu_areas *s1, const chitieu_indicator *ind,
                      int year)
{
    chitieu_target *ts;
    size_t nt;
    int rc = chitieu_store_targets(&ts, &nt, st, NULL, r->area);
    if (rc)
        return rc;
    const chitieu_target *t = pick_target(ts, nt, ind->code, year);
    chitieu_series *s = NULL, *vs = NULL;
    if (t) {
        rc = chitieu_areas_get(&s, NULL, NULL, s1, t->indicator, t->area);
        if (!rc && t->shape == CHITIEU_SHAPE_EXCEEDS && t->versus)
            rc = chitieu_areas_get(&vs, NULL, NULL, s1, t->versus, t->versus_area ? t->versus_area : t->area);
        chitieu_assess_opts ao;
        chitieu_assess_opts_init(&ao);
        ao.cutoff_year = year;
        chitieu_assessment a;
        if (!rc && !(rc = chitieu_assess_target(&a, t, ind, s, vs, &ao))) {
            r->target_year = t->year;
            r->target_status = a.status;
            r->probability = a.probability;
            if (!(r->plan = chitieu__strdup(t->plan)))
                rc = CHITIEU_ENOMEM;
            chitieu_assessment_clear(&a);
        }
    }
    chitieu_series_free(s);
    chitieu_series_free(vs);
    chitieu_store_targets_free(ts, nt);
    return rc;
}

/* v to 12 significant digits: 3.5 - 4 is -0.5, not -0.5000000000000004 (the figures have fewer digits). */
static double round12(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.12g", v);
    return strtod(buf, NULL);
}

static _Thread_local int rank_sign; /* +1: higher is better (up), -1: lower is better */

/* Rows with a value first, best first; then the others in their (code) order. */
static int cmp_rows(const void *x, const void *y)
{
    const chitieu_compare_row *a = x, *b = y;
    int ha = !isnan(a->value), hb = !isnan(b->value);
    if (ha != hb)
        return hb - ha;
    if (ha && a->value != b->value)
        return (a->value < b->value ? 1 : -1) * rank_sign;
    return strcmp(a->area, b->area);
}

int chitieu_compare_run(chitieu_comparison **out, chitieu_store *st, const char *indicator,
                        const chitieu_compare_opts *o)
{
    *out = NULL;
    chitieu_compare_opts def;
    if (!o) {
        chitieu_compare_opts_init(&def);
        o = &def;
    }
    chitieu_indicator ind;
    int rc = chitieu_store_indicator_get(&ind, st, indicator);
    if (rc)
        return rc;
    chitieu_area parent;
    if (o->parent && (rc = chitieu_store_area_get(&parent, st, o->parent))) {
        chitieu_store_indicator_clear(&ind);
        return rc;
    }
    if (o->parent)
        chitieu_store_area_clear(&parent);
    const char *level = o->level;
    chitieu_comparison *c = calloc(1, sizeof *c);
    chitieu_areas *s0 = NULL, *s1 = NULL;
    chitieu_area *areas = NULL;
    size_t na = 0;
    if (!c) {
        chitieu_store_indicator_clear(&ind);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    rc = chitieu_areas_open(&s0, st, 0);
    if (!rc && !level && !o->parent)
        rc = default_level(&level, st, s0, indicator);
    c->level = level;
    c->year = o->year;
    c->map_year = o->map_year;
    c->direction = ind.direction;
    if (!rc && !c->year) {
        if (!(rc = chitieu_areas_list(&areas, &na, st, level, o->parent, c->map_year)))
            rc = latest_year(&c->year, s0, indicator, areas, na, c->map_year != 0);
        chitieu_areas_list_free(areas, na);
        areas = NULL;
        na = 0;
    }
    if (!c->map_year)
        c->map_year = c->year;
    if (!rc && c->year) {
        rc = chitieu_areas_list(&areas, &na, st, level, o->parent, c->map_year);
        if (!rc && !(c->rows = calloc(na ? na : 1, sizeof *c->rows)))
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        if (!rc)
            rc = chitieu_areas_open(&s1, st, c->year);
    }
    for (size_t i = 0; !rc && i < na; i++) {
        chitieu_compare_row *r = &c->rows[c->n++];
        r->value = r->previous = r->change = r->probability = NAN;
        r->target_status = CHITIEU_STATUS_NO_DATA;
        r->area = chitieu__strdup(areas[i].code);
        r->name = chitieu__strdup(areas[i].name);
        if (!r->area || !r->name) {
            rc = CHITIEU_ENOMEM;
            break;
        }
        char st0;
        int h = chitieu_areas_value(&r->value, &r->status, &r->provenance, s0, indicator, r->area, c->year);
        int hp = h < 0 ? 0 : chitieu_areas_value(&r->previous, &st0, NULL, s0, indicator, r->area, c->year - 1);
        if (h < 0 || hp < 0) {
            rc = h < 0 ? h : hp;
            break;
        }
        if (!h) {
            r->value = NAN;
            r->status = 0;
        }
        if (!hp)
            r->previous = NAN;
        r->change = round12(r->value - r->previous);
        rc = assess_row(r, st, s1, &ind, c->year);
    }
    if (!rc && c->n) {
        rank_sign = ind.direction == CHITIEU_DIR_DOWN ? -1 : 1;
        qsort(c->rows, c->n, sizeof *c->rows, cmp_rows);
        for (size_t i = 0; i < c->n && !isnan(c->rows[i].value); i++)
            c->rows[i].rank = i && c->rows[i].value == c->rows[i - 1].value ? c->rows[i - 1].rank : (int)i + 1;
    }
    chitieu_areas_list_free(areas, na);
    chitieu_areas_close(s0);
    chitieu_areas_close(s1);
    chitieu_store_indicator_clear(&ind);
    if (rc) {
        chitieu_comparison_free(c);
        return rc;
    }
    *out = c;
    return CHITIEU_OK;
}
