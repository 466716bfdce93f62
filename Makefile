# qingshan — every target bootstraps what it needs on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEB_STAMP := .deb-installed
# Debian packages: CJK fonts for charts and PDFs; Chromium for the browser tests (Playwright drives it).
DEB_PACKAGES := fonts-wqy-microhei chromium

.PHONY: all install deb test check lint typecheck pytest demo bench constraints clean

all: test

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) deb

# Installs Debian packages only when one is missing; needs root (CI and our machines run as root).
deb:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: install
	$(VENV)/bin/pytest -n 2 --dist loadgroup

test: lint typecheck pytest

demo: install
	$(PY) -m app.demo

bench: install
	$(PY) -m bench

# Re-resolve the pinned transitive set after changing pyproject.toml.
constraints:
	rm -rf /tmp/qs-constraints && $(PYTHON) -m venv /tmp/qs-constraints
	/tmp/qs-constraints/bin/pip install --quiet -e '.[dev]'
	/tmp/qs-constraints/bin/pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
