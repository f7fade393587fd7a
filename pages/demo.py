"""The demo's "About" page and one child page, in the blog's own voice."""

from datetime import datetime

from pages.models import Page

ABOUT = """
<p>Notes from the Steppe is what I wrote while I lived and taught in Kazakhstan,
in Astana and then in Almaty, two cities of tall and funky skyscrapers that are
built, I learnt, by men from the neighbouring countries who send their wages
home.</p>
<p>I write about what I saw there: human trafficking and the people and reports
that try to stop it, the essays my Kazakh students wrote about it, and what
expats told me about living here in an on-line survey.</p>
<p>My students know that I never want to read that the government is going to
solve a problem for them. Neither do I: if something here moves you, say so in
the comments, and tell someone.</p>
"""

COMMENTS = """
<p>Everyone may comment, without an account. A moderator reads every comment
before it appears, so yours may take a little while to show.</p>
<p>I welcome disagreement, corrections and your own stories. I remove
advertising, insults, and anything that could identify a victim of
trafficking: their safety comes first.</p>
<p>Your e-mail address is never shown. If you ask to be told of replies, every
e-mail has a link to stop them.</p>
"""

PAGES = [
    {
        "path": "about",
        "title": "About",
        "body": ABOUT,
        "menu_order": 10,
        "show_in_navigation": True,
        "allow_comments": True,
    },
    {
        "path": "about/comments",
        "title": "About the comments",
        "body": COMMENTS,
        "menu_order": 10,
    },
]
PUBLISHED_AT = datetime.fromisoformat("2010-09-01T09:00:00+06:00")


def load(*, author, stdout) -> int:
    """Create the demo pages that are missing; returns how many it created."""
    created = 0
    for spec in PAGES:
        if Page.objects.filter(path=spec["path"]).exists():
            continue
        parent_path, _, slug = spec["path"].rpartition("/")
        Page.objects.create(
            slug=slug,
            parent=Page.objects.get(path=parent_path) if parent_path else None,
            author=author,
            status=Page.Status.PUBLISHED,
            published_at=PUBLISHED_AT,
            language="en",  # the seed is English whatever the site's language
            **{k: v for k, v in spec.items() if k != "path"},
        )
        created += 1
    stdout.write(f"Demo pages: {created} new ({Page.objects.count()} in all).")
    return created
