#!/usr/bin/env bash
# tests/e2e_intake.sh — end-to-end: what departments and other systems send loads with `chitieu load`
# alone, no conversion script: a wide .xlsx with title rows and "..", UTF-16 text (Excel's Unicode Text,
# and a UTF-16BE comma CSV), a cp1258 file with --encoding, Open SDG indicator CSVs, a World Bank bulk CSV,
# SDMX-CSV; a reporting form filled in a spreadsheet program; a workbook from standard input; errors as FILE:Sheet!C12: COLUMN: MESSAGE; option errors exit 2.
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
has "all sheets: plan and figures" out "10 unchanged, 5 missing (marked or empty); 0 indicators, 0 areas, 1 plans"
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
has "nothing stored" err "1 error, 0 warnings in 1 file; nothing was stored"
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

# --- a reporting form (chitieu template) filled in LibreOffice Calc: every sheet, no warning ---
run "filled form" 0 C load --all-sheets "$FX/form-filled.xlsx"
has "filled form figures" out "1 new figures, 0 revised, 0 unchanged, 2 missing (marked or empty); 0 indicators, 0 areas, 0 plans, 0 targets; 0 warnings"
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
run "open sdg" 0 C load --indicator UK_GDPPC --area UK "$FX/open-sdg/indicator_8-1-1.csv"
has "open sdg figures" out "23 new figures"
run "open sdg disaggregated" 0 C load --indicator UK_NMR --area UK "$FX/open-sdg/indicator_3-2-1.csv"
has "open sdg headline only" out "rows left out (disaggregated or not selected)"
run "open sdg two series" 1 C load --indicator UK_GDPPC --area UK "$FX/open-sdg/indicator_1-3-1.csv"
has "open sdg asks for --where" err "a second series: Series"
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

# --- options ---
run "bad map" 2 C load --map 'Mã số' "$FX/cp1258.csv"
has "bad map message" err "--map: 'Mã số' is not NAME=VALUE"
run "sheet and all sheets" 2 C load --sheet A --all-sheets "$FX/departments.xlsx"
run "help" 0 C load --help
has "help lists the intake options" out "--all-sheets"
has "help lists the markers" out "..,...,…,-,–,—,x,n.a.,KXĐ"

e2e_finish e2e_intake
