/*
 * csv.c — a streaming RFC 4180 reader (chitieu/csv.h).
 *
 * Bytes come from a 64 KiB buffer refilled with fread (or straight from
 * memory); one record at a time is unquoted into `rec`, its fields kept as
 * offsets.  Every byte passes a UTF-8 validator, so a record handed to the
 * caller is valid UTF-8 without NUL bytes.  The separator is chosen once,
 * from the first record, before it is parsed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/csv.h"
#include "internal.h"

#define CSV_CHUNK 65536
#define CSV_EOF (-1)
#define CSV_EREAD (-2)

struct chitieu_csv {
    FILE *fp;                 /* NULL when reading from memory */
    const unsigned char *data; /* current bytes: the chunk buffer or the caller's memory */
    size_t len, pos;
    unsigned char *chunk;
    char *name;
    char *rec;                /* unquoted fields, each NUL-terminated */
    size_t reclen, reccap;
    size_t *offs;             /* start of each field in rec */
    char **fields;
    unsigned char *quoted;
    size_t nf, fcap;
    unsigned long line;       /* line of the next byte */
    unsigned long rec_line;   /* line the current record started on */
    char delim;
    int started;              /* BOM skipped and separator chosen */
    int utf8_need;            /* continuation bytes still expected */
    unsigned char utf8_lo, utf8_hi; /* allowed range of the next continuation byte */
};

/* Refill the chunk buffer; 1 when bytes are available, 0 at end, CSV_EREAD on error. */
static int refill(chitieu_csv *c)
{
    if (c->pos < c->len)
        return 1;
    if (!c->fp)
        return 0;
    c->len = fread(c->chunk, 1, CSV_CHUNK, c->fp);
    c->pos = 0;
    if (c->len == 0)
        return ferror(c->fp) ? CSV_EREAD : 0;
    return 1;
}

/* The next byte, CSV_EOF, or CSV_EREAD. */
static int getb(chitieu_csv *c)
{
    int r = refill(c);
    if (r <= 0)
        return r == 0 ? CSV_EOF : r;
    return c->data[c->pos++];
}

/* The next byte without consuming it, or CSV_EOF / CSV_EREAD. */
static int peekb(chitieu_csv *c)
{
    int r = refill(c);
    if (r <= 0)
        return r == 0 ? CSV_EOF : r;
    return c->data[c->pos];
}

static int csv_error(chitieu_csv *c, unsigned long line, const char *msg)
{
    return chitieu__fail(CHITIEU_EINVALID, "%s:%lu: %s", c->name, line, msg);
}

/* Feed one byte to the UTF-8 validator; 0 if it may follow, -1 if not. */
static int utf8_step(chitieu_csv *c, unsigned char b)
{
    if (c->utf8_need) {
        if (b < c->utf8_lo || b > c->utf8_hi)
            return -1;
        c->utf8_need--;
        c->utf8_lo = 0x80;
        c->utf8_hi = 0xBF;
        return 0;
    }
    if (b < 0x80)
        return b == 0 ? -1 : 0;
    c->utf8_lo = 0x80;
    c->utf8_hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        c->utf8_need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
        c->utf8_need = 2;
        if (b == 0xE0)
            c->utf8_lo = 0xA0; /* overlong */
        if (b == 0xED)
            c->utf8_hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        c->utf8_need = 3;
        if (b == 0xF0)
            c->utf8_lo = 0x90;
        if (b == 0xF4)
            c->utf8_hi = 0x8F;
    } else
        return -1;
    return 0;
}

static int csv_new(chitieu_csv **out, const char *name)
{
    chitieu_csv *c = calloc(1, sizeof *c);
    if (!c)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    c->name = chitieu__strdup(name ? name : "<memory>");
    c->reccap = 256;
    c->rec = malloc(c->reccap);
    c->fcap = 16;
    c->offs = malloc(c->fcap * sizeof *c->offs);
    c->fields = malloc(c->fcap * sizeof *c->fields);
    c->quoted = malloc(c->fcap);
    if (!c->name || !c->rec || !c->offs || !c->fields || !c->quoted) {
        chitieu_csv_free(c);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    c->line = 1;
    c->delim = ',';
    *out = c;
    return CHITIEU_OK;
}

int chitieu_csv_open(chitieu_csv **out, const char *path)
{
    chitieu_csv *c;
    int rc = csv_new(&c, path);
    if (rc)
        return rc;
    c->chunk = malloc(CSV_CHUNK);
    if (!c->chunk) {
        chitieu_csv_free(c);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    c->data = c->chunk;
    c->fp = fopen(path, "rb");
    if (!c->fp) {
        int e = errno;
        chitieu_csv_free(c);
        return chitieu__fail(CHITIEU_EIO, "%s: cannot open: %s", path, strerror(e));
    }
    *out = c;
    return CHITIEU_OK;
}

int chitieu_csv_open_mem(chitieu_csv **out, const char *buf, size_t len, const char *name)
{
    chitieu_csv *c;
    int rc = csv_new(&c, name);
    if (rc)
        return rc;
    c->data = (const unsigned char *)buf;
    c->len = len;
    *out = c;
    return CHITIEU_OK;
}

/* Skip a BOM and choose the separator from the first record in the buffer. */
static int csv_start(chitieu_csv *c)
{
    c->started = 1;
    int r = refill(c);
    if (r < 0)
        return chitieu__fail(CHITIEU_EIO, "%s: read error: %s", c->name, strerror(errno));
    if (c->len - c->pos >= 3 && memcmp(c->data + c->pos, "\xEF\xBB\xBF", 3) == 0)
        c->pos += 3;
    size_t commas = 0, semis = 0;
    int inq = 0;
    for (size_t i = c->pos; i < c->len; i++) {
        unsigned char b = c->data[i];
        if (b == '"')
            inq = !inq;
        else if (!inq && (b == '\n' || b == '\r')) {
            if (commas + semis > 0)
                break;
        } else if (!inq && b == ',')
            commas++;
        else if (!inq && b == ';')
            semis++;
    }
    c->delim = semis > commas ? ';' : ',';
    return CHITIEU_OK;
}

/* Append one byte to the record buffer. */
static int rec_put(chitieu_csv *c, unsigned char b)
{
    if (c->reclen + 1 >= c->reccap) {
        if (c->reccap >= CHITIEU_CSV_MAX_RECORD)
            return csv_error(c, c->rec_line, "record longer than 1 MiB");
        size_t cap = c->reccap * 2;
        char *p = realloc(c->rec, cap);
        if (!p)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        c->rec = p;
        c->reccap = cap;
    }
    c->rec[c->reclen++] = (char)b;
    return CHITIEU_OK;
}

/* Close the current field: terminate it and record its offset. */
static int field_end(chitieu_csv *c, size_t start, int quoted)
{
    if (c->nf == c->fcap) {
        size_t cap = c->fcap * 2;
        size_t *o = realloc(c->offs, cap * sizeof *o);
        if (o)
            c->offs = o;
        char **f = realloc(c->fields, cap * sizeof *f);
        if (f)
            c->fields = f;
        unsigned char *q = realloc(c->quoted, cap);
        if (q)
            c->quoted = q;
        if (!o || !f || !q)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        c->fcap = cap;
    }
    int rc = rec_put(c, '\0');
    if (rc)
        return rc;
    c->offs[c->nf] = start;
    c->quoted[c->nf] = (unsigned char)quoted;
    c->nf++;
    return CHITIEU_OK;
}

int chitieu_csv_next(chitieu_csv *c, size_t *nfields, char *const **fields)
{
    int rc;
    if (!c->started && (rc = csv_start(c)))
        return rc;
    for (;;) {
        c->reclen = 0;
        c->nf = 0;
        c->rec_line = c->line;
        size_t start = 0;
        int inq = 0, quoted = 0, after_quote = 0, any = 0;
        for (;;) {
            int b = getb(c);
            if (b == CSV_EREAD)
                return chitieu__fail(CHITIEU_EIO, "%s:%lu: read error: %s", c->name, c->line, strerror(errno));
            if (b != CSV_EOF && utf8_step(c, (unsigned char)b) < 0)
                return csv_error(c, c->line, b == 0 ? "NUL byte in input" : "invalid UTF-8 (save the file as UTF-8)");
            if (b == CSV_EOF) {
                if (c->utf8_need)
                    return csv_error(c, c->line, "invalid UTF-8 at end of file");
                if (inq)
                    return csv_error(c, c->rec_line, "unterminated quoted field");
                if (!any)
                    return 0;
                break;
            }
            any = 1;
            if (inq) {
                if (b == '"') {
                    if (peekb(c) == '"') {
                        getb(c);
                        utf8_step(c, '"');
                        if ((rc = rec_put(c, '"')))
                            return rc;
                    } else {
                        inq = 0;
                        after_quote = 1;
                    }
                    continue;
                }
                if (b == '\n')
                    c->line++;
                if ((rc = rec_put(c, (unsigned char)b)))
                    return rc;
                continue;
            }
            if (b == c->delim) {
                if ((rc = field_end(c, start, quoted)))
                    return rc;
                start = c->reclen;
                quoted = after_quote = 0;
                continue;
            }
            if (b == '\r' || b == '\n') {
                if (b == '\r' && peekb(c) == '\n')
                    getb(c);
                c->line++;
                break;
            }
            if (after_quote)
                return csv_error(c, c->line, "text after a closing quote (double a quote inside a quoted field)");
            if (b == '"' && c->reclen == start && !quoted) {
                inq = quoted = 1;
                continue;
            }
            if ((rc = rec_put(c, (unsigned char)b)))
                return rc;
        }
        if (c->nf == 0 && c->reclen == 0 && !quoted)
            continue; /* blank line: not a record */
        if ((rc = field_end(c, start, quoted)))
            return rc;
        for (size_t i = 0; i < c->nf; i++)
            c->fields[i] = c->rec + c->offs[i];
        *nfields = c->nf;
        *fields = c->fields;
        return 1;
    }
}

int chitieu_csv_quoted(const chitieu_csv *c, size_t i) { return i < c->nf && c->quoted[i]; }

char chitieu_csv_delimiter(const chitieu_csv *c) { return c->delim; }

unsigned long chitieu_csv_line(const chitieu_csv *c) { return c->rec_line; }

const char *chitieu_csv_name(const chitieu_csv *c) { return c->name; }

void chitieu_csv_free(chitieu_csv *c)
{
    if (!c)
        return;
    if (c->fp)
        fclose(c->fp);
    free(c->chunk);
    free(c->name);
    free(c->rec);
    free(c->offs);
    free(c->fields);
    free(c->quoted);
    free(c);
}
