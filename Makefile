# Register early career teachers: the two commands you need are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif

.PHONY: help install chromium run serve worker test lint format bench clean-embedded-db

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'

.uv-ready:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	@touch .uv-ready

install: .uv-ready ## Install Python and front-end dependencies exactly as locked
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --loglevel=error

run: install ## Migrate, seed the demo world, serve on http://127.0.0.1:8000 and run the background worker
	$(UV) run rect db upgrade
	$(UV) run rect seed demo
	ENABLE_PERSONAS=$${ENABLE_PERSONAS:-true} $(UV) run rect serve --with-worker

chromium: ## Install Debian's Chromium for the browser tests when it is missing (needs apt-get and root)
	@bash scripts/ensure-chromium

test: install chromium ## Run every test (the e2e browser tests too)
	$(UV) run pytest

lint: install ## Fast quality gates: ruff, formatting, mypy and the layering contracts
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports

format: install ## Format the code
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

bench: install ## Run the benchmarks under bench/ (prints numbers; not part of the tests)
	$(UV) run python -m bench

clean-embedded-db: ## Delete the embedded database (all local data)
	$(UV) run python -c "from entrypoints.database import default_embedded_dir; import shutil; d = default_embedded_dir(); print('removing', d); shutil.rmtree(d, ignore_errors=True)"
