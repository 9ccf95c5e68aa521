# Mario's Pizzeria — `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run test migrate demo clean

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

test: setup
	$(PY) -m pytest

clean:
	rm -rf $(VENV) db.sqlite3 test_db.sqlite3* staticfiles .pytest_cache
