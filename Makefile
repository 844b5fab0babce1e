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

.PHONY: install install-dev extract test eval bench export docs notebook clean help

help:  ## show the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

# What the pipeline needs to run, and no more (--inexact: development tools already there stay).
.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)
	@touch $@

# The same plus the development group: pytest, the notebook's kernel and JupyterLab, the eval baselines.
.venv/.installed-dev: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch .venv/.installed $@

install: .venv/.installed  ## create .venv with the locked dependencies the pipeline needs

install-dev: .venv/.installed-dev  ## the same plus the development tools (tests, notebook, eval, bench)

extract: .venv/.installed  ## run the pipeline: CORPUS=dir OUT=dir
	$(RUN) python -m pipeline extract --corpus $(CORPUS) --out $(OUT) --workers $(WORKERS)

test: .venv/.installed-dev  ## run every test
	$(RUN) pytest -q

eval: .venv/.installed-dev  ## score NER and numbers against the public gold sets
	$(RUN) python benchmarks/eval_ner.py
	$(RUN) python benchmarks/eval_numbers.py
	$(RUN) python benchmarks/eval_time.py
	$(RUN) python benchmarks/eval_claims.py
	$(RUN) python benchmarks/eval_merge.py

bench: .venv/.installed-dev  ## throughput, incremental re-run and memory figures
	$(RUN) python benchmarks/bench.py
	$(RUN) python benchmarks/bench_link.py

export: .venv/.installed  ## copy tables, report, tables.md and datapackage.json into another project: DEST=path
	@test -n "$(DEST)" || { echo "usage: make export DEST=path/to/data/folder"; exit 2; }
	$(RUN) python -m pipeline export --out $(OUT) $(DEST)

docs: .venv/.installed  ## regenerate docs/tables.md from the schemas
	$(RUN) python -m pipeline docs > docs/tables.md

notebook: .venv/.installed-dev  ## open notebooks/explore.ipynb in JupyterLab, on the tables in OUT=dir
	PIPELINE_OUT=$(abspath $(OUT)) $(RUN) jupyter lab notebooks/explore.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

clean:  ## remove outputs (keeps the environment)
	find $(OUT) -mindepth 1 ! -name README.md -exec rm -rf {} +
