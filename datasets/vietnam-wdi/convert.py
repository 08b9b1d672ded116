#!/usr/bin/env python3
"""convert.py — regenerate indicators.csv and observations.csv of datasets/vietnam-wdi from the
World Bank World Development Indicators files in ../../../shared/data/wdi/ (CC BY 4.0):

  vietnam/*.json        World Bank API responses, Viet Nam only (every file is converted)
  all-countries/*.csv   World Bank bulk CSVs, every country (only the Viet Nam row, code VNM, is used)

Usage: python3 convert.py [--first-year Y] [WDI_DIR]        (default first year 1990, see README.md)

Every non-null figure of every indicator in these files, from the first year on, becomes one observation:
area VN, status A (official), source "World Bank WDI <series id>, updated <date of that file>".  Values are
the World Bank's, unchanged, except for the unit changes in CATALOGUE (US$ to billion US$, people to
million people; these are written with 12 significant digits).  A series found in two files (a JSON response and a
bulk CSV, or two JSON files) must agree on every year; the script stops if they differ, and the figure
cited is that of the file updated last.  A series with no entry in CATALOGUE stops the script too, so a
new file cannot slip in without a Vietnamese name, unit and direction; EXCLUDED lists the series
left out on purpose and why."""
import csv, glob, json, os, sys

P = '%'
KT, XH, MT, DS = 'Kinh tế', 'Xã hội', 'Môi trường', 'Dân số'
PER1000 = '‰ (ca/1.000 trẻ đẻ sống)'
# WDI id: (code, Vietnamese name, unit, direction, min, max, goal, divisor)
# The English name is the World Bank's own, read from the files.
CATALOGUE = {
 # economy
 'NY.GDP.MKTP.KD.ZG': ('VN_GDP_GROWTH', 'Tốc độ tăng trưởng GDP', P, 'up', '', '', KT, 1),
 'NY.GDP.MKTP.CD': ('VN_GDP', 'Tổng sản phẩm trong nước (GDP, giá hiện hành)', 'tỷ USD', 'up', 0, '', KT, 1e9),
 'NY.GDP.PCAP.CD': ('VN_GDP_PC', 'GDP bình quân đầu người (giá hiện hành)', 'USD', 'up', 0, '', KT, 1),
 'NY.GDP.PCAP.PP.CD': ('VN_GDP_PC_PPP', 'GDP bình quân đầu người theo sức mua tương đương (PPP)', 'USD PPP quốc tế', 'up', 0, '', KT, 1),
 'NY.GNP.PCAP.CD': ('VN_GNI_PC', 'GNI bình quân đầu người (phương pháp Atlas)', 'USD', 'up', 0, '', KT, 1),
 'NY.GNP.PCAP.PP.CD': ('VN_GNI_PC_PPP', 'GNI bình quân đầu người theo sức mua tương đương (PPP)', 'USD PPP quốc tế', 'up', 0, '', KT, 1),
 'NY.ADJ.NNTY.PC.CD': ('VN_ANNI_PC', 'Thu nhập quốc dân thuần điều chỉnh bình quân đầu người', 'USD', 'up', 0, '', KT, 1),
 'BX.KLT.DINV.CD.WD': ('VN_FDI', 'Vốn đầu tư trực tiếp nước ngoài, dòng vào ròng', 'tỷ USD', 'up', '', '', KT, 1e9),
 'NE.EXP.GNFS.ZS': ('VN_EXPORTS_GDP', 'Xuất khẩu hàng hóa và dịch vụ so với GDP', P, 'up', 0, '', KT, 1),
 'NE.IMP.GNFS.ZS': ('VN_IMPORTS_GDP', 'Nhập khẩu hàng hóa và dịch vụ so với GDP', P, 'up', 0, '', KT, 1),
 'FP.CPI.TOTL.ZG': ('VN_INFLATION', 'Lạm phát (chỉ số giá tiêu dùng)', P, 'down', '', '', KT, 1),
 'SL.AGR.EMPL.ZS': ('VN_AGR_EMP', 'Tỷ trọng lao động nông nghiệp trong tổng việc làm (ước tính mô hình của ILO)', P, 'down', 0, 100, KT, 1),
 'SL.IND.EMPL.ZS': ('VN_IND_EMP', 'Tỷ trọng lao động công nghiệp trong tổng việc làm', P, 'up', 0, 100, KT, 1),
 'SL.SRV.EMPL.ZS': ('VN_SRV_EMP', 'Tỷ trọng lao động dịch vụ trong tổng việc làm', P, 'up', 0, 100, KT, 1),
 'SL.UEM.TOTL.ZS': ('VN_UNEMPLOYMENT', 'Tỷ lệ thất nghiệp', P, 'down', 0, 100, KT, 1),
 # poverty and inequality
 'SI.POV.NAHC': ('VN_POVERTY_NAT', 'Tỷ lệ nghèo theo chuẩn nghèo quốc gia (% dân số)', P, 'down', 0, 100, XH, 1),
 'SI.POV.DDAY': ('VN_POVERTY_300', 'Tỷ lệ dân số sống dưới 3,00 USD/ngày (PPP 2021)', P, 'down', 0, 100, XH, 1),
 'SI.POV.LMIC': ('VN_POVERTY_420', 'Tỷ lệ dân số sống dưới 4,20 USD/ngày (PPP 2021)', P, 'down', 0, 100, XH, 1),
 'SI.POV.UMIC': ('VN_POVERTY_830', 'Tỷ lệ dân số sống dưới 8,30 USD/ngày (PPP 2021)', P, 'down', 0, 100, XH, 1),
 'SI.POV.UMIC.GP': ('VN_POVGAP_830', 'Khoảng cách nghèo theo ngưỡng 8,30 USD/ngày (PPP 2021)', P, 'down', 0, 100, XH, 1),
 'SI.POV.GINI': ('VN_GINI', 'Hệ số Gini', 'điểm (0-100)', 'down', 0, 100, XH, 1),
 'SI.DST.10TH.10': ('VN_INC_TOP10', 'Tỷ trọng thu nhập của 10% dân số có thu nhập cao nhất', P, 'down', 0, 100, XH, 1),
 'SI.DST.FRST.10': ('VN_INC_BOTTOM10', 'Tỷ trọng thu nhập của 10% dân số có thu nhập thấp nhất', P, 'up', 0, 100, XH, 1),
 # health
 'SP.DYN.LE00.IN': ('VN_LIFE_EXP', 'Tuổi thọ trung bình tính từ lúc sinh', 'năm', 'up', 0, 120, XH, 1),
 'SP.DYN.LE00.FE.IN': ('VN_LIFE_EXP_F', 'Tuổi thọ trung bình tính từ lúc sinh, nữ', 'năm', 'up', 0, 120, XH, 1),
 'SP.DYN.LE00.MA.IN': ('VN_LIFE_EXP_M', 'Tuổi thọ trung bình tính từ lúc sinh, nam', 'năm', 'up', 0, 120, XH, 1),
 'SH.DYN.MORT': ('VN_U5MR', 'Tỷ suất tử vong trẻ em dưới 5 tuổi', PER1000, 'down', 0, 1000, XH, 1),
 'SP.DYN.IMRT.IN': ('VN_IMR', 'Tỷ suất tử vong trẻ em dưới 1 tuổi', PER1000, 'down', 0, 1000, XH, 1),
 'SH.XPD.CHEX.GD.ZS': ('VN_HEALTH_EXP', 'Chi tiêu y tế thường xuyên so với GDP', P, 'up', 0, 100, XH, 1),
 # education and human capital
 'SE.XPD.TOTL.GD.ZS': ('VN_EDU_EXP', 'Chi ngân sách nhà nước cho giáo dục so với GDP', P, 'up', 0, 100, XH, 1),
 'SE.ADT.LITR.ZS': ('VN_LITERACY', 'Tỷ lệ biết chữ của người từ 15 tuổi trở lên', P, 'up', 0, 100, XH, 1),
 'SE.PRM.CMPT.ZS': ('VN_PRIMARY_COMPLETION', 'Tỷ lệ hoàn thành tiểu học (thô)', P, 'up', 0, '', XH, 1),
 'SE.TER.ENRR': ('VN_TERTIARY_ENROL', 'Tỷ lệ nhập học đại học, cao đẳng (thô)', P, 'up', 0, '', XH, 1),
 'SE.SCH.LIFE': ('VN_SCHOOL_LIFE', 'Số năm đi học kỳ vọng, tiểu học đến đại học', 'năm', 'up', 0, '', XH, 1),
 'HD.HCI.OVRL': ('VN_HCI', 'Chỉ số vốn nhân lực (HCI)', 'điểm (0-1)', 'up', 0, 1, XH, 1),
 'HD.HCI.OVRL.FE': ('VN_HCI_F', 'Chỉ số vốn nhân lực (HCI), nữ', 'điểm (0-1)', 'up', 0, 1, XH, 1),
 'HD.HCI.OVRL.MA': ('VN_HCI_M', 'Chỉ số vốn nhân lực (HCI), nam', 'điểm (0-1)', 'up', 0, 1, XH, 1),
 'HD.HCI.LAYS': ('VN_HCI_LAYS', 'Số năm đi học điều chỉnh theo chất lượng học tập', 'năm', 'up', 0, '', XH, 1),
 # population
 'SP.DYN.CBRT.IN': ('VN_BIRTH_RATE', 'Tỷ suất sinh thô', '‰ (trên 1.000 dân)', 'up', 0, 1000, DS, 1),
 'SP.DYN.CDRT.IN': ('VN_DEATH_RATE', 'Tỷ suất chết thô', '‰ (trên 1.000 dân)', 'down', 0, 1000, DS, 1),
 'SP.DYN.TFRT.IN': ('VN_FERTILITY', 'Tổng tỷ suất sinh', 'con/phụ nữ', 'up', 0, '', DS, 1),
 'SP.POP.BRTH.MF': ('VN_SRB', 'Tỷ số giới tính khi sinh', 'bé trai/1 bé gái', 'down', 0, '', DS, 1),
 'SP.POP.GROW': ('VN_POP_GROWTH', 'Tốc độ tăng dân số', P, 'up', '', '', DS, 1),
 'SP.POP.0014.TO.ZS': ('VN_POP_0014', 'Tỷ trọng dân số 0-14 tuổi', P, 'down', 0, 100, DS, 1),
 'SP.POP.1564.TO.ZS': ('VN_POP_1564', 'Tỷ trọng dân số 15-64 tuổi', P, 'up', 0, 100, DS, 1),
 'SP.POP.65UP.TO.ZS': ('VN_POP_65UP', 'Tỷ trọng dân số từ 65 tuổi trở lên', P, 'down', 0, 100, DS, 1),
 'SP.POP.DPND': ('VN_DEPENDENCY', 'Tỷ số phụ thuộc chung', '% dân số 15-64 tuổi', 'down', 0, '', DS, 1),
 'SM.POP.NETM': ('VN_NET_MIGRATION', 'Di cư thuần', 'người', 'up', '', '', DS, 1),
 'EN.POP.DNST': ('VN_POP_DENSITY', 'Mật độ dân số', 'người/km²', 'up', 0, '', DS, 1),
 'SP.RUR.TOTL': ('VN_RURAL_POP', 'Dân số nông thôn', 'triệu người', 'down', 0, '', DS, 1e6),
 'SP.URB.TOTL': ('VN_URBAN_POP', 'Dân số thành thị', 'triệu người', 'up', 0, '', DS, 1e6),
 'SP.URB.TOTL.IN.ZS': ('VN_URBAN', 'Tỷ lệ dân số thành thị', P, 'up', 0, 100, DS, 1),
 'SP.URB.GROW': ('VN_URBAN_GROWTH', 'Tốc độ tăng dân số thành thị', P, 'up', '', '', DS, 1),
 # environment, land and energy
 'AG.LND.FRST.ZS': ('VN_FOREST', 'Diện tích rừng so với diện tích đất (FAO)', P, 'up', 0, 100, MT, 1),
 'AG.LND.AGRI.ZS': ('VN_AGR_LAND', 'Đất nông nghiệp so với diện tích đất', P, 'down', 0, 100, MT, 1),
 'AG.LND.TOTL.K2': ('VN_LAND_AREA', 'Diện tích đất', 'km²', 'up', 0, '', MT, 1),
 'EG.FEC.RNEW.ZS': ('VN_RENEWABLE', 'Tỷ trọng năng lượng tái tạo trong tổng tiêu thụ năng lượng cuối cùng', P, 'up', 0, 100, MT, 1),
 'EG.USE.PCAP.KG.OE': ('VN_ENERGY_PC', 'Tiêu thụ năng lượng bình quân đầu người', 'kg dầu quy đổi/người', 'down', 0, '', MT, 1),
}
# Series in the files that are deliberately not converted, with the reason (printed when skipped).
EXCLUDED = {
 'EN.ATM.CO2E.PC': 'the bulk CSV (source "WDI Database Archives", updated 2025-07-24) labels it "CO2 emissions '
                   '(metric tons per capita)" but its figures cannot be that: United States 2,224 in 1990, '
                   'World 464, Viet Nam 36 (tonnes per person are about 19, 4 and 0.3); a series whose '
                   'unit is unknown is not shipped',
}
AGENCY = 'Tổng cục Thống kê'
# Caveats for the pack's readers (columns note, note_en): series that measure something else than the plans'
# indicator (README.md, "Where the World Bank measures something else", gives the figures' sources).
NOTES = {
 'VN_AGR_EMP': (
  'Số liệu là ước tính theo mô hình của Tổ chức Lao động Quốc tế (ILO) do Ngân hàng Thế giới công bố, không phải tỷ trọng theo Điều tra lao động việc làm của Tổng cục Thống kê mà các kế hoạch dùng. Ước tính này cao hơn hẳn mức các kế hoạch đặt ra (33,5% năm 2022, trong khi kế hoạch năm 2023 đặt mục tiêu 26,2%), nên các đánh giá “Không đạt” và “Chệch hướng” ở đây phản ánh ước tính của ILO, chưa phải kết quả theo số liệu chính thức.',
  "These figures are the International Labour Organization's modelled estimate, published by the World Bank, not the share from the General Statistics Office's Labour Force Survey that the plans use. The estimate is well above the levels the plans set (33.5% in 2022, against the 26.2% the 2023 plan set), so the verdicts “Missed” and “Off track” here describe the ILO estimate, not the official figures."),
 'VN_LIFE_EXP': (
  'Số liệu là ước tính của Liên Hợp Quốc (Triển vọng dân số thế giới), có thể khác số liệu điều tra của Tổng cục Thống kê mà các kế hoạch dùng (báo cáo ước thực hiện các chỉ tiêu giai đoạn 2021–2025 của Chính phủ ước tuổi thọ trung bình năm 2025 là 74,8 năm). Cần đọc các đánh giá một cách thận trọng.',
  "These figures are UN estimates (World Population Prospects) and may differ from the General Statistics Office's survey figures that the plans use (the government's review of the 2021–2025 targets estimates life expectancy at 74.8 years in 2025). Read the verdicts with care."),
 'VN_U5MR': (
  'Số liệu là ước tính của Nhóm liên cơ quan Liên Hợp Quốc về ước tính tử vong trẻ em (UN IGME), có thể khác số liệu điều tra của Tổng cục Thống kê mà các kế hoạch dùng. Cần đọc các đánh giá một cách thận trọng.',
  "These figures are estimates of the UN Inter-agency Group for Child Mortality Estimation (UN IGME) and may differ from the General Statistics Office's survey figures that the plans use. Read the verdicts with care."),
 'VN_IMR': (
  'Số liệu là ước tính của Nhóm liên cơ quan Liên Hợp Quốc về ước tính tử vong trẻ em (UN IGME), có thể khác số liệu điều tra của Tổng cục Thống kê mà các kế hoạch dùng. Cần đọc các đánh giá một cách thận trọng.',
  "These figures are estimates of the UN Inter-agency Group for Child Mortality Estimation (UN IGME) and may differ from the General Statistics Office's survey figures that the plans use. Read the verdicts with care."),
 'VN_FERTILITY': (
  'Số liệu là ước tính của Liên Hợp Quốc (Triển vọng dân số thế giới), có thể khác số liệu điều tra của Tổng cục Thống kê mà các kế hoạch dùng. Cần đọc các đánh giá một cách thận trọng.',
  "These figures are UN estimates (World Population Prospects) and may differ from the General Statistics Office's survey figures that the plans use. Read the verdicts with care."),
 'VN_URBAN': (
  'Số liệu là tỷ lệ dân số thành thị do Liên Hợp Quốc ước tính (40,2% năm 2024), thấp hơn tỷ lệ đô thị hóa mà Chính phủ dùng để đánh giá kế hoạch (ước đạt 45% năm 2025 theo báo cáo ước thực hiện các chỉ tiêu giai đoạn 2021–2025). Vì vậy đánh giá “Chệch hướng” có thể bi quan hơn đánh giá theo số liệu trong nước.',
  'These figures are the UN estimate of the urban share of the population (40.2% in 2024), below the urbanisation rate the government uses to review its plans (an estimated 45% in 2025 in its review of the 2021–2025 targets). The verdict “Off track” may therefore understate progress as measured in Viet Nam.'),
 'VN_FOREST': (
  'Số liệu là diện tích rừng so với diện tích đất theo Tổ chức Nông Lương Liên Hợp Quốc (FAO), 47,4% năm 2023, không phải tỷ lệ che phủ rừng mà các kế hoạch dùng (42,01–42,03% trong các năm 2020–2024 theo các quyết định công bố hiện trạng rừng hằng năm của Bộ Nông nghiệp). Vì số liệu FAO cao hơn, các đánh giá “Đã đạt” và “Đúng hướng” có thể lạc quan hơn thực tế.',
  "These figures are the UN Food and Agriculture Organization's forest area as a share of land area (47.4% in 2023), not the forest cover rate the plans use (42.01–42.03% in 2020–2024 in the Ministry of Agriculture's yearly decisions on the state of the forests). The FAO figure is higher, so the verdicts “Achieved” and “On track” may overstate how far the targets are met."),
}


def read_json(path):
    """(id, English name, update date, {year: value}) for each series in one API response file."""
    with open(path, encoding='utf-8-sig') as f:
        d = json.load(f)
    upd = d[0].get('lastupdated', '')
    rows = d[1] if len(d) > 1 else []
    if isinstance(rows, dict):          # some files wrap the records as {"value": [...], "Count": n}
        rows = rows.get('value', [])
    out = {}
    for r in rows or []:
        if r.get('countryiso3code') != 'VNM':
            sys.exit('convert.py: %s: a record for %s, not Viet Nam' % (path, r.get('countryiso3code')))
        wid = r['indicator']['id']
        s = out.setdefault(wid, (wid, r['indicator']['value'], upd, {}))
        if r['value'] is not None:
            s[3][int(r['date'])] = float(r['value'])
    return list(out.values())


def read_csv(path):
    """The Viet Nam series of one bulk CSV: 4 preamble lines, then the header and one row per country."""
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = list(csv.reader(f))
    upd = ''
    for r in rows[:4]:
        if len(r) > 1 and r[0] == 'Last Updated Date':
            upd = r[1]
    hdr = rows[4]
    if hdr[:4] != ['Country Name', 'Country Code', 'Indicator Name', 'Indicator Code'] or not upd:
        sys.exit('convert.py: %s: not a World Bank bulk CSV' % path)
    vn = [r for r in rows[5:] if len(r) > 3 and r[1] == 'VNM']
    if len(vn) != 1:
        sys.exit('convert.py: %s: %d Viet Nam rows' % (path, len(vn)))
    r = vn[0]
    vals = {int(hdr[i]): float(r[i]) for i in range(4, min(len(hdr), len(r))) if hdr[i].isdigit() and r[i] != ''}
    return [(r[3], r[2], upd, vals)]


def main():
    args = sys.argv[1:]
    first = 1990
    if args[:1] == ['--first-year']:
        first = int(args[1]); args = args[2:]
    here = os.path.dirname(os.path.abspath(__file__))
    src = args[0] if args else os.path.join(here, '../../../shared/data/wdi')
    series = {}   # id -> [English name, {year: (value, update date, file)}]
    files = sorted(glob.glob(os.path.join(src, 'vietnam', '*.json'))) + \
        sorted(glob.glob(os.path.join(src, 'all-countries', '*.csv')))
    if not files:
        sys.exit('convert.py: no WDI files under %s' % src)
    for path in files:
        for wid, name, upd, vals in (read_json(path) if path.endswith('.json') else read_csv(path)):
            if wid in EXCLUDED:
                print('convert.py: %s: %s not converted: %s' % (os.path.basename(path), wid, EXCLUDED[wid]))
                continue
            if wid not in CATALOGUE:
                sys.exit('convert.py: %s: series %s (%s) has no entry in CATALOGUE' % (path, wid, name))
            s = series.setdefault(wid, [name, {}])
            for y, v in vals.items():
                old = s[1].get(y)
                if old and abs(old[0] - v) > 1e-9 * max(1.0, abs(v)):
                    sys.exit('convert.py: %s %d: %r in %s but %r in %s' % (wid, y, old[0], old[2], v, path))
                if not old or upd > old[1]:
                    s[1][y] = (v, upd, os.path.basename(path))
    unused = set(CATALOGUE) - set(series)
    if unused:
        sys.exit('convert.py: in CATALOGUE but in no file: %s' % ', '.join(sorted(unused)))
    with open(os.path.join(here, 'indicators.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name', 'name_en', 'unit', 'direction', 'min', 'max', 'goal', 'agency', 'note', 'note_en'])
        for wid, (code, vi, unit, dirn, lo, hi, goal, div) in CATALOGUE.items():
            en = series[wid][0] + (' (billions)' if div == 1e9 else ' (millions)' if div == 1e6 else '')
            w.writerow([code, vi, en, unit, dirn, lo, hi, goal, AGENCY, *NOTES.get(code, ('', ''))])
    n = 0
    with open(os.path.join(here, 'observations.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['indicator', 'area', 'year', 'value', 'status', 'source'])
        for wid, (code, *_rest) in CATALOGUE.items():
            div = CATALOGUE[wid][7]
            for year in sorted(series[wid][1]):
                if year < first:
                    continue
                v, upd, _ = series[wid][1][year]
                w.writerow([code, 'VN', year, repr(v) if div == 1 else '%.12g' % (v / div), 'A', 'World Bank WDI %s, updated %s' % (wid, upd)])
                n += 1
    print('convert.py: %d indicators, %d observations from %d files (%d on)' % (len(CATALOGUE), n, len(files), first))


if __name__ == '__main__':
    main()
