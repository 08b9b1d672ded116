/*
 * csvout.c — CSV fields and numbers as chitieu writes them (chitieu/csvout.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/csvout.h"

char *chitieu_csvout_number(char *buf, double v)
{
    snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, 32, "%.17g", v);
    return buf;
}

void chitieu_csvout_field(FILE *f, const char *s)
{
    if (!s)
        return;
    int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    int quote = guard || strpbrk(s, ",;\"\r\n") != NULL || s[0] == ' ' || (*s && s[strlen(s) - 1] == ' ');
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
