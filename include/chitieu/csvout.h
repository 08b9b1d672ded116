/*
 * chitieu/csvout.h — writing CSV as every chitieu output does, so that what
 * chitieu writes, `load` reads back unchanged: numbers in their shortest exact
 * form, fields quoted only when needed, and the spreadsheet formula guard.
 */
#ifndef CHITIEU_CSVOUT_H
#define CHITIEU_CSVOUT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Shortest text that reads back as exactly v ("%.15g" when it round-trips, else "%.17g").  buf must hold
 * 32 bytes.  Returns buf. */
char *chitieu_csvout_number(char *buf, double v);

/* v with prec decimals exactly as printf's "%.*f" writes it (correctly rounded, ties to even, "-" for a
 * negative v even when it rounds to 0; NaN and infinities as printf), without printf's long arithmetic when
 * prec is 0 to 9, |v| * 10^prec < 1e15 and v * 10^prec is not within 1e-4 of a tie.  buf must hold 32 bytes
 * (longer results are cut, as snprintf cuts them).  Returns buf. */
char *chitieu_csvout_fixed(char *buf, double v, int prec);

/* Write text as one CSV field (nothing for NULL): quoted when it holds a separator (comma or semicolon), a
 * quote, a line break, or leading/trailing blanks; a text starting with '=', '+', '-', '@', tab or CR is
 * prefixed with "'" so spreadsheets do not run it as a formula (the loader removes that one "'" again). */
void chitieu_csvout_field(FILE *f, const char *s);

#ifdef __cplusplus
}
#endif
#endif
