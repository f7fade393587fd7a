"""Full-text search: PostgreSQL's weighted vectors, with a simple SQLite fallback.

The vector is title (A) > tags (B) > excerpt (C) > body (D), in the configuration of
the post's language (blog.languages), written by one UPDATE so that the migrations
and the app build it the same way; a query is parsed in every language's, OR'ed.
A protected post's excerpt and body are in neither the vector, the headline nor
the words that corrections draw on: searching them would reveal them.
"""

import html
import re
import threading
from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from blog.languages import SEARCH_CONFIGS, search_config, site_language
from blog.models import Post, SearchWord, TaggedPost

MAX_QUERY_LENGTH = 200
# Other apps' matches, shown above the posts: search(q) -> results with a title,
# get_absolute_url(), a `kind` ("Page") and a `snippet` (pages adds its own).
EXTRA_SEARCHES: list = []
WORD = re.compile(r"\w+")
MAX_CORRECTED_WORDS = 6  # bounds the look-ups a long query can cause
MIN_SIMILARITY = 0.5
MARK_START, MARK_END = "\ue000", "\ue001"  # private-use: cannot occur in posts

UPDATE_VECTORS_SQL = """
UPDATE blog_post AS p SET search_vector =
    setweight(to_tsvector(t.config, p.title), 'A')
 || setweight(to_tsvector(t.config, coalesce(t.names, '')), 'B')
 || setweight(to_tsvector(t.config, t.excerpt), 'C')
 || setweight(to_tsvector(t.config, t.body), 'D')
FROM (
    SELECT post.id, string_agg(tag.name, ' ') AS names, {config} AS config,
        CASE WHEN {public} THEN post.excerpt ELSE '' END AS excerpt,
        CASE WHEN {public}
            THEN regexp_replace(post.body, '<[^>]+>', ' ', 'g') ELSE '' END AS body
    FROM blog_post AS post
    LEFT JOIN blog_taggedpost AS tagged ON tagged.content_object_id = post.id
    LEFT JOIN taggit_tag AS tag ON tag.id = tagged.tag_id
    {where}
    GROUP BY post.id
) AS t
WHERE p.id = t.id
"""


# A protected post is found by its title and tags only. Read through to_jsonb:
# migration 0005 builds the vectors with this SQL, before the column exists.
PUBLIC = "coalesce(to_jsonb(post) ->> 'password', '') = ''"


def _config_sql() -> str:
    """Each post's own text-search configuration, by its language (or the site's)."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{config}'" for code, config in SEARCH_CONFIGS.items()
    )
    default = search_config(site_language())
    return (
        f"(CASE to_jsonb(post) ->> 'language' {cases} ELSE '{default}' END)::regconfig"
    )


# The words of these posts join the lexicon that typo correction draws on.
ADD_WORDS_SQL = """
INSERT INTO blog_searchword (word)
SELECT DISTINCT word FROM blog_post AS post, unnest(tsvector_to_array(to_tsvector(
    'simple', post.title || ' ' || regexp_replace(post.body, '<[^>]+>', ' ', 'g')
))) AS word
WHERE length(word) BETWEEN 4 AND 100 AND {public} {where}
ON CONFLICT DO NOTHING
"""


def update_search_vectors(post_ids=None) -> None:
    """Rewrite the vectors of these posts (all when None); PostgreSQL only."""
    if connection.vendor != "postgresql":
        return
    params = [list(post_ids)] if post_ids else []
    with connection.cursor() as cursor:
        where = "WHERE post.id = ANY(%s)" if post_ids else ""
        update = UPDATE_VECTORS_SQL.format(
            where=where, public=PUBLIC, config=_config_sql()
        )
        cursor.execute(update, params)
        where = "AND post.id = ANY(%s)" if post_ids else ""
        cursor.execute(ADD_WORDS_SQL.format(where=where, public=PUBLIC), params)


_paused = threading.local()


@contextmanager
def paused():
    """Within: saves do not update vectors (an import updates them once, after)."""
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = False


def _is_paused() -> bool:
    return getattr(_paused, "on", False)


@receiver(post_save, sender=Post)
def _post_saved(sender, instance, raw=False, **kwargs):
    if not raw and not _is_paused():
        update_search_vectors([instance.pk])


@receiver(m2m_changed, sender=TaggedPost)
def _tags_changed(sender, instance, action, **kwargs):
    # taggit only offers this signal; tags are saved after the post itself.
    if (
        action in ("post_add", "post_remove", "post_clear")
        and isinstance(instance, Post)
        and not _is_paused()
    ):
        update_search_vectors([instance.pk])


def clean_query(raw: str) -> str:
    return " ".join(raw.replace("\x00", " ").split())


def _plain_text_body():
    return Func(
        F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace"
    )


def search_posts(q: str):
    """Published posts matching q, best first, with a `headline` on PostgreSQL;
    and the corrected query also searched, if a word looked misspelt."""
    published = Post.objects.published()
    if connection.vendor != "postgresql":
        public = Q(password="")
        matches = (
            Q(title__icontains=q)
            | (public & Q(excerpt__icontains=q))
            | (public & Q(body__icontains=q))
            | Q(tags__name__icontains=q)
        )
        ids = published.filter(matches).values("pk")
        return Post.objects.filter(pk__in=ids).for_listing(), ""
    query = every_language_query(q)
    correction = corrected(q)
    if correction:
        query |= every_language_query(correction)
    results = (
        published.filter(search_vector=query)
        .for_listing()
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=Case(
                When(
                    password="",
                    then=SearchHeadline(
                        _plain_text_body(),
                        query,
                        config=language_config(),
                        start_sel=MARK_START,
                        stop_sel=MARK_END,
                        max_words=40,
                        min_words=20,
                    ),
                ),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        .order_by("-rank", "-published_at")
    )
    return results, correction


def language_config():
    """The configuration of each row's `language` (a post's or a page's)."""
    whens = [
        When(language=code, then=Value(config))
        for code, config in SEARCH_CONFIGS.items()
    ]
    return Case(*whens, default=Value("simple"), output_field=TextField())


def every_language_query(text):
    """text parsed as each language parses it: a post matches in its own."""
    configs = dict.fromkeys(SEARCH_CONFIGS.values())  # ordered, no repeats
    queries = [SearchQuery(text, search_type="websearch", config=c) for c in configs]
    query = queries[0]
    for other in queries[1:]:
        query |= other
    return query


def corrected(q: str) -> str:
    """q with each word the posts never use replaced by the closest one they do."""
    if connection.vendor != "postgresql":
        return ""
    changed = False
    words = []
    for word in WORD.findall(q.lower())[:MAX_CORRECTED_WORDS]:
        best = word
        if len(word) >= 4 and not SearchWord.objects.filter(word=word).exists():
            closest = (
                SearchWord.objects.filter(word__trigram_similar=word)
                .annotate(similarity=TrigramSimilarity("word", word))
                .filter(similarity__gte=MIN_SIMILARITY)
                .order_by("-similarity", "word")
                .values_list("word", flat=True)
                .first()
            )
            best = closest or word
        changed |= best != word
        words.append(best)
    return " ".join(words) if changed else ""


def highlight(headline: str) -> str:
    """Escape a headline's text and turn its markers into <mark>."""
    text = html.escape(html.unescape(headline))
    return text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
