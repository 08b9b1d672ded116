/* fuzz_text.c — libFuzzer harness: a text file through the row source (engine/rows.c over csv.c): the
 * first byte chooses how it is declared (UTF-8, cp1258, windows-1252, UTF-16LE, UTF-16BE, TCVN5712-1 through
 * iconv; "tcvn3", text typed in an ABC font, engine/tcvn3.c; UTF-8 with the rows option tcvn3), so the
 * iconv decoding, the guess for undeclared text, the TCVN3 reading and the NFC normalisation all see
 * arbitrary bytes.  Every record must come back as NUL-terminated UTF-8 fields, the TCVN3 sample
 * (chitieu_rows_tcvn3) must be UTF-8 too, and the source must stop (end or error). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unistr.h>
#include "chitieu/rows.h"

static const char *const encodings[] = {NULL,       "cp1258", "windows-1252", "UTF-16LE", "UTF-16BE", "TCVN5712-1",
                                        "TCVN3",    NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/chitieu-fuzz-text-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    chitieu_rows_opts o = {encodings[data[0] % 8], NULL, data[0] % 8 == 7};
    chitieu_rows *r;
    if (chitieu_rows_open(&r, path, "fuzz", &o) == 0) {
        size_t nf;
        char *const *fl;
        while (chitieu_rows_next(r, &nf, &fl) == 1)
            for (size_t i = 0; i < nf; i++)
                if (u8_check((const uint8_t *)fl[i], strlen(fl[i]))) abort(); /* every byte of every field */
        const char *was = NULL, *reads = NULL, *font = NULL;
        if (chitieu_rows_tcvn3(r, &was, &reads, &font) &&
            (!was || !reads || font || u8_check((const uint8_t *)was, strlen(was)) ||
             u8_check((const uint8_t *)reads, strlen(reads))))
            abort(); /* a text file's sample: no font said so, the option or the encoding did */
        chitieu_rows_free(r);
    }
    remove(path);
    return 0;
}
