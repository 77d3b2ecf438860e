# lamtheo: `make demo` to try it, `make test` to run the whole suite. Needs only python3 (3.11) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench lint format messages ci

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The web server and one worker for the background jobs; Ctrl-C stops both (the worker on the shell's exit).
PORT ?= 8000
demo: install
	DEBUG=1 $(BIN)/lamtheo migrate --noinput -v 0
	DEBUG=1 $(BIN)/lamtheo demo
	DEBUG=1 bash -c '$(BIN)/lamtheo worker -v 0 & worker=$$!; \
		trap "kill $$worker 2>/dev/null; wait $$worker" EXIT; \
		$(BIN)/lamtheo runserver 127.0.0.1:$(PORT)'

# In parallel, one process per core (pytest-xdist): each has its own test database and builds the shared worlds
# once. The 30 slowest tests are listed at the end, so that a slow one shows.
test: install
	$(BIN)/pytest -q -n auto --dist loadgroup --durations=30

# The load benchmark's client (locust) is installed for `make bench` only, from its own lock.
$(VENV)/.bench-installed: $(STAMP) bench/requirements.lock
	$(BIN)/python -m pip install --quiet -r bench/requirements.lock
	touch $@

bench: install $(VENV)/.bench-installed
	$(BIN)/python bench/import_people.py
	$(BIN)/python bench/bench_study.py
	$(BIN)/python bench/bench_pledges.py
	$(BIN)/python bench/bench_meetings.py
	$(BIN)/python bench/bench_indicators.py
	$(BIN)/python bench/bench_growth.py
	$(BIN)/python bench/bench_exemplars.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint-only-secret-key-long-enough-for-settings $(BIN)/lamtheo makemigrations --check --dry-run -v 1
	$(MAKE) --no-print-directory messages  # a string added without its English translation fails the next line
	$(BIN)/pytest -q -p no:cacheprovider lamtheo/lib/tests/test_translations.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation catalogues after changing user-facing strings (needs GNU gettext).
messages: install
	SECRET_KEY=messages-only-secret-key-long-enough-for-settings $(BIN)/lamtheo makemessages -l en --no-obsolete --add-location file \
		--ignore ".venv/*" --ignore "bench/*" --ignore "e2e/*" --ignore "staticfiles/*"
	SECRET_KEY=messages-only-secret-key-long-enough-for-settings $(BIN)/lamtheo compilemessages -l en --ignore ".venv/*"

ci:
	bash .ci/run
