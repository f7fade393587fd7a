"""Tags, categories and Steppe's own series, matched as WordPress matches them."""

import html
from collections import defaultdict
from urllib.parse import unquote

from django.utils.text import slugify
from taggit.models import Tag

from blog.models import Post, Series, TaggedPost
from blog.wxr.models import WordPressTerm
from blog.wxr.rows import insert_objects

DOMAINS = {
    "category": WordPressTerm.Taxonomy.CATEGORY,
    "post_tag": WordPressTerm.Taxonomy.TAG,
    "post_format": WordPressTerm.Taxonomy.FORMAT,
}
CHANNEL_KEYS = {  # <wp:category>, <wp:tag>, <wp:term>: (taxonomy, slug, name, parent)
    "category": ("", "category_nicename", "cat_name", "category_parent"),
    "tag": ("", "tag_slug", "tag_name", ""),
    "term": ("term_taxonomy", "term_slug", "term_name", "term_parent"),
}


def clean_slug(value: str) -> str:
    return unquote(value or "").strip()


class TermsMixin:
    def channel_terms(self, terms: list[dict]):
        """The export's term list: names and parents, by (taxonomy, slug)."""
        for term in terms:
            taxonomy_key, slug_key, name_key, parent_key = CHANNEL_KEYS[term["kind"]]
            taxonomy = {"category": "category", "tag": "post_tag"}.get(
                term["kind"], term.get(taxonomy_key, "")
            )
            slug = clean_slug(term.get(slug_key, ""))
            if slug:
                self.term_info[(taxonomy, slug)] = {
                    "name": html.unescape(term.get(name_key, "")).strip(),
                    "parent": clean_slug(term.get(parent_key, ""))
                    if parent_key
                    else "",
                }

    def assign_tags(self, pairs: list[tuple[Post, dict]]):
        """Each (post, item) pair's tags, as its terms say, in two or three queries."""
        wanted = {post.pk: self.wanted_tags(post, item) for post, item in pairs}
        have = defaultdict(set)
        rows = TaggedPost.objects.filter(content_object_id__in=list(wanted))
        for post_pk, tag_pk in rows.values_list("content_object_id", "tag_id"):
            have[post_pk].add(tag_pk)
        # Rows, not taggit's set(): it costs two queries a tag, and the search
        # vectors and caches are brought up to date once, at the end.
        links = []
        for post_pk, tags in wanted.items():
            if tags != have[post_pk]:
                if gone := have[post_pk] - tags:
                    rows.filter(content_object_id=post_pk, tag_id__in=gone).delete()
                links.extend(
                    TaggedPost(content_object_id=post_pk, tag_id=tag_pk)
                    for tag_pk in tags - have[post_pk]
                )
                self.retagged.add(post_pk)
            self.report.tags["assigned"] += len(tags)
        insert_objects(TaggedPost, links)

    def wanted_tags(self, post: Post, item: dict) -> set[int]:
        """The tags the item's terms name (a Steppe series is set on the way)."""
        series_slug = item["meta"].get("_steppe_series", "").strip()
        tags = []
        for category in item["categories"]:
            slug = clean_slug(category.get("nicename", ""))
            name = html.unescape(category.get("name", "")).strip()
            taxonomy = DOMAINS.get(category["domain"])
            if taxonomy is None:
                self.report.skipped[f"terms of taxonomy {category['domain']!r}"] += 1
                continue
            if taxonomy == WordPressTerm.Taxonomy.CATEGORY:
                if series_slug and slug == series_slug:
                    self.steppe_series(post, item, slug, name)
                    continue
                mapped = self.category_map.get(slug)
                if mapped == "-":
                    self.report.skipped[f"category “{name}” (mapped to nothing)"] += 1
                    continue
                if mapped:
                    tags.append(self.named_tag(mapped[:100]))
                    continue
            if taxonomy == WordPressTerm.Taxonomy.FORMAT:
                self.report.formats[name or slug] += 1
            if name or slug:
                tags.append(self.term(taxonomy, slug or slugify(name), name).tag)
        return {tag.pk for tag in tags}

    def term(self, taxonomy: str, slug: str, name: str = "", depth=0) -> WordPressTerm:
        """The term (taxonomy, slug) of this blog, with its parents, as a tag."""
        key = (taxonomy, slug)
        if key in self.terms:
            return self.terms[key]
        info = self.term_info.get(key, {})
        name = (info.get("name") or name or slug)[:100]
        parent = None
        parent_slug = info.get("parent", "")
        if parent_slug and parent_slug != slug and depth < 20:  # no loops
            parent = self.term(taxonomy, parent_slug, depth=depth + 1)
        path = f"{parent.path}/{slug}" if parent else slug
        term = WordPressTerm.objects.filter(
            site=self.site, taxonomy=taxonomy, slug=slug[:200]
        ).first()
        if term is None:
            term = WordPressTerm(site=self.site, taxonomy=taxonomy, slug=slug[:200])
            term.tag = self.tag_for(slug, name, parent)
        if (term.parent_id, term.path) != (parent and parent.pk, path[:500]):
            term.parent, term.path = parent, path[:500]
            term.save()
        self.terms[key] = term
        return term

    def tag_for(self, slug: str, name: str, parent) -> Tag:
        """The Steppe tag with this slug, or a new one (its name made unique)."""
        steppe_slug = slugify(slug, allow_unicode=True)[:100] or "tag"
        claimed = WordPressTerm.objects.filter(site=self.site).values("tag_id")
        tag = Tag.objects.filter(slug=steppe_slug).exclude(pk__in=claimed).first()
        if tag is not None:
            self.report.tags["matched by slug"] += 1
            return tag
        if Tag.objects.filter(name=name).exists():
            # WordPress allows two terms one name (a tag and a category, or two
            # children of different parents); Steppe's tag names are unique.
            name = f"{name} ({parent.tag.name if parent else slug})"[:100]
            self.report.notes["terms sharing a name, told apart in brackets"] += 1
        if Tag.objects.filter(slug=steppe_slug).exists():
            number = 2
            while Tag.objects.filter(slug=f"{steppe_slug[:90]}-{number}").exists():
                number += 1
            steppe_slug = f"{steppe_slug[:90]}-{number}"
        self.report.tags["created"] += 1
        return Tag.objects.create(name=name, slug=steppe_slug)

    def named_tag(self, name: str) -> Tag:
        """The tag --category SLUG=NAME asks for."""
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            slug = slugify(name, allow_unicode=True)[:100] or "tag"
            if Tag.objects.filter(slug=slug).exists():
                slug = f"{slug[:90]}-{Tag.objects.count() + 1}"
            tag = Tag.objects.create(name=name, slug=slug)
            self.report.tags["created"] += 1
        return tag

    def steppe_series(self, post: Post, item: dict, slug: str, title: str):
        """A series exported by Steppe comes back as the same series."""
        part = item["meta"].get("_steppe_series_part", "").strip()
        series, _ = Series.objects.get_or_create(slug=slug, defaults={"title": title})
        complete = item["meta"].get("_steppe_series_complete") == "1"
        if series.is_complete != complete or series.title != title:
            series.title, series.is_complete = title, complete
            series.save()
        if part.isdigit() and (post.series_id, post.series_part) != (
            series.pk,
            int(part),
        ):
            Post.objects.filter(pk=post.pk).update(series=series, series_part=int(part))
