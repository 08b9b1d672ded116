/*
 * codes.c — does a typed code exist, and which stored codes are closest
 * (chitieu/codes.h): Levenshtein distance over the codes of one kind.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include "chitieu/codes.h"
#include "internal.h"

/* Edit distance, two rows; case-insensitive for ASCII letters. */
size_t chitieu_codes_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *prev = malloc((lb + 1) * sizeof *prev), *cur = malloc((lb + 1) * sizeof *cur);
    if (!prev || !cur) { free(prev); free(cur); return la > lb ? la : lb; } /* an upper bound */
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + !same;
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
        }
        size_t *t = prev; prev = cur; cur = t;
    }
    size_t d = prev[lb];
    free(prev);
    free(cur);
    return d;
}

/* Whether code exists; else the message names the closest codes (see codes.h). */
int chitieu_codes_check(chitieu_store *st, chitieu_code_kind kind, const char *code)
{
    static const char *const what[] = {"plan", "area", "indicator", "lead agency"};
    char **codes = NULL;
    size_t n = 0;
    int rc = chitieu_store_codes(&codes, &n, st, kind);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0) { chitieu_store_codes_free(codes, n); return CHITIEU_OK; }
    size_t best[3] = {0}, dist[3], k = 0;
    for (size_t i = 0; i < n; i++) { /* keep the three nearest, first loaded first among equals */
        size_t d = chitieu_codes_distance(code, codes[i]), j = k < 3 ? k++ : 3;
        while (j > 0 && dist[j - 1] > d) {
            if (j < 3) { best[j] = best[j - 1]; dist[j] = dist[j - 1]; }
            j--;
        }
        if (j < 3) { best[j] = i; dist[j] = d; }
    }
    char list[400] = "";
    size_t len = 0;
    for (size_t j = 0; j < k && len < sizeof list; j++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", j ? ", " : "", codes[best[j]]);
    rc = chitieu__fail(CHITIEU_ENOTFOUND, "unknown %s '%s' (%s%s)", what[kind], code, k ? "closest: " : "none loaded",
                       list);
    chitieu_store_codes_free(codes, n);
    return rc;
}

int chitieu_codes_caseless(chitieu_store *st, chitieu_code_kind kind, const char *code, char *out, size_t n)
{
    char **codes = NULL;
    size_t nc = 0, found = 0, at = 0;
    int rc = chitieu_store_codes(&codes, &nc, st, kind);
    if (rc) return rc;
    for (size_t i = 0; i < nc && found < 2; i++) {
        int cmp;
        if (u8_casecmp((const uint8_t *)codes[i], strlen(codes[i]), (const uint8_t *)code, strlen(code), NULL, NULL,
                       &cmp) == 0 && cmp == 0)
            at = i, found++;
    }
    int one = found == 1 && strlen(codes[at]) < n;
    if (one) memcpy(out, codes[at], strlen(codes[at]) + 1);
    chitieu_store_codes_free(codes, nc);
    return one;
}
