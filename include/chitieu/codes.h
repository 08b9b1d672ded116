/*
 * chitieu/codes.h — codes a user types (plans, areas, indicators): whether one
 * exists, and if not, the closest existing ones by edit distance, so a typo in
 * `--plan` is refused with a suggestion instead of giving an empty pack.
 */
#ifndef CHITIEU_CODES_H
#define CHITIEU_CODES_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Levenshtein distance between a and b, ASCII letters compared without case
 * (insertions, deletions and substitutions of one byte cost 1). */
size_t chitieu_codes_distance(const char *a, const char *b);

/* CHITIEU_OK when `code` is a stored code of `kind`; else CHITIEU_ENOTFOUND
 * with the message "unknown plan 'BD-2021-2052' (closest: BD-2021-2025,
 * BD-GG-2018-2020)": up to three codes, nearest first, or "(none loaded)". */
int chitieu_codes_check(chitieu_store *st, chitieu_code_kind kind, const char *code);

/* The one stored code of `kind` equal to `code` ignoring case (Unicode case folding: "bd", "Bd" for BD; "GDP_PC"
 * for GDP_pc), for a code read in a font that changed its case (a TCVN3 capital font).  1 with it in out (n bytes;
 * the caller's), 0 when no code or more than one (BD and Bd both stored) so equals it, or it does not fit in out;
 * a negative code on a database error or out of memory (with its message). */
int chitieu_codes_caseless(chitieu_store *st, chitieu_code_kind kind, const char *code, char *out, size_t n);

#ifdef __cplusplus
}
#endif
#endif
