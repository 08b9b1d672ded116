/* fuzz_csv.c — libFuzzer harness: the CSV reader (engine/csv.c) on arbitrary bytes. Every record
 * must come back with NUL-terminated fields, and the reader must stop (end or error). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "chitieu/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chitieu_csv *csv;
    if (chitieu_csv_open_mem(&csv, (const char *)data, size, "fuzz") != 0) return 0;
    size_t nf;
    char *const *f;
    int r;
    while ((r = chitieu_csv_next(csv, &nf, &f)) == 1)
        for (size_t i = 0; i < nf; i++) (void)strlen(f[i]); /* touches every byte of every field */
    chitieu_csv_free(csv);
    return 0;
}
