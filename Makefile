# haven — build, test and run.
#
#   make run     install what is missing, build, start the web app (haven serve)
#   make test    install what is missing, build, run every test
#   make check-san   the whole suite again under AddressSanitizer + UBSan
#   make bench   benchmarks (ratios against baselines measured in the same run)
#   make fuzz    run every fuzz target for FUZZ_SECONDS each
#
# SAN=1 builds into build-san/ with the sanitizers on.

CC      ?= cc
PKGS    := sqlite3 libsodium jansson libutf8proc
# Loaded when first needed, not linked (src/core/dlopen.h): only their
# headers at build time, and the file names of the libraries themselves.
DL_PKGS := libmicrohttpd libzip
# cairo and pango (pangocairo): the report and the partner card as PDF.
DL_PKGS += pangocairo
soname   = $(shell objdump -p "$$(pkg-config --variable=libdir $(1))/$(1).so" 2>/dev/null | \
             sed -n 's/^ *SONAME *//p')
# The same for a library whose file is not named after its package.
soname_of = $(shell objdump -p "$$(pkg-config --variable=libdir $(1))/$(2).so" 2>/dev/null | \
             sed -n 's/^ *SONAME *//p')
SAN     ?=
ifeq ($(SAN),1)
B       := build-san
OPT     := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# What outside libraries keep for the life of the process is not counted as
# haven's leak (tests/lsan.supp says which and why).
export LSAN_OPTIONS := suppressions=$(abspath tests/lsan.supp):print_suppressions=0
else
B       := build
OPT     := -O2
endif

CFLAGS  ?= -g
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wformat-nonliteral \
           -Wno-unused-parameter -Werror -Isrc \
           $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
LDFLAGS += $(OPT)
# libkeyutils: the kernel keyring that holds an unlocked vault's key for a
# while (`haven vault unlock`, src/core/keyring.c).
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lkeyutils -lm -pthread

# The library is every module folder but the front ends.
LIB_SRC  := $(sort $(filter-out src/cli/% src/web/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c src/web/*.c))
CONTENT  := $(sort $(shell find data -type f -name '*.json' -o -type f -name '*.tsv'))
ASSETS   := $(sort $(shell find web -type f))
# Every module's migration steps (src/NAME/schema.c) listed in one table
# for the store to run in order (src/core/schema.h).
SCHEMA_SRC := $(sort $(wildcard src/*/schema.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/content-blob.o $(B)/schemas.o
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o) $(B)/web-assets.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
DEPS_OK  := build/.deps-ok

.PHONY: all run test check-san layers unit e2e browser bench fuzz deps format lint clean install
COMPLETIONS := $(B)/completion/haven.bash $(B)/completion/haven.zsh $(B)/completion/haven.fish
all: $(B)/haven $(B)/haven.1 $(COMPLETIONS)

# The manual page is made by haven from its own command table.
$(B)/haven.1: $(B)/haven
	@$(abspath $(B))/haven help --man > $@

# So are the shell completion scripts (`haven completion bash|zsh|fish`).
$(B)/completion/haven.%: $(B)/haven
	@mkdir -p $(dir $@)
	@$(abspath $(B))/haven completion $* > $@

PREFIX ?= /usr/local
install: all
	install -Dm755 $(B)/haven $(DESTDIR)$(PREFIX)/bin/haven
	install -Dm644 $(B)/haven.1 $(DESTDIR)$(PREFIX)/share/man/man1/haven.1
	install -Dm644 $(B)/completion/haven.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/haven
	install -Dm644 $(B)/completion/haven.zsh $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_haven
	install -Dm644 $(B)/completion/haven.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/haven.fish

# Installing packages is a step of its own so the build never hides it.
deps: $(DEPS_OK)
$(DEPS_OK): scripts/install-deps.sh
	@sh scripts/install-deps.sh
	@mkdir -p build && touch $@

run: deps
	@$(MAKE) --no-print-directory all
	$(abspath $(B))/haven serve

# Every suite runs even when one before it failed; the last line sums them
# all, "N passed, M failed" (tests/run-suites.sh).
SUITES := layers unit crisis-weights-check words-weights-check e2e browser
test: deps
	@$(MAKE) --no-print-directory all unit-bins || { echo "0 passed, 1 failed"; exit 1; }
	@sh tests/run-suites.sh $(B) "$(MAKE) --no-print-directory" $(SUITES)

check-san: deps
	@$(MAKE) --no-print-directory SAN=1 test

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# The libraries' file names, read from the installed ones (e.g. libzip.so.4).
$(B)/src/web/mhd-lib.o: CFLAGS += -DHV_MHD_SONAME='"$(call soname,libmicrohttpd)"'
$(B)/src/chat/zip-lib.o: CFLAGS += -DHV_ZIP_SONAME='"$(call soname,libzip)"'
$(B)/src/report/cairo-lib.o: CFLAGS += -DHV_CAIRO_SONAME='"$(call soname_of,cairo,libcairo)"' \
    -DHV_PANGO_SONAME='"$(call soname_of,pango,libpango-1.0)"' \
    -DHV_PANGOCAIRO_SONAME='"$(call soname_of,pangocairo,libpangocairo-1.0)"' \
    -DHV_GOBJECT_SONAME='"$(call soname_of,gobject-2.0,libgobject-2.0)"'

$(B)/content-blob.S: scripts/embed-content.sh $(CONTENT)
	@mkdir -p $(dir $@)
	@sh scripts/embed-content.sh $(CONTENT) > $@

$(B)/content-blob.o: $(B)/content-blob.S
	@$(CC) -c $< -o $@

$(B)/schemas.c: scripts/list-schemas.sh $(SCHEMA_SRC)
	@mkdir -p $(dir $@)
	@sh scripts/list-schemas.sh $(SCHEMA_SRC) > $@

$(B)/schemas.o: $(B)/schemas.c
	@$(CC) $(CFLAGS) -c $< -o $@

$(B)/web-assets.S: scripts/embed-content.sh $(ASSETS)
	@mkdir -p $(dir $@)
	@sh scripts/embed-content.sh -t hv_asset_table -p web/ $(ASSETS) > $@

$(B)/web-assets.o: $(B)/web-assets.S
	@$(CC) -c $< -o $@

$(B)/libhaven.a: $(LIB_OBJ)
	@rm -f $@ && ar rcs $@ $^

# The crisis model compiled once, here, and embedded beside the library
# (src/safety/crisis-image.c): programs linked with $(IMAGE) read it at
# start; one linked without it (the tool that makes it, the fuzzers)
# compiles data/crisis.json itself.
IMAGE := $(B)/image-blob.o
$(B)/tools/crisis-image: tools/crisis-image.c $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $< $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

$(B)/crisis-model.img: $(B)/tools/crisis-image
	@$(B)/tools/crisis-image $@

# Every region's crisis notice, one a line, so showing help parses only
# the notice it shows (src/safety/crisis-lines.c).
$(B)/crisis-notices.tsv: $(B)/tools/crisis-image
	@$(B)/tools/crisis-image --notices $@

# The weights of the crisis net, check and coach, indexed once, here
# (tools/weights-image.c), and embedded beside the crisis model: haven looks
# keys up in the index where it lies instead of building it at start.
WEIGHTS_IMG := $(B)/crisis-weights.img $(B)/patterns-weights.img $(B)/coach-weights.img
$(B)/tools/weights-image: tools/weights-image.c $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $< $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

$(B)/%-weights.img: $(B)/tools/weights-image
	@$(B)/tools/weights-image $*-weights.tsv $@

# The same for the rules of check and coach (tools/rules-image.c).
RULES_IMG := $(B)/patterns-rules.img $(B)/coach-rules.img $(B)/coach-secure-rules.img
$(B)/tools/rules-image: tools/rules-image.c $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $< $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

$(B)/%-rules.img: $(B)/tools/rules-image
	@$(B)/tools/rules-image $*.json $@

# And coach.json without the rules the image carries (src/coach/words.c).
$(B)/coach-words.json: $(B)/tools/rules-image
	@$(B)/tools/rules-image --words coach.json $@

$(B)/image-blob.S: scripts/embed-content.sh $(B)/crisis-model.img $(WEIGHTS_IMG) $(RULES_IMG) \
    $(B)/coach-words.json $(B)/crisis-notices.tsv
	@sh scripts/embed-content.sh -t hv_image_table -p $(B)/ $(B)/crisis-model.img \
	    $(WEIGHTS_IMG) $(RULES_IMG) $(B)/coach-words.json $(B)/crisis-notices.tsv > $@

$(IMAGE): $(B)/image-blob.S
	@$(CC) -c $< -o $@

$(B)/haven: $(CLI_OBJ) $(IMAGE) $(B)/libhaven.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(B)/tests/%: tests/unit/%.c $(IMAGE) $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(CFLAGS) $< $(TEST_OBJ) $(IMAGE) $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -lcmocka -o $@

# The crisis net scored on a corpus, through the library (bench/crisis.sh).
$(B)/bench/crisis-score: bench/crisis-score.c bench/corpus-read.c bench/corpus-read.h \
    $(IMAGE) $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(filter %.c,$^) $(IMAGE) $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

# The weighed words are learnt from the development half of the corpus:
# `make crisis-weights` rewrites data/crisis-weights.tsv (see crisis-train.c).
$(B)/bench/crisis-train: bench/crisis-train.c bench/corpus-read.c bench/corpus-read.h \
    $(IMAGE) $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(filter %.c,$^) $(IMAGE) $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

CRISIS_TRAIN = $(B)/bench/crisis-train tests/corpus/crisis.tsv \
	    tests/corpus/crisis-calibration.tsv --ordinary tests/corpus/patterns.tsv \
	    --ordinary tests/corpus/coach.tsv --ordinary tests/corpus/thoughts.tsv \
	    --ordinary tests/corpus/drafts.tsv
.PHONY: crisis-weights crisis-weights-check
crisis-weights: $(B)/bench/crisis-train
	$(CRISIS_TRAIN) > $(B)/crisis-weights.tsv
	mv $(B)/crisis-weights.tsv data/crisis-weights.tsv

# make test holds the checked-in weights to what the development half teaches.
crisis-weights-check: $(B)/bench/crisis-train
	@$(CRISIS_TRAIN) --check data/crisis-weights.tsv 2>$(B)/crisis-train.log || \
	    { cat $(B)/crisis-train.log >&2; exit 1; }
	@echo "crisis weights: what the development half teaches"

# The weighed words of check and coach, learnt from the development halves
# only: `make words-weights` rewrites data/patterns-weights.tsv and
# data/coach-weights.tsv (see bench/words-train.c).
$(B)/bench/words-train: bench/words-train.c bench/words-corpus.c bench/words-file.c \
    bench/corpus-read.c bench/words-train.h bench/corpus-read.h $(IMAGE) $(B)/libhaven.a
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $(filter %.c,$^) $(IMAGE) $(B)/libhaven.a $(LDFLAGS) $(LDLIBS) -o $@

WORDS_CHECK = $(B)/bench/words-train check tests/corpus/thoughts.tsv --budget 0.06 \
	    --also tests/corpus/patterns.tsv
# The coach's budget is chosen on tests/corpus/drafts-calibration.tsv, never
# learnt from: of 0.06 to 0.10, the one whose recall and false alarms there
# stand furthest inside the targets (85 %, 10 %).  At 0.07: recall 91.9 %,
# false alarms 4.8 % (0.06: 88.8 %, 3.3 %; 0.08: 93.3 %, 6.2 %).
WORDS_COACH = $(B)/bench/words-train coach tests/corpus/drafts.tsv --budget 0.07 \
	    --also tests/corpus/coach.tsv
.PHONY: words-weights words-weights-check
words-weights: $(B)/bench/words-train
	$(WORDS_CHECK) > $(B)/patterns-weights.tsv
	$(WORDS_COACH) > $(B)/coach-weights.tsv
	mv $(B)/patterns-weights.tsv data/patterns-weights.tsv
	mv $(B)/coach-weights.tsv data/coach-weights.tsv

# make test holds the checked-in weights to what the development halves teach.
# The trainer is a one-shot tool that leaves its corpus to the exit: under
# the sanitizers its memory errors still stop the build, its leaks do not.
words-weights-check: $(B)/bench/words-train
	@ASAN_OPTIONS=detect_leaks=0 $(WORDS_CHECK) --check data/patterns-weights.tsv \
	    2>$(B)/words-train.log || { cat $(B)/words-train.log >&2; exit 1; }
	@ASAN_OPTIONS=detect_leaks=0 $(WORDS_COACH) --check data/coach-weights.tsv \
	    2>$(B)/words-train.log || { cat $(B)/words-train.log >&2; exit 1; }
	@echo "words weights: what the development halves teach"

# Tests of the front ends' own pieces link those objects too.
$(B)/tests/test_dlopen: TEST_OBJ := $(B)/src/web/mhd-lib.o
$(B)/tests/test_dlopen: $(B)/src/web/mhd-lib.o
$(B)/tests/test_cmd_args: TEST_OBJ := $(filter-out $(B)/src/cli/main.o,$(CLI_OBJ))
$(B)/tests/test_cmd_args: $(filter-out $(B)/src/cli/main.o,$(CLI_OBJ))

.PHONY: unit-bins
unit-bins: $(UNIT_BIN)

# Which folder of src/ may include which (tests/layering.sh).
layers:
	@sh tests/layering.sh

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

e2e: $(B)/haven
	@HAVEN=$(abspath $(B))/haven sh tests/e2e/run.sh

browser: $(B)/haven
	@HAVEN=$(abspath $(B))/haven sh tests/browser/run.sh

bench: deps
	@sh scripts/install-deps.sh --bench
	@$(MAKE) --no-print-directory all $(B)/bench/crisis-score
	@HAVEN=$(abspath $(B))/haven sh bench/run.sh

FUZZ_SECONDS ?= 60
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) sh fuzz/run.sh

# `make format` writes the layout `make lint` holds (scripts/lint.sh): C by
# clang-format (.clang-format), the web app's JavaScript and the browser
# tests by Prettier (.prettierrc.json, a dev dependency of the browser tests).
format: deps
	clang-format -i $$(find src tests/unit bench tools fuzz -name '*.[ch]')
	@[ -x tests/browser/node_modules/.bin/prettier ] || \
	    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
	tests/browser/node_modules/.bin/prettier --write --log-level warn "web/**/*.js" \
	    "tests/browser/*.mjs"

lint: deps
	@sh scripts/lint.sh

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(filter %.d,$(CLI_OBJ:.o=.d))
