# Money Safety Guide — every task the project has. `make help` lists them.
# Any content folder builds the same way: make build CONTENT=path OUTPUT=path

SHELL := bash
PYTHON_SYSTEM ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONTENT ?= content
OUTPUT ?= output
SITEURL ?=
ALLOW_PLACEHOLDERS ?=
SITE_ARGS := --content "$(CONTENT)" --output "$(OUTPUT)" $(if $(SITEURL),--siteurl "$(SITEURL)")
PYTEST_ARGS ?=
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup build check serve publish test lint clean bench deploy translations print-run
DEPLOY_TARGET ?=
# make print-run: LEAFLET=<slug> [CITY=…] [LANG=en|zh] [OUT=file.pdf]. LANG counts only when given on the command
# line (the environment's LANG is the locale), and is then kept out of Python's environment.
LEAFLET ?=
CITY ?=
OUT ?=
PRINT_LANG := $(if $(filter command line,$(origin LANG)),$(LANG))

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "  Options: CONTENT=folder OUTPUT=folder SITEURL=https://… ALLOW_PLACEHOLDERS=1 (publish a marked preview)"

$(VENV)/.installed: requirements.txt
	@scripts/ensure-system-packages.sh
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# From npm: quality-gate tools (vnu-jar, axe-core) and the outlet map's Leaflet.markercluster, which the build copies
# into the site; --ignore-scripts: vnu runs with Debian's Java, nothing is downloaded.
node_modules/.installed: package.json package-lock.json | $(VENV)/.installed
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

setup: $(VENV)/.installed node_modules/.installed ## Create .venv and install pinned Python, npm and missing Debian packages
	@scripts/ensure-system-packages.sh

build: setup ## Check the content, then build the whole site into OUTPUT (default output/)
	$(PY) -m sitebuild build $(SITE_ARGS)

check: setup ## Check the content only (fast, builds nothing)
	$(PY) -m sitebuild check $(SITE_ARGS)

serve: setup ## Preview on http://localhost:8000: warm rebuilds on every save, pages reload by themselves, errors shown in the page
	$(PY) -m sitebuild serve $(SITE_ARGS) --port $(PORT)

publish: setup ## Build for the public host with publishconf.py (SITEURL=… to override; ALLOW_PLACEHOLDERS=1: a preview)
	$(PY) -m sitebuild build --settings publishconf.py $(SITE_ARGS) $(if $(filter-out 0 no false,$(ALLOW_PLACEHOLDERS)),--allow-placeholders)

print-run: setup ## One PDF of leaflet LEAFLET=<slug> imprinted for every outlet (CITY=…: one city's; LANG=zh) in print-runs/
	$(if $(PRINT_LANG),env -u LANG) $(PY) -m sitebuild print-run --content "$(CONTENT)" --leaflet "$(LEAFLET)" \
	  $(if $(CITY),--city "$(CITY)") $(if $(PRINT_LANG),--lang "$(PRINT_LANG)") $(if $(OUT),--out "$(OUT)")

deploy: ## Upload a published OUTPUT to DEPLOY_TARGET with rsync, new assets before pages (docs/publishing.md)
	scripts/deploy.sh "$(OUTPUT)" "$(DEPLOY_TARGET)"

lint: setup ## Ruff (lint and format) and mypy (types) over the project's Python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup lint ## Every test (JavaScript helpers, unit, build, browser)
	node --test tests/js/
	$(PY) -m pytest $(PYTEST_ARGS)

clean: ## Remove output and every cache (refuses an OUTPUT that is not a build of this site)
	@if [ -x $(PY) ]; then $(PY) -m sitebuild clean $(SITE_ARGS); else echo "No .venv: OUTPUT left as it is."; fi
	rm -rf .cache .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

bench: setup ## Benchmark: build vs plain Pelican, rebuilds, leaflets, locator, preview, memory (prints a table, writes JSON)
	$(PY) -m bench.run $(BENCH_ARGS)

translations: setup ## Extract theme text into theme/translations/messages.pot and update each language's .po
	$(VENV)/bin/pybabel extract -F babel.cfg --no-location --sort-output -k _ -k gettext -k ngettext:1,2 -o theme/translations/messages.pot .
	@for po in theme/translations/*/LC_MESSAGES/messages.po; do \
	  lang=$$(basename $$(dirname $$(dirname $$po))); \
	  $(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -i theme/translations/messages.pot -d theme/translations -l $$lang; \
	done
	$(VENV)/bin/pybabel compile --statistics -d theme/translations
