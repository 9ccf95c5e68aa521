# Mario's Pizzeria — `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run run-scaled test migrate demo clean

setup: $(STAMP)

# Re-installs whenever requirements.txt changes (the stamp carries its checksum).
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data

# The demo takes orders around the clock (PIZZERIA_ALWAYS_OPEN=0 applies the opening hours).
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Mario's Pizzeria is at http://$(HOST):$(PORT)/   (back office: http://$(HOST):$(PORT)/admin/)"
	@echo ""
	PIZZERIA_ALWAYS_OPEN=$${PIZZERIA_ALWAYS_OPEN:-1} $(VENV)/bin/daphne -b $(HOST) -p $(PORT) pizzeria.asgi:application

# Scale-out: PROCESSES Daphne processes on ports BASE_PORT, BASE_PORT+1, … sharing PostgreSQL and Redis.
run-scaled: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(PY) scripts/run_scaled.py --processes $${PROCESSES:-2} --base-port $${BASE_PORT:-8001}

test: setup
	$(PY) -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 test_db.sqlite3* staticfiles .pytest_cache
