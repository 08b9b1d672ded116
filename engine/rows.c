/*
 * rows.c — records from a file a department sends, whatever its format (chitieu/rows.h).
 *
 * The first bytes say what a file is: a zip archive is read as an .xlsx
 * workbook (xlsx.c), an OLE2 compound file is an Excel 97-2003 .xls or a
 * password-protected workbook (both refused with advice), anything else is
 * text (csv.c).  Each record's fields that hold non-ASCII text are put in
 * Unicode normalisation form C with libunistring; the normalised copies live
 * in one arena per record.  Text typed in a TCVN3 font (tcvn3.c) is read as
 * Unicode before: a workbook's cells by xlsx.c (it knows their fonts), a text
 * file's fields here, into a second arena.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "chitieu/csv.h"
#include "chitieu/rows.h"
#include "chitieu/tcvn3.h"
#include "chitieu/xlsx.h"
#include "internal.h"

struct chitieu_rows {
    chitieu_csv *csv; /* one of these two */
    chitieu_xlsx *x;
    char *name, *path;
    char **fields; /* the current record: the reader's fields, or their NFC copies */
    size_t nf, fcap;
    size_t *nfc_at; /* offset in nfc of field i's copy, or (size_t)-1 */
    char *nfc;
    size_t nfc_len, nfc_cap;
    /* a text file read as TCVN3: the fields read, in an arena as the NFC copies; what was read, with a sample */
    int tcvn3;
    char *t3;
    size_t t3_len, t3_cap, t3_count;
    char t3_was[64], t3_reads[96];
};

enum fmt { FMT_TEXT, FMT_ZIP, FMT_XLS, FMT_ENCRYPTED, FMT_HTML, FMT_XML, FMT_JSON, FMT_PDF, FMT_ERROR };

/* Does b (n bytes) contain tag t (lower case), in any case? */
static int has_tag(const unsigned char *b, size_t n, const char *t)
{
    size_t k = strlen(t);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && tolower(b[i + j]) == t[j])
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

/* Is the OLE2 compound file f (its first n bytes in b) an encrypted .xlsx -- Excel's "Encrypt with Password" keeps the
 * workbook in a stream EncryptedPackage (with EncryptionInfo) of a compound file -- rather than an .xls?  The
 * names of the first directory sector are read (the header gives its place and the sector size). */
static int encrypted(FILE *f, const unsigned char *b, size_t n)
{
    if (n < 512)
        return 0;
    unsigned shift = b[0x1E] | (unsigned)b[0x1F] << 8;
    unsigned long dir =
        b[0x30] | (unsigned long)b[0x31] << 8 | (unsigned long)b[0x32] << 16 | (unsigned long)b[0x33] << 24;
    if ((shift != 9 && shift != 12) || dir >= 0xFFFFFFFAul) /* 512 or 4096 bytes; a special sector number */
        return 0;
    unsigned char sec[4096];
    size_t size = (size_t)1 << shift;
    unsigned long long off = ((unsigned long long)dir + 1) << shift; /* < 2^44: no overflow in 64 bits */
    if (off > LONG_MAX || fseek(f, (long)off, SEEK_SET) != 0 || fread(sec, 1, size, f) != size)
        return 0;
    static const char want[] = "EncryptedPackage";
    for (size_t e = 0; e + 128 <= size; e += 128) {
        unsigned len = sec[e + 64] | (unsigned)sec[e + 65] << 8; /* bytes, with the UTF-16 NUL */
        if (len != 2 * sizeof want)
            continue;
        size_t i = 0;
        while (i < sizeof want - 1 && sec[e + 2 * i] == (unsigned char)want[i] && sec[e + 2 * i + 1] == 0)
            i++;
        if (i == sizeof want - 1)
            return 1;
    }
    return 0;
}

/* What the file at path is, from its first bytes (FMT_ERROR with a message when it cannot be opened). */
static enum fmt sniff(const char *path, const char *name)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return chitieu__fail(CHITIEU_EIO, "%s: cannot open: %s", name, strerror(errno)), FMT_ERROR;
    unsigned char b[1024] = {0};
    size_t n = fread(b, 1, sizeof b, f);
    if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        enum fmt k = encrypted(f, b, n) ? FMT_ENCRYPTED : FMT_XLS;
        fclose(f);
        return k;
    }
    fclose(f);
    if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0)
        return FMT_ZIP;
    if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
        return FMT_PDF;
    size_t i = n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a UTF-8 byte-order mark */
    while (i < n && isspace(b[i]))
        i++;
    if (i < n && b[i] == '<') { /* a web page saved as .xls, or Excel's XML Spreadsheet 2003 */
        if (has_tag(b + i, n - i, "<html") || has_tag(b + i, n - i, "<!doctype html") || has_tag(b + i, n - i, "<table"))
            return FMT_HTML;
        if (has_tag(b + i, n - i, "<?xml"))
            return FMT_XML;
    }
    if (i < n && (b[i] == '[' || b[i] == '{')) { /* JSON: [ {... or [[... or {"... */
        size_t j = i + 1;
        while (j < n && isspace(b[j]))
            j++;
        if (j < n && (b[j] == '{' || b[j] == '[' || (b[i] == '{' && b[j] == '"')))
            return FMT_JSON;
    }
    return FMT_TEXT;
}

/* Open path as a workbook, or record why it is not one. */
static int open_book(chitieu_xlsx **x, const char *path, const char *name, enum fmt f)
{
    static const struct {
        enum fmt fmt;
        const char *what, *advice;
    } refused[] = {
        {FMT_XLS, "an Excel 97-2003 workbook (.xls)", "save it as .xlsx (Excel Workbook) or as CSV UTF-8"},
        {FMT_ENCRYPTED, "a workbook protected by a password (encrypted)",
         "open it with its password, remove the password (Excel: File > Info > Protect Workbook > Encrypt with "
         "Password, an empty password) and save it again"},
        {FMT_HTML, "a web page (HTML, as portals export tables named .xls)",
         "open it in a spreadsheet program and save it as .xlsx (Excel Workbook)"},
        {FMT_XML, "an XML file (Excel's XML Spreadsheet 2003?)",
         "open it in a spreadsheet program and save it as .xlsx (Excel Workbook)"},
        {FMT_JSON, "a JSON file (an API's answer)", "download the table as CSV (the World Bank: the bulk CSV, API_...csv)"},
        {FMT_PDF, "a PDF document", "copy its table into a spreadsheet and save it as .xlsx"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (refused[i].fmt == f)
            return chitieu__fail(CHITIEU_EINVALID, "%s: %s, which chitieu does not read: %s", name, refused[i].what,
                                 refused[i].advice);
    return chitieu_xlsx_open(x, path, name);
}

/* The index of sheet `want` in x, or an error naming the sheets there are. */
static int find_sheet(size_t *at, chitieu_xlsx *x, const char *want, const char *name)
{
    size_t n = chitieu_xlsx_sheet_count(x);
    for (size_t i = 0; i < n; i++)
        if (strcmp(chitieu_xlsx_sheet_name(x, i), want) == 0) {
            *at = i;
            return CHITIEU_OK;
        }
    char list[512];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 8 < sizeof list; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "", chitieu_xlsx_sheet_name(x, i));
    return chitieu__fail(CHITIEU_EINVALID, "%s: no sheet '%s' (the workbook has %s)", name, want, list);
}

/* Is the file at path UTF-8 throughout (ASCII included)?  0 too when it cannot be read (the reader says why). */
static int utf8_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char b[8192];
    size_t n, want = 0; /* continuation bytes still wanted by the last lead byte */
    int ok = 1;
    while (ok && (n = fread(b, 1, sizeof b, f)) > 0)
        for (size_t i = 0; ok && i < n; i++) {
            unsigned c = b[i];
            if (want) {
                ok = (c & 0xC0) == 0x80;
                want--;
            } else if (c >= 0x80) {
                want = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
                ok = want != 0;
            }
        }
    ok &= !want && !ferror(f);
    fclose(f);
    return ok;
}

int chitieu_rows_open(chitieu_rows **out, const char *path, const char *name, const chitieu_rows_opts *o)
{
    *out = NULL;
    chitieu_rows_opts none = {0};
    if (!o)
        o = &none;
    if (!name)
        name = path;
    enum fmt f = sniff(path, name);
    if (f == FMT_ERROR)
        return CHITIEU_EIO;
    chitieu_rows *r = calloc(1, sizeof *r);
    if (!r || !(r->name = chitieu__strdup(name)) || !(r->path = chitieu__strdup(path))) {
        chitieu_rows_free(r);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    int rc;
    r->tcvn3 = o->tcvn3 || chitieu_tcvn3_encoding(o->encoding);
    if (f == FMT_TEXT) {
        const char *enc = o->encoding;
        if (r->tcvn3 && (!enc || chitieu_tcvn3_encoding(enc))) /* the TCVN3 bytes, as UTF-8 or as they are */
            enc = utf8_file(path) ? NULL : "ISO-8859-1";
        rc = chitieu_csv_open_enc(&r->csv, path, enc);
    } else if ((rc = open_book(&r->x, path, name, f)) == CHITIEU_OK) {
        size_t at = 0;
        if (o->sheet)
            rc = find_sheet(&at, r->x, o->sheet, name);
        else /* the first sheet a person sees: a hidden one before it is a list behind a drop-down */
            while (chitieu_xlsx_sheet_hidden(r->x, at) && at + 1 < chitieu_xlsx_sheet_count(r->x))
                at++;
        if (rc == CHITIEU_OK)
            rc = chitieu_xlsx_select(r->x, at);
        chitieu_xlsx_set_tcvn3(r->x, r->tcvn3);
    }
    if (rc) {
        chitieu_rows_free(r);
        return rc;
    }
    *out = r;
    return CHITIEU_OK;
}

int chitieu_rows_sheets(char ***names, size_t *n, unsigned char **hidden, const char *path, const char *name)
{
    *names = NULL;
    *n = 0;
    if (hidden)
        *hidden = NULL;
    if (!name)
        name = path;
    enum fmt f = sniff(path, name);
    if (f == FMT_ERROR)
        return CHITIEU_EIO;
    if (f == FMT_TEXT)
        return CHITIEU_OK;
    chitieu_xlsx *x;
    int rc = open_book(&x, path, name, f);
    if (rc)
        return rc;
    size_t k = chitieu_xlsx_sheet_count(x);
    char **v = calloc(k, sizeof *v);
    unsigned char *h = hidden ? calloc(k ? k : 1, 1) : NULL;
    if (hidden && !h) {
        free(v);
        v = NULL;
    }
    for (size_t i = 0; h && i < k; i++)
        h[i] = (unsigned char)chitieu_xlsx_sheet_hidden(x, i);
    for (size_t i = 0; v && i < k; i++)
        if (!(v[i] = chitieu__strdup(chitieu_xlsx_sheet_name(x, i)))) {
            while (i--)
                free(v[i]);
            free(v);
            v = NULL;
        }
    chitieu_xlsx_free(x);
    if (!v) {
        free(h);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    *names = v;
    *n = k;
    if (hidden)
        *hidden = h;
    return CHITIEU_OK;
}

/* The reader's message "path:..." as "name:..." (they differ for a spooled standard input). */
static int renamed(const chitieu_rows *r, int rc)
{
    const char *m = chitieu_error_last();
    size_t n = strlen(r->path);
    if (strcmp(r->path, r->name) != 0 && strncmp(m, r->path, n) == 0 && m[n] == ':') {
        char copy[1024];
        snprintf(copy, sizeof copy, "%s", m + n);
        chitieu__fail(rc, "%s%s", r->name, copy);
    }
    return rc;
}

/* Make the arena *p (capacity *cap bytes, doubled from 1 KiB) hold need bytes: 0, or -1 when out of memory (the
 * arena kept as it was). */
static int arena_room(char **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    char *q = realloc(*p, c);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Put every non-ASCII field of the current record in NFC: 0, or -1 when out of memory. */
static int normalise(chitieu_rows *r)
{
    r->nfc_len = 0;
    int changed = 0;
    for (size_t i = 0; i < r->nf; i++) {
        r->nfc_at[i] = (size_t)-1;
        const unsigned char *s = (const unsigned char *)r->fields[i];
        size_t len = 0, ascii = 1;
        for (; s[len]; len++)
            ascii &= s[len] < 0x80;
        if (ascii)
            continue;
        uint8_t scratch[512];
        size_t outlen = sizeof scratch;
        uint8_t *o = u8_normalize(UNINORM_NFC, s, len, scratch, &outlen);
        if (!o)
            return -1;
        if (outlen != len || memcmp(o, s, len) != 0) {
            size_t need = r->nfc_len + outlen + 1;
            if (arena_room(&r->nfc, &r->nfc_cap, need)) {
                if (o != scratch)
                    free(o);
                return -1;
            }
            memcpy(r->nfc + r->nfc_len, o, outlen);
            r->nfc[r->nfc_len + outlen] = '\0';
            r->nfc_at[i] = r->nfc_len;
            r->nfc_len = need;
            changed = 1;
        }
        if (o != scratch)
            free(o);
    }
    for (size_t i = 0; changed && i < r->nf; i++)
        if (r->nfc_at[i] != (size_t)-1)
            r->fields[i] = r->nfc + r->nfc_at[i];
    return 0;
}

/* Read every field of the current record that TCVN3 changes (a text file read as TCVN3) into the t3 arena,
 * keeping the first word changed as the sample: 0, or -1 when out of memory.  nfc_at holds each copy's offset
 * until the fields point at them (the arena may move while it grows); normalise then sets it anew. */
static int tcvn3_fields(chitieu_rows *r)
{
    r->t3_len = 0;
    for (size_t i = 0; i < r->nf; i++) {
        r->nfc_at[i] = (size_t)-1;
        if (!chitieu_tcvn3_changes(r->fields[i], 0))
            continue;
        size_t len = strlen(r->fields[i]), need = r->t3_len + CHITIEU_TCVN3_SIZE(len);
        if (arena_room(&r->t3, &r->t3_cap, need))
            return -1;
        long w = chitieu_tcvn3_read(r->t3 + r->t3_len, need - r->t3_len, r->fields[i], len, 0);
        if (w < 0) /* cannot happen: changes said Latin-1 only, and the room is the bound */
            continue;
        if (!r->t3_count++)
            chitieu_tcvn3_sample(r->t3_was, sizeof r->t3_was, r->t3_reads, sizeof r->t3_reads, r->fields[i], 0);
        r->nfc_at[i] = r->t3_len;
        r->t3_len += (size_t)w + 1;
    }
    for (size_t i = 0; i < r->nf; i++)
        if (r->nfc_at[i] != (size_t)-1)
            r->fields[i] = r->t3 + r->nfc_at[i];
    return 0;
}

int chitieu_rows_next(chitieu_rows *r, size_t *nfields, char *const **fields)
{
    size_t nf;
    char *const *f;
    int rc = r->csv ? chitieu_csv_next(r->csv, &nf, &f) : chitieu_xlsx_next(r->x, &nf, &f);
    if (rc < 0)
        return renamed(r, rc);
    if (rc == 0)
        return 0;
    if (nf > r->fcap) {
        size_t cap = r->fcap ? r->fcap : 16;
        while (cap < nf)
            cap *= 2;
        char **p = realloc(r->fields, cap * sizeof *p);
        if (p)
            r->fields = p;
        size_t *a = realloc(r->nfc_at, cap * sizeof *a);
        if (a)
            r->nfc_at = a;
        if (!p || !a)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        r->fcap = cap;
    }
    memcpy(r->fields, f, nf * sizeof *f);
    r->nf = nf;
    int ascii = r->csv && chitieu_csv_ascii(r->csv);
    if (!ascii && r->csv && r->tcvn3 && tcvn3_fields(r))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    if (!ascii && normalise(r))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    *nfields = nf;
    *fields = r->fields;
    return 1;
}

unsigned long chitieu_rows_line(const chitieu_rows *r)
{
    return r->csv ? chitieu_csv_line(r->csv) : chitieu_xlsx_row(r->x);
}

int chitieu_rows_hidden(const chitieu_rows *r, size_t i)
{
    if (!r->x)
        return 0;
    return (chitieu_xlsx_row_hidden(r->x) ? CHITIEU_HIDDEN_ROW : 0) |
           (chitieu_xlsx_col_hidden(r->x, i) ? CHITIEU_HIDDEN_COLUMN : 0);
}

unsigned chitieu_rows_flags(const chitieu_rows *r, size_t i)
{
    if (r->csv)
        return chitieu_csv_quoted(r->csv, i) ? CHITIEU_FIELD_QUOTED : 0;
    unsigned caps = chitieu_xlsx_capitals(r->x, i) ? CHITIEU_FIELD_CAPITALS : 0;
    switch (chitieu_xlsx_type(r->x, i)) {
    case CHITIEU_XLSX_NUMBER: return CHITIEU_FIELD_NUMBER;
    case CHITIEU_XLSX_PERCENT: return CHITIEU_FIELD_NUMBER | CHITIEU_FIELD_PERCENT;
    case CHITIEU_XLSX_DATE: return CHITIEU_FIELD_DATE;
    case CHITIEU_XLSX_BOOL: return CHITIEU_FIELD_BOOL;
    case CHITIEU_XLSX_ERROR: return CHITIEU_FIELD_ERROR;
    case CHITIEU_XLSX_NO_VALUE: return CHITIEU_FIELD_NO_VALUE;
    default: return caps;
    }
}

const char *chitieu_rows_shown(const chitieu_rows *r, size_t i, char *buf, size_t n)
{
    char raw[512];
    size_t len = n ? n - 1 : 0;
    if (!r->x || !n || !chitieu_xlsx_shown(r->x, i, raw, sizeof raw))
        return NULL;
    uint8_t *o = u8_normalize(UNINORM_NFC, (const uint8_t *)raw, strlen(raw), (uint8_t *)buf, &len);
    if (o != (uint8_t *)buf) { /* did not fit (or out of memory) */
        free(o);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

char chitieu_rows_delimiter(const chitieu_rows *r)
{
    return r->csv ? chitieu_csv_delimiter(r->csv) : 0;
}

const char *chitieu_rows_sheet(const chitieu_rows *r)
{
    return r->x ? chitieu_xlsx_current(r->x) : NULL;
}

const char *chitieu_rows_where(const chitieu_rows *r, size_t i, char *buf, size_t n)
{
    if (!r->x) {
        if (n)
            buf[0] = '\0';
        return buf;
    }
    char sheet[256], col[4];
    chitieu_xlsx_sheet_ref(sheet, sizeof sheet, chitieu_xlsx_current(r->x));
    unsigned long row = chitieu_xlsx_row(r->x);
    if (i < CHITIEU_XLSX_MAX_COLS)
        snprintf(buf, n, "%s!%s%lu", sheet, chitieu_xlsx_column(col, i), row);
    else
        snprintf(buf, n, "%s!%lu:%lu", sheet, row, row);
    return buf;
}

int chitieu_rows_merges(chitieu_rows *r, size_t *n)
{
    *n = 0;
    return r->x ? chitieu_xlsx_merges(r->x, n) : CHITIEU_OK;
}

int chitieu_rows_merged_at(const chitieu_rows *r, unsigned long row, size_t i, chitieu_xlsx_range *range)
{
    return r->x ? chitieu_xlsx_merged_at(r->x, row, i, range) : 0;
}

int chitieu_rows_merged(const chitieu_rows *r, size_t i, chitieu_xlsx_range *range)
{
    return r->x ? chitieu_xlsx_merged(r->x, i, range) : 0;
}

size_t chitieu_rows_tcvn3(const chitieu_rows *r, const char **was, const char **reads, const char **font)
{
    if (r->x)
        return chitieu_xlsx_tcvn3(r->x, was, reads, font);
    *was = r->t3_was;
    *reads = r->t3_reads;
    *font = NULL;
    return r->t3_count;
}

void chitieu_rows_free(chitieu_rows *r)
{
    if (!r)
        return;
    chitieu_csv_free(r->csv);
    chitieu_xlsx_free(r->x);
    free(r->name);
    free(r->path);
    free(r->fields);
    free(r->nfc_at);
    free(r->nfc);
    free(r->t3);
    free(r);
}
