# The two set-up commands of the README:  make demo  (main job)  and  make test  (test suite).
# Both create .venv and install what they need on first use.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := sqlite:///out/sdgplan.db

.PHONY: demo test lint docs clean system-packages messages

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

# Debian packages: Pango for WeasyPrint (PDF), HarfBuzz subsetting for its fonts, and
# poppler-utils (pdftotext, pdftoppm) to read PDFs back in the tests.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

demo: $(STAMP) system-packages
	mkdir -p out
	$(BIN)/sdgplan example asker --db $(DEMO_DB)
	$(BIN)/sdgplan show indicators --db $(DEMO_DB)
	$(BIN)/sdgplan sdg coverage --db $(DEMO_DB)
	$(BIN)/sdgplan assess --year 2022 --focus-area Økonomi --db $(DEMO_DB)
	$(BIN)/sdgplan assess --year 2022 --format json --db $(DEMO_DB) > out/asker-assessment-2022.json
	$(BIN)/sdgplan export observations --format csv --out out/asker-observations.csv --db $(DEMO_DB)
	$(BIN)/sdgplan export plan --format yaml --out out/asker-plan.yaml --db $(DEMO_DB)
	$(BIN)/sdgplan report --kind four-year --year 2022 --out out/report --db $(DEMO_DB)
	@echo
	@echo "The four-year report: out/report/report.html and out/report/report.pdf"
	@echo "Also: out/sdgplan.db (database), out/asker-observations.csv (open data),"
	@echo "      out/asker-plan.yaml (plan file), out/asker-assessment-2022.json (assessment)"

test: $(STAMP) system-packages lint
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
