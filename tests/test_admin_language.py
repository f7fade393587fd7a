"""Staff see the admin of posts, pages, comments and surveys in the site's language."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog.models import Post, Series
from pages.models import Page
from surveys.models import Question, Quote, Survey

pytestmark = pytest.mark.django_db

LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ -][A-Za-z][A-Za-z'’]*)*")
# Written in Latin letters in Russian and Kazakh too.
ALLOWED = {"N", "ID", "IP", "CSV", "MIME", "URL", "HTML", "JPEG", "PNG", "GIF", "WebP"}
ROMAN = re.compile(r"[IVXLCDM]+")


class _Labels(HTMLParser):
    """What names a field or a column: labels, column heads, help texts, headings."""

    NAMING = {"label", "th", "h2", "h3", "legend"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        classes = {"help", "helptext"} & set((dict(attrs).get("class") or "").split())
        naming = tag in self.NAMING or classes
        if naming or (self.stack and tag not in {"br", "input", "img"}):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and data.strip():
            self.found.append(" ".join(data.split()))


def english(html: str) -> set:
    """Latin words naming things in the page's content (not the list of all apps)."""
    parser = _Labels()
    parser.feed(html[html.index('<div id="content"') :])
    return {
        run
        for text in parser.found
        for run in LATIN_RUN.findall(text)
        if run not in ALLOWED and not ROMAN.fullmatch(run)
    }


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_admin_forms_and_lists_name_fields_in_the_language(
    client, settings, compiled_locale, lang
):
    settings.LOCALE_PATHS = [compiled_locale]
    settings.LANGUAGE_CODE = lang
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Content in the language, so that what is left in Latin letters is interface.
    Post.objects.update(title="Степь")
    Series.objects.update(title="Степь")
    Page.objects.update(title="Степь")
    Survey.objects.update(title="Степь")
    Question.objects.update(text="Степь?", label="Вопрос")
    XtdComment.objects.update(comment="Степь", user_name="Читатель")
    Quote.objects.update(text="Степь")
    for tag in Tag.objects.all():
        Tag.objects.filter(pk=tag.pk).update(name=f"степь {tag.pk}")
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    post, page = Post.objects.first(), Page.objects.first()
    survey, comment = Survey.objects.first(), XtdComment.objects.first()
    urls = [
        "/admin/blog/post/",
        "/admin/blog/post/add/",
        f"/admin/blog/post/{post.pk}/change/",
        "/admin/blog/series/",
        f"/admin/blog/series/{Series.objects.first().pk}/change/",
        "/admin/pages/page/",
        f"/admin/pages/page/{page.pk}/change/",
        "/admin/django_comments_xtd/xtdcomment/",
        f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/change/",
        "/admin/surveys/survey/",
        f"/admin/surveys/survey/{survey.pk}/change/",
        "/admin/surveys/quote/",
        "/admin/taggit/tag/",
    ]
    left = {}
    with translation.override(lang):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if found := english(response.content.decode()):
                left[url] = sorted(found)
    assert not left, "\n".join(f"{url}: {found}" for url, found in left.items())
