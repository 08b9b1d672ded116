#!/usr/bin/env python3
"""convert.py — regenerate indicators.csv and observations.csv of datasets/vietnam-wdi
from the World Bank WDI JSON API files for Viet Nam (../shared/data/wdi/vietnam/,
CC BY 4.0, database updated 2025-10-07).  Usage: python3 convert.py [WDI_VIETNAM_DIR]

Every non-null figure from FIRST_YEAR on of the chosen indicators becomes one
observation (area VN, status A, source naming the WDI series and its update date).
Earlier years (war and post-war swings) are left out: the plans look at the
recent trend, and charts stay readable.  FDI is divided by
1e9 (billion US$); nothing else is changed."""
import csv, glob, json, os, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/data/wdi/vietnam')
P = '%'
FIRST_YEAR = 1990
# WDI id: (code, Vietnamese name, English name, unit, direction, min, max, goal, scale)
CHOSEN = {
 'NY.GDP.MKTP.KD.ZG': ('VN_GDP_GROWTH', 'Tốc độ tăng trưởng GDP', 'GDP growth (annual %)', P, 'up', '', '', 'Kinh tế', 1),
 'NY.GDP.PCAP.CD': ('VN_GDP_PC', 'GDP bình quân đầu người (giá hiện hành)', 'GDP per capita (current US$)', 'USD', 'up', 0, '', 'Kinh tế', 1),
 'BX.KLT.DINV.CD.WD': ('VN_FDI', 'Vốn đầu tư trực tiếp nước ngoài, dòng vào ròng', 'Foreign direct investment, net inflows (BoP)', 'tỷ USD', 'up', '', '', 'Kinh tế', 1e-9),
 'NE.EXP.GNFS.ZS': ('VN_EXPORTS_GDP', 'Xuất khẩu hàng hóa và dịch vụ so với GDP', 'Exports of goods and services (% of GDP)', P, 'up', 0, '', 'Kinh tế', 1),
 'FP.CPI.TOTL.ZG': ('VN_INFLATION', 'Lạm phát (chỉ số giá tiêu dùng)', 'Inflation, consumer prices (annual %)', P, 'down', '', '', 'Kinh tế', 1),
 'SL.AGR.EMPL.ZS': ('VN_AGR_EMP', 'Tỷ trọng lao động nông nghiệp trong tổng việc làm', 'Employment in agriculture (% of total employment)', P, 'down', 0, 100, 'Kinh tế', 1),
 'SI.POV.NAHC': ('VN_POVERTY_NAT', 'Tỷ lệ nghèo theo chuẩn nghèo quốc gia', 'Poverty headcount ratio at national poverty lines (% of population)', P, 'down', 0, 100, 'Xã hội', 1),
 'SI.POV.GINI': ('VN_GINI', 'Hệ số Gini', 'Gini index', 'điểm (0-100)', 'down', 0, 100, 'Xã hội', 1),
 'SL.UEM.TOTL.ZS': ('VN_UNEMPLOYMENT', 'Tỷ lệ thất nghiệp', 'Unemployment, total (% of total labor force, modeled ILO estimate)', P, 'down', 0, 100, 'Xã hội', 1),
 'SP.DYN.LE00.IN': ('VN_LIFE_EXP', 'Tuổi thọ trung bình tính từ lúc sinh', 'Life expectancy at birth, total (years)', 'năm', 'up', 0, 120, 'Xã hội', 1),
 'SH.DYN.MORT': ('VN_U5MR', 'Tỷ suất tử vong trẻ em dưới 5 tuổi', 'Mortality rate, under-5 (per 1,000 live births)', '‰ (ca/1.000 trẻ đẻ sống)', 'down', 0, 1000, 'Xã hội', 1),
 'SP.DYN.IMRT.IN': ('VN_IMR', 'Tỷ suất tử vong trẻ em dưới 1 tuổi', 'Mortality rate, infant (per 1,000 live births)', '‰ (ca/1.000 trẻ đẻ sống)', 'down', 0, 1000, 'Xã hội', 1),
 'SP.DYN.TFRT.IN': ('VN_FERTILITY', 'Tổng tỷ suất sinh', 'Fertility rate, total (births per woman)', 'con/phụ nữ', 'up', 0, '', 'Xã hội', 1),
 'SH.XPD.CHEX.GD.ZS': ('VN_HEALTH_EXP', 'Chi tiêu y tế so với GDP', 'Current health expenditure (% of GDP)', P, 'up', 0, 100, 'Xã hội', 1),
 'SE.TER.ENRR': ('VN_TERTIARY_ENROL', 'Tỷ lệ nhập học đại học, cao đẳng (thô)', 'School enrollment, tertiary (% gross)', P, 'up', 0, '', 'Xã hội', 1),
 'SP.URB.TOTL.IN.ZS': ('VN_URBAN', 'Tỷ lệ dân số đô thị', 'Urban population (% of total population)', P, 'up', 0, 100, 'Xã hội', 1),
 'AG.LND.FRST.ZS': ('VN_FOREST', 'Diện tích rừng so với diện tích đất', 'Forest area (% of land area)', P, 'up', 0, 100, 'Môi trường', 1),
 'EG.FEC.RNEW.ZS': ('VN_RENEWABLE', 'Tỷ trọng năng lượng tái tạo trong tiêu thụ năng lượng cuối cùng', 'Renewable energy consumption (% of total final energy consumption)', P, 'up', 0, 100, 'Môi trường', 1),
}

def main():
    found = {}
    for path in sorted(glob.glob(os.path.join(SRC, '*.json'))):
        with open(path, encoding='utf-8-sig') as f:
            d = json.load(f)
        rows = d[1] if len(d) > 1 else []
        if isinstance(rows, dict):
            rows = rows.get('value', [])
        for r in rows or []:
            wid = r['indicator']['id']
            if (wid in CHOSEN and r['value'] is not None and r['countryiso3code'] == 'VNM'
                    and int(r['date']) >= FIRST_YEAR):
                found.setdefault(wid, {})[int(r['date'])] = (r['value'], d[0].get('lastupdated', ''))
    missing = set(CHOSEN) - set(found)
    if missing:
        sys.exit('convert.py: not found in %s: %s' % (SRC, ', '.join(sorted(missing))))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'indicators.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name', 'name_en', 'unit', 'direction', 'min', 'max', 'goal', 'agency'])
        for wid, (code, name, en, unit, dirn, lo, hi, goal, _) in CHOSEN.items():
            w.writerow([code, name, en, unit, dirn, lo, hi, goal, 'Tổng cục Thống kê'])
    n = 0
    with open(os.path.join(here, 'observations.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['indicator', 'area', 'year', 'value', 'status', 'source'])
        for wid, (code, *_rest) in CHOSEN.items():
            scale = CHOSEN[wid][8]
            for year in sorted(found[wid]):
                v, upd = found[wid][year]
                val = v * scale
                w.writerow([code, 'VN', year, repr(round(val, 9)) if scale != 1 else repr(v), 'A',
                            'World Bank WDI %s, updated %s' % (wid, upd)])
                n += 1
    print('convert.py: %d indicators, %d observations' % (len(CHOSEN), n))

if __name__ == '__main__':
    main()
