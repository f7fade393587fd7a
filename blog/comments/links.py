"""A commenter's website: kept and linked only as an http(s) address."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_LENGTH = 200  # XtdComment.user_url
_web = URLValidator(schemes=["http", "https"])


def website(url) -> str:
    """`url` if it is a whole http(s) address that fits the field, else ""."""
    url = (url or "").strip()
    if not url or len(url) > MAX_LENGTH:
        return ""
    try:
        _web(url)
    except ValidationError:
        return ""
    return url
