/*
 * chitieu/words.h — what people read: numbers and targets in words, in
 * Vietnamese or English.  Every human output (the pack's HTML, chart titles
 * and legends, the overview, `assess --format table`) phrases through this
 * module, so a target reads the same everywhere; CSV and JSON keep codes and
 * full precision and do not use it.
 *
 * Numbers: Vietnamese "7,09" and "80.000" (decimal comma, dot groups), English
 * "7.09" and "80,000"; three significant digits for measured and projected
 * figures, never fewer decimals than the target's own bounds (so 99,948 is not
 * shown as 100 beside a target of 99,95), at most four; a plan's own figures
 * exactly as written.  Targets: as a planner writes them ("năm 2025 ≥ 95%",
 * "bình quân 2021–2025 tăng 8,5–8,7%/năm", "năm 2030 gấp ≥ 1,5 lần năm 2018").
 *
 * Phrasing functions write into a caller's buffer (snprintf rules: always
 * NUL-terminated, cut at a character boundary when too small) and return it.
 */
#ifndef CHITIEU_WORDS_H
#define CHITIEU_WORDS_H

#include <stddef.h>
#include "chitieu/areas.h"
#include "chitieu/assess.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CHITIEU_LANG_VI = 0, CHITIEU_LANG_EN } chitieu_lang;

/* Parse "vi" or "en"; CHITIEU_EINVALID otherwise. */
int chitieu_words_lang_parse(chitieu_lang *out, const char *s);

/* What a phrase needs besides the target: the language, the indicator's unit as
 * stored (Vietnamese; translated for English by chitieu_words_unit) and, for an
 * `exceeds` target, the display name of the series it is compared with. */
typedef struct {
    chitieu_lang lang;
    const char *unit;        /* NULL or "": no unit */
    const char *versus_name; /* NULL: "the comparison series" */
} chitieu_words_ctx;

/* v with `decimals` decimals (0..6), grouped: "80.000", "7,09" (vi); "80,000",
 * "7.09" (en); "-" sign, never "-0"; "–" for NAN or an infinity. */
char *chitieu_words_number(char *buf, size_t n, double v, int decimals, chitieu_lang lang);

/* Decimals that show v with three significant digits, at least min_decimals,
 * at most 4 (0 for 0 and for |v| >= 100). */
int chitieu_words_decimals(double v, int min_decimals);

/* The target as a planner writes it, e.g. "năm 2025 ≥ 95%", "mỗi năm 2021–2025
 * ≥ 100%", "tổng 2021–2025 ≥ 9 tỷ USD", "năm 2030 giảm 20–25% so với năm 2018";
 * English "≥ 95% in 2025", ... */
char *chitieu_words_target(char *buf, size_t n, const chitieu_target *t, const chitieu_words_ctx *c);

/* The target quantity of t over from..`through` (the target year, or the last
 * observed year for the quantity so far), labelled with what it is:
 * "năm 2024: 40,2%", "bình quân 2021–2024: 5,87%/năm", "tổng 2021–2024: 6,8 tỷ
 * USD", "thấp nhất 2021–2024: 96%", "năm 2024 so với năm 2018: gấp 1,21 lần";
 * `projected` marks a forecast ("năm 2025 (dự báo): 40,8%").  NAN q: "". */
char *chitieu_words_quantity(char *buf, size_t n, const chitieu_target *t, int through, double q,
                             int projected, const chitieu_words_ctx *c);

/* The 80% band of a projected quantity in the same unit: "khoảng dự báo 80%:
 * 40,4–41,1%" ("80% forecast range: ..."); decimals follow `point`.  "" when lo or hi is NAN. */
char *chitieu_words_band(char *buf, size_t n, const chitieu_target *t, double point, double lo, double hi,
                         const chitieu_words_ctx *c);

/* The last figure with its unit and year: "40,2% (2024)"; "" when none. */
char *chitieu_words_last(char *buf, size_t n, const chitieu_assessment *a, const chitieu_words_ctx *c);

/* A probability of attainment from sample paths, as a reader is told it: "57%", and
 * "dưới 1%" / "trên 99%" ("below 1%" / "above 99%") rather than 0% or 100%, which a
 * simulation cannot show; "" for NAN. */
char *chitieu_words_probability(char *buf, size_t n, double p, chitieu_lang lang);

/* Why target t has no assessment (status no_data), given its series s (cut at the
 * cut-off) and, for exceeds, the series compared with: "chưa có số liệu" (no figure at
 * all), "thiếu số liệu năm 2018" / "các năm 2016–2019" (years the quantity needs, up to
 * the last figure: the base year, a year of the period), "thiếu số liệu năm 2018 của
 * <versus>", "mới có số liệu năm 2025; cần ít nhất 3 năm để dự báo"; English "no
 * figures yet", "no figure for 2018", "figures for 2025 only; a forecast needs at least
 * 3 years". */
char *chitieu_words_no_data(char *buf, size_t n, const chitieu_target *t, const chitieu_series *s,
                            const chitieu_series *versus, const chitieu_words_ctx *c);

/* The pace needed against the recent pace, in words: "cần 9,40% trong năm 2025;
 * xu hướng 5,22%/năm", "cần tăng 4,80 điểm %/năm đến 2025; xu hướng tăng 0,714
 * điểm %/năm", "đã ở mức mục tiêu; ...", "cần 1,48 tỷ USD/năm trong 4 năm chưa
 * có số liệu của giai đoạn 2021–2025" (a period with gaps), "không tính được nhịp
 * độ cần: thiếu số liệu năm gốc 2018; ..." (no base figure); "" for a settled
 * target, an exceeds target (no single pace) or when there is none. */
char *chitieu_words_pace(char *buf, size_t n, const chitieu_assessment *a, const chitieu_words_ctx *c);

/* Name of a status ("Đúng hướng" / "On track", ...). Static storage; "?" when out of range. */
const char *chitieu_words_status(chitieu_status s, chitieu_lang lang);

/* A stored (Vietnamese) unit in the language: English for the units the
 * shipped catalogues use ("tỷ USD" -> "billion USD"; static storage), else the
 * pointer given (NULL: ""). */
const char *chitieu_words_unit(const char *unit, chitieu_lang lang);

/* A goal heading in the language ("Kinh tế" -> "Economy"; "SDG 3" -> "Sức khỏe và cuộc
 * sống tốt (SDG 3)", "Good health and well-being (SDG 3)"): static storage or the pointer
 * given. */
const char *chitieu_words_goal(const char *goal, chitieu_lang lang);

/* A lead agency (as the indicators file names it) in the language: the official English name for the
 * agencies the shipped catalogues name ("Sở Y tế" -> "Department of Health"; static storage), else the
 * pointer given (NULL: ""). */
const char *chitieu_words_agency(const char *agency, chitieu_lang lang);

/* A catalogue's text or its English version (an indicator's, area's or plan's name and name_en, a plan's document
 * and document_en): text_en in English when it is not empty, else text (NULL when both are).  One of the pointers
 * given (the caller's). */
const char *chitieu_words_pick(const char *text, const char *text_en, chitieu_lang lang);

/* An indicator's caveat for readers in the language: note_en in English when it has one, else note (both from
 * the indicators file; chitieu_words_pick); NULL when there is none or it is empty.  The pointer is the
 * indicator's. */
const char *chitieu_words_note(const chitieu_indicator *ind, chitieu_lang lang);

/* The gloss of a per-mille unit written "‰ (gloss)" ("‰ (ca/1.000 trẻ đẻ sống)"): a pointer into unit just past
 * the bracket that opens it (the gloss and what follows, its closing bracket included), or NULL when unit is NULL
 * or not a per-mille followed by a bracket.  The pointer is the caller's string. */
const char *chitieu_words_permille_gloss(const char *unit);

/* Fixed texts of charts and the pack. */
typedef enum {
    CHITIEU_W_YEAR, CHITIEU_W_BAND95, CHITIEU_W_BAND80, CHITIEU_W_TARGET_BAND, CHITIEU_W_FIT,
    CHITIEU_W_FORECAST, CHITIEU_W_TARGET, CHITIEU_W_OFFICIAL, CHITIEU_W_PROVISIONAL, CHITIEU_W_NEEDED,
    CHITIEU_W_NO_FIGURES, CHITIEU_W_SOURCE, CHITIEU_W_SRC_TARGET, CHITIEU_W_SRC_DATA, CHITIEU_W_MORE_TARGETS,
    CHITIEU_W_PROBABILITY, CHITIEU_W_OV_TITLE, CHITIEU_W_OV_XLABEL, CHITIEU_W_OV_NOT_DRAWN,
    CHITIEU_W_PACK_TITLE, CHITIEU_W_ISSUED, CHITIEU_W_DATA_TO, CHITIEU_W_GENERATED,
    CHITIEU_W_SOURCES, CHITIEU_W_METHOD_NOTE, CHITIEU_W_COL_INDICATOR,
    CHITIEU_W_COL_TARGET, CHITIEU_W_COL_NOW, CHITIEU_W_COL_OUTCOME, CHITIEU_W_COL_PACE,
    CHITIEU_W_COL_STATUS, CHITIEU_W_COL_AREA, CHITIEU_W_OTHER_GOAL, CHITIEU_W_CHARTS,
    CHITIEU_W_OWED, CHITIEU_W_OWED_NOTE, CHITIEU_W_COL_YEARS_MISSING, CHITIEU_W_COL_DEADLINE,
    CHITIEU_W_NO_DEADLINE, CHITIEU_W_EVERY_YEAR, CHITIEU_W_NO_AGENCY, CHITIEU_W_SCRIPT, CHITIEU_W_CONTENTS,
    CHITIEU_W_SEE_OWED, CHITIEU_W_DATA_FILES, CHITIEU_W_NOT_YET_DUE, CHITIEU_W_COL_PROBABILITY, CHITIEU_W_COMPARED,
    CHITIEU_W_LOADED, CHITIEU_W_REBUILT, CHITIEU_W_REBUILT_NOTE, CHITIEU_W_SOURCE_OF, CHITIEU_W_REBUILT_MARK,
    CHITIEU_W_TARGET_OF, CHITIEU_W_MORE_TARGET, CHITIEU_W_OV_NOT_DRAWN_ONE, CHITIEU_W_PLANS, CHITIEU_W_DATA_DEADLINE,
    CHITIEU_W_CAVEATS, CHITIEU_W_CAVEAT, CHITIEU_W_COPY_NOTE, CHITIEU_W_REPORTED_BY, CHITIEU_W_NONE_AGENCY, CHITIEU_W_COUNT_
} chitieu_word;

/* A fixed text in the language. Static storage; "" when out of range. */
const char *chitieu_words_text(chitieu_word w, chitieu_lang lang);

/* An ISO date "YYYY-MM-DD" as "20/12/2021" (vi) or "20 December 2021" (en);
 * "MM-DD" as "30/11" / "30 November"; anything else copied as it is. */
char *chitieu_words_date(char *buf, size_t n, const char *iso, chitieu_lang lang);

/* A plan's document as a reader cites it, from what the plan's record holds and nothing else: the document
 * (its kind, number and issuer, e.g. "Quyết định 2699/QĐ-UBND của UBND tỉnh Bến Tre") with "số" before its
 * number, its date of issue (ISO, may be NULL) before the issuer, and what it is about (the plan's name, may be
 * NULL) after it: "Quyết định số 2699/QĐ-UBND ngày 14/12/2018 của UBND tỉnh Bến Tre về Kế hoạch ..."; English
 * "Decision No. 2699/QĐ-UBND dated 14 December 2018 of the ... Committee on “...”".  A date the document already
 * states is not repeated, nor what it is about when it says it ("về", "on", or the name itself).  Into the
 * caller's buf of n bytes (cut at a whole character); returns buf. */
char *chitieu_words_citation(char *buf, size_t n, const char *document, const char *issued, const char *about,
                             chitieu_lang lang);

/* Whether the n bytes at w are a document's number, as "2699/QĐ-UBND" or "16/2021/QH15": a digit first, a '/'
 * and a letter in them (a date "03/10/2025" is none). */
int chitieu_words_is_number(const char *w, size_t n);

/* The len bytes at part as a place in a stored copy of a document, when they are a seed reference "NNN:LINE"
 * (the copy numbered NNN in datasets/source-documents, its line LINE): "bản chép 002, dòng 261" / "stored copy
 * 002, line 261" into buf (n bytes); NULL when part is no such reference. */
const char *chitieu_words_locator(char *buf, size_t n, const char *part, size_t len, chitieu_lang lang);

/* A World Bank source as the WDI import writes it at the start of src, "World Bank WDI SP.URB.TOTL.IN.ZS" with
 * ", updated 2025-10-07" after it or not, in the reader's words into buf (n bytes, cut at a whole character):
 * "Ngân hàng Thế giới, Chỉ số Phát triển Thế giới (WDI), mã SP.URB.TOTL.IN.ZS, cập nhật ngày 07/10/2025" /
 * "World Bank, World Development Indicators, series SP.URB.TOTL.IN.ZS, updated 7 October 2025".  Returns the
 * bytes of src so rendered (what follows them is the caller's), 0 when src starts with no such source (buf then
 * untouched).  The stored source is not changed: this is display only. */
size_t chitieu_words_wdi(char *buf, size_t n, const char *src, chitieu_lang lang);

/* How a rebuilt value was made, for a reader: names, not codes; dates as chitieu_words_date; e.g. "tổng của
 * Bình Dương, Bà Rịa - Vũng Tàu và TP. Hồ Chí Minh (chuyển về TP. Hồ Chí Minh từ 01/07/2025)", "bình quân của
 * Xã A, Xã B và Xã C (thuộc Tỉnh P), trọng số Dân số", "tỷ số Số ca / Dân số × 1.000 của Tỉnh P; Dân số: tổng
 * của ..."; English "sum of ... (which went to ... on 1 July 2025)", "mean of ... (within ...) weighted by
 * Population", "ratio ... in ...".  More than 6 areas are counted, not named. */
char *chitieu_words_rebuilt(char *buf, size_t n, const chitieu_areas_how *h, chitieu_lang lang);

/* Years (increasing) as runs: "2018, 2020–2024". "" when count is 0. */
char *chitieu_words_years(char *buf, size_t n, const int *years, size_t count);

/* Display width of UTF-8 text: its characters (code points), not its bytes. 0 for NULL. */
size_t chitieu_words_width(const char *s);

/* Text s cut after `max` characters with "…" appended when anything was cut ("Ghi chú rất dài" at 7:
 * "Ghi chú…"), always at a whole UTF-8 character, into the caller's dst of n bytes (dst may be s itself:
 * cut in place).  When dst is too small the text is cut shorter, still at a character, still with "…".
 * Returns dst. */
char *chitieu_words_cut(char *dst, size_t n, const char *s, size_t max);

/* Compare two names as a Vietnamese reader sorts them: letters in the
 * Vietnamese alphabet order (a ă â b c d đ e ê ...), tones after the letters
 * (none, huyền, hỏi, ngã, sắc, nặng), case last, and digit runs by value
 * ("SDG 2" before "SDG 10").  strcmp-like result. */
int chitieu_words_collate(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
