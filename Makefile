# The two set-up commands of the README:  make demo  (main job)  and  make test  (test suite).
# Both create .venv and install what they need on first use.
VENV := .venv
BIN := $(VENV)/bin
# Two installs: `make demo` needs only sdgplan and its runtime dependencies, `make test` also
# the development tools (.[dev]). -q -q hides pip's warnings about this machine's own pip
# settings (package locations that do not exist); errors still show.
PIP := $(BIN)/pip install -q -q --disable-pip-version-check
STAMP := $(VENV)/.installed-stamp
RUNTIME_STAMP := $(VENV)/.installed-runtime-stamp
DEMO_DB := sqlite:///out/sdgplan.db
DEMO_LOG := out/demo.log

.PHONY: demo test lint docs clean system-packages test-packages messages

$(BIN)/python:
	@echo "creating $(VENV)"
	@python3 -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	@echo "installing sdgplan into $(VENV)"
	@$(PIP) -e .
	@touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "installing sdgplan and its development tools into $(VENV)"
	@$(PIP) -e ".[dev]"
	@touch $(STAMP) $(RUNTIME_STAMP)

# Debian packages, installed with apt-get where missing: $(call apt_install,PACKAGES).
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

# Pango for WeasyPrint (PDF) and HarfBuzz subsetting for its fonts.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# For the tests: poppler-utils (pdftotext, pdftoppm) reads PDFs back; chromium is the browser
# Playwright drives (the phone-width and axe-core checks of the HTML report); postgresql gives the
# binaries for a throwaway server when no server answers (see tests/conftest.py). Without
# postgresql the PostgreSQL tests are skipped, with the reason in the summary.
TEST_PACKAGES := poppler-utils chromium
TEST_OPTIONAL_PACKAGES := postgresql

system-packages:
	$(call apt_install,$(SYSTEM_PACKAGES))

test-packages: system-packages
	$(call apt_install,$(TEST_PACKAGES))
	$(call apt_install,$(TEST_OPTIONAL_PACKAGES)) \
		|| echo "could not install $(TEST_OPTIONAL_PACKAGES): PostgreSQL tests may be skipped"

# The demo's commands write to $(DEMO_LOG); on success a short summary, on failure the
# log's last lines.
DEMO_STEPS := \
	"example asker" \
	"show indicators" \
	"sdg coverage" \
	"assess --year 2022 --focus-area Økonomi" \
	"export observations --format csv --out out/asker-observations.csv" \
	"export plan --format yaml --out out/asker-plan.yaml" \
	"report --kind four-year --year 2022 --out out/report" \
	"report --kind action-programme --period 2024-2027 --out out/action-programme" \
	"calendar export --year 2024 --out out/asker-calendar-2024.ics" \
	"site build --out out/site --no-reports"

demo: $(RUNTIME_STAMP) system-packages
	@mkdir -p out
	@: > $(DEMO_LOG)
	@fail() { echo "make demo: failed: sdgplan $$1 (the end of $(DEMO_LOG) follows)" >&2; \
		tail -n 20 $(DEMO_LOG) >&2; exit 1; }; \
	for step in $(DEMO_STEPS); do \
		echo "\$$ sdgplan $$step --db $(DEMO_DB)" >> $(DEMO_LOG); \
		$(BIN)/sdgplan $$step --db $(DEMO_DB) >> $(DEMO_LOG) 2>&1 || fail "$$step"; \
	done; \
	echo "\$$ sdgplan assess --year 2022 --format json > out/asker-assessment-2022.json" \
		>> $(DEMO_LOG); \
	$(BIN)/sdgplan assess --year 2022 --format json --db $(DEMO_DB) \
		> out/asker-assessment-2022.json 2>> $(DEMO_LOG) || fail "assess --format json"
	@echo "Asker's four-year report (2022), action programme and public web site are built:"
	@echo "  report:   out/report/report.html and out/report/report.pdf"
	@echo "  action programme 2024-2027: out/action-programme/report.html and report.pdf"
	@echo "  open it:  xdg-open out/report/report.html  (or file://$(CURDIR)/out/report/report.html)"
	@echo "  web site: out/site/index.html (static files; open file://$(CURDIR)/out/site/index.html),"
	@echo "            or live: .venv/bin/sdgplan serve --db $(DEMO_DB)  (http://127.0.0.1:8000/)"
	@echo "  data:     out/sdgplan.db, out/asker-observations.csv, out/asker-plan.yaml,"
	@echo "            out/asker-assessment-2022.json, out/asker-calendar-2024.ics (årshjul)"
	@echo "  log:      $(DEMO_LOG) (every command and its output); more: README.md, A short tour"

test: $(STAMP) test-packages lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/cog -r docs/cli-reference.md

messages: $(STAMP)
	$(BIN)/python tools/update_messages.py

clean:
	rm -rf $(VENV) out
