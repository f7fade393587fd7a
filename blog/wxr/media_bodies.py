"""Bodies that show attachments: their images, galleries and players become the
media library's (`<img data-file=N>`, `[gallery id=N]`, `[audio id=N]`).

An image is found by its `wp-image-N` class (marked before the sanitizer drops
classes, mark_images) or its upload address; a gallery by its `ids` (or the post's
attached images, as WordPress does without them); a player by its address.
WordPress usually exports an attachment after the post that shows it, so a body
that names one not seen yet is resolved again after the last item (pending).
Nothing raw reaches readers: what cannot be found is left out and reported, or
kept as an ordinary image or player at its address.
"""

import html
import re
from collections import Counter

from blog.sanitize import sanitize_html
from blog.shortcodes import parse_arguments
from blog.wxr.models import WordPressId
from library.models import Gallery, GalleryItem
from library.render import media_source

IMG = re.compile(r"<img\b[^>]*>", re.I)
WP_IMAGE = re.compile(r"\bwp-image-(\d{1,18})\b")
MARK = re.compile(r"""\sdata-file=(["'])wp:(\d{1,18})\1""")
DATA_FILE = re.compile(r"""\sdata-file=(["'])[^"']*\1""")
SRC = re.compile(r'\ssrc="([^"]*)"')
ALT = re.compile(r'\salt="([^"]*)"')
HREF = re.compile(r'(?P<lead><a\b[^>]*?\shref=")(?P<url>[^"]*)"')
GALLERY = re.compile(r"\[gallery(?P<args>(?:\s[^\[\]]*)?)\]")
PLAYER = re.compile(
    r"\[(?P<kind>audio|video)(?P<args>(?:\s[^\[\]]*)?)\](?:\s*\[/(?P=kind)\])?"
)
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
LITERAL = re.compile(r"<(pre|code)[\s>].*?</\1>", re.S | re.I)
HINTS = ("wp:", "/wp-content/uploads/", "[gallery", "[audio", "[video")
IMAGE, MEDIA = WordPressId.Kind.IMAGE, WordPressId.Kind.MEDIA


def mark_images(text: str) -> str:
    """Each <img class="wp-image-N"> keeps N as data-file="wp:N" (the sanitizer
    keeps data-file, not classes)."""
    if "wp-image-" not in text:
        return text

    def mark(match):
        found = WP_IMAGE.search(match[0])
        if not found:
            return match[0]
        tag = DATA_FILE.sub("", match[0])
        return f'{tag[:4]} data-file="wp:{found[1]}"{tag[4:]}'

    return IMG.sub(mark, text)


def needs_library(body: str) -> bool:
    return any(hint in body for hint in HINTS)


def _args(raw: str) -> tuple[list, dict]:
    try:
        args, kwargs = parse_arguments(html.unescape(raw))
    except ValueError:  # an unclosed quote: read what there is
        args, kwargs = [], {}
    return args, {key.lower(): value for key, value in kwargs.items()}


def _ids(value: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d{1,18}", value or "")]


def _quoted(url: str) -> str:
    return html.escape(url, quote=False) if '"' not in url else ""


class BodyResolver:
    def __init__(self, attachments):
        self.att = attachments
        self.report = attachments.report
        self.signatures: dict | None = None  # (images, columns, title) -> gallery
        self.pending: list[tuple[int, str, int, str]] = []  # post pk, body, ID, title

    def resolve(self, body: str, owner: int, title: str, *, final: bool):
        """(HTML, complete): `body` with its attachments found; complete is False
        when one may still come later in the file."""
        if not needs_library(body):
            return body, True
        self.missing, self.final, self.owner, self.title = False, final, owner, title
        self.notes, self.attention = Counter(), []
        parts = []
        position = 0
        for match in LITERAL.finditer(body):  # code shows shortcodes as typed
            parts += [self._text(body[position : match.start()]), match[0]]
            position = match.end()
        parts.append(self._text(body[position:]))
        if final or not self.missing:  # said once, when the body is settled
            self.report.notes.update(self.notes)
            self.report.attention.extend(self.attention)
        # A gallery or player left out must not leave an empty paragraph behind.
        # (a figure put in a paragraph splits it in two empty ones, once parsed).
        joined = sanitize_html(EMPTY_PARAGRAPH.sub("", "".join(parts)))
        return EMPTY_PARAGRAPH.sub("", joined), not self.missing

    def _text(self, text: str) -> str:
        text = IMG.sub(self._image, text)
        text = HREF.sub(self._link, text)
        text = GALLERY.sub(self._gallery, text)
        return PLAYER.sub(self._player, text)

    def _unfound(self, url: str) -> str:
        """An upload that names no attachment (yet): later, or a loose copy."""
        if "/wp-content/uploads/" not in url:
            return url
        if not self.final:
            self.missing = True
            return url
        return self.att.copier.loose(url)

    def _image(self, match) -> str:
        tag = match[0]
        mark = MARK.search(tag)
        src = SRC.search(tag)
        entry = self.att.entries.get(int(mark[2])) if mark else None
        if entry is None and src:
            entry = self.att.find(html.unescape(src[1]))
        if entry is None or entry.kind != IMAGE:
            if mark and not self.final:
                self.missing = True
                return tag
            tag = MARK.sub("", tag)
            if src:
                url = self._unfound(html.unescape(src[1]))
                tag = tag.replace(src[0], f' src="{html.escape(url)}"', 1)
            return tag
        alt = ALT.search(tag)
        return (
            f'<img data-file="{entry.pk}" src="{html.escape(entry.url)}"'
            f' alt="{alt[1] if alt else ""}">'
        )

    def _link(self, match) -> str:
        url = html.unescape(match["url"])
        entry = self.att.find(url)
        url = entry.url if entry else self._unfound(url)
        return f'{match["lead"]}{html.escape(url)}"'

    def _gallery(self, match) -> str:
        args, kwargs = _args(match["args"])
        listed = _ids(kwargs.get("ids") or kwargs.get("include", ""))
        if listed:
            wanted, orderby = listed, kwargs.get("orderby", "post__in")
            gap = any(i not in self.att.entries for i in listed)
        else:  # WordPress shows the post's attached images
            parent = _ids(kwargs.get("id", ""))
            parent = parent[0] if parent else self.owner
            wanted = list(self.att.children.get(parent, []))
            orderby = kwargs.get("orderby", "menu_order ID")
            gap = True  # more may be attached further on
        if gap and not self.final:
            self.missing = True
            return ""  # made after the last item, never from part of its images
        excluded = set(_ids(kwargs.get("exclude", "")))
        entries = [self.att.entries.get(i) for i in wanted if i not in excluded]
        entries = [e for e in entries if e is not None and e.kind == IMAGE]
        entries = self._ordered(entries, listed, orderby, kwargs.get("order", ""))
        if not entries:
            fallback = kwargs.get("fallback", "").split()
            if fallback:  # a block gallery's own images, at their addresses
                self.notes["galleries without their attachments, kept as images"] += 1
                return "".join(
                    f'<figure><img src="{html.escape(self._unfound(url))}" alt="">'
                    "</figure>"
                    for url in fallback
                    if url.startswith(("http://", "https://", "/"))
                )
            self.attention.append(
                f"“{self.title}”: a [gallery] whose images are not in the file, "
                "left out"
            )
            return ""
        columns = _ids(kwargs.get("columns", "3"))
        columns = min(6, max(1, columns[0])) if columns else 3
        if kwargs.get("link", "").lower() == "none":
            self.notes["galleries with link=none (Steppe links images)"] += 1
        name = (kwargs.get("title") or self.title)[:255]
        return f"[gallery id={self.gallery([e.pk for e in entries], columns, name)}]"

    def _ordered(self, entries, listed, orderby: str, order: str):
        keys = [key.lower() for key in re.split(r"[\s,]+", orderby) if key]
        if "rand" in keys:  # shown in WordPress's own order instead, every time
            self.notes['galleries in random order (orderby="rand"), kept in order'] += 1
            keys = ["post__in"] if listed else ["menu_order", "id"]
        fields = {
            "id": lambda e: e.wp_id,
            "menu_order": lambda e: e.order,
            "title": lambda e: e.title.lower(),
            "date": lambda e: e.date,
            "post_date": lambda e: e.date,
            "post__in": lambda e: listed.index(e.wp_id) if e.wp_id in listed else 0,
        }
        chosen = [fields[key] for key in keys if key in fields]
        if not chosen:
            return entries
        return sorted(
            entries,
            key=lambda e: tuple(f(e) for f in chosen),
            reverse=order.strip().upper() == "DESC",
        )

    def gallery(self, images: list[int], columns: int, title: str) -> int:
        """The library gallery of these images in this order (made once)."""
        if self.signatures is None:
            self.signatures, items = {}, {}
            rows = GalleryItem.objects.order_by("gallery_id", "position", "pk")
            for gallery_id, image_id in rows.values_list("gallery_id", "image_id"):
                items.setdefault(gallery_id, []).append(image_id)
            for pk, cols, name in Gallery.objects.values_list("pk", "columns", "title"):
                self.signatures[(tuple(items.get(pk, ())), cols, name)] = pk
        key = (tuple(images), columns, title)
        if key not in self.signatures:
            gallery = Gallery.objects.create(title=title, columns=columns)
            GalleryItem.objects.bulk_create(
                GalleryItem(gallery=gallery, image_id=pk, position=n)
                for n, pk in enumerate(images, 1)
            )
            self.signatures[key] = gallery.pk
            self.report.notes["galleries made from [gallery]"] += 1
        return self.signatures[key]

    def _player(self, match) -> str:
        kind = match["kind"]
        args, kwargs = _args(match["args"])
        found = media_source(kind, args, kwargs)
        if found:
            url = found[0]
            entry = self.att.find(url)
            if entry is None:
                url = self._unfound(url)
        else:  # WordPress plays the post's first attached file of that kind
            self.missing |= not self.final
            children = self.att.children.get(self.owner, [])
            entry = next(
                (
                    self.att.entries[i]
                    for i in children
                    if self.att.entries[i].media_kind == kind
                ),
                None,
            )
            if entry is None:
                self.attention.append(
                    f"“{self.title}”: an [{kind}] naming no file, left out"
                )
                return ""
        if entry is not None and entry.kind == MEDIA and entry.media_kind == kind:
            code = f"[{kind} id={entry.pk}"
        else:
            code = f'[{kind} src="{_quoted(entry.url if entry else url)}"'
        poster = kwargs.get("poster", "").strip()
        if kind == "video" and poster:
            image = self.att.find(poster)
            code += f' poster="{_quoted(image.url if image else poster)}"'
        self.notes[f"[{kind}] made players"] += 1
        return code + "]"

    def later(self, pk: int, body: str, owner: int, title: str):
        """A post's body to finish after the last item (AttachmentImporter)."""
        self.pending.append((pk, body, owner, title))
