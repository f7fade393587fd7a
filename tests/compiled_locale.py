"""The committed catalogs compiled by msgfmt into a temporary LOCALE_PATHS entry."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory):
    """The catalogs compiled as `make check` compiles them, outside the tree."""
    root = tmp_path_factory.mktemp("locale")
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = root / po.relative_to(LOCALE).with_suffix(".mo")
        mo.parent.mkdir(parents=True)
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    return root
