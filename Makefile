# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench validate clean cluster cluster-stop messages extract update compile

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The translations (coprod/locale/, README "Languages"): the compiled catalogues are made by the set-up
# from the .po files kept in git, so a fresh clone needs no extra step.
LOCALES := coprod/locale
CATALOGUES := $(wildcard $(LOCALES)/*/LC_MESSAGES/coprod.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(LOCALES)/%/LC_MESSAGES/coprod.mo: $(LOCALES)/%/LC_MESSAGES/coprod.po | $(STAMP)
	$(VENV)/bin/pybabel -q compile -d $(LOCALES) -D coprod -l $*

# Every message of the app into coprod/locale/coprod.pot, then into each language's catalogue.
extract: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k _ -k n_:1,2 -k marked --no-location --sort-output \
	  --project coprod --copyright-holder "coprod" -o $(LOCALES)/coprod.pot .

update: extract
	for lang in fr nl; do [ -f $(LOCALES)/$$lang/LC_MESSAGES/coprod.po ] || \
	  $(VENV)/bin/pybabel -q init -i $(LOCALES)/coprod.pot -d $(LOCALES) -D coprod -l $$lang; done
	$(VENV)/bin/pybabel -q update -i $(LOCALES)/coprod.pot -d $(LOCALES) -D coprod --no-fuzzy-matching

compile: $(COMPILED)

messages: update compile

# Streamlit reads STREAMLIT_SERVER_PORT itself (default 8501); data goes to $COPROD_DATA_DIR (default data/).
run: $(STAMP) $(COMPILED)
	$(PY) -m streamlit run streamlit_app.py

test: $(STAMP) $(COMPILED)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench
	$(PY) -m bench.cluster
	$(PY) -m bench.followers

# A try-out of several processes: PostgreSQL, 3 app processes and HAProxy on http://localhost:8500
# (README: "Running for a whole organisation"). Ctrl-C or `make cluster-stop` stops them all.
cluster: $(STAMP)
	$(PY) -m deploy.cluster up

cluster-stop: $(STAMP)
	$(PY) -m deploy.cluster stop

validate: $(STAMP)
	$(PY) -m coprod validate

clean:
	rm -rf $(VENV) .pytest_cache
