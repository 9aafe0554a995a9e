# Two commands: `make site` builds the sample roll, `make test` runs the tests. Both set up
# everything first: the system packages (scripts/system-packages.sh), then .venv with the tested
# versions of the Python dependencies (constraints.txt; `make lock` refreshes it).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := $(CURDIR)/constraints.txt
# The constraints reach pip's isolated build environment too (setuptools for the editable install).
PIP := PIP_CONSTRAINT=$(LOCK) PIP_DISABLE_PIP_VERSION_CHECK=1 $(PY) -m pip install --quiet -c $(LOCK)

.PHONY: site test lint lock clean system-site system-test

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) pip setuptools
	$(PIP) -e '.[test]'
	touch $(STAMP)

system-site:
	@PYTHON=$(PYTHON) scripts/system-packages.sh site

system-test:
	@PYTHON=$(PYTHON) scripts/system-packages.sh test

site: system-site $(STAMP)
	$(PY) build.py build

test: system-test $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check exemplar_site tests scripts bench build.py
	$(VENV)/bin/lint-imports

# Resolve the newest releases that pyproject.toml allows, in a scratch venv, and pin them.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip setuptools
	.venv-lock/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# The tested version of every Python dependency; make installs from it. Refresh: make lock"; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v '^wheel=='; } > constraints.txt
	rm -rf .venv-lock
	@echo "constraints.txt refreshed: run make test before committing it."

clean:
	rm -rf output .cache .pytest_cache
