# accuracy.R — R forecast (ets, thetaf) on the 645 M3 yearly series, horizon 6, with the same
# definitions as bench/accuracy.c: sMAPE, MASE, OWA vs naive, 80%/95% interval coverage, elapsed time.
# Usage: Rscript bench/accuracy.R [DIR]   (DIR holds train.csv and test.csv)
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
  fcs <- lapply(series, fcfun)
  el <- proc.time()[["elapsed"]] - t0
  sm <- ma <- c80 <- c95 <- 0
  for (i in seq_along(series)) {
    y <- tests[[i]]; f <- as.numeric(fcs[[i]]$mean)
    sc <- mean(abs(diff(as.numeric(series[[i]]))))
    sm <- sm + mean(200 * abs(y - f) / (abs(y) + abs(f)))
    ma <- ma + mean(abs(y - f) / sc)
    lo <- fcs[[i]]$lower; hi <- fcs[[i]]$upper
    c80 <- c80 + sum(y >= lo[, 1] & y <= hi[, 1]); c95 <- c95 + sum(y >= lo[, 2] & y <= hi[, 2])
  }
  n <- length(series)
  c(smape = sm / n, mase = ma / n, cov80 = c80 / (n * H), cov95 = c95 / (n * H), seconds = el)
}
nv <- score(function(y) naive(y, h = H, level = c(80, 95)))
res <- rbind(naive = nv,
             ets = score(function(y) forecast(ets(y), h = H, level = c(80, 95))),
             thetaf = score(function(y) thetaf(y, h = H, level = c(80, 95))))
cat(sprintf("R forecast %s on M3 yearly: %d series, horizon %d\n", packageVersion("forecast"), length(series), H))
cat(sprintf("%-10s %7s %7s %7s %7s %7s %9s\n", "method", "sMAPE", "MASE", "OWA", "cov80", "cov95", "elapsed_s"))
for (m in rownames(res)) {
  r <- res[m, ]
  owa <- 0.5 * (r[["smape"]] / nv[["smape"]] + r[["mase"]] / nv[["mase"]])
  cat(sprintf("%-10s %7.2f %7.3f %7.3f %7.3f %7.3f %9.2f\n", m, r[["smape"]], r[["mase"]], owa, r[["cov80"]],
              r[["cov95"]], r[["seconds"]]))
}
