# chitieu — build, test, demo.  `make demo` and `make test` are the two set-up commands (see README).
CC      ?= cc
PKGS    := sqlite3 gsl cmocka
DEB_PKGS := libsqlite3-dev libgsl-dev libcmocka-dev libxlsxwriter-dev gnuplot-nox pkg-config fonts-dejavu-core sqlite3 python3
BUILD   ?= build
ifeq ($(SANITIZE),1)
BUILD   := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Wvla -Werror -D_POSIX_C_SOURCE=200809L -Iinclude -Iengine -I$(BUILD)/gen -MMD -MP $(SANFLAGS)
PKG_CFLAGS = $(shell pkg-config --cflags sqlite3 gsl xlsxwriter 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs sqlite3 gsl xlsxwriter 2>/dev/null || echo -lsqlite3 -lgsl -lgslcblas -lxlsxwriter -lz) -lm -lpthread
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
# Intake of what departments send: .xlsx workbooks (libzip + expat), Unicode NFC and case folding (libunistring).
DEB_PKGS   += libzip-dev libexpat1-dev libunistring-dev
PKG_CFLAGS += $(shell pkg-config --cflags libzip expat 2>/dev/null)
PKG_LIBS   += $(shell pkg-config --libs libzip expat 2>/dev/null || echo -lzip -lexpat) -lunistring
LDFLAGS += $(SANFLAGS)

LIB_SRC  := $(filter-out engine/cli%.c,$(wildcard engine/*.c))
CLI_SRC  := $(wildcard engine/cli*.c)
TEST_SRC := $(wildcard tests/test_*.c)
LIB      := $(BUILD)/libchitieu.a
BIN      := $(BUILD)/chitieu
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCHES  := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
DB      ?= chitieu.db

.PHONY: all deps demo test check-san valgrind fuzz bench clean
all: deps $(BIN) chitieu

# Install the Debian packages we need when they are missing (as root), or say what to install.
deps: $(BUILD)/.deps
$(BUILD)/.deps: Makefile
	@mkdir -p $(BUILD)
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "chitieu: installing$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >$(BUILD)/apt.log 2>&1 \
	      || { cat $(BUILD)/apt.log; exit 1; }; \
	  else echo "chitieu: missing packages:$$missing — run: sudo apt-get install -y$$missing"; exit 1; fi; fi
	@touch $@

# plots/theme.gp embedded in the library as a C string (every chart script carries it).
$(BUILD)/gen/theme.h: plots/theme.gp
	@mkdir -p $(dir $@)
	awk 'BEGIN { print "/* generated from plots/theme.gp */"; print "static const char chitieu__theme[] =" } \
	  { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "    \"" $$0 "\\n\"" } END { print ";" }' $< > $@
$(BUILD)/engine/chart.o: $(BUILD)/gen/theme.h

$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(LIB): $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC)) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

chitieu: $(BIN)
	@[ "$(BUILD)" != build ] || cp $(BIN) chitieu

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(PKG_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Observed figures are shipped as releases, datasets/*/releases/YYYY-MM-DD_*.csv, one file per publication:
# the demo loads each one separately in order of publication date (the file name), so a later official figure
# becomes a revision of the earlier estimate, as it would in a statistics office.
RELEASES := $(shell ls datasets/*/releases/*.csv 2>/dev/null | awk -F/ '{ print $$NF "\t" $$0 }' | sort | cut -f2)

# The main job: a fresh store from datasets/ (the catalogue in one load, then every release), the assessment,
# and the review pack under out/.
demo: all
	rm -f $(DB) $(DB)-wal $(DB)-shm
	./chitieu --db $(DB) init
	./chitieu --db $(DB) load datasets/*/*.csv
	@for f in $(RELEASES); do echo "./chitieu --db $(DB) load $$f"; ./chitieu --db $(DB) load $$f || exit 1; done
	./chitieu --db $(DB) indicators
	@mkdir -p out
	./chitieu --db $(DB) assess --format table | tee out/assessment.txt
	./chitieu --db $(DB) assess --format csv > out/assessment.csv
	./chitieu --db $(DB) assess --format xlsx --out out/assessment.xlsx
	rm -rf out/forms && mkdir -p out/forms
	./chitieu --db $(DB) template --year 2025 --out out/forms
	rm -rf out/pack out/pack-en
	./chitieu --db $(DB) report --out out/pack
	./chitieu --db $(DB) report --lang en --out out/pack-en
	@echo "chitieu: demo done: $(DB), out/assessment.csv|xlsx, out/forms/ (2025 forms), out/pack/index.html (English: out/pack-en/index.html)"

# The fuzz harnesses without libFuzzer (fuzz/replay.c): `make test` feeds them the seed corpus and
# the inputs the long runs found that widen coverage (fuzz/found/<harness>/, minimised with
# -set_cover_merge=1) and every saved crash input, fuzz/regress/<harness>/.
REPLAY_CFLAGS = $(filter-out -MMD -MP,$(CFLAGS)) $(PKG_CFLAGS)
REPLAYS := $(addprefix $(BUILD)/fuzz/replay_,csv num load0 load1 load2 load3 load4 load5 load6 text xlsx)
$(addprefix $(BUILD)/fuzz/replay_,csv num text xlsx): $(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(REPLAY_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
$(BUILD)/fuzz/replay_load%: fuzz/fuzz_load.c fuzz/replay.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(REPLAY_CFLAGS) -DFUZZ_KIND=$* $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# All tests: every cmocka unit test, the fuzz corpus and regressions, then the end-to-end CLI tests.
test: deps $(TESTS) $(BIN) $(REPLAYS)
	@fail=0; for t in $(TESTS); do echo "== $$t"; (cd tests && CHITIEU_BIN=../$(BIN) ../$$t) || fail=1; done; \
	for r in $(REPLAYS); do h=$${r##*replay_}; c=$${h%[0-9]}; echo "== $$r"; \
	  $$r fuzz/corpus/$$c fuzz/found/$$h fuzz/regress/$$h || fail=1; done; \
	for s in tests/e2e_*.sh; do [ -f "$$s" ] || continue; echo "== $$s"; CHITIEU_BIN=$(CURDIR)/$(BIN) bash $$s || fail=1; done; \
	exit $$fail

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
check-san:
	$(MAKE) SANITIZE=1 test

# Every unit test, and the CLI on the shipped datasets, under valgrind: any error or leak fails.
VG = valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect
valgrind: deps $(TESTS) $(BIN)
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq valgrind >/dev/null; } \
	  || { echo "chitieu: install valgrind"; exit 1; }
	@fail=0; for t in $(TESTS); do echo "== valgrind $$t"; (cd tests && $(VG) ../$$t >/dev/null) || fail=1; done; \
	d=$$(mktemp -d); echo "== valgrind chitieu init/load/assess/report"; \
	$(VG) $(BIN) --db $$d/v.db init >/dev/null && $(VG) $(BIN) --db $$d/v.db load datasets/*/*.csv 2>/dev/null >/dev/null \
	  && $(VG) $(BIN) --db $$d/v.db assess --format json >/dev/null && $(VG) $(BIN) --db $$d/v.db report --out $$d/pack 2>/dev/null \
	  || fail=1; rm -rf $$d; exit $$fail

# libFuzzer harnesses (CSV reader, numbers, each file kind's rows), FUZZ_SECONDS each (fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz:
	bash fuzz/run.sh $(FUZZ_SECONDS)

bench: $(BENCHES) $(BIN)

clean:
	rm -rf build build-san chitieu out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
