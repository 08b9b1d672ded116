/* fuzz_num.c — libFuzzer harness: number and year parsing (engine/num.c), with and without the
 * decimal comma; a parsed number must be finite. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "chitieu/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 256) return 0;
    char s[260];
    memcpy(s, data + 1, size - 1);
    s[size - 1] = 0;
    double v;
    if (chitieu_num_parse(&v, s, data[0] & 1) == 0 && !isfinite(v)) abort(); /* NaN/Inf must be refused */
    int y;
    if (chitieu_num_parse_year(&y, s) == 0 && (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)) abort();
    return 0;
}
