#!/usr/bin/env bash
# tests/e2e_intake.sh — end-to-end: what departments and other systems send loads with `chitieu load`
# alone, no conversion script: a wide .xlsx with title rows and "..", UTF-16 text (Excel's Unicode Text,
# and a UTF-16BE comma CSV), a cp1258 file with --encoding, Open SDG indicator CSVs, a World Bank bulk CSV,
# SDMX-CSV; a reporting form filled in a spreadsheet program; a workbook from standard input; school and financial
# years (--span-year: a workbook, CSV, a UK Open SDG file); errors as FILE:Sheet!C12: COLUMN: MESSAGE; option errors exit 2.
# Fixtures: tests/fixtures/intake/ (README there: real files with their source, synthetic ones marked).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/e2e-lib.sh"
FX=$HERE/fixtures/intake
LX=$HERE/fixtures/load
cd "$T" || exit 1
DB=$T/i.db
C() { "$BIN" --db "$DB" "$@"; }

run "catalogue" 0 C load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"

# --- a department's workbook: title rows, a wide table, markers; every sheet ---
run "wide xlsx" 0 C load --area BD --agency "Sở KH-ĐT (thử nghiệm)" "$FX/departments.xlsx"
has "wide xlsx summary" out "10 new figures, 0 revised, 0 unchanged, 5 missing (marked or empty)"
run "series from xlsx" 0 C series GRDP_G --area BD --format csv
has "stored value, not the shown one" out "GRDP_G,BD,2019,8.46,A"
has "(sơ bộ) is provisional" out "GRDP_G,BD,2022,6.8,P"
has "(ước) is an estimate" out "GRDP_G,BD,2023,7.1,E"
run "history names the sheet" 0 C history GRDP_G --area BD --year 2019 --format csv
has "history file:sheet" out "departments.xlsx:Số liệu,6,"
has "history agency" out "Sở KH-ĐT (thử nghiệm)"
run "all sheets" 0 C load --all-sheets --area BD "$FX/departments.xlsx"
has "all sheets: plan and figures" out "10 unchanged, 5 missing (marked or empty); 0 indicators, 0 areas, 1 plan,"
has "notes sheet skipped" err "departments.xlsx:'Ghi chú': warning: no header naming the columns of a known kind"
has "all sheets: the summary names both batches (one a sheet; it named only the first)" out "batches 5-6 (chitieu revert 5-6 undoes this load)"
run "all sheets: batches" 0 C batches --format csv
check "batches 5 and 6 are the two sheets" '[ "$(grep -c "departments.xlsx:" out)" -ge 3 ] && grep -q "^6,.*departments.xlsx:Số liệu," out'
run "workbook on stdin" 0 C load --dry-run --area BD - <"$FX/departments.xlsx"
has "stdin workbook" out "10 unchanged"
run "no area" 1 C load "$FX/departments.xlsx"
has "header error names the sheet row" err "chitieu: load: $FX/departments.xlsx:'Số liệu'!4:4: area: missing column 'area'"
run "cell errors" 1 C load "$FX/edge.xlsx"
has "cell error" err "edge.xlsx:'Số liệu 2'!C3: year: a formula saved without its result"
run ".ods refused" 1 C load "$FX/sheet.ods"
has ".ods advice" err "sheet.ods: an OpenDocument spreadsheet (.ods), which chitieu does not read: save it as .xlsx"

# --- a workbook a script wrote (openpyxl) and the same saved by Calc: hidden sheets, percent cells, a formula ---
run "openpyxl workbook" 1 C load --area BD "$FX/openpyxl.xlsx"
has "the first sheet shown, not the hidden one" err "openpyxl.xlsx:'Biểu 01'!G6: 2022 (ước): a formula saved without its result"
has "nothing stored" err "1 error, 1 warning in 1 file; nothing was stored"
has "an estimate after the provisional figure is said" err "openpyxl.xlsx:'Biểu 01'!G5: warning: 2022 (ước): GRDP_G, BD, 2022: a provisional figure 6.8 (batch 4) is followed by an estimate 6.8; an earlier file sent again?"
run "calc-saved workbook" 0 C load --area BD "$FX/openpyxl-calc.xlsx"
has "calc-saved summary (the departments figures before)" out "3 new figures, 1 revised, 3 unchanged, 1 re-sourced (same value, new source or note), 1 missing (marked or empty)"
run "percent cells" 0 C series POOR --area BD --format csv
has "1.50% is 1.5" out "POOR,BD,2020,1.5,A"
has "0.85% is 0.85" out "POOR,BD,2022,0.85,E"
run "percent cell in another unit" 1 C load --area BD --all-sheets "$FX/openpyxl-calc.xlsx"
has "percent cell refused" err "openpyxl-calc.xlsx:Sai!B2: Năm 2021: the cell is formatted as a percentage (it shows 64%), but the unit is not a percentage"
has "date cell refused" err "openpyxl-calc.xlsx:Sai!B3: Năm 2021: the cell holds a date (2021-05-08), not a figure"
has "hidden sheet said" err "openpyxl-calc.xlsx:DM: warning: a hidden sheet: not read (--sheet DM reads it)"
has "second hidden sheet said" err "openpyxl-calc.xlsx:Ẩn: warning: a hidden sheet: not read (--sheet Ẩn reads it)"

# --- rows and columns hidden in Excel: loaded all the same, and said once per sheet (the rows and columns that
#     held loaded figures), with its place in --warnings ---
CH() { "$BIN" --db "$T/hidden.db" "$@"; }
run "hidden: catalogue" 0 CH load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"
run "hidden rows and columns" 0 CH load --warnings hidden-warnings.csv "$FX/hidden.xlsx"
has "hidden: every figure loaded, those hidden too" out "18 new figures, 0 revised, 0 unchanged, 6 missing (marked or empty)"
has "hidden: one warning for the sheet" out "0 targets; 1 warning"
has "hidden: the rows and the column that held figures named (12: 3 in each of rows 7-9, 3 in F)" err \
    "hidden.xlsx:'Số liệu': warning: rows 7–9 and column F are hidden in Excel; their 12 figures were loaded — whoever read the sheet did not see them: unhide them to check, or delete them and load again if they are not meant to be loaded"
check "hidden: column G (hidden, only '..') not named" '! grep -q "column G\|F–G" err'
has "hidden: the warning in --warnings, at the sheet" hidden-warnings.csv \
    "hidden.xlsx,0,,warning,,\"rows 7–9 and column F are hidden in Excel; their 12 figures were loaded"
has "hidden: its place column" hidden-warnings.csv "if they are not meant to be loaded\",'Số liệu'"
run "hidden: a hidden row's figures stored" 0 CH series GRDP_G --area VN --format csv
has "hidden: row 7's 2020, in hidden column F too" out "GRDP_G,VN,2020,2.9,A"
run "hidden: one hidden row" 0 CH load --dry-run --indicator POOR --area VN "$FX/hidden.xlsx"
has "hidden: one row, its 3 figures" err \
    "'Số liệu': warning: row 9 is hidden in Excel; its 3 figures were loaded — whoever read the sheet did not see them: unhide it to check, or delete it and load again if they are not meant to be loaded"
run "hidden: one figure in a hidden column" 0 CH load --dry-run --indicator POOR --area BD "$FX/hidden.xlsx"
has "hidden: one column, its one figure" err \
    "'Số liệu': warning: column F is hidden in Excel; its figure was loaded — whoever read the sheet did not see it: unhide it to check, or delete it and load again if it is not meant to be loaded"
run "hidden: many ranges" 0 CH load --dry-run --sheet Nhiều "$FX/hidden.xlsx"
has "hidden: 60 figures (13 in each of rows 3, 5, 6; 3 in each of 7 columns of the rows shown), the first 6 column ranges, A (codes) not named" err \
    "hidden.xlsx:Nhiều: warning: rows 3 and 5–6 and columns C, E, G, I, K, M (and 1 more) are hidden in Excel; their 60 figures were loaded"
run "hidden: hidden rows read, none of their figures loaded (--where picks no row)" 0 CH load --dry-run --indicator POOR --area BD --where "STT=0" "$FX/hidden.xlsx"
check "hidden: nothing said" '! grep -q "hidden in Excel" err'

# --- a header on two rows: names merged down, years under group headings (estimate, plan) ---
C2() { "$BIN" --db "$T/two.db" "$@"; }
run "two-row header catalogue" 0 C2 load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"
run "two-row header" 0 C2 load --area BD "$FX/two-row-header.xlsx"
has "two-row header figures" out "8 new figures, 0 revised, 0 unchanged"
has "the plan's column said" err "two-row-header.xlsx:'Biểu 02'!3:3: warning: Kế hoạch 2023: column 'Kế hoạch 2023' holds a plan's figures, not observations; ignored"
run "two-row header series" 0 C2 series GRDP_G --area BD --year 2022 --format csv
has "under 'Ước thực hiện': an estimate" out "GRDP_G,BD,2022,6.8,E"

# --- a code, name and unit merged down over the rows of one indicator (openpyxl, and the same saved by Calc) ---
C3() { "$BIN" --db "$T/merged.db" "$@"; }
printf 'code,name,level,parent\nBT,Ben Tre (synthetic),province,VN\n' >bt.csv
run "merged catalogue" 0 C3 load "$LX/areas.csv" bt.csv "$LX/indicators.csv" "$LX/plans.csv"
run "merged rows" 0 C3 load "$FX/merged.xlsx"
has "merged rows figures" out "18 new figures, 0 revised, 0 unchanged"
run "merged rows, calc-saved" 0 C3 load "$FX/merged-calc.xlsx"
has "merged rows, calc-saved: the same figures" out "0 new figures, 0 revised, 18 unchanged"
run "merged rows series" 0 C3 series POOR --area BT --format csv
has "the last row of a merged code" out "POOR,BT,2023,2.2,E"
run "merged rows series, the middle row" 0 C3 series POOR --area BD --format csv
has "the middle row of a code merged down over three rows (A7:A9)" out "POOR,BD,2022,1,A"
run "merged figure" 1 C3 load --sheet Sai "$FX/merged.xlsx"
has "merged down: the range named" err "merged.xlsx:Sai!C2: 2021: the figure '6.5' is merged over C2:C3 (several rows)"
has "merged across years: the range named" err "merged.xlsx:Sai!C4: 2021: the figure '1.5' is merged over C4:D4 (several columns)"
run "merged heading" 0 C3 load --sheet "Hai dòng" "$FX/merged-calc.xlsx"
run "merged heading series" 0 C3 series GRDP_G --area BD --format csv
has "a year past the merged heading is official" out "GRDP_G,BD,2023,7.1,A"
has "a year under it an estimate" out "GRDP_G,BD,2022,6.8,E"

# --- a status written in the value cell: "3,0 (ước)", "(sơ bộ) 7,1", "1,5*" with its footnote ---
run "status in the cell" 0 C3 load --sheet "Trạng thái" "$FX/merged-calc.xlsx"
has "status in the cell counted" out ", 5 with the status written beside the figure"
run "status in the cell series" 0 C3 series POOR --area BD --format csv
has "the footnote's star: an estimate" out "POOR,BD,2021,1.5,E"
has "(p): provisional" out "POOR,BD,2023,1,P"
printf 'indicator,area,year,value\nGRDP_G,VN,2021,"3,0 (dự báo)"\nGRDP_G,VN,2022,"2,0*"\n' >marks.csv
run "unknown status beside a figure" 1 C3 load marks.csv
has "unknown word named with its cell" err "marks.csv:2: value: '3,0 (dự báo)': unknown status '(dự báo)' beside the figure"
has "a star without its footnote" err "marks.csv:3: value: the figure '2,0*' carries the mark '*', which no footnote of the file explains"
# a status word before the figure ("ước 3,0", the words a year heading has before its year) and a cell whose status
# differs from its heading's (the cell is the more specific): both were errors ('ước 3,0' is not a number; the figure
# is marked provisional (P), but its heading says an estimate (E)), nothing stored
printf 'Mã chỉ tiêu;Mã địa bàn;2021;2022 (ước)\nGRDP_G;VN;ước 3,0;sơ bộ 2,5\nPOOR;VN;"Sơ bộ 1,9";"1,7 (ước)"\n' >lead.csv
run "a status word before the figure" 0 C3 load lead.csv
has "lead words counted" out "4 with the status written beside the figure"
has "the cell over its heading said once" err "lead.csv:2: warning: 2022 (ước): the figure 'sơ bộ 2,5' is marked provisional (P) under a heading that says an estimate (E): stored as its cell says"
run "a status word before the figure: series" 0 C3 series GRDP_G --area VN --format csv
has "ước 3,0 an estimate" out "GRDP_G,VN,2021,3,E"
has "sơ bộ 2,5 under (ước) provisional" out "GRDP_G,VN,2022,2.5,P"
printf 'indicator,area,year,value\nPOOR,VN,2019,dự báo 2.0\n' >lead-bad.csv
run "other words before a figure" 1 C3 load lead-bad.csv
has "named with the line and field" err "lead-bad.csv:2: value: 'dự báo 2.0': unknown status 'dự báo' before the figure"

# --- year headings typed as numbers whose format shows their status (Excel shows '2023 (ước)', the cell holds 2023:
# they were read as plain years, official), as openpyxl wrote them and as Calc saved them; statuses in text cells ---
for book in number-years number-years-calc; do
    run "$book: number-formatted year headings" 0 C3 load --all-sheets "$FX/$book.xlsx"
    has "$book: the cell's own status said once" err "$book.xlsx:'Số liệu'!E5: warning: 2021 (sơ bộ): the figure 'ước 1,6' is marked an estimate (E) under a heading that says provisional (P)"
    has "$book: six figures with their status in a text cell, wide and long" out "6 with the status written beside the figure"
    run "$book: series" 0 C3 series GRDP_G --area BD --format csv
    has "$book: '0\" (sơ bộ)\"' is provisional" out "GRDP_G,BD,2021,6.5,P"
    has "$book: '0\" ƯTH\"' is an estimate" out "GRDP_G,BD,2022,6.8,E"
    has "$book: '0\" (ước)\"' is an estimate" out "GRDP_G,BD,2023,7.1,E"
    has "$book: '\"Năm \"0' is official" out "GRDP_G,BD,2019,7,A"
    run "$book: series VN" 0 C3 series GRDP_G --area VN --format csv
    has "$book: a workbook's long table, 'ước 3,0' in a text cell" out "GRDP_G,VN,2021,3,E"
    has "$book: '12,5 (e)'" out "GRDP_G,VN,2023,12.5,E"
    run "$book: INCOME" 0 C3 series INCOME --area BD --format csv
    has "$book: a figure formatted '0.0\" triệu\"' is its stored value" out "INCOME,BD,2019,60.1,A"
done

# --- a long table's year cells typed as numbers whose format shows a status (make-fixtures.sh step 15; they loaded
# official), as written byte by byte and as Calc saved it; a status word after a figure ('3,1 sơ bộ') ---
CL() { "$BIN" --db "$T/long.db" "$@"; }
run "long years: catalogue" 0 CL load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"
for book in long-years long-years-calc; do
    run "$book: formatted year cells" 0 CL load "$FX/$book.xlsx"
    has "$book: the figure's own mark over its year cell's, said once" err "$book.xlsx:Dài!D5: warning: value: the figure '3,5 (ước)' is marked an estimate (E) in a row whose year cell says provisional (P)"
    has "$book: a year shown with no status word passes its row over, said" err "$book.xlsx:Dài!C6: warning: year: the year cell shows '2020 (KH)' (its number format's words), which names no status: the row is passed over"
    has "$book: the summary gives it its own reason" out "1 passed over (a year shown with a plan's or other words, no status)"
    if grep -q "rows left out" out; then bad "$book: the (KH) row counted as disaggregated or not selected"; else ok; fi
    run "$book: series" 0 CL series POOR --area VN --format csv
    has "$book: '0\" (ước)\"' an estimate" out "POOR,VN,2016,4.2,E"
    has "$book: '\"Năm \"0' official" out "POOR,VN,2017,4,A"
    has "$book: '0\" ƯTH\"' over the status column's P" out "POOR,VN,2018,3.8,E"
    has "$book: '3,5 (ước)' in a year cell '(sơ bộ)'" out "POOR,VN,2019,3.5,E"
    has "$book: '3,1 sơ bộ' provisional" out "POOR,VN,2021,3.1,P"
    if grep -q "POOR,VN,2020" out; then bad "$book: 2020 (KH) loaded"; else ok; fi
done
printf 'indicator,area,year,value\nPOOR,BD,2010,"3,0 ước"\nPOOR,BD,2011,32 ƯTH\nPOOR,BD,2012,"7,1 sơ bộ"\n' >tail.csv
run "a status word after the figure" 0 CL load tail.csv
has "after-words counted" out "3 with the status written beside the figure"
run "a status word after the figure: series" 0 CL series POOR --area BD --format csv
has "3,0 ước an estimate" out "POOR,BD,2010,3,E"
has "32 ƯTH an estimate" out "POOR,BD,2011,32,E"
has "7,1 sơ bộ provisional" out "POOR,BD,2012,7.1,P"
printf 'indicator,area,year,value\nPOOR,BD,2013,2.0 dự báo\n' >tail-bad.csv
run "other words after a figure" 1 CL load tail-bad.csv
has "named with the line and field" err "tail-bad.csv:2: value: '2.0 dự báo': unknown status 'dự báo' after the figure"

# --- a reporting form (chitieu template) filled in LibreOffice Calc: every sheet, no warning ---
run "filled form" 0 C load --all-sheets "$FX/form-filled.xlsx"
has "filled form figures" out "1 new figure, 0 revised, 0 unchanged, 2 missing (marked or empty); 0 indicators, 0 areas, 0 plans, 0 targets; 0 warnings"
run "filled form figure" 0 C series POOR --area BD --year 2024 --format csv
has "filled form value and status" out "POOR,BD,2024,1.15,P"

# --- encodings ---
run "utf-16 text" 0 C load "$FX/utf16.txt"
has "utf-16 loaded (notes differ from the workbook: re-sourced, not revised)" out "0 new figures, 0 revised, 0 unchanged, 2 re-sourced (same value, new source or note)"
printf 'indicator,area,year,value,note\nINCOME,VN,2021,"70,5",Tổng cục Thống kê\n' | iconv -f UTF-8 -t UTF-16BE >u16be.body
{ printf '\xFE\xFF'; cat u16be.body; } >u16be.csv
run "utf-16BE csv" 0 C load u16be.csv
run "utf-16BE value" 0 C series INCOME --area VN --format csv
has "utf-16BE decimal comma" out "INCOME,VN,2021,70.5,A"
run "cp1258 undeclared" 1 C load "$FX/cp1258.csv"
has "cp1258 guess" err "cp1258.csv:2: invalid UTF-8; the file looks like Vietnamese Windows text (cp1258): load it with --encoding cp1258"
run "cp1258 declared" 0 C load --encoding cp1258 "$FX/cp1258.csv"
run "cp1258 stored as UTF-8 NFC" 0 C history POOR --area BD --year 2019 --format csv
has "cp1258 text" out "Sở Lao động - Thương binh và Xã hội"
run "bad encoding" 2 C load --encoding klingon "$FX/cp1258.csv"
has "bad encoding message" err "--encoding: unknown encoding 'klingon'"

# --- other systems' exports ---
printf 'code,name,level\nUK,United Kingdom,country\n' >uk.csv
printf 'code,name,unit,direction\nUK_GDPPC,Real GDP per capita growth,%%,up\nUK_NMR,Neonatal mortality,per 1000 live births,down\n' >ukind.csv
run "uk catalogue" 0 C load uk.csv ukind.csv
run "a real Excel workbook of notes, every sheet (UK SDG 6.b.1.xlsx)" 0 C load --dry-run --all-sheets "$FX/open-sdg/6.b.1.xlsx"
has "its three empty sheets skipped (they were 3 errors, nothing stored)" err "6.b.1.xlsx:Calculations: warning: empty sheet: skipped"
has "its eleven sheets summarised" out "0 rows: 0 new figures, 0 revised, 0 unchanged; 0 indicators, 0 areas, 0 plans, 0 targets; 11 warnings"
run "a real Excel workbook of notes, its first sheet" 1 C load --dry-run "$FX/open-sdg/6.b.1.xlsx"
has "its sheets named" err "6.b.1.xlsx:Metadata!1:1: cannot tell what this file holds from its header; expected observations (indicator,area,year,value)"
has "its sheets named (2)" err "; the workbook has 11 sheets (Metadata, CSV, Indicator, Calculations, ...): --sheet NAME reads another, --all-sheets every one"
run "open sdg without --indicator and --area" 1 C load "$FX/open-sdg/indicator_8-1-1.csv"
has "what to give, not 'cannot tell what this file holds'" err "indicator_8-1-1.csv:1: a header of years and values without indicator and area columns (one series, as an Open SDG file has it): give them with --indicator CODE and --area CODE, or name the file's columns with --map"
run "open sdg" 0 C load --indicator UK_GDPPC --area UK "$FX/open-sdg/indicator_8-1-1.csv"
has "open sdg figures" out "23 new figures"
run "open sdg disaggregated" 0 C load --indicator UK_NMR --area UK "$FX/open-sdg/indicator_3-2-1.csv"
has "open sdg headline only" out "rows left out (disaggregated or not selected)"
printf 'Year,Sex,Value\n2020,Female,3.1\n2020,Male,3.9\n' >sex.csv
run "open sdg without a headline row" 0 C load --dry-run --indicator UK_NMR --area UK sex.csv
has "nothing loaded, said with the --where to give (it was silent)" err "sex.csv: warning: Sex: no headline row (one whose breakdowns are empty): every row has a 'Sex' ('Female' the first); --where 'Sex=VALUE' loads one breakdown"
run "open sdg two series" 1 C load --indicator UK_GDPPC --area UK "$FX/open-sdg/indicator_1-3-1.csv"
has "open sdg asks for --where" err "a second series: Series"
printf 'code,name,unit,direction\nUK_PROPOOR,Pro-poor public social spending,%%,up\n' >ukpp.csv
run "uk pro-poor catalogue" 0 C load ukpp.csv
run "open sdg financial years refused" 1 C load --indicator UK_PROPOOR --area UK "$FX/open-sdg/indicator_1-b-1.csv"
has "financial year names the option" err "indicator_1-b-1.csv:17: year: '2015/16' is a span of years (a school or financial year), not a year: give --span-year end to count '2015/16' as 2016"
run "open sdg financial years" 0 C load --indicator UK_PROPOOR --area UK --span-year end "$FX/open-sdg/indicator_1-b-1.csv"
has "open sdg financial years figures" out "21 new figures, 0 revised, 0 unchanged, 21 dated by a school or financial year"
run "open sdg financial years series" 0 C series UK_PROPOOR --area UK --year 2016 --format csv
has "2015/16 is 2016" out "UK_PROPOOR,UK,2016,18.8,A"
run "world bank bulk" 0 C load --recode 'VNM=VN,NY.GDP.MKTP.KD.ZG=GRDP_G' --area VN "$FX/wb_gdp_growth_excerpt.csv"
has "world bank figures" out "40 new figures, 0 revised, 0 unchanged, 25 missing (marked or empty), 3 rows left out"
run "world bank unknown codes" 1 C load "$FX/wb_gdp_growth_excerpt.csv"
has "world bank says what to define" err "Country Code: unknown area 'LAO' (define it in an areas file, give the catalogue's code with --recode, or load one area's rows with --area)"
run "world bank, --area without --recode" 0 C load --dry-run --area VN "$FX/wb_gdp_growth_excerpt.csv"
has "no row of VN: said, with the recode" err "wb_gdp_growth_excerpt.csv: warning: Country Code: --area VN matches no row: 4 rows left out, among them 'VNM'; if that is VN, load it with --recode 'VNM=VN'"
printf 'code,name,unit,direction,min,max\nLIFE,Life expectancy,năm,up,0,120\n' >life.csv
run "life catalogue" 0 C load life.csv
run "sdmx" 0 C load --recode 'VNM=VN,SP.DYN.LE00.IN=LIFE' "$FX/sdmx.csv"
has "sdmx totals" out "5 new figures, 0 revised, 0 unchanged, 1 missing (marked or empty), 11 rows left out"

# --- school and financial years: --span-year (workbook, CSV, long and wide) ---
C4() { "$BIN" --db "$T/edu.db" "$@"; }
printf 'code,name,unit,direction,min,max\nEDU_K5,Tỷ lệ huy động trẻ 5 tuổi đến lớp (thử nghiệm),%%,up,0,100\nEDU_PRI,Tỷ lệ đi học đúng tuổi cấp tiểu học (thử nghiệm),%%,up,0,100\n' >edu.csv
run "school years catalogue" 0 C4 load "$LX/areas.csv" edu.csv
run "school-year headings without --span-year" 1 C4 load --area BD "$FX/school-years.xlsx"
has "each heading names the option" err "school-years.xlsx:'Năm học'!2:2: Năm học 2021-2022: 'Năm học 2021-2022' is a span of years (a school or financial year), not a year: give --span-year end to count 'Năm học 2021-2022' as 2022, or --span-year start to count it as 2021"
has "the estimate's heading too" err "Năm học 2023-2024 (ước): 'Năm học 2023-2024 (ước)' is a span of years"
check "a header of school years is a wide table (not 'cannot tell')" '! grep -q "cannot tell" err && [ "$(grep -c "is a span of years" err)" = 3 ]'
has "a period heading said" err "Giai đoạn 2016-2020: column 'Giai đoạn 2016-2020' is a period (2016 to 2020), not a year; ignored"
run "school-year headings, --span-year end" 0 C4 load --area BD --span-year end "$FX/school-years.xlsx"
has "span-dated figures counted" out "5 new figures, 0 revised, 0 unchanged, 1 missing (marked or empty), 5 dated by a school or financial year"
run "school-year series" 0 C4 series EDU_K5 --area BD --format csv
has "Năm học 2021-2022 is 2022" out "EDU_K5,BD,2022,99.1,A"
has "Năm học 2023-2024 (ước) is a 2024 estimate" out "EDU_K5,BD,2024,99.5,E"
run "school-year history" 0 C4 history EDU_K5 --area BD --year 2023 --format csv
has "the history says the year came from a school year" out "school or financial years counted as their last year (--span-year end): 'Năm học 2021-2022' as 2022; 5 figures"
run "school-year batches" 0 C4 batches --format csv
has "the batch notes the rule" out "(--span-year end): 'Năm học 2021-2022' as 2022"
run "long sheet without --span-year" 1 C4 load --sheet Dài "$FX/school-years.xlsx"
has "a year cell names its cell and the option" err "school-years.xlsx:Dài!C3: year: '2022/23' is a span of years (a school or financial year), not a year: give --span-year end to count '2022/23' as 2023, or --span-year start to count it as 2022"
run "long sheet, --span-year start" 0 C4 load --sheet Dài --span-year start "$FX/school-years.xlsx"
has "long sheet figures" out "3 new figures, 0 revised, 0 unchanged, 3 dated by a school or financial year"
run "long sheet series" 0 C4 series EDU_PRI --area VN --format csv
has "2021–2022 (en dash) is 2021" out "EDU_PRI,VN,2021,97.2,A"
has "NH 2023-2024 is 2023" out "EDU_PRI,VN,2023,98,A"
printf 'indicator,area,year,value\nEDU_K5,VN,Năm học 2022-2023,98.7\nEDU_K5,VN,2021-2025,98\n' >nh.csv
run "long csv: a period stays an error" 1 C4 load --span-year end nh.csv
has "a period said" err "nh.csv:3: year: '2021-2025' is a period of 5 years (2021 to 2025), not a year"
check "the school year itself read" '! grep -q "nh.csv:2:" err'
printf 'Mã chỉ tiêu,2021-2022,2022-2023\nEDU_K5,98.1,98.4\n' >nh-wide.csv
run "wide csv of school years" 0 C4 load --area VN --span-year end nh-wide.csv
has "wide csv figures" out "2 new figures"
run "bad --span-year" 2 C4 load --span-year middle nh.csv
has "bad --span-year message" err "chitieu: load: --span-year: 'middle' is neither start nor end"

# --- a workbook in the shape Excel for Mac saves (excel-mac.xlsx, after real Excel files): the 1904 date system
#     with Excel's <x14:workbookPr> extension, an unused empty 'Sheet2', a table starting at column B after it ---
C5() { "$BIN" --db "$T/mac.db" "$@"; }
run "excel-mac catalogue" 0 C5 load "$LX/areas.csv" "$LX/indicators.csv"
run "excel-mac every sheet" 0 C5 load --all-sheets "$FX/excel-mac.xlsx"
has "the empty sheet skipped, said (it was an error: nothing loaded)" err "excel-mac.xlsx:Sheet2: warning: empty sheet: skipped"
has "excel-mac summary" out "4 new figures, 0 revised, 0 unchanged"
has "excel-mac areas" out "0 indicators, 2 areas"
run "excel-mac areas" 0 C5 areas --format csv
has "a 1904 date cell: 43569 is 2023-04-15 (it read 2019-04-14)" out "TU,Thành phố Tân Uyên (thử nghiệm),district,BD,2023-04-15"
run "excel-mac INCOME (its code pasted with a no-break space: it was unknown indicator 'INCOME ')" 0 C5 series INCOME --area BD --format csv
has "INCOME 2023 under the wrapped heading '2023\\n(ước)'" out "INCOME,BD,2023,60,E"
run "excel-mac series" 0 C5 series GRDP_G --area BD --format csv
has "a table from column B, after two sheets" out "GRDP_G,BD,2022,8.1,A"
has "a shared formula's stored result, under a rich-text heading '2023 (ước)'" out "GRDP_G,BD,2023,7.6,E"
run "excel-mac warnings as CSV" 0 C5 load --dry-run --all-sheets --warnings mac-warnings.csv "$FX/excel-mac.xlsx"
has "the CSV names the sheet of each (a workbook's sheets share its file name)" mac-warnings.csv "excel-mac.xlsx,0,,warning,,empty sheet: skipped,Sheet2"
has "the CSV names the row of a sheet" mac-warnings.csv "it after it\",'Số liệu'!5:5"
run "excel-mac the table sheet" 0 C5 load --dry-run --sheet 'Số liệu' "$FX/excel-mac.xlsx"
has "the source note and the signature block passed over (they were 4 errors: 'GIÁM ĐỐC' is not a number, merged over D8:E8)" out "4 unchanged; 0 indicators, 0 areas, 0 plans, 0 targets; 1 warning"
has "said once, naming the first" err "excel-mac.xlsx:'Số liệu'!5:5: warning: a row of words without a code or a figure ('Nguồn: Sở Kế hoạch và Đầu tư (dữ liệu thử nghiệm)': a signature block, a note): passed over, and the rows like it after it"
printf 'Mã chỉ tiêu,Mã địa bàn,2022,2023\nGRDP_G,BD,tăng,7.6\nGDP GROWTH,BD,GIÁM ĐỐC,\nNgười lập biểu,,,Trần Văn B\n' >words.csv
run "words in a figure's place with a code" 1 C5 load --dry-run words.csv
has "a code with a word for a figure stays an error" err "words.csv:2: 2022: 'tăng' is not a number"
has "a code in capitals with a blank is a code" err "words.csv:3: 2022: 'GIÁM ĐỐC' is not a number"
has "the signature row passed over, said" err "words.csv:4: warning: a row of words without a code or a figure ('Người lập biểu'"
check "no error on the signature row" '! grep "words.csv:4:" err | grep -vq warning'
printf 'indicator,area,year,value\nGRDP_G,BD,2022,8.1\nNgười lập biểu,,,GIÁM ĐỐC\n,,,(Ký tên đóng dấu)\n,,2023,abc\n' >long-sig.csv
run "a long table's signature block" 1 C5 load --dry-run long-sig.csv
has "passed over, said (it was 6 errors: missing area, year, 'GIÁM ĐỐC' is not a number...)" err "long-sig.csv:3: warning: a row of words without a code or a figure ('Người lập biểu'"
has "a year with a word for its value stays an error" err "long-sig.csv:5: value: 'abc' is not a number"
check "nothing else said of the signature" '[ "$(grep -c "long-sig.csv:[34]:" err)" = 1 ]'
# area names with blanks look like words, and a figure with its status before it starts with a letter: such a row is
# a figure's row, never a signature block passed over with a warning (it was: exit 0, nothing stored, review5)
printf 'area,2022,2023\nBến Tre,ước 3.0,ước 2.8\nBình Dương, ngày 15 tháng 01 năm 2024,\n' >status-words.csv
run "a figure with its status before it, under an area name" 0 C5 load --dry-run --indicator GRDP_G --recode 'Bến Tre=BD' status-words.csv
has "the figures are read, not passed over" out "2 rows: 0 new figures, 2 revised, 0 unchanged, 2 with the status written beside the figure"
check "the figure's row is not called words" '! grep -q "status-words.csv:2: warning: a row of words" err'
has "a signature block's date line is still passed over" err "status-words.csv:3: warning: a row of words without a code or a figure"
printf 'STT,M\302\267 ch\303\230 ti\302\252u,\302\247\302\254n v\303\236 t\303\235nh,N\302\250m 2022\n1,GRDP_G,%%,8.1\n' >tcvn3.csv
run "headings typed in a TCVN3 font" 0 C5 load --dry-run --area BD tcvn3.csv
has "read as Unicode, said with a sample (it was refused: 'convert the file to Unicode')" err "tcvn3.csv: warning: text typed in a TCVN3 (ABC) font such as .VnTime read as Unicode in 3 fields (its headings read as column names so): 'M·' reads 'Mã'"
has "and checked" out "1 file, 1 row:"

# --- a table typed in TCVN3 (ABC) fonts (.VnTime, the capital font .VnTimeH, rich-text runs) loads to the same
# figures and statuses as its Unicode twin: as written byte by byte, as LibreOffice saved it, with its fonts lost
# (Arial: read so because its headings are TCVN3), and as CSV (Excel's CSV UTF-8 of such a sheet; the raw TCVN3
# bytes with --encoding tcvn3).  Each says so once, with a sample.
TV() { local db=$1; shift; "$BIN" --db "$T/tv-$db.db" "$@"; }
printf 'Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính,2021,2022 (sơ bộ),2023 (ước tính)\nGRDP_G,Tốc độ tăng trưởng GRDP,%%,8.46,6.8,7.1\nINCOME,Thu nhập bình quân đầu người,triệu đồng,61.2,..,70.3\nPOOR,Tỷ lệ hộ nghèo,%%,1.8,x,1.2\n' >tv-unicode.csv
iconv -f UTF-8 -t TCVN5712-1 tv-unicode.csv >tv-tcvn3.csv
iconv -f ISO-8859-1 -t UTF-8 tv-tcvn3.csv >tv-tcvn3-utf8.csv
check "the CSV twins differ as TCVN3 and Unicode do" 'grep -q "^M· chØ tiªu," tv-tcvn3-utf8.csv && ! cmp -s tv-unicode.csv tv-tcvn3-utf8.csv'
for f in "$FX/tcvn3-unicode.xlsx" "$FX/tcvn3.xlsx" "$FX/tcvn3-calc.xlsx" "$FX/tcvn3-fonts-lost.xlsx" tv-unicode.csv \
    tv-tcvn3-utf8.csv "--encoding tcvn3 tv-tcvn3.csv"; do
    db=$(basename "${f##* }")
    run "$db: catalogue" 0 TV "$db" load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"
    run "$db: loads" 0 TV "$db" load --area BD $f
    has "$db: its figures" out "7 new figures, 0 revised, 0 unchanged, 2 missing (marked or empty)"
    cp err "$db.err"
    for ind in GRDP_G INCOME POOR; do TV "$db" series "$ind" --area BD --format csv; done >"$db.series" 2>&1
done
has "the statuses of the headings read (sơ bộ: P)" tcvn3.xlsx.series "GRDP_G,BD,2022,6.8,P"
has "(ước tính: E)" tcvn3.xlsx.series "POOR,BD,2023,1.2,E"
for db in tcvn3.xlsx tcvn3-calc.xlsx tcvn3-fonts-lost.xlsx; do
    check "$db: the same figures and statuses as its Unicode twin" "cmp -s tcvn3-unicode.xlsx.series $db.series"
done
for db in tv-tcvn3-utf8.csv tv-tcvn3.csv; do
    check "$db: the same figures and statuses as its Unicode twin" "cmp -s tv-unicode.csv.series $db.series"
    check "$db: and as the workbook" "cmp -s tcvn3-unicode.xlsx.series $db.series"
done
check "the Unicode twins: nothing read as TCVN3, no warning" '! grep -q "TCVN3" tcvn3-unicode.xlsx.err tv-unicode.csv.err'
has "the workbook's warning names the capital font and a sample" tcvn3.xlsx.err "tcvn3.xlsx:'Biểu 01': warning: text typed in a TCVN3 (ABC) font (.VnTimeH) read as Unicode in 14 cells: 'biÓu' reads 'BIỂU'"
has "as LibreOffice saved it" tcvn3-calc.xlsx.err "tcvn3-calc.xlsx:'Biểu 01': warning: text typed in a TCVN3 (ABC) font (.VnTimeH) read as Unicode in 14 cells: 'biÓu' reads 'BIỂU'"
has "fonts lost: read so for its headings" tcvn3-fonts-lost.xlsx.err "tcvn3-fonts-lost.xlsx:'Biểu 01': warning: text typed in a TCVN3 (ABC) font such as .VnTime read as Unicode in 14 cells (its headings read as column names so): 'biÓu' reads 'biểu'"
has "CSV UTF-8 of a TCVN3 sheet" tv-tcvn3-utf8.csv.err "tv-tcvn3-utf8.csv: warning: text typed in a TCVN3 (ABC) font such as .VnTime read as Unicode in 9 fields (its headings read as column names so): 'M·' reads 'Mã'"
has "raw TCVN3 bytes with --encoding tcvn3" tv-tcvn3.csv.err "tv-tcvn3.csv: warning: text typed in a TCVN3 (ABC) font such as .VnTime read as Unicode in 9 fields (--encoding tcvn3): 'M·' reads 'Mã'"
run "fonts lost, every sheet: catalogue" 0 TV fonts-lost-all load "$LX/areas.csv" "$LX/indicators.csv" "$LX/plans.csv"
run "fonts lost, every sheet" 0 TV fonts-lost-all load --dry-run --all-sheets --area BD "$FX/tcvn3-fonts-lost.xlsx"
has "read again as TCVN3 with --all-sheets too (it was 'no header ... sheet skipped')" out "7 new figures"
run "raw TCVN3 bytes without --encoding" 1 C5 load --dry-run --area BD tv-tcvn3.csv
has "the guess names the option" err "tv-tcvn3.csv:1: invalid UTF-8; the file looks like text typed in a TCVN3 (ABC) font such as .VnTime: load it with --encoding tcvn3, or save it as UTF-8"
check "one warning a file" '[ "$(cat tcvn3.xlsx.err tcvn3-calc.xlsx.err tcvn3-fonts-lost.xlsx.err tv-tcvn3-utf8.csv.err tv-tcvn3.csv.err | grep -c TCVN3)" = 5 ]'
printf 'Mã chỉ tiêu,Mã địa bàn,"Năm\n2022"\nGRDP_G,BD,abc\n' >wrapped.csv
run "a heading wrapped in its cell" 1 C5 load --dry-run wrapped.csv
has "named on one line in the message (it broke the line: 'Năm' then '2022: ...')" err "wrapped.csv:3: Năm 2022: 'abc' is not a number"
run "excel-mac the empty sheet alone" 1 C5 load --sheet Sheet2 "$FX/excel-mac.xlsx"
has "one empty sheet asked for: an error" err "excel-mac.xlsx:Sheet2: empty sheet (no header)"
python3 - "$FX/excel-mac.xlsx" <<'EOF'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile('broken-sst.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        d = src.read(i.filename)
        z.writestr(i.filename, d.replace(b'</sst>', b'<si><t>x</si></sst>') if i.filename == 'xl/sharedStrings.xml' else d)
EOF
python3 - "$FX/excel-mac.xlsx" <<'EOF'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
first, empty = '<sheet name="Địa bàn" sheetId="1" r:id="rId1"/>', '<sheet name="Sheet2" sheetId="2" r:id="rId2"/>'
with zipfile.ZipFile('empty-first.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        d = src.read(i.filename)
        z.writestr(i.filename, d.decode().replace(first + empty, empty + first).encode() if i.filename == 'xl/workbook.xml' else d)
EOF
run "the first sheet empty, the tables after it" 1 C5 load empty-first.xlsx
has "the other sheets named, with the options" err "empty-first.xlsx:Sheet2: empty sheet (no header); the workbook has 3 sheets (Sheet2, 'Địa bàn', 'Số liệu'): --sheet NAME reads another, --all-sheets every one"
python3 - <<'EOF'
import zipfile
M, R = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
n = 12  # a workbook of notes (as the UK SDG metadata workbooks have 11 sheets): more sheets skipped than warnings shown
with zipfile.ZipFile('notes.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', f'<workbook xmlns="{M}" xmlns:r="{R}"><sheets>' + ''.join(
        f'<sheet name="Source {i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, n + 1)) + '</sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships">' + ''.join(f'<Relationship Id="rId{i}" Type="{R}/worksheet" Target="worksheets/'
                                           f'sheet{i}.xml"/>' for i in range(1, n + 1)) + '</Relationships>')
    for i in range(1, n + 1):
        z.writestr(f'xl/worksheets/sheet{i}.xml', f'<worksheet xmlns="{M}"><sheetData><row r="1"><c r="A1" '
                   't="inlineStr"><is><t>Organisation</t></is></c></row></sheetData></worksheet>')
EOF
run "every sheet skipped, more than the warnings shown" 0 C5 load --all-sheets notes.xlsx
has "the summary of warnings about no indicator (the sanitizers stopped on qsort of NULL)" err "chitieu: load:   2 more warnings about no one indicator"
has "no 'by indicator' heading over no indicator" err "chitieu: load: 12 warnings (every one with --warnings FILE):"
run "a broken part of a workbook" 1 C5 load broken-sst.xlsx
has "the part named whole (it read 'l/sharedStrings.xml')" err "broken-sst.xlsx: xl/sharedStrings.xml: line "

# --- options ---
run "bad map" 2 C load --map 'Mã số' "$FX/cp1258.csv"
has "bad map message" err "--map: 'Mã số' is not NAME=VALUE"
run "sheet and all sheets" 2 C load --sheet A --all-sheets "$FX/departments.xlsx"
run "help" 0 C load --help
has "help lists the intake options" out "--all-sheets"
has "help lists the markers" out "..,...,…,-,–,—,x,n.a.,KXĐ"
has "help lists --span-year" out "--span-year start|end"

e2e_finish e2e_intake
