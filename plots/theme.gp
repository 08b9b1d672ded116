# plots/theme.gp — the shared look of every chitieu chart.  The build embeds this file in
# each generated script (so a .gp file reproduces its chart alone); edit it here.
# Colours differ in lightness as well as hue and lines differ in dash pattern, so a chart
# printed in greyscale still tells observed, projected, band and target apart.
set encoding utf8
set termoption noenhanced
set border 3 lw 1 lc rgb '#444444'
set tics nomirror out scale 0.6 textcolor rgb '#333333'
set grid ytics lw 0.6 lc rgb '#d9d9d9' dt 1
set key at screen 0.5, screen 0.16 center top horizontal maxrows 3 samplen 2.5 spacing 1.0 width 0 noopaque font ',11'
set format y '%.4g'
set xtics 1 out
set mxtics 1
# offsets pad an autoscaled axis only: the scripts set both ranges themselves (x 0.3 of a year beyond the ends)
set offsets 0.3, 0.3, 0, 0
set lmargin 11
set rmargin 4
set tmargin 5
set bmargin 10
# 1 official figures: near-black blue, filled circles, solid
set style line 1 lc rgb '#08306b' lw 2.5 pt 7 ps 1.2 dt 1
# 2 provisional / estimated figures: same colour, open circles
set style line 2 lc rgb '#08306b' lw 1.5 pt 6 ps 1.5 dt 1
# 3 trend fitted on the observed years: mid grey, dotted
set style line 3 lc rgb '#737373' lw 1.5 dt 3
# 4 projection (median): blue, dashed
set style line 4 lc rgb '#2171b5' lw 2.5 dt 2
# 5 80% band (darker) and 6 95% band (lighter)
set style line 5 lc rgb '#9ecae1'
set style line 6 lc rgb '#deebf7'
# 7 target line and marker: dark red, dash-dot, triangles; 8 target range fill: light red
set style line 7 lc rgb '#b2182b' lw 2 dt 4 pt 9 ps 1.8
set style line 8 lc rgb '#fbb4ae'
# status colours (always printed with their name beside them)
set style line 11 lc rgb '#1b7837' pt 7 ps 2.2
set style line 12 lc rgb '#b2182b' pt 5 ps 2.0
set style line 13 lc rgb '#5aae61' pt 7 ps 2.2
set style line 14 lc rgb '#e08214' pt 9 ps 2.2
set style line 15 lc rgb '#b2182b' pt 11 ps 2.2
set style line 16 lc rgb '#969696' pt 6 ps 2.0
# 9 what an average target needs in the remaining years: orange, dashed, open diamonds
set style line 9 lc rgb '#d95f02' lw 2 dt 3 pt 12 ps 1.6
# 10 the series an `exceeds` target is compared with: purple, solid, squares
set style line 10 lc rgb '#6a51a3' lw 1.5 dt 1 pt 5 ps 1.0
# 17 values chitieu rebuilt or derived (status D: merged areas, sums of lower areas, ratio and growth rules):
# teal open squares, a marker no other series uses
set style line 17 lc rgb '#01665e' lw 1.5 pt 4 ps 1.5 dt 1
