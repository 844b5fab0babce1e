# Everything a user runs. The environment is set up on first use: only Python 3.11 is needed.
CORPUS ?= corpus
OUT ?= outputs
DEST ?=
WORKERS ?= 2
PYTHON ?= python3.11
UV_VERSION := 0.13.9

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen --no-sync
export UV_PYTHON_DOWNLOADS := never

.PHONY: install extract test eval bench export docs clean help

help:  ## show the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: .venv/.installed  ## create .venv with the locked dependencies

extract: .venv/.installed  ## run the pipeline: CORPUS=dir OUT=dir
	$(RUN) python -m pipeline extract --corpus $(CORPUS) --out $(OUT) --workers $(WORKERS)

test: .venv/.installed  ## run every test
	$(RUN) pytest -q

eval: .venv/.installed  ## score NER and numbers against the public gold sets
	$(RUN) python benchmarks/eval_ner.py
	$(RUN) python benchmarks/eval_numbers.py
	$(RUN) python benchmarks/eval_time.py

bench: .venv/.installed  ## throughput, incremental re-run and memory figures
	$(RUN) python benchmarks/bench.py
	$(RUN) python benchmarks/bench_link.py

export: .venv/.installed  ## copy the tables into another project: DEST=path
	@test -n "$(DEST)" || { echo "usage: make export DEST=path/to/data/folder"; exit 2; }
	$(RUN) python -m pipeline export --out $(OUT) $(DEST)

docs: .venv/.installed  ## regenerate docs/tables.md from the schemas
	$(RUN) python -m pipeline docs > docs/tables.md

clean:  ## remove outputs (keeps the environment)
	find $(OUT) -mindepth 1 ! -name README.md -exec rm -rf {} +
