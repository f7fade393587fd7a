"""import_wxr on WordPress pages: hierarchy, order, status, comments, old links."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_comments_xtd.models import XtdComment

from blog.wxr.models import PageRedirect, WordPressId
from pages.models import Page

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).parent / "wxr" / "pages.xml"


def run_import(path=PAGES):
    out = io.StringIO()
    call_command("import_wxr", str(path), stdout=out)
    return out.getvalue()


def test_pages_keep_their_tree_order_status_and_dates():
    report = run_import()
    paths = dict(Page.objects.values_list("title", "path"))
    assert paths == {
        "About": "about",
        "Team": "about/team",
        "Marat": "about/team/marat",
        "Board minutes": "about/minutes",
        "Contact": "contact",
        "Plans": "plans",
        "Staff room": "staff",
        "Search": "search-2",  # /search/ is Steppe's own
    }
    marat = Page.objects.get(title="Marat")
    assert marat.parent.parent.title == "About"
    assert marat.published_at == datetime(2010, 11, 20, 10, 0, tzinfo=UTC)
    assert marat.author.username == "aigerim"
    assert marat.body == "<p>Marat takes the photos.</p>\n<p>He lives in Almaty.</p>"
    assert marat.allow_comments
    assert [p.title for p in Page.objects.filter(parent=None)] == [
        "Contact", "About", "Plans", "Staff room", "Search",
    ]  # fmt: skip
    drafts = {p.title for p in Page.objects.filter(status=Page.Status.DRAFT)}
    assert drafts == {"Plans", "Board minutes", "Staff room"}
    for line in (
        "pages created",
        "private pages imported as drafts",
        "password-protected pages imported as drafts",
        "pages given another slug (the address was taken)",
        "old page addresses Steppe answers itself (not redirected)",
    ):
        assert line in report, line


def test_page_comments_keep_their_threads_and_approval(client):
    run_import()
    marat = Page.objects.get(title="Marat")
    comments = XtdComment.objects.filter(
        content_type__model="page", object_pk=str(marat.pk)
    ).order_by("thread_id", "order")
    assert [(c.user_name, c.level, c.nested_count, c.is_public) for c in comments] == [
        ("Dana", 0, 2, True),
        ("Aigerim", 1, 1, True),
        ("Dana", 2, 0, True),
        ("Erlan", 0, 0, False),
    ]
    assert not XtdComment.objects.filter(content_type__model="post").exists()
    page = client.get("/about/team/marat/").content.decode()
    assert "Thank him from me." in page and "Held for a look." not in page


def test_old_page_links_answer_301_or_200_where_the_path_is_the_same(client):
    run_import()
    assert client.get("/about/team/marat/").status_code == 200
    for old, new in (
        ("/?page_id=23", "/about/team/marat/"),
        ("/?p=22", "/about/team/"),  # WordPress answers ?p= for pages too
        ("/?page_id=24", "/contact/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    page = Page.objects.get(title="Team")
    page.slug = "people"
    page.save()  # the page moved after the import: its old link follows it
    PageRedirect.objects.create(old_path="/about/team/", page=page)
    response = client.get("/about/team/")
    assert (response.status_code, response["Location"]) == (301, "/about/people/")
    assert client.get("/?page_id=25").status_code == 200  # a draft: no redirect
    assert "Location" not in client.get("/?page_id=25")
    assert client.get("/search/").status_code == 200  # still Steppe's search


def test_reimport_updates_pages_and_creates_nothing(tmp_path):
    run_import()
    counts = (Page.objects.count(), XtdComment.objects.count())
    edited = tmp_path / "pages.xml"
    edited.write_text(
        PAGES.read_text(encoding="utf-8").replace("Write to us.", "Write often."),
        encoding="utf-8",
    )
    report = run_import(edited)
    assert (Page.objects.count(), XtdComment.objects.count()) == counts
    assert "pages created" not in report and "pages updated" in report
    assert Page.objects.get(title="Contact").body == "<p>Write often.</p>"
    assert WordPressId.objects.filter(kind=WordPressId.Kind.PAGE).count() == 8


def test_a_page_that_fails_names_its_line_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(
        PAGES.read_text(encoding="utf-8").replace(
            "<wp:post_date_gmt><![CDATA[2010-11-20 10:00:00]]></wp:post_date_gmt>",
            "<wp:post_date_gmt><![CDATA[2010-13-45 10:00:00]]></wp:post_date_gmt>",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"line \d+.*page 23 “Marat”"):
        run_import(broken)
    assert not Page.objects.exists() and not XtdComment.objects.exists()
