/*
 * words.c — numbers and targets in words, Vietnamese or English
 * (chitieu/words.h): number formatting (decimal comma, dot groups, three
 * significant digits), the target of every shape as a planner writes it, the
 * target quantity with its unit, the 80% band, the required against the
 * recent pace, status and fixed texts of charts and the pack, dates, year
 * runs, how a rebuilt value was made, display width and cutting of text, and
 * Vietnamese collation.  Pure functions: no store, no allocation.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>
#include "chitieu/assess.h"
#include "chitieu/words.h"
#include "internal.h"

/* ---- a bounded string builder ---- */

typedef struct {
    char *b;
    size_t n, len;
    int cut; /* a text did not fit: nothing after it is added (a shorter one could, out of order) */
} sb;

static void sb_init(sb *s, char *b, size_t n)
{
    s->b = b;
    s->n = n;
    s->len = 0;
    s->cut = 0;
    if (n) b[0] = 0;
}

/* The length of the first len bytes of b without a last character they hold only part of (text cut by
 * snprintf may end inside one). */
static size_t whole_chars(const char *b, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)b[i - 1] & 0xC0) == 0x80) i--; /* continuation bytes */
    if (i == 0) return len;
    unsigned char lead = (unsigned char)b[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return len - (i - 1) < need ? i - 1 : len;
}

/* Cut a truncated buffer back to the last whole UTF-8 character. */
static void sb_fix_tail(sb *s)
{
    s->len = whole_chars(s->b, s->len);
    s->b[s->len] = 0;
}

static void sb_add(sb *s, const char *fmt, ...) CHITIEU_PRINTF(2, 3);
static void sb_add(sb *s, const char *fmt, ...)
{
    if (s->n == 0 || s->cut || s->len + 1 >= s->n) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(s->b + s->len, s->n - s->len, fmt, ap);
    va_end(ap);
    if (k < 0) { s->b[s->len] = 0; return; }
    if ((size_t)k >= s->n - s->len) {
        s->len = s->n - 1;
        s->cut = 1;
        sb_fix_tail(s);
    } else {
        s->len += (size_t)k;
    }
}

static int en(const chitieu_words_ctx *c) { return c && c->lang == CHITIEU_LANG_EN; }

/* ---- numbers ---- */

int chitieu_words_lang_parse(chitieu_lang *out, const char *s)
{
    if (s && strcmp(s, "vi") == 0) { *out = CHITIEU_LANG_VI; return CHITIEU_OK; }
    if (s && strcmp(s, "en") == 0) { *out = CHITIEU_LANG_EN; return CHITIEU_OK; }
    return chitieu__fail(CHITIEU_EINVALID, "unknown language '%s' (vi, en)", s ? s : "");
}

/* A number with grouping (see words.h). */
char *chitieu_words_number(char *buf, size_t n, double v, int decimals, chitieu_lang lang)
{
    if (!n) return buf;
    if (!isfinite(v)) { snprintf(buf, n, "–"); return buf; }
    if (decimals < 0) decimals = 0;
    if (decimals > 6) decimals = 6;
    char raw[400], out[560];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw), k = 0;
    if (v < 0 && strpbrk(raw, "123456789")) out[k++] = '-'; /* never "-0" */
    for (size_t i = 0; i < ilen; i++) {
        if (i && (ilen - i) % 3 == 0) out[k++] = lang == CHITIEU_LANG_EN ? ',' : '.';
        out[k++] = raw[i];
    }
    if (dot) {
        out[k++] = lang == CHITIEU_LANG_EN ? '.' : ',';
        for (const char *p = dot + 1; *p; p++) out[k++] = *p;
    }
    out[k] = 0;
    snprintf(buf, n, "%s", out);
    return buf;
}

/* Decimals for three significant digits (see words.h). */
int chitieu_words_decimals(double v, int min_decimals)
{
    double a = fabs(v);
    int d = 0;
    if (isfinite(a) && a > 0) {
        int mag = (int)floor(log10(a));
        d = 2 - mag;
        if (d > 0) { /* 9.996 rounds to 10.0: one digit fewer */
            double p = pow(10, d);
            if (round(a * p) / p >= pow(10, mag + 1)) d--;
        }
        if (d < 0) d = 0;
    }
    if (d < min_decimals) d = min_decimals;
    return d > 4 ? 4 : d;
}

/* Decimals of a plan's figure as written (8.5 -> 1, 99.95 -> 2, 20 -> 0; at most 6). */
static int exact_decimals(double v)
{
    if (!isfinite(v)) return 0;
    char s[400];
    snprintf(s, sizeof s, "%.9f", fabs(v)); /* 100*(1-0.8) = 19.999999999999996 -> "20.000000000" */
    char *dot = strchr(s, '.');
    if (!dot) return 0;
    size_t len = strlen(dot + 1);
    while (len && dot[len] == '0') len--;
    return len > 6 ? 6 : (int)len;
}

/* ---- units ---- */

static const char *const unit_en[][2] = {
    {"năm", "years"}, {"hoạt động", "activities"}, {"tỷ đồng", "billion VND"}, {"triệu đồng", "million VND"},
    {"nghìn đồng/người/tháng", "thousand VND per person per month"}, {"tỷ USD", "billion USD"},
    {"triệu USD", "million USD"}, {"triệu đồng/người/năm", "million VND per person per year"},
    {"triệu đồng/ha/năm", "million VND per ha per year"}, {"triệu đồng/lao động/năm", "million VND per worker per year"},
    {"triệu đồng/lao động", "million VND per worker"}, {"triệu đồng/người", "million VND per person"},
    {"triệu người", "million people"}, {"người", "people"}, {"USD PPP quốc tế", "international PPP USD"},
    {"vườn ươm", "incubators"}, {"người/km²", "people per km²"}, {"m²/người", "m² per person"}, {"lớp", "classes"},
    {"lần/năm", "times a year"}, {"kg dầu quy đổi/người", "kg of oil equivalent per person"}, {"hộ", "households"},
    {"giường/1 vạn dân", "beds per 10,000 people"}, {"bác sỹ/1 vạn dân", "doctors per 10,000 people"},
    {"doanh nghiệp", "enterprises"}, {"con/phụ nữ", "children per woman"},
    {"ca/100.000 trẻ đẻ sống", "per 100,000 live births"}, {"‰ (ca/1.000 trẻ đẻ sống)", "‰ (per 1,000 live births)"},
    {"‰ (trên 1.000 dân)", "‰ (per 1,000 people)"}, {"bé trai/1 bé gái", "boys per girl"},
    {"bé trai/100 bé gái", "boys per 100 girls"}, {"điểm (0-1)", "points (0-1)"}, {"điểm (0-100)", "points (0-100)"},
    {"% dân số 15-64 tuổi", "% of people aged 15-64"}, {"lần", "times"}, {"xã", "communes"}, {"lao động", "workers"},
    {"USD/người", "USD per person"}, {"nghìn người", "thousand people"},
};

/* The English of text s in the n pairs {Vietnamese, English} of tab, else s itself (also in Vietnamese). */
static const char *in_english(const char *const tab[][2], size_t n, const char *s, chitieu_lang lang)
{
    for (size_t i = 0; lang == CHITIEU_LANG_EN && i < n; i++)
        if (strcmp(s, tab[i][0]) == 0) return tab[i][1];
    return s;
}

const char *chitieu_words_unit(const char *unit, chitieu_lang lang)
{
    return unit ? in_english(unit_en, sizeof unit_en / sizeof unit_en[0], unit, lang) : "";
}

static const char *const goal_en[][2] = {
    {"Kinh tế", "Economy"}, {"Xã hội", "Society"}, {"Môi trường", "Environment"},
    {"Tăng trưởng xanh", "Green growth"}, {"Đô thị thông minh", "Smart city"}, {"Dân số", "Population"},
    {"Khác", "Other"},
};

/* The 17 Sustainable Development Goals by the words of their topic, the number as plans write it after them: a
 * heading "SDG 8" alone told a meeting nothing.  Vietnamese: the goals' titles in the national action plan,
 * Quyết định 622/QĐ-TTg of 10 May 2017 (published e.g. at
 * https://timtailieu.net/document/view/quyet-dinh-ban-hanh-ke-hoach-hanh-dong-quoc-gia-thuc-hien-chuong-trinh-nghi-su-2030-vi-su-phat-trien-ben-vung-160224),
 * as Bến Tre's plan 2699/QĐ-UBND, which follows it, writes them: its list of the 17 goals (seed 002, lines 104-128
 * and 136) and, for goals 14-16, where that list is out of step with the numbers, its goal headings (lines 2207,
 * 2323, 2413); letters its OCR lost are restored.  622 gives no shorter Vietnamese form, so none is made up here:
 * each title is the official one, in full.  English: the UN's short names. */
static const char *const sdg_name[17][2] = {
    {"Chấm dứt mọi hình thức nghèo ở mọi nơi (SDG 1)", "No poverty (SDG 1)"},
    {"Xóa đói, bảo đảm an ninh lương thực, cải thiện dinh dưỡng và thúc đẩy phát triển nông nghiệp bền vững (SDG 2)",
     "Zero hunger (SDG 2)"},
    {"Bảo đảm cuộc sống khỏe mạnh và tăng cường phúc lợi cho mọi người ở mọi lứa tuổi (SDG 3)",
     "Good health and well-being (SDG 3)"},
    {"Đảm bảo nền giáo dục có chất lượng, công bằng, toàn diện và thúc đẩy các cơ hội học tập suốt đời cho tất cả "
     "mọi người (SDG 4)", "Quality education (SDG 4)"},
    {"Đạt được bình đẳng giới; tăng quyền và tạo cơ hội cho phụ nữ và trẻ em gái (SDG 5)", "Gender equality (SDG 5)"},
    {"Đảm bảo đầy đủ và quản lý bền vững tài nguyên nước và hệ thống vệ sinh cho tất cả mọi người (SDG 6)",
     "Clean water and sanitation (SDG 6)"},
    {"Đảm bảo khả năng tiếp cận nguồn năng lượng bền vững, đáng tin cậy và có khả năng chi trả cho tất cả mọi người "
     "(SDG 7)", "Affordable and clean energy (SDG 7)"},
    {"Đảm bảo tăng trưởng kinh tế bền vững, toàn diện, liên tục; tạo việc làm đầy đủ, năng suất và việc làm tốt cho "
     "tất cả mọi người (SDG 8)", "Decent work and economic growth (SDG 8)"},
    {"Xây dựng cơ sở hạ tầng có khả năng chống chịu cao, thúc đẩy công nghiệp hóa bao trùm và bền vững, tăng cường "
     "đổi mới (SDG 9)", "Industry, innovation and infrastructure (SDG 9)"},
    {"Giảm bất bình đẳng trong xã hội (SDG 10)", "Reduced inequalities (SDG 10)"},
    {"Phát triển đô thị, nông thôn bền vững, có khả năng chống chịu; đảm bảo môi trường sống và làm việc an toàn; "
     "phân bố hợp lý dân cư và lao động theo vùng (SDG 11)", "Sustainable cities and communities (SDG 11)"},
    {"Đảm bảo sản xuất và tiêu dùng bền vững (SDG 12)", "Responsible consumption and production (SDG 12)"},
    {"Ứng phó kịp thời, hiệu quả với biến đổi khí hậu và thiên tai (SDG 13)", "Climate action (SDG 13)"},
    {"Bảo tồn và sử dụng bền vững đại dương, biển và nguồn lợi để phát triển bền vững (SDG 14)",
     "Life below water (SDG 14)"},
    {"Bảo vệ và phát triển rừng bền vững, bảo tồn đa dạng sinh học, phát triển dịch vụ hệ sinh thái, ngăn chặn suy "
     "thoái và phục hồi tài nguyên đất (SDG 15)", "Life on land (SDG 15)"},
    {"Thúc đẩy xã hội hòa bình, dân chủ, công bằng, bình đẳng, văn minh vì sự phát triển bền vững, tạo khả năng tiếp "
     "cận công lý cho tất cả mọi người; xây dựng các thể chế hiệu quả, có trách nhiệm giải trình và có sự tham gia ở "
     "các cấp (SDG 16)", "Peace, justice and strong institutions (SDG 16)"},
    {"Tăng cường phương thức thực hiện và thúc đẩy đối tác toàn cầu vì sự phát triển bền vững (SDG 17)",
     "Partnerships for the goals (SDG 17)"},
};

const char *chitieu_words_goal(const char *goal, chitieu_lang lang)
{
    if (!goal) return chitieu_words_text(CHITIEU_W_OTHER_GOAL, lang);
    const char *d = strncmp(goal, "SDG ", 4) ? NULL : goal + 4; /* "SDG 1" to "SDG 17", as plans write them */
    size_t nd = d ? strspn(d, "0123456789") : 0;
    int k = nd && nd <= 2 && !d[nd] && d[0] != '0' ? atoi(d) : 0;
    if (k >= 1 && k <= 17) return sdg_name[k - 1][lang == CHITIEU_LANG_EN];
    return in_english(goal_en, sizeof goal_en / sizeof goal_en[0], goal, lang);
}

/* The official English names of the agencies the shipped catalogues name (the provincial departments by their
 * names before and after the 2025 mergers, the statistics offices, the provincial branches). */
static const char *const agency_en[][2] = {
    {"Tổng cục Thống kê", "General Statistics Office"},
    {"Cục Thống kê", "Statistics Office"},
    {"Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"},
    {"Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"},
    {"Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"},
    {"Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"},
    {"Sở Y tế", "Department of Health"},
    {"Sở Công Thương", "Department of Industry and Trade"},
    {"Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"},
    {"Sở Tài chính", "Department of Finance"},
    {"Sở Xây dựng", "Department of Construction"},
    {"Sở Thông tin và Truyền thông", "Department of Information and Communications"},
    {"Sở Khoa học và Công nghệ", "Department of Science and Technology"},
    {"Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"},
    {"Sở Giáo dục và Đào tạo", "Department of Education and Training"},
    {"Sở Giao thông vận tải", "Department of Transport"},
    {"Sở Ngoại vụ", "Department of Foreign Affairs"},
    {"Sở Nội vụ", "Department of Home Affairs"},
    {"Sở Tư pháp", "Department of Justice"},
    {"Sở Dân tộc và Tôn giáo", "Department of Ethnic Minority and Religious Affairs"},
    {"Bảo hiểm xã hội tỉnh", "Provincial Social Security"},
    {"Công an tỉnh", "Provincial Police"},
    {"Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Bình Dương", "State Bank of Viet Nam, Bình Dương branch"},
    {"Các sở, ban, ngành; UBND các huyện, thị xã, thành phố",
     "Provincial departments and agencies; People's Committees of the districts, towns and cities"},
};

const char *chitieu_words_agency(const char *agency, chitieu_lang lang)
{
    return agency ? in_english(agency_en, sizeof agency_en / sizeof agency_en[0], agency, lang) : "";
}

const char *chitieu_words_pick(const char *text, const char *text_en, chitieu_lang lang)
{
    return lang == CHITIEU_LANG_EN && text_en && *text_en ? text_en : text;
}

const char *chitieu_words_note(const chitieu_indicator *ind, chitieu_lang lang)
{
    const char *n = ind ? chitieu_words_pick(ind->note, ind->note_en, lang) : NULL;
    return n && *n ? n : NULL;
}

const char *chitieu_words_permille_gloss(const char *unit)
{
    const char *g = unit && !strncmp(unit, "‰", strlen("‰")) ? unit + strlen("‰") : NULL;
    while (g && *g == ' ') g++;
    return g && *g == '(' ? g + 1 : NULL;
}

/* A share-like unit ("%", "‰ ..."): written right after the number, changes are points. */
static int is_share(const char *u) { return u && (u[0] == '%' || strncmp(u, "‰", strlen("‰")) == 0); }

/* The unit of the language for the context ("" when none). */
static const char *cunit(const chitieu_words_ctx *c) { return chitieu_words_unit(c ? c->unit : NULL, c ? c->lang : 0); }

/* Append "95%" / "9 tỷ USD": the number then its unit. */
static void add_num_unit(sb *s, const char *num, const char *unit)
{
    if (!unit || !*unit) sb_add(s, "%s", num);
    else if (is_share(unit)) sb_add(s, "%s%s", num, unit);
    else sb_add(s, "%s %s", num, unit);
}

/* Append a number, decimals d, in the context's language. */
static void add_num(sb *s, double v, int d, const chitieu_words_ctx *c)
{
    char b[96];
    sb_add(s, "%s", chitieu_words_number(b, sizeof b, v, d, c ? c->lang : CHITIEU_LANG_VI));
}

/* English counted nouns that lead a unit, plural and singular ("1 class", "1 bed per 10,000 people"). */
static const char *const noun_one[][2] = {
    {"classes", "class"}, {"activities", "activity"}, {"incubators", "incubator"}, {"enterprises", "enterprise"},
    {"households", "household"}, {"communes", "commune"}, {"workers", "worker"}, {"years", "year"},
    {"beds", "bed"}, {"doctors", "doctor"}, {"people", "person"}, {"children", "child"}, {"boys", "boy"},
};

/* Append v with decimals d and unit u; in English a unit led by a counted noun is singular after "1". */
static void add_qty(sb *s, double v, int d, const char *u, const chitieu_words_ctx *c)
{
    char b[96], one[160];
    chitieu_words_number(b, sizeof b, v, d, c ? c->lang : CHITIEU_LANG_VI);
    if (en(c) && u && !strcmp(b, "1"))
        for (size_t i = 0; i < sizeof noun_one / sizeof noun_one[0]; i++) {
            size_t k = strlen(noun_one[i][0]);
            if (!strncmp(u, noun_one[i][0], k) && (u[k] == 0 || u[k] == ' ')) {
                snprintf(one, sizeof one, "%s%s", noun_one[i][1], u + k);
                u = chitieu_words_cut(one, sizeof one, one, sizeof one); /* a long unit: at a whole character */
                break;
            }
        }
    add_num_unit(s, b, u);
}

/* A flow per year of unit u: "tỷ USD/năm", "người/năm"; "triệu đồng/người mỗi năm" when u has a
 * slash, bracket or " per " already ("USD per person a year"), "năm mỗi năm" for years. */
static const char *unit_year(char *buf, size_t n, const char *u, int e)
{
    if (!*u) snprintf(buf, n, "%s", e ? "a year" : "mỗi năm");
    else if (strpbrk(u, "/(") || strstr(u, " per ") || !strcmp(u, "năm") || !strcmp(u, "years"))
        snprintf(buf, n, e ? "%s a year" : "%s mỗi năm", u);
    else snprintf(buf, n, e ? "%s/yr" : "%s/năm", u);
    return chitieu_words_cut(buf, n, buf, n); /* a long unit cut by snprintf: at a whole character */
}

/* The unit of a change per year of the indicator: "điểm %/năm" for a share, a per-mille's gloss per year
 * ("ca/1.000 trẻ đẻ sống mỗi năm" for "‰ (ca/1.000 trẻ đẻ sống)", not "điểm ‰ (…) mỗi năm"), else unit_year. */
static const char *per_year(char *buf, size_t n, const chitieu_words_ctx *c)
{
    const char *u = cunit(c);
    int e = en(c);
    if (!is_share(u)) return unit_year(buf, n, u, e);
    const char *g = chitieu_words_permille_gloss(u), *close;
    if (strcmp(u, "%") == 0) snprintf(buf, n, "%s", e ? "points/yr" : "điểm %/năm");
    else if (u[0] == '%') snprintf(buf, n, e ? "points (%s) a year" : "điểm %s mỗi năm", u);
    else if (g && (close = strrchr(g, ')')) && close[1] == 0 && close > g) /* its gloss per year */
        snprintf(buf, n, e ? "%.*s a year" : "%.*s mỗi năm", (int)(close - g), g);
    else snprintf(buf, n, "%s", e ? "per-mille points/yr" : "điểm ‰/năm");
    return chitieu_words_cut(buf, n, buf, n);
}

static const char *pct_year(const chitieu_words_ctx *c) { return en(c) ? "%/yr" : "%/năm"; }
static const char *points_year(const chitieu_words_ctx *c) { return en(c) ? "points/yr" : "điểm %/năm"; }

/* ---- targets ---- */

/* A ratio target read as a reduction: every bound present is at most 1 ("down 20-25%"). */
static int reduction(const chitieu_target *t)
{
    return t->shape == CHITIEU_SHAPE_RATIO_TO_BASE && (!isnan(t->low) || !isnan(t->high)) &&
           (isnan(t->low) || t->low <= 1) && (isnan(t->high) || t->high <= 1);
}

/* Bounds in the units a reader sees: a reduction's 0.75-0.80 is 20-25 (%). */
static void shown_bounds(const chitieu_target *t, double *lo, double *hi)
{
    *lo = t->low;
    *hi = t->high;
    if (reduction(t)) {
        *lo = isnan(t->high) ? NAN : 100 * (1 - t->high);
        *hi = isnan(t->low) ? NAN : 100 * (1 - t->low);
    }
}

/* Decimals of the bounds as written (the least a quantity compared with them shows). */
static int bound_decimals(const chitieu_target *t)
{
    double lo, hi;
    shown_bounds(t, &lo, &hi);
    int a = isnan(lo) ? 0 : exact_decimals(lo), b = isnan(hi) ? 0 : exact_decimals(hi);
    return a > b ? a : b;
}

/* Append a range "75–80" (" đến "/" to " when the low end is negative), then the unit. */
static void add_range(sb *s, double lo, double hi, int dlo, int dhi, const char *u, const chitieu_words_ctx *c)
{
    add_num(s, lo, dlo, c);
    sb_add(s, "%s", lo < 0 ? (en(c) ? " to " : " đến ") : "–");
    add_qty(s, hi, dhi, u, c);
}

/* Append bounds as written: "≥ 95%", "≤ 2,5%", "75–80%". */
static void add_bounds(sb *s, double lo, double hi, const char *u, const chitieu_words_ctx *c)
{
    if (!isnan(lo) && !isnan(hi)) add_range(s, lo, hi, exact_decimals(lo), exact_decimals(hi), u, c);
    else if (!isnan(lo)) { sb_add(s, "≥ "); add_qty(s, lo, exact_decimals(lo), u, c); }
    else if (!isnan(hi)) { sb_add(s, "≤ "); add_qty(s, hi, exact_decimals(hi), u, c); }
}

/* Append signed change bounds in words: "tăng ≥ 7%/năm", "giảm 10–15%/năm", "giảm ≤ 15%/năm"
 * (English "growth"/"fall" in a target, see up/down). */
static void add_change_bounds(sb *s, double lo, double hi, const char *u, const char *up, const char *down,
                              const chitieu_words_ctx *c)
{
    if (!isnan(lo) && !isnan(hi)) {
        if (lo >= 0) { sb_add(s, "%s ", up); add_bounds(s, lo, hi, u, c); }
        else if (hi <= 0) { sb_add(s, "%s ", down); add_bounds(s, -hi, -lo, u, c); }
        else {
            sb_add(s, en(c) ? "between %s " : "từ %s ", down);
            add_num(s, -lo, exact_decimals(lo), c);
            sb_add(s, en(c) ? " and %s " : " đến %s ", up);
            add_qty(s, hi, exact_decimals(hi), u, c);
        }
    } else if (!isnan(lo)) {
        if (lo >= 0) { sb_add(s, "%s ", up); add_bounds(s, lo, NAN, u, c); }
        else { sb_add(s, "%s ", down); add_bounds(s, NAN, -lo, u, c); }
    } else if (!isnan(hi)) {
        if (hi <= 0) { sb_add(s, "%s ", down); add_bounds(s, -hi, NAN, u, c); }
        else { sb_add(s, "%s ", up); add_bounds(s, NAN, hi, u, c); }
    }
}

/* Append a period "2021–2025", or "2021" when it is one year. */
static void add_period(sb *s, int from, int to)
{
    if (from && from < to) sb_add(s, "%d–%d", from, to);
    else sb_add(s, "%d", to);
}

/* The versus series' name (exceeds). */
static const char *versus_name(const chitieu_words_ctx *c)
{
    if (c && c->versus_name && *c->versus_name) return c->versus_name;
    return en(c) ? "the comparison series" : "chỉ tiêu so sánh";
}

/* Append a series' name inside a sentence: a capital first letter before a small one is lowered
 * ("Thu nhập ..." -> "thu nhập ...", "Đô thị" -> "đô thị", "Ước tính" -> "ước tính"); acronyms and names in
 * capitals ("GRDP ...", "TỔNG SẢN PHẨM") stay as written. */
static void add_name_mid(sb *s, const char *name)
{
    const uint8_t *u = (const uint8_t *)name;
    size_t n = strlen(name);
    ucs4_t c1 = 0, c2 = 0;
    int k1 = n ? u8_mbtouc(&c1, u, n) : 0, k2 = n > (size_t)k1 ? u8_mbtouc(&c2, u + k1, n - (size_t)k1) : 0;
    uint8_t low[8];
    int kl = k1 && k2 && uc_tolower(c1) != c1 && uc_toupper(c2) != c2 ? u8_uctomb(low, uc_tolower(c1), sizeof low) : -1;
    if (kl > 0)
        sb_add(s, "%.*s%s", kl, (const char *)low, name + k1);
    else
        sb_add(s, "%s", name);
}

/* The target in words (see words.h). */
char *chitieu_words_target(char *buf, size_t n, const chitieu_target *t, const chitieu_words_ctx *c)
{
    sb s;
    sb_init(&s, buf, n);
    if (!t) return buf;
    int e = en(c), y = t->year, f = t->from;
    const char *u = cunit(c);
    char pu[96];
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
        if (e) { add_bounds(&s, t->low, t->high, u, c); sb_add(&s, " in %d", y); }
        else {
            sb_add(&s, "năm %d %s", y, !isnan(t->low) && !isnan(t->high) ? "trong khoảng " : "");
            add_bounds(&s, t->low, t->high, u, c);
        }
        break;
    case CHITIEU_SHAPE_EACH_YEAR:
        if (e) {
            add_bounds(&s, t->low, t->high, u, c);
            if (f && f < y) sb_add(&s, " every year %d–%d", f, y);
            else sb_add(&s, " in %d", y);
        } else {
            if (f && f < y) sb_add(&s, "mỗi năm %d–%d ", f, y);
            else sb_add(&s, "năm %d ", y);
            if (!isnan(t->low) && !isnan(t->high)) sb_add(&s, "trong khoảng ");
            add_bounds(&s, t->low, t->high, u, c);
        }
        break;
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_RATE:
        if (e) {
            sb_add(&s, "average ");
            add_change_bounds(&s, t->low, t->high, pct_year(c), "growth", "fall", c);
            sb_add(&s, " ");
            add_period(&s, f, y);
        } else {
            sb_add(&s, "bình quân ");
            add_period(&s, f, y);
            sb_add(&s, " ");
            add_change_bounds(&s, t->low, t->high, pct_year(c), "tăng", "giảm", c);
        }
        break;
    case CHITIEU_SHAPE_AVG_CHANGE:
        per_year(pu, sizeof pu, c);
        if (e) {
            sb_add(&s, "average ");
            add_change_bounds(&s, t->low, t->high, pu, "rise", "fall", c);
            sb_add(&s, " ");
            add_period(&s, f, y);
        } else {
            sb_add(&s, "bình quân ");
            add_period(&s, f, y);
            sb_add(&s, " ");
            add_change_bounds(&s, t->low, t->high, pu, "tăng", "giảm", c);
        }
        break;
    case CHITIEU_SHAPE_RATIO_TO_BASE: {
        double lo, hi;
        shown_bounds(t, &lo, &hi);
        if (reduction(t)) {
            if (e) { sb_add(&s, "down "); add_bounds(&s, lo, hi, "%", c); sb_add(&s, " on %d in %d", f, y); }
            else { sb_add(&s, "năm %d giảm ", y); add_bounds(&s, lo, hi, "%", c); sb_add(&s, " so với năm %d", f); }
        } else if (e) {
            add_bounds(&s, lo, hi, "times", c);
            sb_add(&s, " %d in %d", f, y);
        } else {
            sb_add(&s, "năm %d gấp ", y);
            add_bounds(&s, lo, hi, "lần", c);
            sb_add(&s, " năm %d", f);
        }
        break;
    }
    case CHITIEU_SHAPE_CUMULATIVE:
        sb_add(&s, "%s ", e ? "total" : "tổng");
        add_period(&s, f, y);
        sb_add(&s, " ");
        add_bounds(&s, t->low, t->high, u, c);
        break;
    case CHITIEU_SHAPE_EXCEEDS:
        if (e) {
            sb_add(&s, "growth ");
            if (!isnan(t->low)) { add_bounds(&s, t->low, NAN, points_year(c), c); sb_add(&s, " "); }
            sb_add(&s, "faster than ");
            add_name_mid(&s, versus_name(c));
            sb_add(&s, ", ");
            add_period(&s, f, y);
        } else {
            add_period(&s, f, y);
            sb_add(&s, " tăng nhanh hơn ");
            add_name_mid(&s, versus_name(c));
            if (!isnan(t->low)) { sb_add(&s, " "); add_bounds(&s, t->low, NAN, points_year(c), c); }
        }
        break;
    default:
        sb_add(&s, "?");
        break;
    }
    return buf;
}

/* ---- quantities ---- */

/* Append the label of a quantity over from..through: "bình quân 2021–2024", "năm 2025", ... */
static void add_label(sb *s, const chitieu_target *t, int through, const chitieu_words_ctx *c)
{
    int e = en(c), f = t->from;
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
        sb_add(s, e ? "%d" : "năm %d", through);
        break;
    case CHITIEU_SHAPE_EACH_YEAR:
        if (f && f < through) {
            sb_add(s, "%s ", e ? (!isnan(t->low) ? "lowest" : "highest")
                               : (!isnan(t->low) ? "thấp nhất" : "cao nhất"));
            add_period(s, f, through);
        } else {
            sb_add(s, e ? "%d" : "năm %d", through);
        }
        break;
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_RATE: case CHITIEU_SHAPE_AVG_CHANGE:
        if (f && f < through) { sb_add(s, "%s ", e ? "average" : "bình quân"); add_period(s, f, through); }
        else sb_add(s, e ? "%d" : "năm %d", through);
        break;
    case CHITIEU_SHAPE_RATIO_TO_BASE:
        sb_add(s, e ? "%d vs %d" : "năm %d so với năm %d", through, f);
        break;
    case CHITIEU_SHAPE_CUMULATIVE:
        sb_add(s, "%s ", e ? "total" : "tổng");
        add_period(s, f, through);
        break;
    default:
        add_period(s, f, through);
        break;
    }
}

/* Append a signed value in words: "tăng 5,8%/năm" / "up 5.8%/yr"; u after the number. */
static void add_signed(sb *s, double v, int d, const char *u, const chitieu_words_ctx *c)
{
    char b[96];
    chitieu_words_number(b, sizeof b, fabs(v), d, c ? c->lang : CHITIEU_LANG_VI);
    int zero = strpbrk(b, "123456789") == NULL;
    if (!zero) sb_add(s, "%s ", v > 0 ? (en(c) ? "up" : "tăng") : (en(c) ? "down" : "giảm"));
    add_num_unit(s, b, u);
}

/* Append the value of quantity q (decimals d) as the shape reads it. */
static void add_value(sb *s, const chitieu_target *t, double q, int d, const chitieu_words_ctx *c)
{
    char pu[96];
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: add_signed(s, q, d, pct_year(c), c); break;
    case CHITIEU_SHAPE_AVG_RATE: add_qty(s, q, d, pct_year(c), c); break;
    case CHITIEU_SHAPE_AVG_CHANGE: add_signed(s, q, d, per_year(pu, sizeof pu, c), c); break;
    case CHITIEU_SHAPE_RATIO_TO_BASE:
        if (reduction(t)) add_signed(s, -100 * (1 - q), d, "%", c);
        else if (en(c)) add_qty(s, q, d, "times", c);
        else { sb_add(s, "gấp "); add_qty(s, q, d, "lần", c); }
        break;
    case CHITIEU_SHAPE_EXCEEDS: {
        char b[96];
        chitieu_words_number(b, sizeof b, fabs(q), d, c ? c->lang : CHITIEU_LANG_VI);
        if (en(c)) sb_add(s, "%s points/yr %s", b, q >= 0 ? "faster" : "slower");
        else sb_add(s, "%s %s điểm %%/năm", q >= 0 ? "nhanh hơn" : "chậm hơn", b);
        break;
    }
    default: add_qty(s, q, d, cunit(c), c); break;
    }
}

/* The number shown for quantity q: a reduction shows 100*(1-q). */
static double shown(const chitieu_target *t, double q) { return reduction(t) ? 100 * (1 - q) : q; }

/* Whether v, shown with d decimals, reads as the bound b though it is not b. */
static int rounds_onto(double v, double b, int d)
{
    if (isnan(b) || v == b) return 0;
    double p = pow(10, d);
    return round(v * p) / p == round(b * p) / p;
}

/* Decimals of a figure v (as the reader sees it) of target t: three significant digits, at least min; one
 * more when v is an observed figure (a level, not a derived change) written with exactly one more (181.2
 * reads 181,2 whatever the target);
 * and, when against_bounds, more (at most 4) until v does not read as a bound it is not (99.99 beside >= 100). */
static int figure_decimals(const chitieu_target *t, double v, int min, int observed, int against_bounds)
{
    int d = chitieu_words_decimals(v, min);
    if (observed && exact_decimals(v) == d + 1) d++;
    double lo, hi;
    shown_bounds(t, &lo, &hi);
    while (against_bounds && d < 4 && (rounds_onto(v, lo, d) || rounds_onto(v, hi, d))) d++;
    return d;
}

char *chitieu_words_quantity(char *buf, size_t n, const chitieu_target *t, int through, double q, int projected,
                             const chitieu_words_ctx *c)
{
    sb s;
    sb_init(&s, buf, n);
    if (!t || isnan(q)) return buf;
    add_label(&s, t, through, c);
    if (projected) sb_add(&s, en(c) ? " (forecast)" : " (dự báo)");
    sb_add(&s, ": ");
    add_value(&s, t, q, figure_decimals(t, shown(t, q), bound_decimals(t),
                                        !projected && (t->shape == CHITIEU_SHAPE_AT_LEAST ||
                                                       t->shape == CHITIEU_SHAPE_AT_MOST ||
                                                       t->shape == CHITIEU_SHAPE_RANGE ||
                                                       t->shape == CHITIEU_SHAPE_EACH_YEAR), 1), c);
    return buf;
}

char *chitieu_words_band(char *buf, size_t n, const chitieu_target *t, double point, double lo, double hi,
                         const chitieu_words_ctx *c)
{
    sb s;
    sb_init(&s, buf, n);
    if (!t || isnan(lo) || isnan(hi)) return buf;
    int d = chitieu_words_decimals(shown(t, isnan(point) ? hi : point), bound_decimals(t));
    char pu[96];
    const char *u;
    sb_add(&s, "%s: ", en(c) ? "80% forecast range" : "khoảng dự báo 80%");
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_RATE: u = pct_year(c); break;
    case CHITIEU_SHAPE_AVG_CHANGE: u = per_year(pu, sizeof pu, c); break;
    case CHITIEU_SHAPE_EXCEEDS: u = points_year(c); break;
    case CHITIEU_SHAPE_RATIO_TO_BASE:
        if (reduction(t)) { /* the larger ratio is the smaller reduction */
            double a = 100 * (1 - hi), b = 100 * (1 - lo);
            if (a >= 0) { sb_add(&s, "%s ", en(c) ? "down" : "giảm"); add_range(&s, a, b, d, d, "%", c); }
            else add_range(&s, -b, -a, d, d, "%", c); /* signed change in % */
            return buf;
        }
        u = en(c) ? "times" : "lần";
        break;
    default: u = cunit(c); break;
    }
    add_range(&s, lo, hi, d, d, u, c);
    return buf;
}

char *chitieu_words_last(char *buf, size_t n, const chitieu_assessment *a, const chitieu_words_ctx *c)
{
    sb s;
    sb_init(&s, buf, n);
    if (!a || !a->last_year || isnan(a->last_value)) return buf;
    chitieu_shape sh = a->target.shape;
    int level = sh == CHITIEU_SHAPE_AT_LEAST || sh == CHITIEU_SHAPE_AT_MOST || sh == CHITIEU_SHAPE_RANGE ||
                sh == CHITIEU_SHAPE_EACH_YEAR || sh == CHITIEU_SHAPE_AVG_RATE;
    /* a level is compared with the bounds (99,99 is not "100%" beside >= 100%); other shapes' bounds are paces */
    add_qty(&s, a->last_value,
            figure_decimals(&a->target, a->last_value, level ? bound_decimals(&a->target) : 0, 1, level), cunit(c), c);
    sb_add(&s, " (%d)", a->last_year);
    return buf;
}

/* A probability from sample paths in words (see words.h): never 0% or 100%. */
char *chitieu_words_probability(char *buf, size_t n, double p, chitieu_lang lang)
{
    int e = lang == CHITIEU_LANG_EN;
    if (!n) return buf;
    if (isnan(p)) buf[0] = 0;
    else if (p < 0.01) snprintf(buf, n, "%s", e ? "below 1%" : "dưới 1%");
    else if (p > 0.99) snprintf(buf, n, "%s", e ? "above 99%" : "trên 99%");
    else snprintf(buf, n, "%.0f%%", 100 * p);
    return buf;
}

/* The years t needs that s lacks up to its last figure (a projection does not fill a gap), at most max. */
static size_t missing_years(int *out, size_t max, const chitieu_target *t, const chitieu_series *s)
{
    size_t m = 0;
    int last = s && s->n ? s->years[s->n - 1] : 0;
    for (int yr = chitieu_assess_first_year(t); yr <= t->year && yr <= last && m < max; yr++)
        if (chitieu_assess_uses_year(t, yr) && chitieu_series_find(s, yr) < 0) out[m++] = yr;
    return m;
}

/* Append "năm 2018" / "các năm 2016–2019, 2021" ("2018" / "2016–2019, 2021" in English). */
static void add_years(sb *s, const int *ys, size_t m, const chitieu_words_ctx *c)
{
    char yb[400];
    chitieu_words_years(yb, sizeof yb, ys, m);
    if (en(c)) sb_add(s, "%s", yb);
    else sb_add(s, "%s %s", m > 1 ? "các năm" : "năm", yb);
}

/* Why a target has no assessment, in words (see words.h). */
char *chitieu_words_no_data(char *buf, size_t n, const chitieu_target *t, const chitieu_series *s,
                            const chitieu_series *versus, const chitieu_words_ctx *c)
{
    sb b;
    sb_init(&b, buf, n);
    if (!t) return buf;
    int ys[64], e = en(c);
    size_t m;
    if (!s || s->n == 0) {
        sb_add(&b, "%s", e ? "no figures yet" : "chưa có số liệu");
    } else if ((m = missing_years(ys, 64, t, s)) > 0) { /* under the status "Thiếu số liệu": not its words again */
        sb_add(&b, "%s ", e ? (m > 1 ? "no figures for" : "no figure for") : "chưa có số liệu");
        add_years(&b, ys, m, c);
    } else if (t->shape == CHITIEU_SHAPE_EXCEEDS && (!versus || versus->n == 0)) {
        sb_add(&b, "%s", e ? "no figures yet for " : "chưa có số liệu ");
        add_name_mid(&b, versus_name(c));
    } else if (t->shape == CHITIEU_SHAPE_EXCEEDS && (m = missing_years(ys, 64, t, versus)) > 0) {
        sb_add(&b, "%s ", e ? (m > 1 ? "no figures for" : "no figure for") : "chưa có số liệu");
        add_years(&b, ys, m, c);
        sb_add(&b, "%s", e ? " of " : " của ");
        add_name_mid(&b, versus_name(c));
    } else if (s->n < 3) {
        sb_add(&b, "%s ", e ? "figures for" : "mới có số liệu");
        add_years(&b, s->years, s->n < 64 ? s->n : 64, c);
        sb_add(&b, "%s", e ? " only; a forecast needs at least 3 years" : "; cần ít nhất 3 năm để dự báo");
    } else {
        sb_add(&b, "%s", e ? "too few figures for a forecast" : "chưa đủ số liệu để dự báo");
    }
    return buf;
}

/* ---- paces ---- */

/* Append the years first..year still to come: " trong năm 2025" / " in 2025" (then the value is
 * that year's, unit u1), or "/năm trong các năm 2024–2025" (a value per year, unit u). */
static void add_needed_each_year(sb *s, double v, const char *u1, const char *u, int first, int year,
                                 const chitieu_words_ctx *c)
{
    int d = chitieu_words_decimals(v, 0);
    if (year > first) {
        add_qty(s, v, d, u, c);
        sb_add(s, en(c) ? " in %d–%d" : " trong các năm %d–%d", first, year);
    } else {
        add_qty(s, v, d, u1, c);
        sb_add(s, en(c) ? " in %d" : " trong năm %d", year);
    }
}

/* Append a pace with a sign: vi "tăng 4,8 u", en "+4.8 u". */
static void add_pace_signed(sb *s, double v, const char *u, const chitieu_words_ctx *c)
{
    int d = chitieu_words_decimals(v, 0);
    if (!en(c)) { add_signed(s, v, d, u, c); return; }
    char b[96];
    chitieu_words_number(b, sizeof b, fabs(v), d, CHITIEU_LANG_EN);
    sb_add(s, "%s", strpbrk(b, "123456789") ? (v > 0 ? "+" : "-") : "");
    add_num_unit(s, b, u);
}

/* Whether the last figure already meets a level target's bounds. */
static int level_met(const chitieu_assessment *a)
{
    double v = a->last_value;
    const chitieu_target *t = &a->target;
    return (isnan(t->low) || v >= t->low) && (isnan(t->high) || v <= t->high);
}

char *chitieu_words_pace(char *buf, size_t n, const chitieu_assessment *a, const chitieu_words_ctx *c)
{
    sb s;
    sb_init(&s, buf, n);
    if (!a || !a->last_year || a->status == CHITIEU_STATUS_ACHIEVED || a->status == CHITIEU_STATUS_MISSED ||
        a->target.year <= a->last_year || a->target.shape == CHITIEU_SHAPE_EXCEEDS)
        return buf;
    const chitieu_target *t = &a->target;
    double req = a->required_pace, obs = a->observed_pace;
    int e = en(c);
    int first = t->from > a->last_year + 1 ? t->from : a->last_year + 1; /* a period may start after it */
    char pu[96];
    const char *u;
    int signed_words = 1; /* changes read "tăng/giảm"; rates and flows are plain values */
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_RATIO_TO_BASE: u = pct_year(c); break;
    case CHITIEU_SHAPE_AVG_RATE: u = pct_year(c); signed_words = 0; break;
    case CHITIEU_SHAPE_CUMULATIVE: u = unit_year(pu, sizeof pu, cunit(c), e); signed_words = 0; break;
    default: u = per_year(pu, sizeof pu, c); break; /* levels and avg_change: change per year */
    }
    int level = t->shape == CHITIEU_SHAPE_AT_LEAST || t->shape == CHITIEU_SHAPE_AT_MOST ||
                t->shape == CHITIEU_SHAPE_RANGE || t->shape == CHITIEU_SHAPE_EACH_YEAR;
    if (level && level_met(a)) {
        sb_add(&s, "%s", e ? "already at the target level" : "đã ở mức mục tiêu");
    } else if (t->shape == CHITIEU_SHAPE_CUMULATIVE && !isnan(t->low) && !isnan(req) && req <= 0) {
        sb_add(&s, "%s", e ? "total already reached" : "đã đạt tổng mục tiêu");
    } else if (!isnan(req)) {
        /* a rate or flow to reach: "cần đạt 16,8% trong năm 2025" (not "cần 16,8%"); a change: "cần tăng ..." */
        sb_add(&s, "%s ", e ? "needs" : signed_words ? "cần" : "cần đạt");
        if (signed_words) {
            add_pace_signed(&s, req, u, c);
            sb_add(&s, e ? " to %d" : " đến %d", t->year);
        } else if (a->pace_years > t->year - first + 1) { /* spread over the period's gaps too */
            add_qty(&s, req, chitieu_words_decimals(req, 0), u, c);
            sb_add(&s, e ? " in the %d years of %d–%d without a figure"
                         : " trong %d năm chưa có số liệu của giai đoạn %d–%d",
                   a->pace_years, t->from, t->year);
        } else {
            add_needed_each_year(&s, req, t->shape == CHITIEU_SHAPE_AVG_RATE ? "%" : cunit(c), u, first, t->year,
                                 c);
        }
    } else if (a->base_missing) { /* no base, no honest pace */
        sb_add(&s, e ? "pace needed unknown: no figure for the base year %d"
                     : "không tính được nhịp độ cần: thiếu số liệu năm gốc %d",
               a->base_missing);
    }
    if (!isnan(obs)) {
        sb_add(&s, "%s%s ", s.len ? "; " : "", e ? "trend" : "xu hướng");
        if (signed_words) add_pace_signed(&s, obs, u, c);
        else add_qty(&s, obs, chitieu_words_decimals(obs, 0), u, c);
    }
    return buf;
}

/* ---- names and fixed texts ---- */

const char *chitieu_words_status(chitieu_status st, chitieu_lang lang)
{
    static const char *const names[2][CHITIEU_STATUS_COUNT_] = {
        {"Đã đạt", "Không đạt", "Đúng hướng", "Có nguy cơ", "Chệch hướng", "Thiếu số liệu"},
        {"Achieved", "Missed", "On track", "At risk", "Off track", "No data"},
    };
    return (st >= 0 && st < CHITIEU_STATUS_COUNT_) ? names[lang == CHITIEU_LANG_EN][st] : "?";
}

static const char *const texts[CHITIEU_W_COUNT_][2] = {
    [CHITIEU_W_YEAR] = {"Năm", "Year"},
    [CHITIEU_W_BAND95] = {"Khoảng dự báo 95%", "95% forecast range"},
    [CHITIEU_W_BAND80] = {"Khoảng dự báo 80%", "80% forecast range"},
    [CHITIEU_W_TARGET_BAND] = {"Khoảng mục tiêu", "Target range"},
    [CHITIEU_W_FIT] = {"Đường xu hướng", "Trend (fitted)"}, /* not "(khớp)": a fitter's word */
    [CHITIEU_W_FORECAST] = {"Dự báo (mức giữa)", "Forecast (median)"}, /* not "trung vị" for a reader */
    [CHITIEU_W_TARGET] = {"Mục tiêu", "Target"},
    [CHITIEU_W_OFFICIAL] = {"Số liệu chính thức", "Official figures"},
    [CHITIEU_W_PROVISIONAL] = {"Sơ bộ / ước tính", "Provisional / estimated"},
    [CHITIEU_W_NEEDED] = {"Cần đạt các năm còn lại", "Needed in the years left"},
    [CHITIEU_W_NO_FIGURES] = {"Chưa có số liệu", "No figures yet"},
    [CHITIEU_W_SOURCE] = {"Nguồn", "Sources"},
    [CHITIEU_W_SRC_TARGET] = {"mục tiêu", "target"},
    [CHITIEU_W_SRC_DATA] = {"số liệu", "figures"},
    [CHITIEU_W_MORE_TARGETS] = {"mục tiêu khác (xem bảng)", "more targets (see the table)"},
    [CHITIEU_W_MORE_TARGET] = {"mục tiêu khác (xem bảng)", "more target (see the table)"}, /* after "+1" */
    [CHITIEU_W_OV_NOT_DRAWN_ONE] = {"mục tiêu chưa đủ số liệu nên không có trên biểu đồ (xem mục Số liệu còn thiếu)",
                                    "target without enough figures is not drawn (see Figures owed)"}, /* after "1" */
    [CHITIEU_W_PLANS] = {"kế hoạch", "plans"}, /* after "2": one target that several plans set */
    [CHITIEU_W_PROBABILITY] = {"xác suất đạt", "probability"},
    [CHITIEU_W_OV_TITLE] = {"Xác suất đạt mục tiêu", "Probability of meeting each target"},
    [CHITIEU_W_OV_XLABEL] = {"Xác suất đạt (mục tiêu đã có kết quả: 100% = đạt, 0% = không đạt)",
                             "Probability (settled targets: 100% = met, 0% = missed)"},
    [CHITIEU_W_OV_NOT_DRAWN] = {"mục tiêu chưa đủ số liệu nên không có trên biểu đồ (xem mục Số liệu còn thiếu)",
                                "targets without enough figures are not drawn (see Figures owed)"},
    [CHITIEU_W_PACK_TITLE] = {"Theo dõi thực hiện chỉ tiêu kế hoạch", "Plan targets: progress review"},
    [CHITIEU_W_ISSUED] = {"ngày", "dated"}, /* "Quyết định ... dated 14 December 2018": not "of" after "của" */
    [CHITIEU_W_DATA_TO] = {"Số liệu đến năm", "Figures up to"},
    [CHITIEU_W_GENERATED] = {"Lập ngày", "Generated on"},
    [CHITIEU_W_SOURCES] = {"Nguồn mục tiêu và số liệu", "Sources of the targets and figures"},
    /* one name for the band ("khoảng dự báo", as the rows and legends say), and what 80% means to a reader who
     * is no statistician: the 80% bands held 80.7% of the M3 hold-out's outcomes (bench/README.md) */
    [CHITIEU_W_METHOD_NOTE] = {"Xác suất đạt mục tiêu tính từ dự báo theo xu hướng số liệu, với khoảng dự báo đã "
                               "hiệu chỉnh trên các chuỗi số liệu thực tế: khoảng dự báo 80% chứa kết quả thực tế "
                               "khoảng 8 trong 10 lần. Đúng hướng: xác suất đạt từ 75%; có nguy cơ: từ 40%; "
                               "chệch hướng: dưới 40%. Mục tiêu đã hết kỳ: đã đạt hoặc không đạt theo số liệu. "
                               "Nhịp độ cần: mức phải đạt mỗi năm còn lại để đạt mục tiêu; xu hướng: nhịp độ bình "
                               "quân qua tối đa 5 số liệu gần nhất; điểm %: điểm phần trăm.",
                               "The probability of meeting a target comes from projecting the trend of its figures, "
                               "with forecast ranges calibrated on real series: an 80% forecast range holds the "
                               "actual outcome about 8 times in 10. On track: probability 75% or more; at risk: 40% "
                               "or more; off track: below 40%. A target whose period is observed is achieved or "
                               "missed. Pace needed: what each year left must bring to meet the target; trend: the "
                               "average pace over the latest figures (at most 5); points: percentage points."},
    [CHITIEU_W_COL_INDICATOR] = {"Chỉ tiêu", "Indicator"},
    [CHITIEU_W_COL_TARGET] = {"Mục tiêu", "Target"},
    [CHITIEU_W_COL_NOW] = {"Số liệu gần nhất", "Latest figure"},
    [CHITIEU_W_COL_OUTCOME] = {"Kết quả / dự báo", "Result / forecast"},
    [CHITIEU_W_COL_PACE] = {"Nhịp độ cần và xu hướng", "Pace needed and trend"},
    [CHITIEU_W_COL_STATUS] = {"Đánh giá", "Status"},
    [CHITIEU_W_COL_AREA] = {"Địa bàn", "Area"},
    [CHITIEU_W_OTHER_GOAL] = {"Khác", "Other"},
    [CHITIEU_W_CHARTS] = {"Biểu đồ", "Charts"},
    [CHITIEU_W_OWED] = {"Số liệu còn thiếu", "Figures owed"},
    [CHITIEU_W_OWED_NOTE] = {"Chỉ tiêu chưa có đủ số liệu để đánh giá, theo cơ quan chủ trì: năm còn thiếu "
                             "(đến năm có số liệu gần nhất) và hạn gửi.",
                             "Indicators without the figures their assessment needs, by lead agency: the years "
                             "missing (up to the latest year with figures) and the deadline."},
    [CHITIEU_W_COL_YEARS_MISSING] = {"Năm còn thiếu", "Years missing"},
    [CHITIEU_W_COL_DEADLINE] = {"Hạn gửi", "Deadline"},
    /* under a plan's name, where "Hạn gửi" alone does not say what is sent */
    [CHITIEU_W_DATA_DEADLINE] = {"Hạn gửi số liệu", "Reporting deadline"},
    [CHITIEU_W_NO_DEADLINE] = {"chưa quy định", "none set"},
    [CHITIEU_W_EVERY_YEAR] = {"hằng năm", "every year"},
    [CHITIEU_W_NO_AGENCY] = {"Chưa giao cơ quan chủ trì", "No lead agency"},
    [CHITIEU_W_SCRIPT] = {"kịch bản gnuplot", "gnuplot script"},
    [CHITIEU_W_CONTENTS] = {"Nội dung", "Contents"},
    [CHITIEU_W_SEE_OWED] = {"xem Số liệu còn thiếu", "see Figures owed"},
    [CHITIEU_W_DATA_FILES] = {"Dữ liệu đầy đủ (mã, số chưa làm tròn)", "Full data (codes, unrounded)"},
    [CHITIEU_W_NOT_YET_DUE] = {"chưa đến kỳ", "not yet due"},
    [CHITIEU_W_COL_PROBABILITY] = {"Xác suất", "Probability"},
    [CHITIEU_W_COMPARED] = {"So sánh", "Compared with"},
    [CHITIEU_W_LOADED] = {"cập nhật", "loaded"},
    [CHITIEU_W_REBUILT] = {"Số liệu tính lại, suy ra", "Rebuilt or derived figures"},
    [CHITIEU_W_REBUILT_NOTE] = {"Cách tính lại", "How it was rebuilt"},
    [CHITIEU_W_REBUILT_MARK] = {"tính lại", "rebuilt"},
    [CHITIEU_W_SOURCE_OF] = {"Số liệu về", "Figures for"},
    [CHITIEU_W_TARGET_OF] = {"Mục tiêu về", "Targets for"},
    /* under the sources: what chitieu_words_locator's "bản chép 002, dòng 261" points to */
    [CHITIEU_W_COPY_NOTE] = {"“Bản chép NNN, dòng N”: dòng N của văn bản trong bản chép lưu kèm bộ dữ liệu (thư mục "
                             "datasets/source-documents, tệp có tên bắt đầu bằng NNN)",
                             "“Stored copy NNN, line N”: line N of the document as copied with the data (folder "
                             "datasets/source-documents, the file whose name begins with NNN)"},
    /* the agency cell of a form's or missing's rows of no lead agency (the pack heads them CHITIEU_W_NO_AGENCY) */
    [CHITIEU_W_NONE_AGENCY] = {"(chưa giao cơ quan)", "(no agency)"},
    [CHITIEU_W_REPORTED_BY] = {"theo", "as reported by"}, /* "theo <báo>": a figure or target as a paper printed it */
    [CHITIEU_W_CAVEATS] = {"Lưu ý về số liệu", "About the figures"}, /* the notes under a plan's tables */
    [CHITIEU_W_CAVEAT] = {"Lưu ý", "Note"},                        /* before a note on a chart, a mark's title */
};

const char *chitieu_words_text(chitieu_word w, chitieu_lang lang)
{
    if (w < 0 || w >= CHITIEU_W_COUNT_ || !texts[w][0]) return "";
    return texts[w][lang == CHITIEU_LANG_EN];
}

/* ---- dates and years ---- */

char *chitieu_words_date(char *buf, size_t n, const char *iso, chitieu_lang lang)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    int y = 0, m = 0, d = 0, k = 0;
    if (!n) return buf;
    if (!iso) { buf[0] = 0; return buf; }
    if (sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 && k == 10 && (!iso[10] || iso[10] == 'T' || iso[10] == ' ') &&
        m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        if (lang == CHITIEU_LANG_EN) snprintf(buf, n, "%d %s %d", d, months[m - 1], y);
        else snprintf(buf, n, "%02d/%02d/%d", d, m, y);
    } else if (sscanf(iso, "%2d-%2d%n", &m, &d, &k) == 2 && k == 5 && !iso[5] && m >= 1 && m <= 12 && d >= 1 &&
               d <= 31) {
        if (lang == CHITIEU_LANG_EN) snprintf(buf, n, "%d %s", d, months[m - 1]);
        else snprintf(buf, n, "%02d/%02d", d, m);
    } else {
        snprintf(buf, n, "%s", iso);
        chitieu_words_cut(buf, n, buf, n); /* a text cut by snprintf: at a whole character */
    }
    return buf;
}

int chitieu_words_is_number(const char *w, size_t n)
{
    int slash = 0, letter = 0;
    for (size_t i = 0; i < n; i++) {
        slash |= w[i] == '/';
        letter |= (w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= 'a' && w[i] <= 'z') || (unsigned char)w[i] >= 0x80;
    }
    return n > 2 && w[0] >= '0' && w[0] <= '9' && slash && letter;
}

/* Offset in doc of its number (chitieu_words_is_number: "2699/QĐ-UBND"), the first word that starts with a digit,
 * when it follows a word (the document's kind) and no digit comes before it; (size_t)-1 when there is none. */
static size_t doc_number(const char *doc)
{
    for (size_t i = 1; doc[i]; i++) {
        if (doc[i] >= '0' && doc[i] <= '9') {
            if (doc[i - 1] != ' ') return (size_t)-1;
            return chitieu_words_is_number(doc + i, strcspn(doc + i, " ,;()")) ? i : (size_t)-1;
        }
    }
    return (size_t)-1;
}

char *chitieu_words_citation(char *buf, size_t n, const char *doc, const char *issued, const char *about,
                             chitieu_lang lang)
{
    int e = lang == CHITIEU_LANG_EN;
    sb s;
    sb_init(&s, buf, n);
    if (!doc || !*doc) {
        sb_add(&s, "%s", about ? about : "");
        return buf;
    }
    size_t len = strlen(doc), num = doc_number(doc), at = len;
    const char *no = e ? "No. " : "số ";
    if (num != (size_t)-1 && num >= strlen(no) && !strncmp(doc + num - strlen(no), no, strlen(no)))
        no = ""; /* "Quyết định số 2699/QĐ-UBND" already */
    char date[64] = "";
    if (issued && *issued && strcmp(chitieu_words_date(date, sizeof date, issued, lang), issued) && !strstr(doc, date)) {
        at = num != (size_t)-1 ? num + strcspn(doc + num, " ,;()") : len; /* after the number, else at the end */
    } else {
        date[0] = 0;
    }
    if (num == (size_t)-1) num = 0, no = "";
    sb_add(&s, "%.*s%s%.*s", (int)num, doc, no, (int)(at - num), doc + num);
    if (*date) sb_add(&s, "%s %s %s", e && at == len ? "," : "", chitieu_words_text(CHITIEU_W_ISSUED, lang), date);
    sb_add(&s, "%s", doc + at);
    /* what it is about, unless it says so: "về"/"on", or the name (without a last bracket) in it */
    const char *br = about ? strstr(about, " (") : NULL;
    size_t an = about ? (br ? (size_t)(br - about) : strlen(about)) : 0;
    int said = !an || strstr(doc, e ? " on " : " về ");
    for (const char *d = doc; !said && (d = strchr(d, about[0])) != NULL; d++) said = !strncmp(d, about, an);
    if (!said) sb_add(&s, e ? " on “%s”" : " về %s", about);
    return buf;
}

const char *chitieu_words_locator(char *buf, size_t n, const char *part, size_t len, chitieu_lang lang)
{
    size_t d = 0;
    while (d < len && part[d] >= '0' && part[d] <= '9') d++;
    size_t k = d + 1;
    while (k < len && part[k] >= '0' && part[k] <= '9') k++;
    if (d != 3 || len < 5 || part[3] != ':' || k != len || k > 12) return NULL;
    snprintf(buf, n, lang == CHITIEU_LANG_EN ? "stored copy %.3s, line %.*s" : "bản chép %.3s, dòng %.*s", part,
             (int)(len - 4), part + 4);
    return buf;
}

size_t chitieu_words_wdi(char *buf, size_t n, const char *src, chitieu_lang lang)
{
    static const char lead[] = "World Bank WDI ", upd[] = ", updated ";
    int en = lang == CHITIEU_LANG_EN, dot = 0;
    if (!src || strncmp(src, lead, sizeof lead - 1)) return 0;
    const char *c = src + sizeof lead - 1;
    size_t k = 0; /* the series code: capitals, digits and dots, a dot in it ("NY.GDP.MKTP.CD") */
    while ((c[k] >= 'A' && c[k] <= 'Z') || (c[k] >= '0' && c[k] <= '9') || c[k] == '.' || c[k] == '_')
        dot |= c[k++] == '.';
    if (!dot || c[k - 1] == '.' || (c[k] && strncmp(c + k, ", ", 2))) return 0; /* a whole part of the source */
    size_t used = (size_t)(c + k - src);
    char date[64] = "";
    if (!strncmp(c + k, upd, sizeof upd - 1)) {
        const char *d = c + k + sizeof upd - 1;
        char iso[11];
        snprintf(iso, sizeof iso, "%.10s", d);
        if (strlen(iso) == 10 && strcmp(chitieu_words_date(date, sizeof date, iso, lang), iso) &&
            (!d[10] || !strncmp(d + 10, ", ", 2)))
            used = (size_t)(d + 10 - src);
        else
            date[0] = 0;
    }
    sb s;
    sb_init(&s, buf, n);
    sb_add(&s, en ? "World Bank, World Development Indicators, series %.*s" :
                    "Ngân hàng Thế giới, Chỉ số Phát triển Thế giới (WDI), mã %.*s", (int)k, c);
    if (*date) sb_add(&s, en ? ", updated %s" : ", cập nhật ngày %s", date);
    return used;
}

/* The display name of an indicator or area of a how in the language (its code when it has no name). */
static const char *ref_name(const chitieu_areas_ref *r, chitieu_lang lang)
{
    const char *n = chitieu_words_pick(r->name, r->name_en, lang);
    return n && *n ? n : r->code;
}

/* Append how h was made to s (components of a ratio or growth one level down). */
static void sb_how(sb *s, const chitieu_areas_how *h, chitieu_lang lang)
{
    int en = lang == CHITIEU_LANG_EN;
    char num[48], date[48];
    const char *area = ref_name(&h->area, lang);
    if (h->rule == CHITIEU_AGG_RATIO || h->rule == CHITIEU_AGG_GROWTH) {
        int ratio = h->rule == CHITIEU_AGG_RATIO;
        const char *a = ref_name(&h->a, lang);
        if (ratio) {
            sb_add(s, "%s %s / %s", en ? "ratio" : "tỷ số", a, ref_name(&h->b, lang));
            if (h->k != 1)
                sb_add(s, " × %s", chitieu_words_number(num, sizeof num, h->k, exact_decimals(h->k), lang));
            sb_add(s, " %s %s", en ? "in" : "của", area);
        } else if (en)
            sb_add(s, "growth of %s from %d to %d in %s", a, h->year - 1, h->year, area);
        else
            sb_add(s, "tốc độ tăng %s năm %d so với năm %d của %s", a, h->year, h->year - 1, area);
        for (int c = 0; c < 2; c++) {
            char st = h->comp_status[c];
            if (st != 'D' && st != 'P' && st != 'E') continue;
            if (ratio) sb_add(s, "; %s: ", c ? ref_name(&h->b, lang) : a);
            else sb_add(s, en ? "; %s %d: " : "; %s năm %d: ", a, h->year - c);
            if (h->comp[c]) sb_how(s, h->comp[c], lang);
            else if (st == 'P') sb_add(s, "%s", en ? "provisional" : "sơ bộ");
            else sb_add(s, "%s", en ? "estimate" : "ước tính");
        }
        return;
    }
    sb_add(s, "%s ", h->rule == CHITIEU_AGG_MEAN ? (en ? "mean of" : "bình quân của") : (en ? "sum of" : "tổng của"));
    if (h->nparts > 6)
        sb_add(s, en ? "%zu areas" : "%zu địa bàn", h->nparts);
    for (size_t j = 0; h->nparts <= 6 && j < h->nparts; j++) {
        const chitieu_areas_part *p = &h->parts[j];
        sb_add(s, "%s", j == 0 ? "" : j + 1 < h->nparts ? ", " : en ? " and " : " và ");
        if (p->share != 1) {
            double pc = 100 * p->share;
            sb_add(s, "%s%% %s ", chitieu_words_number(num, sizeof num, pc, exact_decimals(pc), lang),
                   en ? "of" : "của");
        }
        sb_add(s, "%s", ref_name(&p->area, lang));
    }
    if (h->went_to)
        sb_add(s, en ? " (which went to %s on %s)" : " (chuyển về %s từ %s)", area,
               chitieu_words_date(date, sizeof date, h->date, lang));
    else
        sb_add(s, en ? " (within %s)" : " (thuộc %s)", area);
    if (h->rule == CHITIEU_AGG_MEAN)
        sb_add(s, en ? " weighted by %s" : ", trọng số %s", ref_name(&h->a, lang));
    if (h->rebuilt)
        sb_add(s, en ? "; %zu of them rebuilt" : "; %zu địa bàn trong đó là số tính lại", h->rebuilt);
    if (h->unofficial)
        sb_add(s, en ? "; %zu of them provisional or estimated" : "; %zu địa bàn trong đó là số sơ bộ hoặc ước tính",
               h->unofficial);
}

char *chitieu_words_rebuilt(char *buf, size_t n, const chitieu_areas_how *h, chitieu_lang lang)
{
    sb s;
    sb_init(&s, buf, n);
    if (h) sb_how(&s, h, lang);
    return buf;
}

char *chitieu_words_years(char *buf, size_t n, const int *years, size_t count)
{
    sb s;
    sb_init(&s, buf, n);
    for (size_t i = 0; i < count;) {
        size_t j = i;
        while (j + 1 < count && years[j + 1] == years[j] + 1) j++;
        sb_add(&s, "%s%d", i ? ", " : "", years[i]);
        if (j > i) sb_add(&s, "–%d", years[j]);
        i = j + 1;
    }
    return buf;
}

/* ---- display width and cutting ---- */

size_t chitieu_words_width(const char *s)
{
    size_t w = 0;
    for (; s && *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

char *chitieu_words_cut(char *dst, size_t n, const char *s, size_t max)
{
    static const char ell[] = "…";
    if (!n) return dst;
    size_t w = 0, k = 0;
    for (; s[k] && w < max; k++) w += ((unsigned char)s[k] & 0xC0) != 0x80;
    while (s[k] && ((unsigned char)s[k] & 0xC0) == 0x80) k++; /* the rest of the last character */
    int more = s[k] != 0;
    if (!more) k = whole_chars(s, k); /* a text already cut by snprintf may end inside a character */
    if (k + (more ? sizeof ell - 1 : 0) + 1 > n) { /* too long for dst: shorter, at a character */
        more = 1;
        k = n > sizeof ell ? n - sizeof ell : 0;
        while (k && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    }
    memmove(dst, s, k);
    if (more && k + sizeof ell <= n) {
        memcpy(dst + k, ell, sizeof ell - 1);
        k += sizeof ell - 1;
    }
    dst[k] = 0;
    return dst;
}

/* ---- Vietnamese collation ---- */

/* The vowels with their tones (none, huyền, hỏi, ngã, sắc, nặng), lower then upper case. */
static const char *const vowels[] = {"aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị",
                                     "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ",
                                     "AÀẢÃÁẠ", "ĂẰẲẴẮẶ", "ÂẦẨẪẤẬ", "EÈẺẼÉẸ", "ÊỀỂỄẾỆ", "IÌỈĨÍỊ",
                                     "OÒỎÕÓỌ", "ÔỒỔỖỐỘ", "ƠỜỞỠỚỢ", "UÙỦŨÚỤ", "ƯỪỬỮỨỰ", "YỲỶỸÝỴ"};
/* The alphabet: Vietnamese order, with f j w z where Latin puts them. */
static const char *const alphabet[] = {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j",
                                       "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư",
                                       "v", "w", "x", "y", "z"};

/* Decode one UTF-8 character at *s (advancing it); invalid bytes decode as themselves. */
static unsigned long utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    unsigned long c = p[0];
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len > 1) {
        c &= 0x3F >> (len - 1);
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) { *s += 1; return p[0]; }
            c = (c << 6) | (p[i] & 0x3F);
        }
    }
    *s += len;
    return c;
}

/* The code point of the first character of a literal. */
static unsigned long first_cp(const char *lit) { return utf8_next(&lit); }

/* One collation unit: a letter (primary rank, tone, case), another character, or a digit run. */
typedef struct {
    int kind;         /* 0 other character, 1 digit run, 2 letter */
    long prim;        /* rank: other < digits < letters */
    int tone, upper;
    const char *num;  /* digit run without leading zeros */
    size_t nlen;
} unit_key;

/* Rank of a base letter (lower case code point) in the alphabet, or -1. */
static int letter_rank(unsigned long cp)
{
    for (size_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; i++)
        if (first_cp(alphabet[i]) == cp) return (int)i;
    return -1;
}

/* The next collation unit of *s; 0 at the end. */
static int next_unit(const char **s, unit_key *k)
{
    memset(k, 0, sizeof *k);
    if (!**s) return 0;
    if (**s >= '0' && **s <= '9') {
        while (**s == '0' && (*s)[1] >= '0' && (*s)[1] <= '9') (*s)++;
        k->kind = 1;
        k->prim = 100000;
        k->num = *s;
        while (**s >= '0' && **s <= '9') (*s)++;
        k->nlen = (size_t)(*s - k->num);
        return 1;
    }
    unsigned long cp = utf8_next(s), base = cp;
    int upper = 0, tone = 0;
    if (cp >= 'A' && cp <= 'Z') { base = cp + 32; upper = 1; }
    else if (cp == first_cp("Đ")) { base = first_cp("đ"); upper = 1; }
    else if (cp >= 0x80) {
        for (size_t v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
            const char *p = vowels[v];
            for (int t = 0; *p; t++) {
                if (utf8_next(&p) == cp) {
                    base = first_cp(vowels[v % 12]);
                    tone = t;
                    upper = v >= 12;
                    goto found;
                }
            }
        }
    }
found:;
    int r = letter_rank(base);
    if (r >= 0) { k->kind = 2; k->prim = 200000 + r; k->tone = tone; k->upper = upper; }
    else { k->kind = 0; k->prim = (long)cp < 100000 ? (long)cp : 300000 + (long)cp; }
    return 1;
}

/* Compare two digit runs by value. */
static int cmp_num(const unit_key *a, const unit_key *b)
{
    if (a->nlen != b->nlen) return a->nlen < b->nlen ? -1 : 1;
    int c = memcmp(a->num, b->num, a->nlen);
    return (c > 0) - (c < 0);
}

int chitieu_words_collate(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    /* level 1: letters and numbers; level 2: tones; level 3: case */
    for (int level = 1; level <= 3; level++) {
        const char *p = a, *q = b;
        unit_key x, y;
        for (;;) {
            int hx = next_unit(&p, &x), hy = next_unit(&q, &y);
            if (!hx || !hy) {
                if (hx != hy) return hx ? 1 : -1;
                break;
            }
            int c = 0;
            if (level == 1) {
                if (x.prim != y.prim) c = x.prim < y.prim ? -1 : 1;
                else if (x.kind == 1) c = cmp_num(&x, &y);
            } else if (level == 2) {
                c = (x.tone > y.tone) - (x.tone < y.tone);
            } else {
                c = (x.upper < y.upper) - (x.upper > y.upper); /* upper case first */
            }
            if (c) return c;
        }
    }
    int c = strcmp(a, b);
    return (c > 0) - (c < 0);
}
