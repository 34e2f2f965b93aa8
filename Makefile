# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench validate clean

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

validate: $(STAMP)
	$(PY) -m coprod validate

clean:
	rm -rf $(VENV) .pytest_cache
