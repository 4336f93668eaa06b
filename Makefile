# encmap — the two commands of the quick start are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PACKAGES := libopenblas-dev liblapacke-dev pkg-config
# Root runs apt-get directly; anyone else goes through sudo when it exists.
SUDO := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
BIN := .build/release/encmap

.PHONY: deps build release test test-browser demo bench fuzz clean

## deps: install the system libraries (OpenBLAS, LAPACKE, pkg-config) when any is missing
deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "encmap: installing$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## build: debug build
build: deps
	$(SWIFT) build

## release: optimised build of the encmap binary
release: deps
	$(SWIFT) build -c release --product encmap

## test: the whole test suite (Swift Testing suites, then the headless-browser check of a map page)
test: deps
	@python3 scripts/check-modules.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@bash scripts/browser-check.sh .build/debug/encmap

## test-browser: headless Chromium opens a map page built from the shipped encoders
test-browser: deps
	$(SWIFT) build --product encmap
	@bash scripts/browser-check.sh .build/debug/encmap

## demo: build release and run the demo experiment on the shipped real data
demo: release
	@$(BIN) demo

## bench: benchmarks beside their numpy/scikit-learn references (run on demand)
bench: release
	@bash bench/run.sh $(BIN)

## fuzz: libFuzzer on the NPY, CSV, spec and MTEB parsers, SECONDS each (default 60)
fuzz:
	@bash scripts/fuzz.sh $(or $(SECONDS),60)

clean:
	rm -rf .build
