# The two set-up commands of the README:  make demo  (main job)  and  make test  (test suite).
# Both create .venv and install what they need on first use.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := sqlite:///out/sdgplan.db

.PHONY: demo test lint docs clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/sdgplan example asker --db $(DEMO_DB)
	$(BIN)/sdgplan show indicators --db $(DEMO_DB)
	$(BIN)/sdgplan sdg coverage --db $(DEMO_DB)
	$(BIN)/sdgplan assess --year 2022 --focus-area Økonomi --db $(DEMO_DB)
	$(BIN)/sdgplan assess --year 2022 --format json --db $(DEMO_DB) > out/asker-assessment-2022.json
	$(BIN)/sdgplan export observations --format csv --out out/asker-observations.csv --db $(DEMO_DB)
	$(BIN)/sdgplan export plan --format yaml --out out/asker-plan.yaml --db $(DEMO_DB)
	@echo "Database: out/sdgplan.db; open data: out/asker-observations.csv; plan: out/asker-plan.yaml; assessment: out/asker-assessment-2022.json"

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/cog -r docs/cli-reference.md

clean:
	rm -rf $(VENV) out
