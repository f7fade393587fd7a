import pytest

# The ru and kk catalogs, compiled for the tests that render them.
from tests.compiled_locale import compiled_locale  # noqa: F401


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a scratch folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached (the cache outlives the rolled-back DB)."""
    from django.core.cache import cache

    cache.clear()
