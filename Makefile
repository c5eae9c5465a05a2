# Thin wrapper over CMake. `make run` and `make test` do all set-up on a fresh
# Debian 12 machine: missing Debian packages, the grammar (npm pack, verified,
# cached in the build tree), configure, build.
#
#   make run     Release build, then scan, graph, why, measure, graph --profile and suggest on
#                examples/taskcli
#   make test    ASan+UBSan build, then the whole suite with ctest
#   make fuzz    libFuzzer runs of every harness (needs clang), FUZZ_SECONDS each
#   make bench   Release build, then the benchmarks
#   make golden  regenerate the golden outputs of tests/corpus
#   make install PREFIX=/usr/local

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
CMAKE_EXTRA ?=
RELEASE := build/release
ASAN := build/asan
FUZZ := build/fuzz

.PHONY: all setup run test fuzz bench golden install clean

all: $(RELEASE)/.configured
	cmake --build $(RELEASE) -j $(JOBS)

setup:
	@bash scripts/setup-debian.sh

$(RELEASE)/.configured: | setup
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DIMPGRAPH_TESTS=OFF $(CMAKE_EXTRA)
	@touch $@

$(ASAN)/.configured: | setup
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DIMPGRAPH_SANITIZE=ON -DIMPGRAPH_WERROR=ON $(CMAKE_EXTRA)
	@touch $@

EXAMPLE := examples/taskcli

run: setup $(RELEASE)/.configured
	cmake --build $(RELEASE) -j $(JOBS)
	@echo; echo "== impgraph scan $(EXAMPLE): every import, its context and location"
	$(RELEASE)/bin/impgraph scan $(EXAMPLE)
	@echo; echo "== impgraph graph $(EXAMPLE): what \`taskcli\` loads at start-up"
	$(RELEASE)/bin/impgraph graph $(EXAMPLE) --console-script taskcli --startup
	@echo; echo "== impgraph why taskcli.analytics"
	$(RELEASE)/bin/impgraph why taskcli.analytics $(EXAMPLE) --console-script taskcli
	@echo; echo "== impgraph measure: \`taskcli --help\`, measured"
	$(RELEASE)/bin/impgraph measure --project $(EXAMPLE) --source-root $(EXAMPLE)/src -n 3 -q -o $(RELEASE)/taskcli-profile.json --console-script taskcli --help
	$(RELEASE)/bin/impgraph measure --from-profile $(RELEASE)/taskcli-profile.json --top 10
	@echo; echo "== impgraph graph --profile: the measured times on the start-up graph"
	$(RELEASE)/bin/impgraph graph $(EXAMPLE) --console-script taskcli --startup --profile $(RELEASE)/taskcli-profile.json
	@echo; echo "== impgraph suggest: which imports to defer, how, and what each change saves"
	$(RELEASE)/bin/impgraph suggest $(EXAMPLE) --console-script taskcli --profile $(RELEASE)/taskcli-profile.json

test: setup $(ASAN)/.configured
	cmake --build $(ASAN) -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

fuzz: setup
	CC=clang cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMPGRAPH_SANITIZE=ON -DIMPGRAPH_FUZZ=ON $(CMAKE_EXTRA)
	cmake --build $(FUZZ) -j $(JOBS)
	@for f in $(FUZZ)/tests/fuzz/fuzz_*; do \
	  case $$f in *_replay) continue;; esac; \
	  name=$$(basename $$f); name=$${name#fuzz_}; \
	  mkdir -p $(FUZZ)/corpus/$$name; \
	  echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(FUZZ)/corpus/$$name tests/fuzz/corpus/$$name || exit 1; \
	done

bench: setup $(RELEASE)/.configured
	cmake --build $(RELEASE) -j $(JOBS)
	bash bench/run.sh $(RELEASE) --instructions

golden: setup $(ASAN)/.configured
	cmake --build $(ASAN) -j $(JOBS)
	IMPGRAPH_CLI=$(ASAN)/bin/impgraph IMPGRAPH_UPDATE_GOLDEN=1 bash tests/corpus/golden.sh

install: all
	cmake --install $(RELEASE) --prefix $(PREFIX)

clean:
	rm -rf build
