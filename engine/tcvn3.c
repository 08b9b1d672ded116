/*
 * tcvn3.c — text typed in a TCVN3 (ABC) font, read as Unicode (chitieu/tcvn3.h).
 *
 * The table is TCVN 5712:1993.  The standard has three tables: VN1 (every one
 * of the 134 letters, some capitals in the control ranges 0x01-0x17 and
 * 0x80-0x9F), VN2 and VN3, the one the ABC fonts (.VnTime) and Unikey's
 * "TCVN3 (ABC)" type: ASCII, the lower-case letters, and of the capitals only
 * Ă Â Ê Ô Ơ Ư Đ (0xA1-0xA7); a capital with a tone mark exists only as the
 * lower-case letter in a capital font (.VnTimeH).  VN3 agrees with VN1 (glibc's
 * "TCVN5712-1") on every byte it uses; tests/test_tcvn3.c checks each against
 * glibc.  For the bytes VN3 leaves free:
 *   - 0x80-0x9F and 0xAF, 0xBA, 0xBF, 0xC0-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF read as VN1's capitals
 *     (no ABC font types them; a file that has them was written with VN1, the only table that defines them);
 *   - 0x01-0x17, VN1's other capitals, stay control characters: ASCII is never changed;
 *   - 0xB0-0xB4, VN1's combining tone marks, stay ° ± ² ³ ´ (the ABC fonts type precomposed letters, and
 *     "°C" in a heading is a degree);
 *   - 0xA0 stays a no-break space.
 */
#include <string.h>

#include "chitieu/tcvn3.h"

/* The code point of each byte 0x80-0xFF; 0: the byte's own (Latin-1). */
static const uint16_t high[128] = {
#define B(byte, cp) [(byte) - 0x80] = (cp)
    /* capitals VN3 has, and đ */
    B(0xA1, 0x0102), B(0xA2, 0x00C2), B(0xA3, 0x00CA), B(0xA4, 0x00D4), B(0xA5, 0x01A0), B(0xA6, 0x01AF),
    B(0xA7, 0x0110), B(0xAE, 0x0111),
    /* each vowel: the letter itself, then with grave, hook, tilde, acute, dot below */
    /* a */ B(0xB5, 0x00E0), B(0xB6, 0x1EA3), B(0xB7, 0x00E3), B(0xB8, 0x00E1), B(0xB9, 0x1EA1),
    /* ă */ B(0xA8, 0x0103), B(0xBB, 0x1EB1), B(0xBC, 0x1EB3), B(0xBD, 0x1EB5), B(0xBE, 0x1EAF), B(0xC6, 0x1EB7),
    /* â */ B(0xA9, 0x00E2), B(0xC7, 0x1EA7), B(0xC8, 0x1EA9), B(0xC9, 0x1EAB), B(0xCA, 0x1EA5), B(0xCB, 0x1EAD),
    /* e */ B(0xCC, 0x00E8), B(0xCE, 0x1EBB), B(0xCF, 0x1EBD), B(0xD0, 0x00E9), B(0xD1, 0x1EB9),
    /* ê */ B(0xAA, 0x00EA), B(0xD2, 0x1EC1), B(0xD3, 0x1EC3), B(0xD4, 0x1EC5), B(0xD5, 0x1EBF), B(0xD6, 0x1EC7),
    /* i */ B(0xD7, 0x00EC), B(0xD8, 0x1EC9), B(0xDC, 0x0129), B(0xDD, 0x00ED), B(0xDE, 0x1ECB),
    /* o */ B(0xDF, 0x00F2), B(0xE1, 0x1ECF), B(0xE2, 0x00F5), B(0xE3, 0x00F3), B(0xE4, 0x1ECD),
    /* ô */ B(0xAB, 0x00F4), B(0xE5, 0x1ED3), B(0xE6, 0x1ED5), B(0xE7, 0x1ED7), B(0xE8, 0x1ED1), B(0xE9, 0x1ED9),
    /* ơ */ B(0xAC, 0x01A1), B(0xEA, 0x1EDD), B(0xEB, 0x1EDF), B(0xEC, 0x1EE1), B(0xED, 0x1EDB), B(0xEE, 0x1EE3),
    /* u */ B(0xEF, 0x00F9), B(0xF1, 0x1EE7), B(0xF2, 0x0169), B(0xF3, 0x00FA), B(0xF4, 0x1EE5),
    /* ư */ B(0xAD, 0x01B0), B(0xF5, 0x1EEB), B(0xF6, 0x1EED), B(0xF7, 0x1EEF), B(0xF8, 0x1EE9), B(0xF9, 0x1EF1),
    /* y */ B(0xFA, 0x1EF3), B(0xFB, 0x1EF7), B(0xFC, 0x1EF9), B(0xFD, 0x00FD), B(0xFE, 0x1EF5),
    /* VN1's capitals in the bytes VN3 leaves free */
    B(0x80, 0x00C0), B(0x81, 0x1EA2), B(0x82, 0x00C3), B(0x83, 0x00C1), B(0x84, 0x1EA0), B(0x85, 0x1EB6),
    B(0x86, 0x1EAC), B(0x87, 0x00C8), B(0x88, 0x1EBA), B(0x89, 0x1EBC), B(0x8A, 0x00C9), B(0x8B, 0x1EB8),
    B(0x8C, 0x1EC6), B(0x8D, 0x00CC), B(0x8E, 0x1EC8), B(0x8F, 0x0128), B(0x90, 0x00CD), B(0x91, 0x1ECA),
    B(0x92, 0x00D2), B(0x93, 0x1ECE), B(0x94, 0x00D5), B(0x95, 0x00D3), B(0x96, 0x1ECC), B(0x97, 0x1ED8),
    B(0x98, 0x1EDC), B(0x99, 0x1EDE), B(0x9A, 0x1EE0), B(0x9B, 0x1EDA), B(0x9C, 0x1EE2), B(0x9D, 0x00D9),
    B(0x9E, 0x1EE6), B(0x9F, 0x0168), B(0xAF, 0x1EB0), B(0xBA, 0x1EB2), B(0xBF, 0x1EB4), B(0xC0, 0x1EAE),
    B(0xC1, 0x1EA6), B(0xC2, 0x1EA8), B(0xC3, 0x1EAA), B(0xC4, 0x1EA4), B(0xC5, 0x1EC0), B(0xCD, 0x1EC2),
    B(0xD9, 0x1EC4), B(0xDA, 0x1EBE), B(0xDB, 0x1ED2), B(0xE0, 0x1ED4), B(0xF0, 0x1ED6), B(0xFF, 0x1ED0),
#undef B
};

uint32_t chitieu_tcvn3_char(unsigned char b)
{
    return b >= 0x80 && high[b - 0x80] ? high[b - 0x80] : b;
}

/* The capital of c, for the letters the table gives and ASCII; any other character as it is. */
static uint32_t capital(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
        return c - 0x20;
    switch (c) {
    case 0x0103: case 0x0111: case 0x0129: case 0x0169: case 0x01A1: case 0x01B0: return c - 1;
    default: return c >= 0x1EA0 && c <= 0x1EF9 && (c & 1) ? c - 1 : c;
    }
}

int chitieu_tcvn3_encoding(const char *name)
{
    static const char want[] = "tcvn3";
    size_t i = 0;
    while (name && i < sizeof want - 1 && (name[i] | 0x20) == want[i])
        i++;
    return name && i == sizeof want - 1 && !name[i];
}

int chitieu_tcvn3_font(const char *name)
{
    if (!name || strncmp(name, ".", 1) != 0 || (name[1] != 'V' && name[1] != 'v') || (name[2] != 'N' && name[2] != 'n'))
        return CHITIEU_TCVN3_NO;
    size_t n = strlen(name);
    while (n > 3 && name[n - 1] == ' ')
        n--;
    return n > 3 && name[n - 1] == 'H' ? CHITIEU_TCVN3_UPPER : CHITIEU_TCVN3_LOWER;
}

/* The next character of UTF-8 text at *p (end e), if it is U+0000..U+00FF: its value, *p past it; -1 otherwise. */
static int next_latin1(const unsigned char **p, const unsigned char *e)
{
    const unsigned char *s = *p;
    if (s[0] < 0x80) {
        *p = s + 1;
        return s[0];
    }
    if ((s[0] != 0xC2 && s[0] != 0xC3) || s + 1 >= e || (s[1] & 0xC0) != 0x80)
        return -1;
    *p = s + 2;
    return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
}

/* c as UTF-8 at out[k..] when it fits before n - 1: the new length, or 0 when it does not fit. */
static size_t put_utf8(char *out, size_t n, size_t k, uint32_t c)
{
    unsigned char u[3];
    size_t w = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (w == 1)
        u[0] = (unsigned char)c;
    else if (w == 2) {
        u[0] = (unsigned char)(0xC0 | c >> 6);
        u[1] = (unsigned char)(0x80 | (c & 0x3F));
    } else {
        u[0] = (unsigned char)(0xE0 | c >> 12);
        u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (c & 0x3F));
    }
    if (k + w >= n)
        return 0;
    memcpy(out + k, u, w);
    return k + w;
}

long chitieu_tcvn3_read(char *out, size_t n, const char *in, size_t len, int upper)
{
    if (!n)
        return -2;
    out[0] = '\0';
    const unsigned char *p = (const unsigned char *)in, *e = p + len;
    for (const unsigned char *q = p; q < e;) /* refused before anything is written */
        if (next_latin1(&q, e) < 0)
            return -1;
    size_t k = 0;
    while (p < e) {
        uint32_t c = chitieu_tcvn3_char((unsigned char)next_latin1(&p, e));
        size_t k2 = put_utf8(out, n, k, upper ? capital(c) : c);
        if (!k2) {
            out[0] = '\0';
            return -2;
        }
        k = k2;
    }
    out[k] = '\0';
    return (long)k;
}

int chitieu_tcvn3_changes(const char *in, int upper)
{
    const unsigned char *p = (const unsigned char *)in, *e = p + strlen(in);
    int changes = 0;
    while (p < e) {
        int c = next_latin1(&p, e);
        if (c < 0)
            return 0;
        uint32_t r = chitieu_tcvn3_char((unsigned char)c);
        changes |= (upper ? capital(r) : r) != (uint32_t)c;
    }
    return changes;
}

int chitieu_tcvn3_sample(char *was, size_t wn, char *reads, size_t rn, const char *in, int upper)
{
    if (wn)
        was[0] = '\0';
    if (rn)
        reads[0] = '\0';
    for (const char *w = in; *w;) {
        size_t len = strcspn(w, " \t\r\n");
        if (len) {
            char word[64];
            size_t k = len < sizeof word ? len : sizeof word - 1;
            while (k && k < len && ((unsigned char)w[k] & 0xC0) == 0x80) /* cut at a character */
                k--;
            memcpy(word, w, k);
            word[k] = '\0';
            if (chitieu_tcvn3_changes(word, upper)) {
                size_t c = k < wn ? k : wn ? wn - 1 : 0;
                while (c && c < k && ((unsigned char)word[c] & 0xC0) == 0x80)
                    c--;
                if (wn) {
                    memcpy(was, word, c);
                    was[c] = '\0';
                }
                char r[CHITIEU_TCVN3_SIZE(sizeof word)];
                if (chitieu_tcvn3_read(r, sizeof r, was, c, upper) < 0 || !rn)
                    return 0;
                size_t m = strlen(r) < rn ? strlen(r) : rn - 1;
                while (m && m < strlen(r) && ((unsigned char)r[m] & 0xC0) == 0x80)
                    m--;
                memcpy(reads, r, m);
                reads[m] = '\0';
                return 1;
            }
        }
        w += len;
        w += strspn(w, " \t\r\n");
    }
    return 0;
}
