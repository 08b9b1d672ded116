/*
 * chitieu/tcvn3.h — text typed in a TCVN3 (ABC) font, read as Unicode.
 *
 * Offices that kept the fonts of the 1990s (.VnTime, .VnArial; the capital
 * fonts .VnTimeH, .VnArialH) store Vietnamese as the Latin-1 letters of the
 * font's bytes: "Tæng s¶n phÈm" is "Tổng sản phẩm", and looks right only in
 * that font.  This module reads such text: byte by byte through the TCVN
 * 5712:1993 table (VN3, the ABC fonts' table, for every letter they type; see
 * tcvn3.c for the bytes VN3 leaves free) into precomposed Unicode (NFC), and in
 * capitals for a capital font, whose glyphs are capitals drawn at the
 * lower-case code points.  ASCII is never changed (digits, separators, codes),
 * and text with a character above U+00FF is Unicode already and is refused.
 *
 * Functions write into the caller's buffers and allocate nothing.
 */
#ifndef CHITIEU_TCVN3_H
#define CHITIEU_TCVN3_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a font is for TCVN3 text (chitieu_tcvn3_font). */
enum {
    CHITIEU_TCVN3_NO = 0,    /* not an ABC font: its text is what it says */
    CHITIEU_TCVN3_LOWER = 1, /* an ABC font (.VnTime, .VnArial Narrow...): its text is TCVN3 */
    CHITIEU_TCVN3_UPPER = 2  /* an ABC capital font, its name ending in 'H' (.VnTimeH, .VnCentury SchoolbookH):
                                TCVN3 shown in capitals */
};

/* Does an encoding option name TCVN3 ("tcvn3", any case)?  A text file said so is read as the TCVN3 bytes it
 * holds -- as UTF-8 when it is (Excel's "CSV UTF-8" of a sheet typed in .VnTime), else byte by byte -- and
 * every field through chitieu_tcvn3_read.  NULL: no. */
int chitieu_tcvn3_encoding(const char *name);

/* What the font named `name` (a spreadsheet's font name, as written; NULL: none) is: an ABC font's name starts
 * with ".Vn" (any case), a capital font's also ends in 'H' (trailing blanks aside).  Pure. */
int chitieu_tcvn3_font(const char *name);

/* The bytes chitieu_tcvn3_read needs for `len` bytes of input, with the NUL: a Latin-1 letter (two bytes) reads
 * as at most three, ASCII as itself. */
#define CHITIEU_TCVN3_SIZE(len) ((len) / 2 * 3 + 2)

/* Read `len` bytes at `in` -- UTF-8 text whose characters are all U+0000..U+00FF, each the TCVN3 byte of that
 * value -- as Unicode into out (n bytes, NUL-terminated), in capitals when `upper` (a capital font: ASCII
 * letters too, as the font shows them).  Returns the length written; -1 when `in` has a character above U+00FF
 * or is not UTF-8 (Unicode text, not TCVN3: out is ""); -2 when out is too small (see CHITIEU_TCVN3_SIZE).
 * The caller owns both buffers; they must not overlap. */
long chitieu_tcvn3_read(char *out, size_t n, const char *in, size_t len, int upper);

/* The Unicode code point TCVN3 byte b stands for (b itself for ASCII and for the bytes kept as Latin-1). */
uint32_t chitieu_tcvn3_char(unsigned char b);

/* Does text `in` (UTF-8, NUL-terminated) change when read as TCVN3 (in capitals when `upper`)?  1 when it has
 * only characters up to U+00FF and one of them (or, with `upper`, a lower-case ASCII letter) reads otherwise;
 * 0 for ASCII text, text that reads as itself, and Unicode text. */
int chitieu_tcvn3_changes(const char *in, int upper);

/* A sample of text `in` read as TCVN3, for a message: its first word that reads otherwise ("Tæng" of "Tæng số")
 * into was (wn bytes) and that word read into reads (rn bytes; "Tổng").  Returns 1, or 0 (both "") when no word
 * changes.  Words longer than the buffers are cut at a character. */
int chitieu_tcvn3_sample(char *was, size_t wn, char *reads, size_t rn, const char *in, int upper);

#ifdef __cplusplus
}
#endif
#endif
