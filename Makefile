# Mario's Pizzeria — `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

# The demo runs as in production (DEBUG=0, so the branded error pages show) but over plain http on
# this machine: a random SECRET_KEY is made once and kept in .secret_key (git-ignored, so sessions
# survive restarts), and PIZZERIA_HTTPS=0. Anything already set in the environment wins.
SECRET_FILE := .secret_key
DEMO_ENV = SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_FILE))}" PIZZERIA_HTTPS="$${PIZZERIA_HTTPS:-0}"

.PHONY: setup run run-scaled bench eta test migrate demo clean

setup: $(STAMP)

# Re-installs whenever requirements.txt changes (the stamp carries its checksum).
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

$(SECRET_FILE):
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@.tmp && mv $@.tmp $@

migrate: setup $(SECRET_FILE)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEMO_ENV) $(PY) manage.py load_demo_data

# The demo takes orders around the clock (PIZZERIA_ALWAYS_OPEN=0 applies the opening hours).
# Daphne and the task worker (emails, texts, loyalty) start together; Ctrl-C stops both.
run: demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Mario's Pizzeria is at http://$(HOST):$(PORT)/   (back office: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	$(DEMO_ENV) SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" PIZZERIA_ALWAYS_OPEN=$${PIZZERIA_ALWAYS_OPEN:-1} \
	$(PY) scripts/run_demo.py --host $(HOST) --port $(PORT)

# Scale-out: PROCESSES Daphne processes on ports BASE_PORT, BASE_PORT+1, … and WORKERS task workers,
# sharing PostgreSQL and Redis, under a supervisor that restarts whichever dies.
# (plain http and .secret_key as for `make run`: scripts/run_scaled.py sets them up.)
run-scaled: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(PY) scripts/run_scaled.py --processes $${PROCESSES:-2} --base-port $${BASE_PORT:-8001} --workers $${WORKERS:-1}

# The benchmark (bench/run.py): embedded default, then PostgreSQL + Redis at this machine's defaults
# (skipped with a message when unreachable). Prints one table, writes bench-results.json.
bench: setup
	BENCH_DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	BENCH_REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(PY) -m bench.run --orders $${ORDERS:-200} --sockets $${SOCKETS:-200} --repeats $${REPEATS:-3}

# The promise model's error (bench/eta_error.py): orders on a simulated kitchen, in-process on a
# scratch database; prints actual − first promised time, mean and p90. ORDERS=150 GAP=6 SEED=1.
eta: setup
	$(PY) -m bench.eta_error --orders $${ORDERS:-150} --gap $${GAP:-6} --seed $${SEED:-1}

test: setup
	$(PY) -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 test_db.sqlite3* staticfiles .pytest_cache $(SECRET_FILE)
