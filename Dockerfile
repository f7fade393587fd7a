# Steppe's web container: gunicorn, production settings, static files baked in.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN pip install --no-deps -e .

# collectstatic needs settings, not secrets: throwaway values for the build only.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-not-used-at-run-time \
    python manage.py collectstatic --noinput -v0

# Uploads: Django serves /app/media at /media/ unless AWS_STORAGE_BUCKET_NAME names
# a bucket (docker compose: MinIO), which then serves them. /app/cache: the
# workers' shared cache when REDIS_URL is unset.
RUN useradd --create-home steppe && mkdir -p /app/media /app/cache \
 && chown steppe /app/media /app/cache
USER steppe

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
# Always behind nginx (deploy/nginx.conf): gunicorn's workers must not wait on slow
# clients. Migrations run once, before the replicas start (docker compose's
# "migrate" service, or `docker run ... python manage.py migrate`), never from each.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
