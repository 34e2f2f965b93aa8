# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench validate clean cluster cluster-stop

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Streamlit reads STREAMLIT_SERVER_PORT itself (default 8501); data goes to $COPROD_DATA_DIR (default data/).
run: $(STAMP)
	$(PY) -m streamlit run streamlit_app.py

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench
	$(PY) -m bench.cluster

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
