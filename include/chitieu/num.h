/*
 * chitieu/num.h — parsing numbers and years as statisticians type them.
 *
 * Numbers: optional surrounding blanks, sign, digits with a decimal point,
 * optional exponent ("1.5e3").  With `decimal_comma` set, a comma is the
 * decimal separator and dots may group thousands in groups of three
 * ("1.234,5" = 1234.5, "8,5" = 8.5); without it a comma is an error.  Empty
 * text, NaN/Inf, hexadecimal, trailing garbage and values that overflow a
 * double are rejected.
 */
#ifndef CHITIEU_NUM_H
#define CHITIEU_NUM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Parse `s` into *out. Returns CHITIEU_OK or CHITIEU_EINVALID with a message
 * saying what is wrong (no file context: the caller adds it). */
int chitieu_num_parse(double *out, const char *s, int decimal_comma);

/* Flags of chitieu_num_parse_text: what the field's context allows. */
enum {
    CHITIEU_NUM_COMMA = 1,   /* a comma may be a decimal comma (a quoted field, a semicolon file) */
    CHITIEU_NUM_DOTS = 2,    /* dots group thousands (a semicolon file): a lone "1.234" is ambiguous */
    CHITIEU_NUM_PERCENT = 4  /* a trailing "%" is allowed (the figure is a percentage) */
};

/* Parse a number as a department types it into *out: chitieu_num_parse, and
 * also thousands groups where they cannot be decimals ("1.234.567",
 * "1,234,567", "1,234.5", "1 234 567", also with a no-break space) and, with
 * CHITIEU_NUM_PERCENT, "85%".  A comma is a decimal comma only with
 * CHITIEU_NUM_COMMA (except after space groups); with CHITIEU_NUM_DOTS a
 * single dot group ("1.234") is refused as ambiguous.  Returns CHITIEU_OK or
 * CHITIEU_EINVALID with a message. */
int chitieu_num_parse_text(double *out, const char *s, unsigned flags);

/* Parse a year: an integer between CHITIEU_YEAR_MIN and CHITIEU_YEAR_MAX. */
int chitieu_num_parse_year(int *out, const char *s);

/* Is `s` a reporting deadline: "MM-DD" (every year) or a date "YYYY-MM-DD",
 * a real calendar day by the one date rule, chitieu_areas_parse_date (29
 * February allowed in MM-DD)?  1 or 0 (with that rule's message as the last error). */
int chitieu_num_is_deadline(const char *s);

#define CHITIEU_YEAR_MIN 1900
#define CHITIEU_YEAR_MAX 2100

#ifdef __cplusplus
}
#endif
#endif
