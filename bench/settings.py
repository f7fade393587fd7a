"""Steppe's settings plus the benchmark's yardstick URL (bench/load.py serves this)."""

from config.settings import *  # noqa: F403  the product as it is, nothing changed

ROOT_URLCONF = "bench.urls"
