# OpenPCC front door. `make run` and `make test` work on a fresh machine.
.PHONY: setup run serve test test-only lint format migrate demo clean bench

PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= auto
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE := openpcc.settings

setup:
	@scripts/setup.sh

migrate: setup
	@mkdir -p var
	@DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0

demo: migrate
	@DJANGO_DEBUG=1 $(PY) manage.py load_demo

## Set up, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)
run: demo
	@echo ""
	@echo "Serving OpenPCC on http://127.0.0.1:$(PORT)/  (staff sign-in: http://127.0.0.1:$(PORT)/accounts/login/)"
	@PORT=$(PORT) scripts/serve.sh

## Production mode on this machine (docs/deploy.md): DJANGO_SECRET_KEY and the other settings come from the environment
serve:
	@scripts/setup.sh requirements.txt
	@scripts/serve-production.sh

## Set up and run the whole suite: lint (ruff, the layering contract, migrations), unit, view, permission and browser tests
test: setup
	@scripts/ensure-chromium.sh
	@scripts/ensure-libreoffice.sh
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-only

test-only:
	@mkdir -p var
	@OPENPCC_ALLOW_INSECURE_KEY=1 $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: setup
	@mkdir -p var
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
	@DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run -v0 || (echo "Model changes without a migration: run manage.py makemigrations" && exit 1)

## Benchmarks (not tests) on the national-scale data set, against Datasette; then board papers and the
## agenda pack against bare python-docx, WeasyPrint and pypdf; see BENCHMARKS.md
bench: setup
	@mkdir -p var bench/results
	@scripts/ensure-bench-tools.sh
	@$(PY) bench/scale_bench.py
	@$(PY) bench/boardpapers_bench.py
	@$(PY) bench/pack_bench.py

format: setup
	@.venv/bin/ruff format .

clean:
	rm -rf var/openpcc.sqlite3* openpcc/static/build .pytest_cache
