"""Every kind of reader page, on the demo's content, for the checks that crawl them.

The language checks need content that cannot be mistaken for interface: with a
language other than English, every Latin word the demo's content holds is replaced
by one word of that language, so whatever English is left on a page is interface.
"""

import io
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from blog.authors.models import AuthorProfile
from blog.comments import services as comment_services
from blog.comments.views import SENT_SALT
from blog.languages.models import SeriesName, TagName
from blog.models import Post, Series
from library.models import Gallery, GalleryItem, Image, MediaFile
from pages.models import Page
from surveys.models import Answer, Choice, Question, Quote, Survey
from tests.factories import CommentFactory, comment_post_data

# One word of each language stands in for every English word of the content.
WORD = {"ru": "степь", "kk": "дала"}
BLOG = {
    "en": ("Notes from the Steppe", "Essays from Kazakhstan"),
    "ru": ("Записки из степи", "Очерки о Казахстане"),
    "kk": ("Даладан жазбалар", "Қазақстан туралы очерктер"),
}
# Kept as they are: shortcodes, addresses and e-mail addresses are not words.
KEPT = re.compile(r"\[[^\]]*\]|\w+://\S+|\S+@\S+|&\w+;|&#\d+;")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
TAG = re.compile(r"(<[^>]*>)")
READ_ATTRIBUTE = re.compile(r'((?:alt|title)=")([^"]*)(")')
# What the demo's readers and authors wrote, field by field.
CONTENT = {
    Post: ["title", "body", "excerpt", "featured_image_alt"],
    Series: ["title", "description"],
    SeriesName: ["title"],
    Tag: ["name"],
    TagName: ["name"],
    Page: ["title", "body"],
    Survey: ["title", "intro", "methodology"],
    Question: ["label", "text"],
    Choice: ["text", "published_note"],
    Answer: ["text"],
    Quote: ["text"],
    Image: ["alt_text", "caption", "credit"],
    Gallery: ["title"],
    GalleryItem: ["caption"],
    MediaFile: ["title", "caption", "credit"],
    AuthorProfile: ["display_name", "bio"],
    XtdComment: ["comment", "user_name"],
    get_user_model(): ["first_name", "last_name"],
}
# Saved one by one, so that what they derive on save (excerpt, search) follows.
SAVED = (Post, Page)


def words_replaced(text: str, word: str) -> str:
    """text with every Latin word outside shortcodes, addresses and tags as `word`."""

    def plain(part):
        pieces = KEPT.split(part)
        kept = KEPT.findall(part) + [""]
        return "".join(
            LATIN_WORD.sub(word, piece) + keep
            for piece, keep in zip(pieces, kept, strict=True)
        )

    def tag(part):
        return READ_ATTRIBUTE.sub(lambda m: m[1] + plain(m[2]) + m[3], part)

    return "".join(
        tag(part) if part.startswith("<") else plain(part) for part in TAG.split(text)
    )


def speak_content(lang: str) -> None:
    """Put the demo's content in lang's words (a stand-in for a translated blog)."""
    word = WORD[lang]
    for model, names in CONTENT.items():
        for obj in model.objects.all():
            for name in names:
                text = words_replaced(getattr(obj, name) or "", word)
                if model._meta.get_field(name).unique:  # "Central Asia", "OSCE"
                    text = f"{text} {obj.pk}"
                setattr(obj, name, text)
            if model in SAVED:
                obj.save()
            else:
                model.objects.filter(pk=obj.pk).update(
                    **{name: getattr(obj, name) for name in names}
                )
    Post.objects.update(language=lang)
    Page.objects.update(language=lang)


@dataclass
class Request:
    kind: str
    url: str
    data: dict | None = None  # a POST, for the pages that show a form's errors
    status: int = 200
    expect: list = field(default_factory=list)


def load_site(lang: str, settings_fixture) -> list[Request]:
    """The demo in lang (content too), and one request per kind of reader page."""
    settings_fixture.BLOG_TITLE, settings_fixture.BLOG_TAGLINE = BLOG[lang]
    settings_fixture.COMMENTS_CLOSE_AFTER_DAYS = 0  # the demo's posts are from 2010
    call_command("load_demo", stdout=io.StringIO())
    author = get_user_model().objects.get(username="author")
    first = Post.objects.filter(language="en").order_by("published_at").first()
    # Enough posts for a second home page, all on one day for the day archive.
    for number in range(11):
        Post.objects.create(
            title=f"A short note {number}",
            slug=f"a-short-note-{number}",
            author=author,
            body="<p>A few words on the steppe in winter.</p>",
            status=Post.Status.PUBLISHED,
            published_at=first.published_at.replace(hour=number + 1),
            language="en",
        )
    protected = Post.objects.create(
        title="A protected note",
        slug="a-protected-note",
        author=author,
        body="<p>Only for friends.</p>",
        status=Post.Status.PUBLISHED,
        password="friends",
        language="en",
    )
    commented = Post.objects.get(slug__startswith="expats-impressions")
    Post.objects.filter(pk=commented.pk).update(pinned=True)
    parent = XtdComment.objects.get()
    CommentFactory(post=commented, comment="I agree with you.", parent_id=parent.pk)
    held = CommentFactory(post=commented, comment="Waiting for a moderator.")
    XtdComment.objects.filter(pk=held.pk).update(is_public=False)
    if lang != "en":
        speak_content(lang)
    commented.refresh_from_db()
    first.refresh_from_db()
    day = first.published_at
    confirm = comment_services.confirmation_token(
        {
            "name": WORD.get(lang, "Reader"),
            "email": "reader@example.com",
            "url": "",
            "text": WORD.get(lang, "A remark."),
            "post": commented.pk,
            "target": "blog.post",
            "followup": True,
            "reply_to": 0,
            "ip": "127.0.0.1",
        }
    )
    unsubscribe = comment_services.unsubscribe_token(comment_id=parent.pk)
    survey = Survey.objects.get(slug="expats-in-kazakhstan")
    tag = Tag.objects.filter(slug="osce").first() or Tag.objects.first()
    series = Series.objects.get(slug="human-trafficking-essays")
    term = Post.objects.exclude(pk=protected.pk).first().title.split()[0]
    return [
        Request("home", "/"),
        Request("home, page 2", "/page/2/"),
        Request("post with comments and the form", commented.get_absolute_url()),
        Request("protected post", protected.get_absolute_url()),
        Request(
            "protected post, wrong password",
            protected.get_absolute_url(),
            data={"password": "wrong"},
            status=400,
        ),
        Request("page", "/about/"),
        Request("child page", "/about/comments/"),
        Request("tag", f"/tag/{tag.slug}/"),
        Request("tags", "/tags/"),
        Request("series list", "/series/"),
        Request("series", series.get_absolute_url()),
        Request("author", "/author/author/"),
        Request("year", f"/{day:%Y}/"),
        Request("month", f"/{day:%Y/%m}/"),
        Request("day", f"/{day:%Y/%m/%d}/"),
        Request("search with results", f"/search/?q={term}"),
        Request("search without results", "/search/?q=щщщ"),
        Request("search, empty", "/search/"),
        Request("surveys", "/surveys/"),
        Request("survey form", survey.get_absolute_url()),
        Request(
            "survey form with errors",
            survey.get_absolute_url(),
            data={"submission_key": str(uuid.uuid4())},
            status=400,
        ),
        Request("survey results", f"/surveys/{survey.slug}/results/"),
        Request("not found", "/no-such-page/", status=404),
        Request("reply form", f"/comments/reply/{parent.pk}/"),
        Request(
            "comment form with errors",
            "/comments/post/",
            data=comment_post_data(
                commented, name="", email="@", comment=WORD.get(lang, "Hello")
            ),
            status=400,
        ),
        Request(
            "comment awaiting moderation",
            f"/comments/sent/{signing.dumps(held.pk, salt=SENT_SALT)}/",
        ),
        Request("comment confirmation", f"/comments/confirm/{confirm}/"),
        Request("unsubscribe", f"/comments/unsubscribe/{unsubscribe}/"),
        Request(
            "unsubscribed", f"/comments/unsubscribe/{unsubscribe}/", data={"x": "1"}
        ),
        Request("unsubscribe, bad link", "/comments/unsubscribe/bad/", status=404),
    ]


FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/comments/feed/",
    "/tag/osce/feed/",
    "/series/human-trafficking-essays/feed/",
    "/author/author/feed/",
]


class _Text(HTMLParser):
    """Text a reader sees or hears: text nodes and the attributes read out."""

    READ = {"title", "aria-label", "placeholder", "alt", "aria-description"}
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts += [value for name, value in attrs.items() if name in self.READ]
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attrs.get("value") or "")
        if tag == "meta" and attrs.get("name") == "description":
            self.parts.append(attrs.get("content") or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def interface_text(html: str) -> list[str]:
    """The pieces of text of a page a reader reads or hears, addresses removed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    pieces = (" ".join(KEPT.sub(" ", part).split()) for part in parser.parts)
    return [piece for piece in pieces if piece]


PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|\{[^}]*\}")


def english_phrases(po, allowed=frozenset()) -> dict:
    """Each msgid's literal runs of words (placeholders cut out) -> its msgid.

    Runs made only of `allowed` words (names, symbols) are left out.
    """
    found = {}
    for entry in po:
        if entry.obsolete:
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for run in PLACEHOLDER.split(msgid):
                run = " ".join(run.split()).strip(" .,:;!?()“”\"'‘’«»—–-·/")
                if set(LATIN_WORD.findall(run)) - allowed:
                    found.setdefault(run, msgid)
    return found
