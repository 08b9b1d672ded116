# accuracy.R — R forecast (ets, thetaf) on the 645 M3 yearly series, horizon 6, with the same
# definitions as bench/accuracy.c: sMAPE, MASE, OWA vs naive (= Naive2 on yearly data), 80%/95% interval
# coverage, mean interval widths in MASE units, MSIS (M4) at 80% and 95%, elapsed time for all series, failed
# fits counted.
# Usage: Rscript bench/accuracy.R [DIR]   (DIR holds train.csv and test.csv; default ../shared/data/m3-yearly,
# i.e. run from the repository root)
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "../shared/data/m3-yearly"
tr <- read.csv(file.path(dir, "train.csv"), stringsAsFactors = FALSE)
te <- read.csv(file.path(dir, "test.csv"), stringsAsFactors = FALSE)
stopifnot(all(tr$id == te$id))
H <- 6
series <- lapply(seq_len(nrow(tr)), function(i) {
  v <- as.numeric(tr[i, 5:(4 + tr$n[i])])
  ts(v, start = tr$start_year[i], frequency = 1)
})
tests <- lapply(seq_len(nrow(te)), function(i) as.numeric(te[i, 4:(3 + H)]))
score <- function(fcfun) {
  t0 <- proc.time()[["elapsed"]]
  fcs <- lapply(series, function(y) tryCatch(fcfun(y), error = function(e) NULL))
  el <- proc.time()[["elapsed"]] - t0
  sm <- ma <- c80 <- c95 <- w80 <- w95 <- is80 <- is95 <- 0
  ok <- 0
  for (i in seq_along(series)) {
    if (is.null(fcs[[i]])) next
    ok <- ok + 1
    y <- tests[[i]]; f <- as.numeric(fcs[[i]]$mean)
    sc <- mean(abs(diff(as.numeric(series[[i]]))))
    sm <- sm + mean(200 * abs(y - f) / (abs(y) + abs(f)))
    ma <- ma + mean(abs(y - f) / sc)
    lo <- fcs[[i]]$lower; hi <- fcs[[i]]$upper
    c80 <- c80 + sum(y >= lo[, 1] & y <= hi[, 1]); c95 <- c95 + sum(y >= lo[, 2] & y <= hi[, 2])
    w80 <- w80 + sum((hi[, 1] - lo[, 1]) / sc); w95 <- w95 + sum((hi[, 2] - lo[, 2]) / sc)
    isc <- function(l, u, a) mean((u - l) + 2 / a * pmax(l - y, 0) + 2 / a * pmax(y - u, 0)) / sc
    is80 <- is80 + isc(lo[, 1], hi[, 1], 0.2); is95 <- is95 + isc(lo[, 2], hi[, 2], 0.05)
  }
  c(series = ok, smape = sm / ok, mase = ma / ok, cov80 = c80 / (ok * H), cov95 = c95 / (ok * H),
    width80 = w80 / (ok * H), width95 = w95 / (ok * H), msis80 = is80 / ok, msis95 = is95 / ok, seconds = el,
    errors = length(series) - ok)
}
nv <- score(function(y) naive(y, h = H, level = c(80, 95)))
res <- rbind(naive = nv,
             ets = score(function(y) forecast(ets(y), h = H, level = c(80, 95))),
             thetaf = score(function(y) thetaf(y, h = H, level = c(80, 95))))
cat(sprintf("R forecast %s on M3 yearly: %d series, horizon %d\n", packageVersion("forecast"), length(series), H))
cat(sprintf("%-10s %6s %7s %7s %7s %7s %7s %8s %8s %8s %8s %9s %6s\n", "method", "series", "sMAPE", "MASE", "OWA",
            "cov80", "cov95", "width80", "width95", "msis80", "msis95", "elapsed_s", "errors"))
for (m in rownames(res)) {
  r <- res[m, ]
  owa <- 0.5 * (r[["smape"]] / nv[["smape"]] + r[["mase"]] / nv[["mase"]])
  cat(sprintf("%-10s %6d %7.2f %7.3f %7.3f %7.3f %7.3f %8.2f %8.2f %8.2f %8.2f %9.2f %6d\n", m,
              as.integer(r[["series"]]), r[["smape"]], r[["mase"]], owa, r[["cov80"]], r[["cov95"]], r[["width80"]],
              r[["width95"]], r[["msis80"]], r[["msis95"]], r[["seconds"]], as.integer(r[["errors"]])))
}
cat("width80/95: mean interval width in MASE units.  elapsed_s: wall seconds for all series.\n")
