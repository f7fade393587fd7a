"""Naughty strings in every comment field: never a 500, never markup."""

import pytest
from django_comments_xtd.models import XtdComment

from tests.factories import PostFactory, comment_post_data

pytestmark = pytest.mark.django_db

NAUGHTY = [
    "",
    "undefined",
    "NULL",
    "9" * 96,
    "-1",
    "1E+02",
    "0x0",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\ufeff",
    "Ω≈ç√∫˜µ≤≥÷",
    "田中さんにあげて下さい",
    "𠜎𠜱𠝹𠱓𠱸𠲖𠳏",
    "👾 🙇 💁 🙅 🙆 🙋 🙎 🙍",
    "Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮",
    "' OR '1'='1",
    "1; DROP TABLE django_comments; --",
    "<script>alert(123)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }} {% debug %}",
    "%s %d %n",
    "../../../../etc/passwd",
    "\r\n\r\nSet-Cookie: x=1",
    "x" * 20_000,
]
FIELDS = ["name", "email", "url", "comment", "reply_to", "object_pk", "timestamp"]


@pytest.mark.parametrize("field", FIELDS)
def test_naughty_strings_never_break_the_comment_form(client, settings, field):
    settings.COMMENTS_FLOOD_LIMITS = ()
    post = PostFactory()
    for i, text in enumerate(NAUGHTY):
        fields = (
            {field: text} if field == "email" else {field: text, "email": f"r{i}@x.kz"}
        )
        response = client.post(
            "/comments/post/",
            comment_post_data(post, **fields),
            REMOTE_ADDR="192.0.2.9",
        )
        assert response.status_code in (302, 400, 404), (field, text)
    XtdComment.objects.update(is_public=True, is_removed=False)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
