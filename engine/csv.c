/*
 * csv.c — a streaming RFC 4180 reader (chitieu/csv.h).
 *
 * Bytes come from a 64 KiB buffer refilled with fread (or straight from
 * memory); one record at a time is unquoted into `rec`, its fields kept as
 * offsets.  Every byte passes a UTF-8 validator, so a record handed to the
 * caller is valid UTF-8 without NUL bytes.  The separator is chosen once,
 * from the first record, before it is parsed.  Text in another encoding (a
 * UTF-16 byte-order mark, or one named at open) is first converted to UTF-8
 * by iconv, chunk by chunk, so the parser only ever sees UTF-8.  Text that is
 * not UTF-8 and was not declared gets an error with a guess of what it is.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chitieu/csv.h"
#include "internal.h"

#define CSV_CHUNK 65536
#define CSV_EOF (-1)
#define CSV_EREAD (-2)
#define CSV_EDECODE (-3)
#define NO_ICONV ((iconv_t)-1)

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
    /* Decoding (cd != NO_ICONV): undecoded bytes rdata[rpos..rlen) -- the raw buffer of a file or the
     * caller's memory -- are converted into the chunk buffer. */
    iconv_t cd;
    char *encoding;           /* what was asked for at open (NULL: UTF-8, or UTF-16 by its BOM) */
    const char *decoding;     /* the encoding being converted, for messages */
    unsigned char *raw;
    const unsigned char *rdata;
    size_t rlen, rpos;
    int raw_eof, need_more;
    unsigned char high;       /* 0x80 when the current record has a non-ASCII byte */
    char decode_msg[200];
};

/* Convert the next undecoded bytes into the chunk buffer: 1 when bytes are available, 0 at the
 * end, CSV_EREAD or CSV_EDECODE (c->decode_msg says what) on error. */
static int decode(chitieu_csv *c)
{
    for (;;) {
        if (c->rpos == c->rlen || c->need_more) {
            if (c->fp && !c->raw_eof) {
                size_t keep = c->rlen - c->rpos;
                memmove(c->raw, c->raw + c->rpos, keep);
                size_t got = fread(c->raw + keep, 1, CSV_CHUNK - keep, c->fp);
                if (got == 0 && ferror(c->fp))
                    return CSV_EREAD;
                c->raw_eof = got == 0;
                c->rdata = c->raw;
                c->rlen = keep + got;
                c->rpos = 0;
                c->need_more = 0;
                continue;
            }
            if (c->rpos == c->rlen)
                return 0;
            snprintf(c->decode_msg, sizeof c->decode_msg, "the file ends inside a %s character", c->decoding);
            return CSV_EDECODE;
        }
        char *in = (char *)(c->rdata + c->rpos), *out = (char *)c->chunk;
        size_t inleft = c->rlen - c->rpos, outleft = CSV_CHUNK;
        size_t r = iconv(c->cd, &in, &inleft, &out, &outleft);
        int e = errno;
        c->rpos = c->rlen - inleft;
        c->len = CSV_CHUNK - outleft;
        c->pos = 0;
        if (c->len)
            return 1; /* an error in what follows surfaces on the next call, at its line */
        if (r == (size_t)-1 && e == EINVAL)
            c->need_more = 1;
        else if (r == (size_t)-1 && e == EILSEQ) {
            snprintf(c->decode_msg, sizeof c->decode_msg, "byte 0x%02X is not %s text%s", c->rdata[c->rpos],
                     c->decoding, strncmp(c->decoding, "UTF-16", 6) == 0 ? " (an unpaired surrogate?)" : "");
            return CSV_EDECODE;
        }
    }
}

/* Refill the chunk buffer; 1 when bytes are available, 0 at end, CSV_EREAD or CSV_EDECODE on error. */
static int refill(chitieu_csv *c)
{
    if (c->pos < c->len)
        return 1;
    if (c->cd != NO_ICONV)
        return decode(c);
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

/* A guess of the encoding of text that is not UTF-8, from the bytes at p: an iconv name, "tcvn3", or NULL. */
static const char *guess_encoding(const unsigned char *p, size_t n)
{
    size_t even0 = 0, odd0 = 0, vi = 0, high = 0, abc = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0 && i % 2)
            odd0++;
        else if (p[i] == 0)
            even0++;
        if (p[i] < 0x80)
            continue;
        high++;
        /* TCVN3 (ABC fonts): ă â ê ô ơ ư đ and the a, ă tones are 0xA1-0xBF, symbols in windows-1252 and cp1258
         * (¨ © ª « ¬ µ ¶ · ¸ ¹ ...) that seldom follow a letter; 0xB0-0xB4 are ° ± ² ³ ´ */
        if (p[i] >= 0xA1 && p[i] <= 0xBF && (p[i] < 0xB0 || p[i] > 0xB4) && i &&
            (p[i - 1] >= 0x80 || isalpha(p[i - 1])))
            abc++;
        /* cp1258: the letters ă đ ơ ư (either case) and the five combining tone marks after a letter,
         * which Vietnamese text is full of; in windows-1252 these bytes are rare letters (ã ð õ ý ì ò Þ) */
        if (strchr("\xC3\xE3\xD0\xF0\xD5\xF5\xDD\xFD", p[i]) ||
            (strchr("\xCC\xEC\xDE\xD2\xF2", p[i]) && i && (p[i - 1] >= 0x80 || isalpha(p[i - 1]))))
            vi++;
    }
    if (odd0 > n / 8 && odd0 > even0 * 4)
        return "UTF-16LE";
    if (even0 > n / 8 && even0 > odd0 * 4)
        return "UTF-16BE";
    if (high && abc * 10 >= high * 2)
        return "tcvn3";
    if (high && vi * 10 >= high * 3)
        return "cp1258";
    if (high)
        return "windows-1252";
    return NULL;
}

/* The error for byte b, which is not UTF-8 (or is a NUL byte): with a guess of the encoding
 * when the input was not declared. */
static int not_utf8(chitieu_csv *c, unsigned char b)
{
    const char *guess = c->cd == NO_ICONV ? guess_encoding(c->data, c->len) : NULL;
    static const struct {
        const char *enc, *what;
    } names[] = {{"UTF-16LE", "UTF-16 (little-endian) without a byte-order mark"},
                 {"UTF-16BE", "UTF-16 (big-endian) without a byte-order mark"},
                 {"tcvn3", "text typed in a TCVN3 (ABC) font such as .VnTime"},
                 {"cp1258", "Vietnamese Windows text (cp1258)"},
                 {"windows-1252", "Western European Windows text (windows-1252)"}};
    char msg[300];
    const char *what = b == 0 ? "NUL byte in input" : "invalid UTF-8";
    for (size_t i = 0; guess && i < sizeof names / sizeof *names; i++)
        if (strcmp(guess, names[i].enc) == 0) {
            snprintf(msg, sizeof msg, "%s; the file looks like %s: load it with --encoding %s, or save it as UTF-8",
                     what, names[i].what, names[i].enc);
            return csv_error(c, c->line, msg);
        }
    return csv_error(c, c->line, b == 0 ? "NUL byte in input" : "invalid UTF-8 (save the file as UTF-8)");
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
    c->cd = NO_ICONV;
    *out = c;
    return CHITIEU_OK;
}

/* Is `enc` a name of UTF-8 (no conversion needed)? */
static int is_utf8(const char *enc)
{
    return !enc || !*enc || strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

/* Keep the encoding asked for (checked later, at the first read). */
static int set_encoding(chitieu_csv *c, const char *encoding)
{
    if (is_utf8(encoding))
        return CHITIEU_OK;
    if (!(c->encoding = chitieu__strdup(encoding))) {
        chitieu_csv_free(c);
        return CHITIEU_ENOMEM;
    }
    return CHITIEU_OK;
}

int chitieu_csv_open(chitieu_csv **out, const char *path)
{
    return chitieu_csv_open_enc(out, path, NULL);
}

int chitieu_csv_open_enc(chitieu_csv **out, const char *path, const char *encoding)
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
    if ((rc = set_encoding(c, encoding)))
        return rc;
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
    return chitieu_csv_open_mem_enc(out, buf, len, name, NULL);
}

int chitieu_csv_open_mem_enc(chitieu_csv **out, const char *buf, size_t len, const char *name, const char *encoding)
{
    chitieu_csv *c;
    int rc = csv_new(&c, name);
    if (rc)
        return rc;
    if ((rc = set_encoding(c, encoding)))
        return rc;
    c->data = (const unsigned char *)buf;
    c->len = len;
    *out = c;
    return CHITIEU_OK;
}

/* Start converting from `enc` the input not yet read: the bytes of the current chunk from `skip`
 * on (the first chunk, a BOM skipped), then the rest of the file or memory. */
static int start_decoding(chitieu_csv *c, const char *enc, size_t skip)
{
    c->cd = iconv_open("UTF-8", enc);
    if (c->cd == NO_ICONV)
        return chitieu__fail(CHITIEU_EINVALID, "%s: unknown encoding '%s' (try cp1258, windows-1252, utf-16le, "
                             "utf-16be; 'iconv -l' lists them all)", c->name, enc);
    c->decoding = enc;
    if (c->fp) {
        if (!(c->raw = malloc(CSV_CHUNK)) || !(c->chunk || (c->chunk = malloc(CSV_CHUNK))))
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        c->rlen = c->len - skip;
        memcpy(c->raw, c->chunk + skip, c->rlen);
        c->rdata = c->raw;
    } else {
        if (!(c->chunk = malloc(CSV_CHUNK)))
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        c->rdata = c->data + skip;
        c->rlen = c->len - skip;
        c->raw_eof = 1;
    }
    c->rpos = 0;
    c->data = c->chunk;
    c->len = c->pos = 0;
    int r = refill(c);
    if (r == CSV_EDECODE)
        return chitieu__fail(CHITIEU_EINVALID, "%s:1: %s", c->name, c->decode_msg);
    if (r < 0)
        return chitieu__fail(CHITIEU_EIO, "%s: read error: %s", c->name, strerror(errno));
    return CHITIEU_OK;
}

/* Skip a BOM (converting UTF-16 from there on, or the encoding asked for) and choose the
 * separator from the first record in the buffer. */
static int csv_start(chitieu_csv *c)
{
    c->started = 1;
    int r = refill(c);
    if (r < 0)
        return chitieu__fail(CHITIEU_EIO, "%s: read error: %s", c->name, strerror(errno));
    size_t avail = c->len - c->pos;
    const unsigned char *b = c->data + c->pos;
    int rc = CHITIEU_OK;
    if (avail >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        rc = start_decoding(c, "UTF-16LE", 2);
    else if (avail >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        rc = start_decoding(c, "UTF-16BE", 2);
    else if (c->encoding && !(avail >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0))
        rc = start_decoding(c, c->encoding, 0);
    if (rc)
        return rc;
    if (c->len - c->pos >= 3 && memcmp(c->data + c->pos, "\xEF\xBB\xBF", 3) == 0)
        c->pos += 3;
    size_t commas = 0, semis = 0, tabs = 0;
    int inq = 0;
    for (size_t i = c->pos; i < c->len; i++) {
        unsigned char b = c->data[i];
        if (b == '"')
            inq = !inq;
        else if (!inq && (b == '\n' || b == '\r')) {
            if (commas + semis + tabs > 0)
                break;
        } else if (!inq && b == ',')
            commas++;
        else if (!inq && b == ';')
            semis++;
        else if (!inq && b == '\t')
            tabs++;
    }
    c->delim = semis > commas && semis >= tabs ? ';' : tabs > commas ? '\t' : ',';
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
    c->high |= b & 0x80;
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
        c->high = 0;
        c->nf = 0;
        c->rec_line = c->line;
        size_t start = 0;
        int inq = 0, quoted = 0, after_quote = 0, any = 0;
        for (;;) {
            int b = getb(c);
            if (b == CSV_EREAD)
                return chitieu__fail(CHITIEU_EIO, "%s:%lu: read error: %s", c->name, c->line, strerror(errno));
            if (b == CSV_EDECODE)
                return csv_error(c, c->line, c->decode_msg);
            if (b != CSV_EOF && utf8_step(c, (unsigned char)b) < 0)
                return not_utf8(c, (unsigned char)b);
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

int chitieu_csv_ascii(const chitieu_csv *c) { return !c->high; }

unsigned long chitieu_csv_line(const chitieu_csv *c) { return c->rec_line; }

const char *chitieu_csv_name(const chitieu_csv *c) { return c->name; }

void chitieu_csv_free(chitieu_csv *c)
{
    if (!c)
        return;
    if (c->fp)
        fclose(c->fp);
    if (c->cd != NO_ICONV)
        iconv_close(c->cd);
    free(c->raw);
    free(c->encoding);
    free(c->chunk);
    free(c->name);
    free(c->rec);
    free(c->offs);
    free(c->fields);
    free(c->quoted);
    free(c);
}
