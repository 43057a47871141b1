# make run  — install everything and start Vidimo
# make test — install everything and run the whole test suite
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.vidimo-installed

SCREENS ?= /tmp/vidimo-screens-eval

.PHONY: run test install system-packages dev-packages bench screens evaluate-screens clean

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

# Real desktops with truth from their accessibility trees (tools/screens), and Vidimo scored on them.
screens: install dev-packages
	$(PY) tools/screens/generate.py --seed 1 --count 66 --split eval $(SCREENS)

evaluate-screens: screens
	YOLO_OFFLINE=1 HF_HUB_OFFLINE=1 $(PY) tools/evaluate_screens.py $(SCREENS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
