/* fuzz_xlsx.c — libFuzzer harness: the workbook reader (engine/xlsx.c) on arbitrary sheet XML.  The
 * input is the worksheet part, then (after the first NUL byte) the shared strings part, then (after the
 * second NUL, when there is one) the styles part; they are put in a zip with a fixed workbook and
 * relationships (the 1904 date system when the input's length is odd) and, for an input without a third
 * part, fixed styles: date formats; cell formats 3-7 number formats that show words (0" (ước)", "Năm "0...);
 * cell formats 8-12 in fonts that say the text is TCVN3 (.VnTime, .VnTimeH, ".VnArial NarrowH " with
 * a status format, a font id past the list), so TCVN3 text reaches engine/tcvn3.c through cell fonts and
 * through rich-text runs naming their <rFont>.  An input whose length is 2 modulo 4 is read with every
 * text cell taken as TCVN3 (rows option tcvn3, and the loader's --encoding tcvn3).  The zip is written to
 * a temporary file and read through the row source, every cell, its place and the text it shows touched,
 * with the sheet's merge list (the range covering each cell, of this row and the one above): every field
 * must be UTF-8, and so must the TCVN3 sample (chitieu_rows_tcvn3).  Then the workbook is loaded (dry run)
 * into the store of store.h (catalogue X, Y; areas A, B, C), so a sheet reaches the loader's header pass
 * (headings typed in TCVN3 read again as such), merged cells filled down, merged figures refused and
 * statuses written beside figures with their footnotes (engine/header.c, shape.c).  The zip is libzip's,
 * so the fuzzing reaches the XML handlers, not only the zip reader. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>
#include <zip.h>
#include "chitieu/load.h"
#include "chitieu/rows.h"
#include "chitieu/tcvn3.h"
#include "store.h"

#define WB_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
              "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static int add(zip_t *z, const char *name, const void *data, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, data, n, 0);
    if (!s) return -1;
    if (zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) { zip_source_free(s); return -1; }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    static char spath[64];
    snprintf(path, sizeof path, "/tmp/chitieu-fuzz-xlsx-%d.xlsx", (int)getpid());
    if (!spath[0]) snprintf(spath, sizeof spath, "/tmp/chitieu-fuzz-xlsx-%d.csv", (int)getpid());
    chitieu_store *st = fuzz_store_open(spath);
    const uint8_t *nul = memchr(data, 0, size);
    size_t sheet_n = nul ? (size_t)(nul - data) : size;
    const uint8_t *nul2 = nul ? memchr(nul + 1, 0, size - sheet_n - 1) : NULL; /* the styles part follows it */
    size_t sst_n = nul ? (nul2 ? (size_t)(nul2 - nul - 1) : size - sheet_n - 1) : 0;
    static const char wb1900[] = "<workbook " WB_NS "><sheets><sheet name=\"S 1\" sheetId=\"1\" r:id=\"rId1\"/>"
                                 "</sheets></workbook>";
    static const char wb1904[] = "<workbook " WB_NS "><workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" "
                                 "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                               "<Relationship Id=\"rId1\" Type=\"" RT "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                               "</Relationships>";
    static const char styles[] = "<styleSheet " WB_NS "><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
                                 "<numFmt numFmtId=\"165\" formatCode=\"0&quot; (ước)&quot;\"/>"
                                 "<numFmt numFmtId=\"166\" formatCode=\"0\\ \\(\\s\\b\\)\"/>"
                                 "<numFmt numFmtId=\"167\" formatCode=\"&quot;Năm &quot;0\"/>"
                                 "<numFmt numFmtId=\"168\" formatCode=\"[Red]* #,##0_ &quot;ƯTH&quot;;@\"/>"
                                 "<numFmt numFmtId=\"169\" formatCode=\"General&quot; sơ bộ&quot;\"/>"
                                 "</numFmts><fonts><font><name val=\"Calibri\"/></font><font><name val=\".VnTime\"/></font>"
                                 "<font><b/><name val=\".VnTimeH\"/></font><font><name val=\".VnArial NarrowH \"/></font>"
                                 "</fonts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
                                 "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
                                 "<xf numFmtId=\"169\"/><xf numFmtId=\"0\" fontId=\"1\"/><xf numFmtId=\"0\" fontId=\"2\"/>"
                                 "<xf numFmtId=\"165\" fontId=\"3\"/><xf numFmtId=\"167\" fontId=\"1\"/>"
                                 "<xf numFmtId=\"0\" fontId=\"99\"/></cellXfs></styleSheet>";
    int err = 0;
    remove(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) return 0;
    int odd = size & 1;
    if (add(z, "xl/workbook.xml", odd ? wb1904 : wb1900, odd ? sizeof wb1904 - 1 : sizeof wb1900 - 1) ||
        add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1) ||
        (nul2 ? add(z, "xl/styles.xml", nul2 + 1, size - (size_t)(nul2 + 1 - data))
              : add(z, "xl/styles.xml", styles, sizeof styles - 1)) ||
        add(z, "xl/worksheets/sheet1.xml", data, sheet_n) ||
        (nul && add(z, "xl/sharedStrings.xml", nul + 1, sst_n)) || zip_close(z) < 0) {
        zip_discard(z);
        remove(path);
        return 0;
    }
    int all = (size & 3) == 2; /* every text cell read as TCVN3 */
    chitieu_rows_opts ro = {NULL, NULL, all};
    chitieu_rows *r;
    if (chitieu_rows_open(&r, path, "fuzz.xlsx", &ro) == 0) {
        size_t nf;
        char *const *fl;
        char where[300], ref[64], words[128];
        size_t nm = 0;
        int merges_rc = 1;
        chitieu_xlsx_range m;
        while (chitieu_rows_next(r, &nf, &fl) == 1) {
            if (merges_rc == 1) /* the loader asks with the first record */
                merges_rc = chitieu_rows_merges(r, &nm);
            unsigned long line = chitieu_rows_line(r);
            for (size_t i = 0; i < nf; i++) {
                if (u8_check((const uint8_t *)fl[i], strlen(fl[i]))) abort(); /* fields are UTF-8 */
                (void)chitieu_rows_flags(r, i);
                (void)chitieu_rows_where(r, i, where, sizeof where);
                const char *shown = chitieu_rows_shown(r, i, words, sizeof words);
                if (shown && (!(chitieu_rows_flags(r, i) & CHITIEU_FIELD_NUMBER) ||
                              (strspn(fl[i], "0123456789.-+Ee") == strlen(fl[i]) && !strstr(shown, fl[i]))))
                    abort(); /* only a number cell shows words, and its text holds the stored number */
                if (chitieu_rows_merged(r, i, &m)) {
                    if (m.row1 > line || m.row2 < line || m.col1 > i || m.col2 < i) abort(); /* not covering it */
                    (void)strlen(chitieu_xlsx_range_ref(ref, sizeof ref, &m));
                }
                if (line > 1 && chitieu_rows_merged_at(r, line - 1, i, &m) &&
                    (m.row1 > line - 1 || m.row2 < line - 1 || m.col1 > i || m.col2 < i))
                    abort();
            }
        }
        const char *was = NULL, *reads = NULL, *font = NULL;
        if (chitieu_rows_tcvn3(r, &was, &reads, &font) &&
            (!was || !reads || u8_check((const uint8_t *)was, strlen(was)) ||
             u8_check((const uint8_t *)reads, strlen(reads)) || (!all && !font) ||
             (font && chitieu_tcvn3_font(font) == CHITIEU_TCVN3_NO)))
            abort(); /* a sample of the text read as TCVN3, in UTF-8, and the ABC font that said so */
        chitieu_rows_free(r);
        chitieu_load_opts o;
        chitieu_load_opts_init(&o);
        o.dry_run = 1;
        o.encoding = all ? "tcvn3" : NULL;
        chitieu_load_report *rep = NULL;
        const char *files[] = {path};
        (void)chitieu_load_files(&rep, st, files, 1, &o);
        chitieu_load_report_free(rep);
    }
    remove(path);
    return 0;
}
