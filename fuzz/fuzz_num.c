/* fuzz_num.c — libFuzzer harness: the text of one cell.  Number and year parsing (engine/num.c), with and
 * without the decimal comma (bit 0 of the first byte; bits 2-4: chitieu_num_parse_text's flags): a parsed
 * number must be finite.  The status written inside a value or after a year heading (engine/header.c: the
 * marks "(ước)", "(p)", the words before a figure "ước 3,0", "ƯTH 32", the stars "3,0*", spans "2022-23"):
 * what follows a status word lies in the text, a status is E, P or A, a mark of stars is within the text.
 * The TCVN3 reading (engine/tcvn3.c, capitals with bit 1): into a buffer of exactly
 * CHITIEU_TCVN3_SIZE(len) bytes it never runs out of room (ASan sees a byte past it), gives UTF-8 that
 * differs from the input exactly when chitieu_tcvn3_changes says so; into a buffer of the length the
 * second byte gives it fits or says -2; its sample fits buffers of any size, in whole characters. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include "chitieu/num.h"
#include "chitieu/tcvn3.h"
#include "loader.h"

/* chitieu_tcvn3_read and chitieu_tcvn3_sample on s (len bytes, NUL-terminated), capitals when upper; every
 * buffer on the heap at its exact size.  Aborts when a contract is broken. */
static void tcvn3(const char *s, size_t len, int upper, size_t small)
{
    size_t need = CHITIEU_TCVN3_SIZE(len);
    char *out = malloc(need);
    if (!out) return;
    long w = chitieu_tcvn3_read(out, need, s, len, upper);
    if (w == -2 || (w >= 0 && ((size_t)w != strlen(out) || u8_check((const uint8_t *)out, (size_t)w))))
        abort(); /* the bound is enough; the text written is its length and UTF-8 */
    if (w == -1 && u8_check((const uint8_t *)s, len) == NULL) {
        for (const uint8_t *p = (const uint8_t *)s; p < (const uint8_t *)s + len; p++)
            if (*p >= 0xC4) { w = -3; break; } /* a character above U+00FF: refused rightly */
        if (w == -1) abort(); /* UTF-8 of Latin-1 characters only, refused */
    }
    if (w >= 0 && (strcmp(out, s) != 0) != (chitieu_tcvn3_changes(s, upper) != 0))
        abort(); /* "changes" says whether the reading changes the text */
    free(out);
    char *o2 = malloc(small + 1);
    if (o2) {
        long w2 = chitieu_tcvn3_read(o2, small, s, len, upper);
        if (w2 >= 0 && ((size_t)w2 >= small || (size_t)w2 != strlen(o2) || w2 != w)) abort();
        if (w2 == -2 && (small && o2[0])) abort(); /* out of room: out is "" */
        free(o2);
    }
    char *was = malloc(small % 17 + 1), *reads = malloc(small % 29 + 1);
    if (was && reads &&
        chitieu_tcvn3_sample(was, small % 17, reads, small % 29, s, upper) &&
        ((small % 17 && u8_check((const uint8_t *)was, strlen(was))) ||
         (small % 29 && u8_check((const uint8_t *)reads, strlen(reads)))))
        abort(); /* the sample is cut at a character */
    free(was);
    free(reads);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 256) return 0;
    char s[260];
    memcpy(s, data + 1, size - 1);
    s[size - 1] = 0;
    double v;
    if (chitieu_num_parse(&v, s, data[0] & 1) == 0 && !isfinite(v)) abort(); /* NaN/Inf must be refused */
    if (chitieu_num_parse_text(&v, s, (unsigned)(data[0] >> 2) & 7) == 0 && !isfinite(v)) abort();
    int y;
    if (chitieu_num_parse_year(&y, s) == 0 && (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)) abort();
    size_t len = strlen(s);
    tcvn3(s, len, data[0] & 2, size > 1 ? data[1] : 0);
    (void)chitieu_tcvn3_font(s);
    if (u8_check((const uint8_t *)s, len)) return 0; /* the sources give the loader UTF-8 only */
    char w[256], st = 0;
    chitieu__fold(w, sizeof w, s);
    const char *rest = chitieu__status_lead(w, &st);
    if (rest && (rest < w || rest > w + strlen(w) || !strchr("EPA", st))) abort();
    st = 0;
    if (chitieu__status_mark(w, &st) && !strchr("EPA", st)) abort();
    if (chitieu__stars_mark(s, len) > len) abort();
    int first, last;
    if (chitieu__year_span(w, &first, &last, &rest) &&
        (first < CHITIEU_YEAR_MIN || last > CHITIEU_YEAR_MAX || last <= first || rest < w || rest > w + strlen(w)))
        abort();
    return 0;
}
