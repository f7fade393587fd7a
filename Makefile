# The front door. `make demo` runs the blog; `make test` checks everything.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEV_ENV := DJANGO_DEBUG=1
PORT ?= 8000
# Sitemap, feeds and e-mails link to the address served, unless SITE_DOMAIN is set.
SITE_DOMAIN ?= 127.0.0.1:$(PORT)
# The demo posts are from 2010: keep their comments open so visitors can try it.
DEMO_ENV := $(DEV_ENV) COMMENTS_CLOSE_AFTER_DAYS=0 SITE_DOMAIN=$(SITE_DOMAIN)

.PHONY: demo install lint format check test ci bench bench-faults bench-edge bench-wordpress bench-import clean backup restore messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install  # make demo [PORT=8300]
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(DEV_ENV) $(PY) manage.py check
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

test: lint check
	$(DEV_ENV) $(PY) -m pytest $(PYTEST_ARGS)

ci: test

# After changing interface strings: refresh the catalogs translators fill in.
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l ru -l kk --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=node_modules

BENCH_SCALE ?= 1.0
BENCH_SECONDS ?= 10
bench: install  # DATABASE_URL=postgres://... make bench [BENCH_SCALE=0.01 BENCH_SECONDS=2]
	$(PY) bench/load.py --scale $(BENCH_SCALE) --seconds $(BENCH_SECONDS)

# Redis hung and dead, the database down: p50/p95 of home, a post and a tag page.
# CI's tiny run: make bench-faults BENCH_FAULTS_ARGS="--scale 0.01 --seconds 1"
BENCH_FAULTS_ARGS ?= --check
bench-faults: install
	$(PY) bench/faults.py $(BENCH_FAULTS_ARGS)

# Through the shipped Varnish, gunicorn with every cache off, nginx with the same
# bytes; write-to-visible at the edge; memory per worker (issue 15's content: 0.2).
# CI's tiny run: make bench-edge BENCH_EDGE_ARGS="--scale 0.01 --seconds 1 --wordpress"
BENCH_EDGE_ARGS ?= --scale 0.2 --seconds 10 --wordpress
bench-edge: install  # DATABASE_URL=postgres://... make bench-edge [BENCH_EDGE_ARGS=--check]
	$(PY) bench/edge.py $(BENCH_EDGE_ARGS)

# Stock WordPress on the same blog (Debian's wordpress, php-fpm, nginx; MariaDB on
# 127.0.0.1:3306): req/s and p50/p95/p99, and behind nginx's fastcgi_cache.
# CI's tiny run: make bench-wordpress BENCH_WP_ARGS="--scale 0.01 --seconds 2 --cache"
BENCH_WP_ARGS ?= --scale $(BENCH_SCALE) --seconds $(BENCH_SECONDS) --cache
bench-wordpress: install
	$(PY) bench/wordpress.py $(BENCH_WP_ARGS)

# A generated WordPress export into a fresh database: seconds, items/s, CPU, peak MB.
# CI's tiny run: make bench-import BENCH_IMPORT_ARGS="--size tiny"
BENCH_IMPORT_ARGS ?= --size small --size large
bench-import: install  # DATABASE_URL=postgres://... make bench-import
	$(PY) bench/import_wxr.py $(BENCH_IMPORT_ARGS)

backup:  # DATABASE_URL=postgres://... make backup
	bin/backup

restore:  # DATABASE_URL=postgres://... make restore FILE=backups/steppe-....dump
	bin/restore "$(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
