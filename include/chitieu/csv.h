/*
 * chitieu/csv.h — a streaming RFC 4180 CSV reader for the files departments send.
 *
 * Accepts UTF-8 with or without a byte-order mark, UTF-16 with a byte-order
 * mark, or any encoding iconv knows when it is named at open (cp1258,
 * windows-1252, ...); CRLF, LF or CR line ends (or a final line without one);
 * quoted fields with doubled quotes and embedded newlines; a comma, semicolon
 * or tab separator, detected from the first record (the one with most
 * separators outside quotes wins; a tie means comma).  Memory is bounded by
 * the longest record, not by the file: records are read one at a time.
 * Invalid UTF-8 and NUL bytes are reported as errors with their line, with a
 * guess of the encoding the text is in (Vietnamese or Western Windows text,
 * UTF-16 without a byte-order mark) and the option to load it with.
 */
#ifndef CHITIEU_CSV_H
#define CHITIEU_CSV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chitieu_csv chitieu_csv;

/* Open `path` for reading. On success *out owns the open file; release it with
 * chitieu_csv_free(). Returns CHITIEU_EIO naming the file when it cannot be opened. */
int chitieu_csv_open(chitieu_csv **out, const char *path);

/* Read from the `len` bytes at `buf` (not copied: it must outlive the reader).
 * `name` is used in messages (may be NULL: "<memory>"). */
int chitieu_csv_open_mem(chitieu_csv **out, const char *buf, size_t len, const char *name);

/* As chitieu_csv_open and chitieu_csv_open_mem, the text being in `encoding`
 * (an iconv name; NULL or "utf-8": UTF-8).  A byte-order mark overrides it
 * (UTF-8, UTF-16LE, UTF-16BE).  An unknown encoding is reported, as
 * CHITIEU_EINVALID, by the first chitieu_csv_next.  *out is the caller's, as with chitieu_csv_open. */
int chitieu_csv_open_enc(chitieu_csv **out, const char *path, const char *encoding);
int chitieu_csv_open_mem_enc(chitieu_csv **out, const char *buf, size_t len, const char *name,
                             const char *encoding);

/* Read the next record. Returns 1 and sets *nfields and *fields when a record was
 * read, 0 at end of input, or a negative code with a message "name:line: ..."
 * (unterminated quote, invalid UTF-8, NUL byte, record over the size limit,
 * read error).  Fields are NUL-terminated, unquoted strings owned by the reader
 * and valid until the next call.  A blank line is skipped, not a record. */
int chitieu_csv_next(chitieu_csv *csv, size_t *nfields, char *const **fields);

/* Non-zero when field i of the current record was quoted in the input. */
int chitieu_csv_quoted(const chitieu_csv *csv, size_t i);

/* Non-zero when the current record is all ASCII (then no Unicode normalisation can change it). */
int chitieu_csv_ascii(const chitieu_csv *csv);

/* The separator in use: ',', ';' or '\t' (',' before the first record is read). */
char chitieu_csv_delimiter(const chitieu_csv *csv);

/* 1-based line number on which the current record started. */
unsigned long chitieu_csv_line(const chitieu_csv *csv);

/* The name given at open (the path for files). Owned by the reader. */
const char *chitieu_csv_name(const chitieu_csv *csv);

/* Close and free; NULL is allowed. */
void chitieu_csv_free(chitieu_csv *csv);

/* Largest accepted record, in bytes; longer records are an error, so a
 * 2 GB line cannot exhaust memory. */
#define CHITIEU_CSV_MAX_RECORD (1u << 20)

#ifdef __cplusplus
}
#endif
#endif
