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

/* Parse a year: an integer between CHITIEU_YEAR_MIN and CHITIEU_YEAR_MAX. */
int chitieu_num_parse_year(int *out, const char *s);

#define CHITIEU_YEAR_MIN 1900
#define CHITIEU_YEAR_MAX 2100

#ifdef __cplusplus
}
#endif
#endif
