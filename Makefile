# budget — two commands on a fresh Debian machine with Swift:
#   make demo   installs what is missing, builds, imports the bundled history, shows histories and forecasts, runs Scenarios/baseline.yaml
#   make test   installs what is missing, runs the test suite
# Other targets: make build, make bench (1,000,000-row import benchmark, release build), make deps, make clean,
#   make fuzz (libFuzzer targets of Fuzz/, FUZZ_SECONDS each, default 30; FUZZ_TARGETS to choose),
#   make stress (kill -9 during a 1M-row import and scenario runs, concurrent imports, a full disk; release build).

SHELL := /bin/bash
SWIFT ?= swift
DEMO_DB ?= demo.sqlite
BUDGET_DEBUG := .build/debug/budget
BUDGET_RELEASE := .build/release/budget
SAN_DIEGO := Scenarios/san-diego-budget-vs-actuals.csv
SAN_DIEGO_MAP := --map department=dept_group --map unit=dept_name --map project=account_type \
	--map year=fiscal_year --map initial_budget=budget_amount --map executed=actual_amount --closed-through 2023

# System packages: LAPACK (liblapack-dev, pulls in BLAS), SQLite headers, pkg-config to find them,
# sqlite3 (the tests read stores with it, independently of the engine), python3 (the tests use its GB18030 codec),
# zlib1g-dev (ZIPFoundation, for .xlsx) and libxml2 (FoundationXML's parser). Python's openpyxl (pip) reads back the
# .xlsx files the engine writes in the tests, independently of the engine.
DEB_PACKAGES := liblapack-dev libsqlite3-dev pkg-config sqlite3 python3 python3-pip zlib1g-dev libxml2

FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?=

.PHONY: deps build demo test bench fuzz stress clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install -q openpyxl 2>/dev/null \
		|| python3 -m pip install -q --break-system-packages openpyxl
	@command -v $(SWIFT) >/dev/null || { echo "Swift is not installed (https://www.swift.org/install/linux/)"; exit 1; }

build: deps
	$(SWIFT) build

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "== Importing the bundled Chinese sample forms (Scenarios/sample-history.csv)"
	$(BUDGET_DEBUG) import --db $(DEMO_DB) Scenarios/sample-history.csv
	@echo
	@echo "== 003's OCR splits a glyph in 对口交流综合事务 (组|宗); an alias tells the store which project that reading is"
	$(BUDGET_DEBUG) alias --db $(DEMO_DB) 世贸事务管理-对口交流综合事务 世贸事务管理-对口交流组宗合事务
	@echo
	@echo "== Importing the four bundled forms (Scenarios/00*.txt: 2019-2022 declarations and self-evaluations)"
	$(BUDGET_DEBUG) import --db $(DEMO_DB) Scenarios/000_546769cc8a0ec3c8.txt Scenarios/001_71f3a326dc5c2b88.txt \
		Scenarios/002_ed3a86db11c65d94.txt Scenarios/003_2df205466e1d5f98.txt
	@echo
	@echo "== Findings of the forms' checks for two 2020 projects (all of them: budget check --db $(DEMO_DB))"
	$(BUDGET_DEBUG) check --db $(DEMO_DB) --project 办公设备采购
	$(BUDGET_DEBUG) check --db $(DEMO_DB) --project 综合管理事务
	@echo
	@echo "== Importing San Diego FY2011-2026 budget vs actuals through --map (3 rows have no account type: skipped)"
	$(BUDGET_DEBUG) import --db $(DEMO_DB) $(SAN_DIEGO) $(SAN_DIEGO_MAP) --skip-invalid 2>&1
	@echo
	@echo "== Projects of 深圳市商务局"
	$(BUDGET_DEBUG) projects --db $(DEMO_DB) --department 深圳市商务局
	@echo
	@echo "== The Shenzhen trade-friction project, found by its short name"
	$(BUDGET_DEBUG) history --db $(DEMO_DB) 贸易摩擦应对事务
	@echo
	@echo "== One history: Police personnel, San Diego (FY2024-2026 are open: budget only)"
	$(BUDGET_DEBUG) history --db $(DEMO_DB) Personnel --unit Police
	@echo
	@echo "== Backtest on San Diego's spending series (Personnel, Non-Personnel): accuracy and 80% interval coverage"
	$(BUDGET_DEBUG) backtest --db $(DEMO_DB) --project Personnel --project Non-Personnel
	@echo
	@echo "== Forecast FY2024 for San Diego's spending series (budgets already adopted: rate and executed forecast; first rows)"
	$(BUDGET_DEBUG) forecast --db $(DEMO_DB) --project Personnel --project Non-Personnel --format csv | head -6
	@echo
	@echo "== Recommendations for 深圳市商务局 2021 (trade friction: 36% executed in 2020)"
	$(BUDGET_DEBUG) recommend --db $(DEMO_DB) --department 深圳市商务局
	@echo
	@echo "== The same in Chinese and 万元, as a planner pastes it into a 申报表 (--lang zh, or LANG=zh_CN.UTF-8)"
	$(BUDGET_DEBUG) recommend --db $(DEMO_DB) --department 深圳市商务局 --lang zh --amount-unit wan
	@echo
	@echo "== Review of the 2019 declarations (上海市商务委员会)"
	$(BUDGET_DEBUG) review --db $(DEMO_DB) --year 2019
	@echo
	@echo "== Scenario Scenarios/baseline.yaml: the bundled files imported into a temporary store, next year's plan and its reports"
	$(BUDGET_DEBUG) scenario run Scenarios/baseline.yaml
	@echo
	@echo "== The summary report (Reports/baseline/summary.txt), its first lines after the header"
	@sed -n '/^Last closed year/,/^$$/p' Reports/baseline/summary.txt | head -12
	@echo
	@echo "The store is $(DEMO_DB). Try: $(BUDGET_DEBUG) history --db $(DEMO_DB) 贸易摩擦应对事务"
	@echo "The baseline scenario's reports are in Reports/baseline/ (summary, projects, review, credibility, checks, backtest: .txt and .csv)."
	@echo "Other scenarios: $(BUDGET_DEBUG) scenario run Scenarios/austerity.yaml; $(BUDGET_DEBUG) scenario compare Scenarios/baseline.yaml Scenarios/austerity.yaml"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
	$(SWIFT) build -c release
	$(BUDGET_RELEASE) bench import --rows 1000000 --reimport
	$(BUDGET_RELEASE) bench forecast --projects 100000 --years 10

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh $(FUZZ_TARGETS)

stress: deps
	$(SWIFT) build -c release
	scripts/stress.sh

clean:
	rm -rf .build Fuzz/.build Fuzz/out $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
