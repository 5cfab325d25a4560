# Sangua — the README's two commands are `make run` and `make test`; everything else is setup.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
JOBS   ?= 2   # pytest-xdist workers (each gets its own test database)

.DEFAULT_GOAL := setup
.PHONY: setup run serve test test-fast lint bench messages clean-venv

# --- setup: the virtual environment from the lock file, and the npm assets --------------------
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# --- run: migrate, load the demo into an empty database, start the job worker and the server ---
run: setup
	$(BIN)/sangua migrate --noinput
	$(BIN)/sangua demo
	@echo "Sangua: http://$(HOST):$(PORT)/  (wall: http://$(HOST):$(PORT)/wall/331102/)"
	@scripts/serve $(HOST) $(PORT)

# --- test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL is set) -----------
test: setup
	@scripts/ensure-chromium
	$(BIN)/pytest -n $(JOBS)

test-fast: setup
	$(BIN)/pytest -n $(JOBS) -m "not browser"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy sangua config
	$(BIN)/lint-imports
	$(BIN)/sangua makemigrations --check --dry-run

bench: setup
	@scripts/ensure-chromium
	$(BIN)/python bench/run.py

# --- messages: extract every string (templates/ and all apps) into locale/, compile; docs/translation.md
messages: setup
	SANGUA=$(BIN)/sangua scripts/messages --check

clean-venv:
	rm -rf $(VENV) node_modules
