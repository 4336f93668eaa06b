# encmap — the two commands of the quick start are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PACKAGES := libopenblas-dev liblapacke-dev pkg-config
# Root runs apt-get directly; anyone else goes through sudo when it exists.
SUDO := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
BIN := .build/release/encmap

.PHONY: deps build release test demo bench clean

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

## test: the whole test suite
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## demo: build release and run the embedded demo experiment on the shipped real data
demo: release
	@bash scripts/demo.sh $(BIN)

## bench: benchmarks beside their numpy/scikit-learn references (run on demand)
bench: release
	@bash bench/run.sh $(BIN)

clean:
	rm -rf .build
