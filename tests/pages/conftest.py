from tests.blog.conftest import moderate, moderator, send  # noqa: F401  (fixtures)
