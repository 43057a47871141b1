# make run  — install everything and start Vidimo
# make test — install everything and run the whole test suite
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.vidimo-installed

.PHONY: run test install system-packages dev-packages bench clean

run: install
	$(VENV)/bin/vidimo

test: install dev-packages
	YOLO_OFFLINE=1 HF_HUB_OFFLINE=1 $(PY) -m pytest

install: system-packages $(STAMP)

system-packages:
	bash installer/system-packages.sh

# Packages only the tests need (virtual screen, tray host, key sender, accessibility tree, …).
dev-packages:
	bash installer/dev-packages.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

bench: install
	$(VENV)/bin/vidimo bench $(IMAGE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
