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

/* Write text as one CSV field (nothing for NULL): quoted when it holds a separator (comma or semicolon), a
 * quote, a line break, or leading/trailing blanks; a text starting with '=', '+', '-', '@', tab or CR is
 * prefixed with "'" so spreadsheets do not run it as a formula (the loader removes that one "'" again). */
void chitieu_csvout_field(FILE *f, const char *s);

#ifdef __cplusplus
}
#endif
#endif
