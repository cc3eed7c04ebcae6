# hrgflow build, test and benchmark entry points. Everything a fresh machine
# needs (Go tools, the npm readers used by interop tests) is installed here.

GO          ?= go
BIN         := bin
HRGFLOW     := $(BIN)/hrgflow
STATICCHECK := $(BIN)/staticcheck
STATICCHECK_VERSION := v0.8.2
DEMO_EPISODES ?= 200000
DEMO_DIR    := demo

include internal/interop/interop.mk

.PHONY: all build test unit fuzz lint generate bench bench-compare demo clean

all: build

build:
	$(GO) build -o $(HRGFLOW) ./cmd/hrgflow

# The README's test command. Interop tests read our Parquet with real DuckDB
# and polars; HRGFLOW_INTEROP=1 makes them fail rather than skip when the
# readers are missing.
test: unit fuzz

unit: interop-deps
	HRGFLOW_INTEROP=1 $(GO) test -count=1 ./...

# Every fuzz target runs for FUZZTIME (package:target pairs); crashers Go
# finds are written under the package's testdata/fuzz and kept as seeds.
# A count of inputs, not a duration: with a duration Go's fuzzing
# coordinator can race its own deadline on a loaded machine and fail a
# target with "context deadline exceeded" having found nothing
# (a known race in the Go toolchain; seen in a CI run of FuzzLoadTable on
# 2026-11-22).
# 20,000 inputs take 1-12 s per target here, about 50 s in all.
FUZZTIME ?= 20000x
FUZZ_TARGETS := \
	./pipeline:FuzzSplitCSV ./pipeline:FuzzParseDateAndInt ./pipeline:FuzzDecodeValidate \
	./pipeline/domains:FuzzCheck ./pipeline/price:FuzzLoadTable ./pipeline/price:FuzzLoadMFF \
	./grouper:FuzzLoad ./grouper:FuzzGroupEpisode ./internal/codelist:FuzzLoadICD10TRUD \
	./schemas:FuzzNormalizeICD10 ./schemas:FuzzNormalizeOPCS4

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
	  log=$$(mktemp); \
	  $(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) $$pkg >$$log 2>&1 || \
	    { cat $$log; rm -f $$log; exit 1; }; \
	  rm -f $$log; \
	done

$(STATICCHECK):
	GOBIN=$(CURDIR)/$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

generate:
	$(GO) generate ./...

# Benchmarks for benchstat: make bench; cp benchmarks/latest.txt before.txt;
# change; make bench; benchstat before.txt benchmarks/latest.txt.
# The packages that hold product benchmarks (internal/interop's measures a
# test helper). Measured 2026-11-22 on the 2-core machine, quiet: 876 s with
# the defaults; the result of that run is the committed benchmarks/latest.txt.
BENCH_PKGS  ?= ./benchmarks/ ./pipeline/... ./grouper/... ./schemas/ ./internal/codelist/ ./internal/synth/
BENCH_COUNT ?= 10
BENCHTIME   ?= 1s
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=$(BENCH_COUNT) -benchtime=$(BENCHTIME) -timeout=90m $(BENCH_PKGS) | tee benchmarks/latest.txt

# hrgflow, the DuckDB peer and the bare floor alternately RUNS times on 1M
# generated episodes (EPISODES=N to change): median episodes/s, peak RSS and
# the ratios. See benchmarks/README.md.
RUNS ?= 3
bench-compare: build interop-deps
	RUNS=$(RUNS) benchmarks/compare.sh

# The main job on a generated demo input: writes demo/input.csv and demo/out/.
demo: build
	@mkdir -p $(DEMO_DIR)
	$(HRGFLOW) gen --episodes $(DEMO_EPISODES) --seed 1 --out $(DEMO_DIR)/input.csv
	$(HRGFLOW) run --input $(DEMO_DIR)/input.csv --out $(DEMO_DIR)/out

clean:
	rm -rf $(BIN) $(DEMO_DIR)
