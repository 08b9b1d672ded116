/* fuzz_text.c — libFuzzer harness: a text file through the row source (engine/rows.c over csv.c): the
 * first byte chooses how it is declared (UTF-8, cp1258, windows-1252, UTF-16LE, UTF-16BE, TCVN), so the
 * iconv decoding, the guess for undeclared text and the NFC normalisation all see arbitrary bytes.
 * Every record must come back as NUL-terminated fields, and the source must stop (end or error). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "chitieu/rows.h"

static const char *const encodings[] = {NULL, "cp1258", "windows-1252", "UTF-16LE", "UTF-16BE", "TCVN5712-1"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/chitieu-fuzz-text-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    chitieu_rows_opts o = {encodings[data[0] % 6], NULL, 0};
    chitieu_rows *r;
    if (chitieu_rows_open(&r, path, "fuzz", &o) == 0) {
        size_t nf;
        char *const *fl;
        while (chitieu_rows_next(r, &nf, &fl) == 1)
            for (size_t i = 0; i < nf; i++) (void)strlen(fl[i]); /* touches every byte of every field */
        chitieu_rows_free(r);
    }
    remove(path);
    return 0;
}
