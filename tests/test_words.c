/*
 * tests/test_words.c — numbers and targets in words (engine/words.c): every
 * target shape in Vietnamese and English, the quantity so far and projected,
 * the 80% band, the last figure, the paces, numbers (decimal comma, dot
 * groups, significant digits), dates, year runs, display width and cutting, and
 * Vietnamese collation.
 * Every expected string is written by hand; the figures are the shipped
 * targets' (datasets/) or synthetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/error.h"
#include "chitieu/words.h"

static char buf[512];

static chitieu_target tg(chitieu_shape shape, int from, int year, double low, double high)
{
    chitieu_target t;
    memset(&t, 0, sizeof t);
    t.plan = "P";
    t.indicator = "I";
    t.area = "A";
    t.shape = shape;
    t.from = from;
    t.year = year;
    t.low = low;
    t.high = high;
    return t;
}

/* The target phrase of t in both languages with unit u (and versus name vs). */
static void phrase(const chitieu_target *t, const char *u, const char *vs, const char *want_vi, const char *want_en)
{
    chitieu_words_ctx c = {CHITIEU_LANG_VI, u, vs};
    assert_string_equal(chitieu_words_target(buf, sizeof buf, t, &c), want_vi);
    c.lang = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_target(buf, sizeof buf, t, &c), want_en);
}

static void test_numbers(void **state)
{
    (void)state;
    const chitieu_lang VI = CHITIEU_LANG_VI, EN = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 7.09118746633975, 2, VI), "7,09");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 80000, 0, VI), "80.000");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 80000, 0, EN), "80,000");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 1234567.891, 1, VI), "1.234.567,9");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 1234567.891, 1, EN), "1,234,567.9");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, 999, 0, VI), "999");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, -1.5, 1, VI), "-1,5");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, -0.0001, 2, VI), "0,00"); /* never -0 */
    assert_string_equal(chitieu_words_number(buf, sizeof buf, NAN, 2, VI), "–");
    assert_string_equal(chitieu_words_number(buf, sizeof buf, INFINITY, 2, VI), "–");
    /* three significant digits, never fewer decimals than asked, at most 4 */
    assert_int_equal(chitieu_words_decimals(7.09118746633975, 0), 2);
    assert_int_equal(chitieu_words_decimals(47.4454820708996, 0), 1);
    assert_int_equal(chitieu_words_decimals(426.5, 0), 0);
    assert_int_equal(chitieu_words_decimals(80000, 0), 0);
    assert_int_equal(chitieu_words_decimals(0.4309, 0), 3);
    assert_int_equal(chitieu_words_decimals(9.996, 0), 1); /* rounds to 10,0: not 10,00 */
    assert_int_equal(chitieu_words_decimals(0.00012, 0), 4);
    assert_int_equal(chitieu_words_decimals(0, 0), 0);
    assert_int_equal(chitieu_words_decimals(99.948, 2), 2); /* beside a target of 99,95 */
    assert_int_equal(chitieu_words_decimals(-5.2226, 0), 2);
    /* a buffer too small is cut at a character boundary, never inside "ố" */
    char small[6];
    chitieu_target t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 95, NAN);
    chitieu_words_ctx c = {CHITIEU_LANG_VI, "%", NULL};
    chitieu_words_target(small, sizeof small, &t, &c); /* "năm 2025..." : 'ă' is 2 bytes */
    assert_string_equal(small, "năm ");
    chitieu_lang l;
    assert_int_equal(chitieu_words_lang_parse(&l, "en"), 0);
    assert_int_equal(l, EN);
    assert_int_equal(chitieu_words_lang_parse(&l, "fr"), CHITIEU_EINVALID);
}

static void test_level_shapes(void **state)
{
    (void)state;
    chitieu_target t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 95, NAN); /* health insurance (003:102) */
    phrase(&t, "%", NULL, "năm 2025 ≥ 95%", "≥ 95% in 2025");
    t = tg(CHITIEU_SHAPE_AT_MOST, 0, 2025, NAN, 2.5); /* poor households (003:108) */
    phrase(&t, "%", NULL, "năm 2025 ≤ 2,5%", "≤ 2.5% in 2025");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 80000, NAN); /* enterprises */
    phrase(&t, "doanh nghiệp", NULL, "năm 2025 ≥ 80.000 doanh nghiệp", "≥ 80,000 enterprises in 2025");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2018, 1, NAN); /* energy-audit classes (BD green growth): one class */
    phrase(&t, "lớp", NULL, "năm 2018 ≥ 1 lớp", "≥ 1 class in 2018");
    phrase(&t, "giường/1 vạn dân", NULL, "năm 2018 ≥ 1 giường/1 vạn dân", "≥ 1 bed per 10,000 people in 2018");
    phrase(&t, "triệu người", NULL, "năm 2018 ≥ 1 triệu người", "≥ 1 million people in 2018");
    t.low = 1.5;
    phrase(&t, "lớp", NULL, "năm 2018 ≥ 1,5 lớp", "≥ 1.5 classes in 2018");
    /* a unit led by a counted noun and too long for the singular's buffer ends at a whole character */
    t.low = 1;
    char longu[400] = "households ";
    for (int i = 0; i < 100; i++) strcat(longu, "ữ");
    chitieu_words_ctx le = {CHITIEU_LANG_EN, longu, NULL};
    chitieu_words_target(buf, sizeof buf, &t, &le);
    assert_non_null(strstr(buf, "≥ 1 household ữữ"));
    for (const unsigned char *m = (const unsigned char *)buf; *m; m++) /* "ữ" is E1 BB AF: never cut */
        if (*m == 0xE1) assert_true(m[1] == 0xBB && m[2] == 0xAF);
    t = tg(CHITIEU_SHAPE_RANGE, 0, 2025, 75, 80); /* schools (003:97) */
    phrase(&t, "%", NULL, "năm 2025 trong khoảng 75–80%", "75–80% in 2025");
    t = tg(CHITIEU_SHAPE_RANGE, 0, 2025, 210, 215); /* GRDP per capita (003:79) */
    phrase(&t, "triệu đồng/người", NULL, "năm 2025 trong khoảng 210–215 triệu đồng/người",
           "210–215 million VND per person in 2025");
    t = tg(CHITIEU_SHAPE_AT_MOST, 0, 2030, NAN, 3); /* a unit with a bracket, not translated */
    phrase(&t, "‰ (ca/1.000 trẻ đẻ sống)", NULL, "năm 2030 ≤ 3‰ (ca/1.000 trẻ đẻ sống)",
           "≤ 3‰ (per 1,000 live births) in 2030");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 100, NAN);
    phrase(&t, "%", NULL, "mỗi năm 2021–2025 ≥ 100%", "≥ 100% every year 2021–2025");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 35000, NAN); /* jobs (003:106) */
    phrase(&t, "người", NULL, "mỗi năm 2021–2025 ≥ 35.000 người", "≥ 35,000 people every year 2021–2025");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 33, 34);
    phrase(&t, "%", NULL, "mỗi năm 2021–2025 trong khoảng 33–34%", "33–34% every year 2021–2025");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2025, 2025, 57.5, NAN); /* one year only */
    phrase(&t, "%", NULL, "năm 2025 ≥ 57,5%", "≥ 57.5% in 2025");
    t = tg(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN); /* FDI (003:91) */
    phrase(&t, "tỷ USD", NULL, "tổng 2021–2025 ≥ 9 tỷ USD", "total 2021–2025 ≥ 9 billion USD");
}

static void test_period_shapes(void **state)
{
    (void)state;
    chitieu_target t = tg(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 8.5, 8.7); /* GRDP (003:73) */
    phrase(&t, "%", NULL, "bình quân 2021–2025 tăng 8,5–8,7%/năm", "average growth 8.5–8.7%/yr 2021–2025");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 9, 10); /* exports (003:87) */
    phrase(&t, "triệu USD", NULL, "bình quân 2021–2025 tăng 9–10%/năm", "average growth 9–10%/yr 2021–2025");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 7, NAN);
    phrase(&t, "tỷ đồng", NULL, "bình quân 2021–2025 tăng ≥ 7%/năm", "average growth ≥ 7%/yr 2021–2025");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2016, 2020, -15, -10); /* Bến Tre domestic violence, down 10-15%/yr */
    phrase(&t, "hộ", NULL, "bình quân 2016–2020 giảm 10–15%/năm", "average fall 10–15%/yr 2016–2020");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2016, 2020, -15, NAN); /* a fall of at most 15%/yr */
    phrase(&t, "hộ", NULL, "bình quân 2016–2020 giảm ≤ 15%/năm", "average fall ≤ 15%/yr 2016–2020");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, -1, 2); /* a band across zero */
    phrase(&t, "tỷ đồng", NULL, "bình quân 2021–2025 từ giảm 1 đến tăng 2%/năm",
           "average between fall 1 and growth 2%/yr 2021–2025");
    t = tg(CHITIEU_SHAPE_AVG_CHANGE, 2019, 2030, NAN, -1.5); /* poverty rate (002:261) */
    phrase(&t, "%", NULL, "bình quân 2019–2030 giảm ≥ 1,5 điểm %/năm", "average fall ≥ 1.5 points/yr 2019–2030");
    t = tg(CHITIEU_SHAPE_AVG_CHANGE, 2021, 2025, 2, NAN);
    phrase(&t, "tỷ đồng", NULL, "bình quân 2021–2025 tăng ≥ 2 tỷ đồng/năm", "average rise ≥ 2 billion VND/yr 2021–2025");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, 1.5, NAN); /* productivity x1.5 (002:421) */
    phrase(&t, "triệu đồng/lao động", NULL, "năm 2030 gấp ≥ 1,5 lần năm 2018", "≥ 1.5 times 2018 in 2030");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, 0.75, 0.80); /* NCD mortality down 20-25% (002:549) */
    phrase(&t, "%", NULL, "năm 2030 giảm 20–25% so với năm 2018", "down 20–25% on 2018 in 2030");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, NAN, 0.5); /* poverty at least halved (002:257) */
    phrase(&t, "%", NULL, "năm 2030 giảm ≥ 50% so với năm 2018", "down ≥ 50% on 2018 in 2030");
    t = tg(CHITIEU_SHAPE_EXCEEDS, 2019, 2030, NAN, NAN); /* bottom 40% income (002:1673) */
    phrase(&t, "nghìn đồng/người/tháng", "Thu nhập bình quân đầu người (Việt Nam)",
           "2019–2030 tăng nhanh hơn thu nhập bình quân đầu người (Việt Nam)",
           "growth faster than thu nhập bình quân đầu người (Việt Nam), 2019–2030");
    /* inside a sentence a name's capital is lowered (Đ too), an acronym's is not */
    phrase(&t, "%", "Đô thị hóa (Việt Nam)", "2019–2030 tăng nhanh hơn đô thị hóa (Việt Nam)",
           "growth faster than đô thị hóa (Việt Nam), 2019–2030");
    phrase(&t, "%", "GRDP (Việt Nam)", "2019–2030 tăng nhanh hơn GRDP (Việt Nam)",
           "growth faster than GRDP (Việt Nam), 2019–2030");
    /* a name in capitals stays so, also when its second letter is not ASCII (Ổ: E1 BB 94); any capital
     * before a small letter is lowered (Ư) */
    phrase(&t, "%", "TỔNG SẢN PHẨM (Việt Nam)", "2019–2030 tăng nhanh hơn TỔNG SẢN PHẨM (Việt Nam)",
           "growth faster than TỔNG SẢN PHẨM (Việt Nam), 2019–2030");
    phrase(&t, "%", "ĐÔ THỊ (Việt Nam)", "2019–2030 tăng nhanh hơn ĐÔ THỊ (Việt Nam)",
           "growth faster than ĐÔ THỊ (Việt Nam), 2019–2030");
    phrase(&t, "%", "Ước tính (Việt Nam)", "2019–2030 tăng nhanh hơn ước tính (Việt Nam)",
           "growth faster than ước tính (Việt Nam), 2019–2030");
    t.low = 2;
    phrase(&t, "nghìn đồng/người/tháng", "Average income (Việt Nam)",
           "2019–2030 tăng nhanh hơn average income (Việt Nam) ≥ 2 điểm %/năm",
           "growth ≥ 2 points/yr faster than average income (Việt Nam), 2019–2030");
    phrase(&t, NULL, NULL, "2019–2030 tăng nhanh hơn chỉ tiêu so sánh ≥ 2 điểm %/năm",
           "growth ≥ 2 points/yr faster than the comparison series, 2019–2030");
}

/* quantity(t, through, q, projected) in both languages */
static void qty(const chitieu_target *t, const char *u, int through, double q, int projected, const char *want_vi,
                const char *want_en)
{
    chitieu_words_ctx c = {CHITIEU_LANG_VI, u, NULL};
    assert_string_equal(chitieu_words_quantity(buf, sizeof buf, t, through, q, projected, &c), want_vi);
    c.lang = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_quantity(buf, sizeof buf, t, through, q, projected, &c), want_en);
}

static void test_quantities(void **state)
{
    (void)state;
    chitieu_target t = tg(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 6.5, 7);
    qty(&t, "%", 2024, 5.8031, 0, "bình quân 2021–2024: 5,80%/năm", "average 2021–2024: 5.80%/yr");
    qty(&t, "%", 2025, 5.872, 1, "bình quân 2021–2025 (dự báo): 5,87%/năm", "average 2021–2025 (forecast): 5.87%/yr");
    qty(&t, "%", 2021, 2.55, 0, "năm 2021: 2,55%/năm", "2021: 2.55%/yr");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 45, NAN);
    qty(&t, "%", 2025, 40.7759, 1, "năm 2025 (dự báo): 40,8%", "2025 (forecast): 40.8%");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2020, 99.95, NAN); /* 99,948 is not 99,9, nor 99,95 (the bound: met) */
    qty(&t, "%", 2020, 99.948, 0, "năm 2020: 99,948%", "2020: 99.948%");
    qty(&t, "%", 2020, 99.9499, 0, "năm 2020: 99,9499%", "2020: 99.9499%");
    qty(&t, "%", 2020, 99.96, 0, "năm 2020: 99,96%", "2020: 99.96%");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8.5, NAN); /* an average of 8,4996%/yr is not "8,50%" */
    qty(&t, "%", 2025, 8.49962, 0, "bình quân 2021–2025: tăng 8,4996%/năm", "average 2021–2025: up 8.4996%/yr");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2022, 1.8, NAN); /* FDI 2022 (BD): 3,078 as the latest figure shows it */
    qty(&t, "tỷ USD", 2022, 3.078, 0, "năm 2022: 3,078 tỷ USD", "2022: 3.078 billion USD");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 9, 10);
    qty(&t, "triệu USD", 2023, -3.14159, 0, "bình quân 2021–2023: giảm 3,14%/năm", "average 2021–2023: down 3.14%/yr");
    t = tg(CHITIEU_SHAPE_AVG_CHANGE, 2019, 2030, NAN, -1.5);
    qty(&t, "%", 2024, -0.714, 0, "bình quân 2019–2024: giảm 0,714 điểm %/năm",
        "average 2019–2024: down 0.714 points/yr");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, 1.5, NAN);
    qty(&t, "triệu đồng", 2024, 1.2133, 0, "năm 2024 so với năm 2018: gấp 1,21 lần", "2024 vs 2018: 1.21 times");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 1990, 2030, NAN, 0.5); /* 0,43 of 1990 reads as a fall of 57% */
    qty(&t, "Mt", 2021, 0.4309, 0, "năm 2021 so với năm 1990: giảm 56,9%", "2021 vs 1990: down 56.9%");
    qty(&t, "Mt", 2021, 1.1, 0, "năm 2021 so với năm 1990: tăng 10,0%", "2021 vs 1990: up 10.0%");
    t = tg(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    qty(&t, "tỷ USD", 2024, 6.83, 0, "tổng 2021–2024: 6,83 tỷ USD", "total 2021–2024: 6.83 billion USD");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 96, NAN);
    qty(&t, "%", 2024, 96.2, 0, "thấp nhất 2021–2024: 96,2%", "lowest 2021–2024: 96.2%");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, NAN, 3);
    qty(&t, "%", 2023, 2.41, 0, "cao nhất 2021–2023: 2,41%", "highest 2021–2023: 2.41%");
    t = tg(CHITIEU_SHAPE_EXCEEDS, 2019, 2030, NAN, NAN);
    qty(&t, NULL, 2024, 1.234, 0, "2019–2024: nhanh hơn 1,23 điểm %/năm", "2019–2024: 1.23 points/yr faster");
    qty(&t, NULL, 2024, -2, 0, "2019–2024: chậm hơn 2,00 điểm %/năm", "2019–2024: 2.00 points/yr slower");
    qty(&t, NULL, 2024, NAN, 0, "", "");
}

static void test_band_and_last(void **state)
{
    (void)state;
    chitieu_words_ctx vi = {CHITIEU_LANG_VI, "%", NULL}, en = {CHITIEU_LANG_EN, "%", NULL};
    chitieu_target t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 45, NAN); /* VN_URBAN, demo assessment */
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 40.7759, 40.4193, 41.1374, &vi), "khoảng dự báo 80%: 40,4–41,1%");
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 40.7759, 40.4193, 41.1374, &en), "80% forecast range: 40.4–41.1%");
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 40, NAN, 41, &vi), "");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 1990, 2030, NAN, 0.5); /* ratio 0.30-0.61: a fall of 39-70% */
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 0.4309, 0.30, 0.61, &vi), "khoảng dự báo 80%: giảm 39,0–70,0%");
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 0.4309, 0.30, 0.61, &en), "80% forecast range: down 39.0–70.0%");
    t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 9, 10);
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 1.1, -1.2, 3.4, &vi), "khoảng dự báo 80%: -1,20 đến 3,40%/năm");
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 1.1, -1.2, 3.4, &en), "80% forecast range: -1.20 to 3.40%/yr");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, 1.5, NAN);
    assert_string_equal(chitieu_words_band(buf, sizeof buf, &t, 1.3, 1.1, 1.45, &vi), "khoảng dự báo 80%: 1,10–1,45 lần");

    chitieu_assessment a;
    memset(&a, 0, sizeof a);
    a.target = tg(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 6.5, 7);
    a.last_year = 2024;
    a.last_value = 7.09118746633975; /* the machine number of the issue */
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &vi), "7,09% (2024)");
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 80000, NAN);
    a.last_value = 80000;
    chitieu_words_ctx bvi = {CHITIEU_LANG_VI, "doanh nghiệp", NULL}, ben = {CHITIEU_LANG_EN, "doanh nghiệp", NULL};
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &bvi), "80.000 doanh nghiệp (2024)");
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &ben), "80,000 enterprises (2024)");
    /* GRDP per person 181.2 (BD, 2024) beside 210-215: as written, as the yearly plans' 185,5 shows it */
    a.target = tg(CHITIEU_SHAPE_RANGE, 0, 2025, 210, 215);
    a.last_value = 181.2;
    chitieu_words_ctx tvi = {CHITIEU_LANG_VI, "triệu đồng", NULL};
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &tvi), "181,2 triệu đồng (2024)");
    a.last_value = 181.23; /* two digits more than three significant ones: three */
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &tvi), "181 triệu đồng (2024)");
    /* households with power 99.99 (BD, 2022) beside >= 100%: not "100%", which would read as met */
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 100, NAN);
    a.last_value = 99.99;
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &vi), "99,99% (2024)");
    a.last_value = 99.9996; /* at most four decimals */
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &vi), "99,9996% (2024)");
    a.last_value = 100;
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &vi), "100% (2024)");
    a.last_year = 0;
    assert_string_equal(chitieu_words_last(buf, sizeof buf, &a, &bvi), "");
}

/* pace of an assessment in both languages */
static void pace(const chitieu_assessment *a, const char *u, const char *want_vi, const char *want_en)
{
    chitieu_words_ctx c = {CHITIEU_LANG_VI, u, NULL};
    assert_string_equal(chitieu_words_pace(buf, sizeof buf, a, &c), want_vi);
    c.lang = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_pace(buf, sizeof buf, a, &c), want_en);
}

static void test_paces(void **state)
{
    (void)state;
    chitieu_assessment a;
    memset(&a, 0, sizeof a);
    a.status = CHITIEU_STATUS_OFF_TRACK;
    a.last_year = 2024;
    /* VN_GDP_GROWTH (demo): 6.5-7 %/yr over 2021-2025; 9.3969% needed in 2025, recent mean 5.2226% */
    a.target = tg(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 6.5, 7);
    a.last_value = 7.09;
    a.required_pace = 9.3969;
    a.observed_pace = 5.2226;
    pace(&a, "%", "cần đạt 9,40% trong năm 2025; xu hướng 5,22%/năm", "needs 9.40% in 2025; trend 5.22%/yr");
    a.target.year = 2027;
    pace(&a, "%", "cần đạt 9,40%/năm trong các năm 2025–2027; xu hướng 5,22%/năm",
         "needs 9.40%/yr in 2025–2027; trend 5.22%/yr");
    /* VN-DH14 growth >= 10%/yr 2026-2030 with figures to 2024: the pace is for 2026-2030, not from 2025 */
    a.target = tg(CHITIEU_SHAPE_AVG_RATE, 2026, 2030, 10, NAN);
    a.required_pace = 10;
    pace(&a, "%", "cần đạt 10,0%/năm trong các năm 2026–2030; xu hướng 5,22%/năm",
         "needs 10.0%/yr in 2026–2030; trend 5.22%/yr");
    a.target = tg(CHITIEU_SHAPE_AVG_RATE, 2026, 2026, 10, NAN);
    pace(&a, "%", "cần đạt 10,0% trong năm 2026; xu hướng 5,22%/năm", "needs 10.0% in 2026; trend 5.22%/yr");
    /* VN_URBAN (demo): 45% in 2025 from 40.195% in 2024; +4.805 points needed, trend +0.7137 */
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 45, NAN);
    a.last_value = 40.195;
    a.required_pace = 4.805;
    a.observed_pace = 0.7137;
    /* 4.805 is 4.80499... in binary: it rounds down */
    pace(&a, "%", "cần tăng 4,80 điểm %/năm đến 2025; xu hướng tăng 0,714 điểm %/năm",
         "needs +4.80 points/yr to 2025; trend +0.714 points/yr");
    /* VN_FOREST (demo): 42% already passed */
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 42, NAN);
    a.last_value = 47.445;
    a.required_pace = -2.7227;
    a.observed_pace = 0.2422;
    pace(&a, "%", "đã ở mức mục tiêu; xu hướng tăng 0,242 điểm %/năm", "already at the target level; trend +0.242 points/yr");
    a.target = tg(CHITIEU_SHAPE_AT_MOST, 0, 2025, NAN, 2.5);
    a.last_value = 3.1;
    a.required_pace = -0.6;
    a.observed_pace = -0.25;
    pace(&a, "%", "cần giảm 0,600 điểm %/năm đến 2025; xu hướng giảm 0,250 điểm %/năm",
         "needs -0.600 points/yr to 2025; trend -0.250 points/yr");
    a.target = tg(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2030, 10, NAN);
    a.last_value = 100;
    a.required_pace = 12.34;
    a.observed_pace = 5.2;
    pace(&a, "tỷ đồng", "cần tăng 12,3%/năm đến 2030; xu hướng tăng 5,20%/năm", "needs +12.3%/yr to 2030; trend +5.20%/yr");
    a.target = tg(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    a.last_year = 2023;
    a.required_pace = 1.2;
    a.observed_pace = 1.8;
    pace(&a, "tỷ USD", "cần đạt 1,20 tỷ USD/năm trong các năm 2024–2025; xu hướng 1,80 tỷ USD/năm",
         "needs 1.20 billion USD/yr in 2024–2025; trend 1.80 billion USD/yr");
    a.required_pace = -0.5;
    pace(&a, "tỷ USD", "đã đạt tổng mục tiêu; xu hướng 1,80 tỷ USD/năm", "total already reached; trend 1.80 billion USD/yr");
    a.target = tg(CHITIEU_SHAPE_AVG_CHANGE, 2019, 2030, NAN, -1.5);
    a.required_pace = -1.9;
    a.observed_pace = -0.7;
    pace(&a, "%", "cần giảm 1,90 điểm %/năm đến 2030; xu hướng giảm 0,700 điểm %/năm",
         "needs -1.90 points/yr to 2030; trend -0.700 points/yr");
    /* VN infant mortality (demo): <= 10 per 1,000 in 2030 from 14.0 in 2023; the change per year in the unit's
     * gloss, not "điểm ‰ (ca/1.000 trẻ đẻ sống) mỗi năm"; a bare ‰ in per-mille points */
    a.target = tg(CHITIEU_SHAPE_AT_MOST, 0, 2030, NAN, 10);
    a.last_year = 2023;
    a.last_value = 14.0;
    a.required_pace = -4.0 / 7;
    a.observed_pace = -0.225;
    pace(&a, "‰ (ca/1.000 trẻ đẻ sống)",
         "cần giảm 0,571 ca/1.000 trẻ đẻ sống mỗi năm đến 2030; xu hướng giảm 0,225 ca/1.000 trẻ đẻ sống mỗi năm",
         "needs -0.571 per 1,000 live births a year to 2030; trend -0.225 per 1,000 live births a year");
    pace(&a, "‰", "cần giảm 0,571 điểm ‰/năm đến 2030; xu hướng giảm 0,225 điểm ‰/năm",
         "needs -0.571 per-mille points/yr to 2030; trend -0.225 per-mille points/yr");
    /* HCMC's GDP per head in USD per person (demo): not "USD per person/yr" in English */
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2030, 14000, NAN);
    a.last_year = 2025;
    a.last_value = 8066;
    a.required_pace = 1186.8;
    a.observed_pace = NAN;
    pace(&a, "USD/người", "cần tăng 1.187 USD/người mỗi năm đến 2030", "needs +1,187 USD per person a year to 2030");
    a.target = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 74.5, NAN); /* life expectancy in years: not "năm/năm" */
    a.last_year = 2023;
    a.last_value = 74.4;
    a.required_pace = 0.05;
    a.observed_pace = 0.0942;
    pace(&a, "năm", "cần tăng 0,0500 năm mỗi năm đến 2025; xu hướng tăng 0,0942 năm mỗi năm",
         "needs +0.0500 years a year to 2025; trend +0.0942 years a year");
    /* a period with gaps (BD_FDI, demo: only 2022 known): the pace is for its 4 years without a figure */
    a.target = tg(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    a.last_year = 2022;
    a.required_pace = 1.4805;
    a.pace_years = 4;
    a.observed_pace = NAN;
    pace(&a, "tỷ USD", "cần đạt 1,48 tỷ USD/năm trong 4 năm chưa có số liệu của giai đoạn 2021–2025",
         "needs 1.48 billion USD/yr in the 4 years of 2021–2025 without a figure");
    /* no base figure (BT_EXPORT, demo: 2018 missing): no pace, and why */
    a.target = tg(CHITIEU_SHAPE_AVG_GROWTH, 2019, 2030, 10, NAN);
    a.last_year = 2024;
    a.required_pace = NAN;
    a.pace_years = 0;
    a.base_missing = 2018;
    a.observed_pace = 11.6445;
    pace(&a, "triệu USD", "không tính được nhịp độ cần: thiếu số liệu năm gốc 2018; xu hướng tăng 11,6%/năm",
         "pace needed unknown: no figure for the base year 2018; trend +11.6%/yr");
    a.base_missing = 0;
    a.status = CHITIEU_STATUS_ACHIEVED; /* settled: no pace */
    pace(&a, "%", "", "");
    a.status = CHITIEU_STATUS_AT_RISK;
    a.target.shape = CHITIEU_SHAPE_EXCEEDS; /* no single pace */
    pace(&a, "%", "", "");
}

static void test_names_dates_years(void **state)
{
    (void)state;
    assert_string_equal(chitieu_words_status(CHITIEU_STATUS_ON_TRACK, CHITIEU_LANG_VI), "Đúng hướng");
    assert_string_equal(chitieu_words_status(CHITIEU_STATUS_OFF_TRACK, CHITIEU_LANG_EN), "Off track");
    assert_string_equal(chitieu_words_status(CHITIEU_STATUS_COUNT_, CHITIEU_LANG_EN), "?");
    assert_string_equal(chitieu_words_unit("tỷ USD", CHITIEU_LANG_EN), "billion USD");
    assert_string_equal(chitieu_words_unit("tỷ USD", CHITIEU_LANG_VI), "tỷ USD");
    assert_string_equal(chitieu_words_unit("Mt", CHITIEU_LANG_EN), "Mt");
    assert_string_equal(chitieu_words_unit("USD/người", CHITIEU_LANG_EN), "USD per person"); /* HCMC's 2030 plan */
    assert_string_equal(chitieu_words_unit("nghìn người", CHITIEU_LANG_EN), "thousand people");
    assert_string_equal(chitieu_words_goal("Kinh tế", CHITIEU_LANG_EN), "Economy");
    /* a lead agency: its official English name; one the glossary does not know as it is; none: "" */
    assert_string_equal(chitieu_words_agency("Sở Y tế", CHITIEU_LANG_EN), "Department of Health");
    assert_string_equal(chitieu_words_agency("Sở Lao động - Thương binh và Xã hội", CHITIEU_LANG_EN),
                        "Department of Labour, Invalids and Social Affairs");
    assert_string_equal(chitieu_words_agency("Sở Y tế", CHITIEU_LANG_VI), "Sở Y tế");
    assert_string_equal(chitieu_words_agency("Ban Quản lý X", CHITIEU_LANG_EN), "Ban Quản lý X");
    assert_string_equal(chitieu_words_agency(NULL, CHITIEU_LANG_EN), "");
    /* a catalogue's text or its English (name / name_en, document / document_en): the English one in English when it
     * is not empty, else the text as stored (NULL when there is none) */
    assert_string_equal(chitieu_words_pick("Tỉnh X", "X province", CHITIEU_LANG_EN), "X province");
    assert_string_equal(chitieu_words_pick("Tỉnh X", "X province", CHITIEU_LANG_VI), "Tỉnh X");
    assert_string_equal(chitieu_words_pick("Tỉnh X", "", CHITIEU_LANG_EN), "Tỉnh X");
    assert_string_equal(chitieu_words_pick("Tỉnh X", NULL, CHITIEU_LANG_EN), "Tỉnh X");
    assert_null(chitieu_words_pick(NULL, NULL, CHITIEU_LANG_EN));
    assert_string_equal(chitieu_words_pick(NULL, "Decision 7", CHITIEU_LANG_EN), "Decision 7");
    /* an indicator's caveat: note in Vietnamese; note_en in English, else note (an empty cell is none) */
    chitieu_indicator ind = {.note = "Ước tính của ILO", .note_en = ""};
    assert_string_equal(chitieu_words_note(&ind, CHITIEU_LANG_VI), "Ước tính của ILO");
    assert_string_equal(chitieu_words_note(&ind, CHITIEU_LANG_EN), "Ước tính của ILO");
    ind.note_en = "The ILO's estimate";
    assert_string_equal(chitieu_words_note(&ind, CHITIEU_LANG_EN), "The ILO's estimate");
    assert_string_equal(chitieu_words_note(&ind, CHITIEU_LANG_VI), "Ước tính của ILO");
    ind.note = "";
    assert_null(chitieu_words_note(&ind, CHITIEU_LANG_VI));
    ind.note = NULL;
    assert_null(chitieu_words_note(&ind, CHITIEU_LANG_VI));
    assert_null(chitieu_words_note(NULL, CHITIEU_LANG_EN));
    /* an SDG by its topic, the number after it; anything else like it as it is */
    assert_string_equal(chitieu_words_goal("SDG 3", CHITIEU_LANG_EN), "Good health and well-being (SDG 3)");
    /* Vietnamese: the official titles of Quyết định 622/QĐ-TTg as Bến Tre's plan writes them (read by hand in seed
     * 002, lines 104, 122, 126, 128, 136, 2413), not short names of our own */
    assert_string_equal(chitieu_words_goal("SDG 1", CHITIEU_LANG_VI), "Chấm dứt mọi hình thức nghèo ở mọi nơi (SDG 1)");
    assert_string_equal(chitieu_words_goal("SDG 10", CHITIEU_LANG_VI), "Giảm bất bình đẳng trong xã hội (SDG 10)");
    assert_string_equal(chitieu_words_goal("SDG 12", CHITIEU_LANG_VI), "Đảm bảo sản xuất và tiêu dùng bền vững (SDG 12)");
    assert_string_equal(chitieu_words_goal("SDG 13", CHITIEU_LANG_VI),
                        "Ứng phó kịp thời, hiệu quả với biến đổi khí hậu và thiên tai (SDG 13)");
    assert_string_equal(chitieu_words_goal("SDG 17", CHITIEU_LANG_VI),
                        "Tăng cường phương thức thực hiện và thúc đẩy đối tác toàn cầu vì sự phát triển bền vững (SDG 17)");
    assert_non_null(strstr(chitieu_words_goal("SDG 16", CHITIEU_LANG_VI), "Thúc đẩy xã hội hòa bình, dân chủ, công bằng"));
    for (int k = 1; k <= 17; k++) { /* every goal titled in both languages, its number after the title */
        char code[8], tail[16];
        snprintf(code, sizeof code, "SDG %d", k);
        snprintf(tail, sizeof tail, " (SDG %d)", k);
        for (int l = 0; l < 2; l++) {
            const char *t = chitieu_words_goal(code, l ? CHITIEU_LANG_EN : CHITIEU_LANG_VI);
            assert_true(strlen(t) > strlen(tail) + 5);
            assert_string_equal(t + strlen(t) - strlen(tail), tail);
        }
    }
    assert_string_equal(chitieu_words_goal("SDG 10", CHITIEU_LANG_EN), "Reduced inequalities (SDG 10)");
    static const char *const as_is[] = {"SDG 18", "SDG 0", "SDG 03", "SDG 3a", "SDG  3", "SDG", "SDG 123", "sdg 3"};
    for (size_t i = 0; i < sizeof as_is / sizeof *as_is; i++)
        assert_string_equal(chitieu_words_goal(as_is[i], CHITIEU_LANG_VI), as_is[i]);
    assert_string_equal(chitieu_words_goal(NULL, CHITIEU_LANG_VI), "Khác");
    for (int w = 0; w < CHITIEU_W_COUNT_; w++) { /* every fixed text exists in both languages */
        assert_true(strlen(chitieu_words_text((chitieu_word)w, CHITIEU_LANG_VI)) > 0);
        assert_true(strlen(chitieu_words_text((chitieu_word)w, CHITIEU_LANG_EN)) > 0);
    }
    /* the pack's note names the band as the rows and legends do ("khoảng dự báo 80%", not "khoảng tin cậy") and
     * says what 80% means; the legends speak no fitter's words ("khớp", "trung vị") */
    char band[64];
    snprintf(band, sizeof band, "%s", chitieu_words_text(CHITIEU_W_BAND80, CHITIEU_LANG_VI));
    band[0] = 'k'; /* "Khoảng" in a legend, "khoảng" mid-sentence */
    const char *note = chitieu_words_text(CHITIEU_W_METHOD_NOTE, CHITIEU_LANG_VI);
    assert_non_null(strstr(note, band));
    assert_non_null(strstr(note, "khoảng 8 trong 10 lần"));
    assert_null(strstr(note, "tin cậy"));
    /* ... and the words of the pace column, "Nhịp độ cần và xu hướng", and of its changes in points */
    assert_non_null(strstr(chitieu_words_text(CHITIEU_W_COL_PACE, CHITIEU_LANG_VI), "Nhịp độ cần"));
    assert_non_null(strstr(note, "Nhịp độ cần: mức phải đạt mỗi năm còn lại để đạt mục tiêu; xu hướng: "));
    assert_non_null(strstr(note, "điểm %: điểm phần trăm"));
    note = chitieu_words_text(CHITIEU_W_METHOD_NOTE, CHITIEU_LANG_EN);
    assert_non_null(strstr(note, chitieu_words_text(CHITIEU_W_BAND80, CHITIEU_LANG_EN)));
    assert_non_null(strstr(note, "about 8 times in 10"));
    assert_non_null(strstr(chitieu_words_text(CHITIEU_W_COL_PACE, CHITIEU_LANG_EN), "Pace needed"));
    assert_non_null(strstr(note, "Pace needed: what each year left must bring to meet the target; trend: "));
    assert_non_null(strstr(note, "points: percentage points"));
    assert_null(strstr(chitieu_words_text(CHITIEU_W_FIT, CHITIEU_LANG_VI), "khớp"));
    assert_null(strstr(chitieu_words_text(CHITIEU_W_FORECAST, CHITIEU_LANG_VI), "trung vị"));
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "2021-12-20", CHITIEU_LANG_VI), "20/12/2021");
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "2021-12-20", CHITIEU_LANG_EN), "20 December 2021");
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "2025-11-25T10:00:00Z", CHITIEU_LANG_VI), "25/11/2025");
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "11-30", CHITIEU_LANG_VI), "30/11");
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "11-30", CHITIEU_LANG_EN), "30 November");
    assert_string_equal(chitieu_words_date(buf, sizeof buf, "cuối năm", CHITIEU_LANG_VI), "cuối năm");
    /* a text copied into a buffer too small for it ends at a whole character: "ab😀😀" in 8 bytes is "ab😀" (6),
     * not "ab😀" and the first byte of the second "😀" (F0 9F 98 80) */
    char b8[8];
    assert_string_equal(chitieu_words_date(b8, sizeof b8, "ab\xF0\x9F\x98\x80\xF0\x9F\x98\x80", CHITIEU_LANG_VI),
                        "ab\xF0\x9F\x98\x80");
    int ys[] = {2018, 2020, 2021, 2022, 2024};
    assert_string_equal(chitieu_words_years(buf, sizeof buf, ys, 5), "2018, 2020–2022, 2024");
    assert_string_equal(chitieu_words_years(buf, sizeof buf, ys, 0), "");
}

/* Width and cutting at a whole character: every expected text and byte count by hand ("ú" and "…" take 2 and 3
 * bytes in UTF-8, "ữ" 3). */
static void test_width_cut(void **state)
{
    (void)state;
    assert_int_equal(chitieu_words_width("Ghi chú"), 7); /* 8 bytes */
    assert_int_equal(chitieu_words_width("Lữ"), 2);
    assert_int_equal(chitieu_words_width(""), 0);
    assert_int_equal(chitieu_words_width(NULL), 0);
    char d[32];
    assert_string_equal(chitieu_words_cut(d, sizeof d, "Ghi chú rất dài", 7), "Ghi chú…");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "Ghi chú", 7), "Ghi chú"); /* exactly max: whole */
    assert_string_equal(chitieu_words_cut(d, sizeof d, "Ghi chú", 6), "Ghi ch…");
    /* a text snprintf cut inside a character ("ú" is C3 BA) loses the partial character, in place too */
    assert_string_equal(chitieu_words_cut(d, sizeof d, "Ghi ch\xC3", 40), "Ghi ch");
    char part[] = "Số li\xE1\xBB";
    assert_string_equal(chitieu_words_cut(part, sizeof part, part, sizeof part), "Số li");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "", 3), "");
    assert_string_equal(chitieu_words_cut(d, 8, "Ghi chú rất dài", 7), "Ghi …"); /* 4 + 3 bytes + NUL = 8 */
    assert_string_equal(chitieu_words_cut(d, 9, "Ghi chú rất dài", 7), "Ghi c…"); /* 5 + 3 + 1 = 9 */
    assert_string_equal(chitieu_words_cut(d, 4, "abcdef", 5), "…");
    assert_string_equal(chitieu_words_cut(d, 3, "abcdef", 5), "");
    /* characters of 4 bytes (emoji "😀" F0 9F 98 80): one character each, cut whole; a text cut inside one loses
     * it whatever the number of its bytes that are there (1, 2 or 3) */
    assert_int_equal(chitieu_words_width("a\xF0\x9F\x98\x80"), 2);
    assert_string_equal(chitieu_words_cut(d, sizeof d, "ab\xF0\x9F\x98\x80\xF0\x9F\x98\x80" "cd", 3), "ab\xF0\x9F\x98\x80…");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "ab\xF0\x9F\x98\x80", 40), "ab\xF0\x9F\x98\x80");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "ab\xF0\x9F\x98", 40), "ab");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "ab\xF0\x9F", 40), "ab");
    assert_string_equal(chitieu_words_cut(d, sizeof d, "ab\xF0", 40), "ab");
    /* dst of 8 bytes: "a😀…" needs 1 + 4 + 3 + 1 = 9, so "a…" */
    assert_string_equal(chitieu_words_cut(d, 8, "a\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 10), "a…");
    assert_string_equal(chitieu_words_cut(d, 9, "a\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 10), "a\xF0\x9F\x98\x80…");
    char in[] = "Nguồn: Cục Thống kê tỉnh Bến Tre";
    assert_string_equal(chitieu_words_cut(in, sizeof in, in, 5), "Nguồn…"); /* in place */
}

static void test_collate(void **state)
{
    (void)state;
    /* numbers by value */
    assert_true(chitieu_words_collate("SDG 2", "SDG 10") < 0);
    assert_true(chitieu_words_collate("SDG 10", "SDG 9") > 0);
    assert_true(chitieu_words_collate("SDG 02", "SDG 2") != 0);
    /* the Vietnamese alphabet: ô before u, đ after d, ă after a, x before y */
    assert_true(chitieu_words_collate("Công an tỉnh", "Cục Thống kê") < 0);
    assert_true(chitieu_words_collate("Dân số", "Đô thị thông minh") < 0);
    assert_true(chitieu_words_collate("Đô thị", "Em") < 0);
    assert_true(chitieu_words_collate("Anh", "Ăn") < 0);
    assert_true(chitieu_words_collate("Sở Xây dựng", "Sở Y tế") < 0);
    assert_true(chitieu_words_collate("Kinh tế", "Môi trường") < 0);
    assert_true(chitieu_words_collate("Môi trường", "Xã hội") < 0);
    assert_true(chitieu_words_collate("Sở Lao động", "Sở Nông nghiệp") < 0);
    /* tones after letters: ma mà mả mã má mạ, and a toned letter sorts with its base */
    const char *tones[] = {"ma", "mà", "mả", "mã", "má", "mạ"};
    for (int i = 0; i < 5; i++) assert_true(chitieu_words_collate(tones[i], tones[i + 1]) < 0);
    assert_true(chitieu_words_collate("mạ", "mb") < 0);
    /* case last, digits before letters, equal strings equal */
    assert_true(chitieu_words_collate("An", "an") < 0);
    assert_true(chitieu_words_collate("2", "a") < 0);
    assert_int_equal(chitieu_words_collate("Bến Tre", "Bến Tre"), 0);
    assert_true(chitieu_words_collate("Bến", "Bến Tre") < 0);
}

/* Probabilities from paths: never 0% or 100% (1 in 4000 paths is not "0%"); the edges by hand. */
static void test_probability(void **state)
{
    (void)state;
    const chitieu_lang VI = CHITIEU_LANG_VI, EN = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0, VI), "dưới 1%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.00025, VI), "dưới 1%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.0099, EN), "below 1%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.01, VI), "1%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.5725, VI), "57%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.99, EN), "99%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 0.996, VI), "trên 99%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, 1, EN), "above 99%");
    assert_string_equal(chitieu_words_probability(buf, sizeof buf, NAN, VI), "");
}

/* why in both languages for target t on series (years ys, n), versus vs */
static void why(const chitieu_target *t, const int *ys, size_t n, const chitieu_series *vs, const char *want_vi,
                const char *want_en)
{
    double v[16] = {0};
    for (size_t i = 0; i < n; i++) v[i] = 10 + (double)i;
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, ys, v, NULL, n), CHITIEU_OK);
    chitieu_words_ctx c = {CHITIEU_LANG_VI, "%", "Thu nhập bình quân đầu người (Việt Nam)"};
    assert_string_equal(chitieu_words_no_data(buf, sizeof buf, t, s, vs, &c), want_vi);
    c.lang = CHITIEU_LANG_EN;
    assert_string_equal(chitieu_words_no_data(buf, sizeof buf, t, s, vs, &c), want_en);
    chitieu_series_free(s);
}

/* Why a target has no assessment: the cases of the shipped plans (Bến Tre exports: 2016, 2022, 2024 against
 * growth 2019-2030, so the base year 2018 is missing; Vĩnh Long: one figure, 2025). */
/* How a rebuilt value was made, in words: names (English where the indicator has one), not codes; dates as
 * chitieu_words_date; shares as percentages; more than 6 areas counted.  The hows are written here by hand. */
static void test_rebuilt(void **state)
{
    (void)state;
    char b[600];
    chitieu_areas_ref pop = {"POP", "Dân số", "Population"}, grdp = {"GRDP", "GRDP", NULL};
    chitieu_areas_ref hcm = {"HCM25", "TP. Hồ Chí Minh", NULL}, bd = {"BD", "Bình Dương", NULL},
                      brvt = {"BRVT", "Bà Rịa - Vũng Tàu", NULL}, old = {"HCM", "TP. Hồ Chí Minh (cũ)", NULL};
    chitieu_areas_part merged[] = {{bd, 1}, {brvt, 1}, {old, 1}};
    chitieu_areas_how sum = {.rule = CHITIEU_AGG_SUM, .indicator = pop, .area = hcm, .year = 2024, .k = 1,
                             .went_to = 1, .date = "2025-07-01", .nparts = 3, .parts = merged, .unofficial = 1};
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &sum, CHITIEU_LANG_VI),
                        "tổng của Bình Dương, Bà Rịa - Vũng Tàu và TP. Hồ Chí Minh (cũ) (chuyển về TP. Hồ Chí Minh "
                        "từ 01/07/2025); 1 địa bàn trong đó là số sơ bộ hoặc ước tính");
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &sum, CHITIEU_LANG_EN),
                        "sum of Bình Dương, Bà Rịa - Vũng Tàu and TP. Hồ Chí Minh (cũ) (which went to TP. Hồ Chí Minh "
                        "on 1 July 2025); 1 of them provisional or estimated");
    /* a mean over the areas under a province, one of them a share; the weight by its name */
    chitieu_areas_part under[] = {{bd, 0.4}, {brvt, 1}};
    chitieu_areas_how mean = {.rule = CHITIEU_AGG_MEAN, .indicator = grdp, .area = hcm, .year = 2024, .k = 1,
                              .a = pop, .nparts = 2, .parts = under, .rebuilt = 2};
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &mean, CHITIEU_LANG_VI),
                        "bình quân của 40% của Bình Dương và Bà Rịa - Vũng Tàu (thuộc TP. Hồ Chí Minh), trọng số Dân "
                        "số; 2 địa bàn trong đó là số tính lại");
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &mean, CHITIEU_LANG_EN),
                        "mean of 40% of Bình Dương and Bà Rịa - Vũng Tàu (within TP. Hồ Chí Minh) weighted by "
                        "Population; 2 of them rebuilt");
    /* more than 6 areas are counted */
    chitieu_areas_part many[7];
    for (int i = 0; i < 7; i++) many[i] = (chitieu_areas_part){bd, 1};
    sum.parts = many;
    sum.nparts = 7;
    sum.unofficial = 0;
    sum.went_to = 0;
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &sum, CHITIEU_LANG_VI),
                        "tổng của 7 địa bàn (thuộc TP. Hồ Chí Minh)");
    /* a ratio with a factor, its denominator rebuilt one level down and its numerator an estimate */
    sum.nparts = 3;
    sum.parts = merged;
    sum.went_to = 1;
    chitieu_areas_how ratio = {.rule = CHITIEU_AGG_RATIO, .indicator = grdp, .area = hcm, .year = 2024, .a = grdp,
                               .b = pop, .k = 1000, .comp_status = {'E', 'D'}, .comp = {NULL, &sum}};
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &ratio, CHITIEU_LANG_VI),
                        "tỷ số GRDP / Dân số × 1.000 của TP. Hồ Chí Minh; GRDP: ước tính; Dân số: tổng của Bình Dương, "
                        "Bà Rịa - Vũng Tàu và TP. Hồ Chí Minh (cũ) (chuyển về TP. Hồ Chí Minh từ 01/07/2025)");
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &ratio, CHITIEU_LANG_EN),
                        "ratio GRDP / Population × 1,000 in TP. Hồ Chí Minh; GRDP: estimate; Population: sum of "
                        "Bình Dương, Bà Rịa - Vũng Tàu and TP. Hồ Chí Minh (cũ) (which went to TP. Hồ Chí Minh on 1 "
                        "July 2025)");
    /* growth of a level whose earlier year is provisional */
    chitieu_areas_how growth = {.rule = CHITIEU_AGG_GROWTH, .indicator = grdp, .area = bd, .year = 2024, .a = grdp,
                                .k = 1, .comp_status = {'A', 'P'}};
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &growth, CHITIEU_LANG_VI),
                        "tốc độ tăng GRDP năm 2024 so với năm 2023 của Bình Dương; GRDP năm 2023: sơ bộ");
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, &growth, CHITIEU_LANG_EN),
                        "growth of GRDP from 2023 to 2024 in Bình Dương; GRDP 2023: provisional");
    /* a small buffer is cut at a character boundary; NULL reads as nothing */
    chitieu_words_rebuilt(b, 10, &growth, CHITIEU_LANG_VI);
    assert_string_equal(b, "tốc đ"); /* 8 bytes; "ộ" (3 more) does not fit in the 9 left */
    assert_string_equal(chitieu_words_rebuilt(b, sizeof b, NULL, CHITIEU_LANG_VI), "");
}

/* Why a target has no assessment: under the status "Thiếu số liệu", so the missing years are said without its words
 * ("chưa có số liệu năm 2018", was "Thiếu số liệu / thiếu số liệu năm 2018"). */
static void test_no_data(void **state)
{
    (void)state;
    chitieu_target t = tg(CHITIEU_SHAPE_AVG_GROWTH, 2019, 2030, 10, NAN);
    why(&t, NULL, 0, NULL, "chưa có số liệu", "no figures yet");
    why(&t, (int[]){2016, 2022, 2024}, 3, NULL, "chưa có số liệu năm 2018", "no figure for 2018");
    t = tg(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, NAN, 0.5); /* the base year */
    why(&t, (int[]){2019, 2020, 2023}, 3, NULL, "chưa có số liệu năm 2018", "no figure for 2018");
    t = tg(CHITIEU_SHAPE_AVG_RATE, 2016, 2020, 7, 7.5); /* every year of the period, up to the last figure */
    why(&t, (int[]){2017, 2020, 2024}, 3, NULL, "chưa có số liệu các năm 2016, 2018–2019",
        "no figures for 2016, 2018–2019");
    t = tg(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 35000, NAN); /* years after the last figure are not missing */
    why(&t, (int[]){2020, 2022}, 2, NULL, "chưa có số liệu năm 2021", "no figure for 2021");
    t = tg(CHITIEU_SHAPE_AT_LEAST, 0, 2030, 100, NAN);
    why(&t, (int[]){2025}, 1, NULL, "mới có số liệu năm 2025; cần ít nhất 3 năm để dự báo",
        "figures for 2025 only; a forecast needs at least 3 years");
    why(&t, (int[]){2020, 2022}, 2, NULL, "mới có số liệu các năm 2020, 2022; cần ít nhất 3 năm để dự báo",
        "figures for 2020, 2022 only; a forecast needs at least 3 years");
    why(&t, (int[]){2020, 2021, 2022}, 3, NULL, "chưa đủ số liệu để dự báo", "too few figures for a forecast");
    t = tg(CHITIEU_SHAPE_EXCEEDS, 2019, 2030, NAN, NAN); /* the series compared with */
    why(&t, (int[]){2018, 2019, 2020}, 3, NULL, "chưa có số liệu thu nhập bình quân đầu người (Việt Nam)",
        "no figures yet for thu nhập bình quân đầu người (Việt Nam)");
    chitieu_series *vs = NULL;
    assert_int_equal(chitieu_series_from(&vs, (int[]){2016, 2020}, (double[]){1, 2}, NULL, 2), CHITIEU_OK);
    why(&t, (int[]){2018, 2019, 2020}, 3, vs, "chưa có số liệu năm 2018 của thu nhập bình quân đầu người (Việt Nam)",
        "no figure for 2018 of thu nhập bình quân đầu người (Việt Nam)");
    chitieu_series_free(vs);
}

/* A per-mille's gloss: past the bracket after "‰" and its blanks; none for "%", a bare "‰", NULL, or text before
 * the symbol. */
/* A plan's document cited as a reader cites it, from the plan's record only; the expected texts written by hand
 * from the datasets' plans.csv files (Bến Tre's, the National Assembly's, Vĩnh Long's, the 2022 plan's). */
static void test_citation(void **state)
{
    (void)state;
    char b[512];
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Quyết định 2699/QĐ-UBND của UBND tỉnh Bến Tre", "2018-12-14",
                                               "Kế hoạch hành động phát triển bền vững tỉnh Bến Tre đến năm 2030",
                                               CHITIEU_LANG_VI),
                        "Quyết định số 2699/QĐ-UBND ngày 14/12/2018 của UBND tỉnh Bến Tre về Kế hoạch hành động phát "
                        "triển bền vững tỉnh Bến Tre đến năm 2030");
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Decision 2699/QĐ-UBND of the Bến Tre Provincial People's "
                                               "Committee", "2018-12-14", "Bến Tre province action plan for sustainable "
                                               "development to 2030", CHITIEU_LANG_EN),
                        "Decision No. 2699/QĐ-UBND dated 14 December 2018 of the Bến Tre Provincial People's Committee on "
                        "“Bến Tre province action plan for sustainable development to 2030”");
    /* "số" once; a number with a year in it */
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Nghị quyết số 16/2021/QH15 của Quốc hội", "2021-07-27", NULL,
                                               CHITIEU_LANG_VI),
                        "Nghị quyết số 16/2021/QH15 ngày 27/07/2021 của Quốc hội");
    /* no number: the date at the end; the name said already (before its bracket): not again */
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Vĩnh Long lần thứ I",
                                               "2025-10-03", "Chỉ tiêu chủ yếu", CHITIEU_LANG_VI),
                        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Vĩnh Long lần thứ I ngày 03/10/2025 về Chỉ tiêu chủ yếu");
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Resolution of the 1st Congress", "2025-10-03", "Main targets",
                                               CHITIEU_LANG_EN),
                        "Resolution of the 1st Congress, dated 3 October 2025 on “Main targets”");
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Nghị quyết 306/NQ-CP điều chỉnh Quy hoạch tổng thể quốc gia "
                                               "thời kỳ 2021-2030", NULL, "Quy hoạch tổng thể quốc gia thời kỳ 2021-2030 "
                                               "(điều chỉnh 2025)", CHITIEU_LANG_VI),
                        "Nghị quyết số 306/NQ-CP điều chỉnh Quy hoạch tổng thể quốc gia thời kỳ 2021-2030");
    /* a date the document states, one that is not a date, what it is about said with "về": as they are */
    const char *d22 = "Nghị quyết của Quốc hội về kế hoạch phát triển kinh tế - xã hội năm 2022 (thông qua 12/11/2021)";
    assert_string_equal(chitieu_words_citation(b, sizeof b, d22, "2021-11-12", "Kế hoạch 2022", CHITIEU_LANG_VI), d22);
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Quyết định 5/QĐ-UBND", "2021", NULL, CHITIEU_LANG_VI),
                        "Quyết định số 5/QĐ-UBND");
    /* a document number is not a date nor a count */
    assert_string_equal(chitieu_words_citation(b, sizeof b, "Chiến lược 10 năm 2021-2030", "2021-02-01", NULL,
                                               CHITIEU_LANG_VI),
                        "Chiến lược 10 năm 2021-2030 ngày 01/02/2021");
    assert_true(chitieu_words_is_number("2699/QĐ-UBND", 12));
    assert_true(chitieu_words_is_number("16/2021/QH15", 12));
    assert_false(chitieu_words_is_number("03/10/2025", 10));
    assert_false(chitieu_words_is_number("QĐ/2699", 8));
    /* no document: what it is about alone; a small buffer: cut at a whole character */
    assert_string_equal(chitieu_words_citation(b, sizeof b, NULL, "2021-01-01", "Kế hoạch", CHITIEU_LANG_VI), "Kế hoạch");
    char s[10]; /* room for "Quyết " and the first of the two bytes of "đ" */
    chitieu_words_citation(s, sizeof s, "Quyết định 1/QĐ", NULL, NULL, CHITIEU_LANG_VI);
    assert_string_equal(s, "Quyết ");
    /* a seed reference in words; anything else is none */
    assert_string_equal(chitieu_words_locator(b, sizeof b, "002:261", 7, CHITIEU_LANG_VI), "bản chép 002, dòng 261");
    assert_string_equal(chitieu_words_locator(b, sizeof b, "003:73, x", 6, CHITIEU_LANG_EN), "stored copy 003, line 73");
    assert_null(chitieu_words_locator(b, sizeof b, "02:261", 6, CHITIEU_LANG_VI));
    assert_null(chitieu_words_locator(b, sizeof b, "002:", 4, CHITIEU_LANG_VI));
    assert_null(chitieu_words_locator(b, sizeof b, "002:26a", 7, CHITIEU_LANG_VI));
    assert_null(chitieu_words_locator(b, sizeof b, "mục 2", strlen("mục 2"), CHITIEU_LANG_VI));
    /* a World Bank source as the WDI import writes it, in the reader's words; what follows it is the caller's */
    const char *wb = "World Bank WDI SP.URB.TOTL.IN.ZS, updated 2025-10-07";
    assert_int_equal(chitieu_words_wdi(b, sizeof b, wb, CHITIEU_LANG_VI), strlen(wb));
    assert_string_equal(b, "Ngân hàng Thế giới, Chỉ số Phát triển Thế giới (WDI), mã SP.URB.TOTL.IN.ZS, cập nhật ngày "
                           "07/10/2025");
    assert_int_equal(chitieu_words_wdi(b, sizeof b, wb, CHITIEU_LANG_EN), strlen(wb));
    assert_string_equal(b, "World Bank, World Development Indicators, series SP.URB.TOTL.IN.ZS, updated 7 October 2025");
    const char *more = "World Bank WDI NY.GDP.PCAP.CD, accessed via the API"; /* no date: the code alone */
    assert_int_equal(chitieu_words_wdi(b, sizeof b, more, CHITIEU_LANG_EN), strlen("World Bank WDI NY.GDP.PCAP.CD"));
    assert_string_equal(b, "World Bank, World Development Indicators, series NY.GDP.PCAP.CD");
    strcpy(b, "kept");
    assert_int_equal(chitieu_words_wdi(b, sizeof b, "World Bank WDI data", CHITIEU_LANG_VI), 0); /* no code */
    assert_int_equal(chitieu_words_wdi(b, sizeof b, "World Bank WDI SP.POP.GROW.x", CHITIEU_LANG_VI), 0);
    assert_int_equal(chitieu_words_wdi(b, sizeof b, "Cục Thống kê, updated 2025-10-07", CHITIEU_LANG_VI), 0);
    assert_int_equal(chitieu_words_wdi(b, sizeof b, NULL, CHITIEU_LANG_VI), 0);
    assert_string_equal(b, "kept");
    char w[23]; /* cut at a whole character: 22 bytes end inside "ớ" (3 bytes, after "Ngân hàng Thế gi", 20) */
    assert_int_equal(chitieu_words_wdi(w, sizeof w, wb, CHITIEU_LANG_VI), strlen(wb));
    assert_string_equal(w, "Ngân hàng Thế gi");
}

static void test_permille_gloss(void **state)
{
    (void)state;
    assert_string_equal(chitieu_words_permille_gloss("‰ (ca/1.000 trẻ đẻ sống)"), "ca/1.000 trẻ đẻ sống)");
    assert_string_equal(chitieu_words_permille_gloss("‰(trên 1.000 dân)"), "trên 1.000 dân)");
    assert_null(chitieu_words_permille_gloss("‰"));
    assert_null(chitieu_words_permille_gloss("% (GDP)"));
    assert_null(chitieu_words_permille_gloss("ca ‰ (x)"));
    assert_null(chitieu_words_permille_gloss(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_level_shapes),
        cmocka_unit_test(test_period_shapes),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_band_and_last),
        cmocka_unit_test(test_paces),
        cmocka_unit_test(test_names_dates_years),
        cmocka_unit_test(test_width_cut),
        cmocka_unit_test(test_collate),
        cmocka_unit_test(test_probability),
        cmocka_unit_test(test_no_data),
        cmocka_unit_test(test_rebuilt),
        cmocka_unit_test(test_permille_gloss),
        cmocka_unit_test(test_citation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
