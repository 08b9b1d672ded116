/*
 * shape.c — a file's header: which kind of file it is and where each of
 * the kind's columns is (loader.h).
 *
 * Columns are matched by name, case-insensitively, in any order.  The kind
 * is the one whose required columns the header covers best; a missing
 * required column is an error, a column the kind does not use a warning.
 */
#include <stdio.h>
#include <string.h>

#include "loader.h"

/* Map the header row to columns and decide the file's kind.  Returns 1 when the
 * file can be read (kind and L->idx set), 0 when it cannot (errors recorded),
 * negative on failure. */
int chitieu__map_header(chitieu__loader *L, const char *path, chitieu_csv *csv, enum kind *kind, size_t *nfields)
{
    size_t nf;
    char *const *f;
    int r = chitieu_csv_next(csv, &nf, &f);
    *nfields = r == 1 ? nf : 0;
    if (r < 0)
        return chitieu_error_code() == CHITIEU_EINVALID ? (chitieu__csv_error(L, path, csv) ? CHITIEU_ENOMEM : 0) : r;
    if (r == 0)
        return chitieu__file_error(L, path, 0, NULL, "empty file (no header)") ? CHITIEU_ENOMEM : 0;
    colset have = 0;
    for (int c = 0; c < NCOL; c++)
        L->idx[c] = -1;
    int ok = 1;
    for (size_t i = 0; i < nf; i++) {
        char *h = chitieu__trim(f[i]);
        for (char *p = h; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
        if (!*h)
            continue; /* a trailing separator */
        int c;
        for (c = 0; c < NCOL && strcmp(h, chitieu__col_names[c]) != 0; c++)
            ;
        if (c == NCOL)
            continue; /* judged below, once the kind is known */
        if (have & COLBIT(c)) {
            chitieu__file_error(L, path, 1, h, "column '%s' appears twice in the header", h);
            ok = 0;
        }
        have |= COLBIT(c);
        L->idx[c] = (int)i;
    }
    /* The kind whose required columns are best covered; ties go to the more specific (later) kind. */
    int best = -1;
    double best_score = 0;
    for (int k = 0; k < NKIND; k++) {
        colset req = chitieu__kinds[k].required;
        double score = (double)__builtin_popcountll(have & req) / __builtin_popcountll(req);
        if (score >= best_score && score > 0.5) {
            best = k;
            best_score = score;
        }
    }
    if (best < 0) {
        char expect[512];
        size_t n = 0;
        for (int k = NKIND - 1; k >= 0; k--)
            n += (size_t)snprintf(expect + n, sizeof expect - n, "%s%s (%s)",
                                  k == NKIND - 1 ? ""
                                  : k            ? ", "
                                                 : " or ",
                                  chitieu__kinds[k].name, chitieu__kinds[k].hint);
        return chitieu__file_error(L, path, 1, NULL, "cannot tell what this file holds from its header; expected %s",
                                   expect)
                   ? CHITIEU_ENOMEM
                   : 0;
    }
    for (int c = 0; c < NCOL; c++)
        if ((chitieu__kinds[best].required & COLBIT(c)) && !(have & COLBIT(c))) {
            chitieu__file_error(L, path, 1, chitieu__col_names[c], "missing column '%s' (a %s file needs it)",
                                chitieu__col_names[c], chitieu__kinds[best].name);
            ok = 0;
        }
    for (size_t i = 0; i < nf; i++) {
        const char *h = f[i];
        int c;
        for (c = 0; c < NCOL && strcmp(h, chitieu__col_names[c]) != 0; c++)
            ;
        if (*h && (c == NCOL || !((chitieu__kinds[best].required | chitieu__kinds[best].optional) & COLBIT(c)))) {
            if (chitieu__file_warn(L, path, 1, h, "column '%s' is not part of a %s file; ignored", h,
                                   chitieu__kinds[best].name))
                return CHITIEU_ENOMEM;
            if (c < NCOL)
                L->idx[c] = -1;
        }
    }
    *kind = (enum kind)best;
    return ok;
}
