"""Library items as readers get them: responsive images, galleries, players.

Bodies store `<img data-file="ID">` and `[gallery id=N]`-style shortcodes; the
markup here is built from the library rows at render time, so a new rendition
needs no body rewrite, and one query serves every image of a body.
"""

import html as html_lib
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from blog.edge import surrogate
from library.media import FORMATS
from library.models import Gallery, GalleryItem, Image, MediaFile
from library.usage import DATA_FILE, IMG_TAG, _ids, image_ids

BODY_SIZES = "(min-width: 60rem) 42rem, 100vw"
DEFAULT_COLUMNS = 3  # WordPress's default for [gallery]
ALT = re.compile(r'\balt="([^"]*)"')


def shows(*images) -> None:
    """The page being rendered shows these images (their edits make it stale)."""
    surrogate.depends_on(*(f"image:{image.pk}" for image in images))


def _srcset(image, fmt: str | None) -> str:
    storage = image.file.storage
    entries = []
    for width, formats in sorted(image.renditions.items(), key=lambda i: int(i[0])):
        name = (
            formats.get(fmt)
            if fmt
            else next((n for f, n in formats.items() if f != "webp"), None)
        )
        if name:
            entries.append(f"{storage.url(name)} {width}w")
    return ", ".join(entries)


def picture(image, *, alt: str, sizes: str = BODY_SIZES, lazy: bool = True):
    """<picture> with WebP beside the original format, sized to avoid layout shift."""
    if image.is_remote:  # left at its WordPress address: no renditions here
        size = (
            format_html(' width="{}" height="{}"', image.width, image.height)
            if image.width and image.height
            else ""
        )
        return format_html(
            '<img src="{}"{} alt="{}"{} decoding="async">',
            image.source_url,
            size,
            alt,
            mark_safe(' loading="lazy"') if lazy else "",
        )
    fallback = _srcset(image, None)
    webp = _srcset(image, "webp")
    source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes)
        if webp
        else ""
    )
    img = format_html(
        '<img src="{}"{} width="{}" height="{}" alt="{}"{} decoding="async">',
        image.file.url,
        format_html(' srcset="{}" sizes="{}"', fallback, sizes) if fallback else "",
        image.width,
        image.height,
        alt,
        mark_safe(' loading="lazy"') if lazy else "",
    )
    return format_html("<picture>{}{}</picture>", source, img)


def preload_images(posts) -> None:
    """One query for the body images of a page of posts (see render_figures)."""
    posts = list(posts)
    wanted = {post.pk: image_ids(post.body) for post in posts}
    found = Image.objects.in_bulk({pk for ids in wanted.values() for pk in ids})
    for post in posts:
        post.library_images = {pk: found[pk] for pk in wanted[post.pk] if pk in found}


def render_figures(body: str, images: dict | None = None) -> str:
    """A sanitized body whose library images carry srcset, size, alt and lazy.

    `images` (id -> Image) is what preload_images found; else one query here.
    """
    ids = image_ids(body)
    if not ids:
        return body
    if images is None:
        images = Image.objects.in_bulk(ids)
    shows(*images.values())
    seen = 0

    def replace(match):
        nonlocal seen
        tag = match[0]
        found = DATA_FILE.search(tag)
        image = images.get(int(found[2])) if found else None
        if image is None:
            return tag  # not (or no longer) in the library: left as written
        written_alt = ALT.search(tag)
        alt = html_lib.unescape(written_alt[1]) if written_alt else ""
        seen += 1
        # The first image may be in view when the page opens; the rest wait.
        return str(picture(image, alt=alt or image.alt_text, lazy=seen > 1))

    return IMG_TAG.sub(replace, body)


def _columns(value) -> int:
    try:
        return min(6, max(1, int(value)))
    except (TypeError, ValueError):
        return DEFAULT_COLUMNS


def _render_gallery(items, columns: int, title: str = "") -> SafeString:
    """items: (image, caption) pairs."""
    shows(*(image for image, _ in items))
    sizes = f"(min-width: 60rem) {42 / columns:.1f}rem, {100 / min(columns, 2):.0f}vw"
    figures = [
        {
            "image": image,
            "caption": caption,
            "picture": picture(image, alt=image.alt_text, sizes=sizes),
        }
        for image, caption in items
    ]
    return mark_safe(  # noqa: S308  rendered from our autoescaped template
        render_to_string(
            "library/gallery.html",
            {"figures": figures, "columns": columns, "title": title},
        )
    )


def gallery_shortcode(*args, id=None, ids=None, columns=None, **kwargs):
    """[gallery id=N] (a library gallery) or WordPress's [gallery ids="1,2,3"]."""
    if id is not None:
        if not str(id).isdigit():
            return None
        items = Prefetch("items", queryset=GalleryItem.objects.select_related("image"))
        gallery = Gallery.objects.prefetch_related(items).filter(pk=id).first()
        if gallery is None:
            return None
        surrogate.depends_on(f"gallery:{gallery.pk}")
        pairs = [(item.image, item.shown_caption) for item in gallery.items.all()]
        count = _columns(columns) if columns else gallery.columns
        return _render_gallery(pairs, count, gallery.title)
    wanted = _ids(ids or "")
    if not wanted:
        return None
    found = Image.objects.in_bulk(wanted)
    pairs = [(found[pk], found[pk].caption) for pk in wanted if pk in found]
    if not pairs:
        return None
    return _render_gallery(pairs, _columns(columns))


def _media_shortcode(kind: str):
    def handler(*args, id=None, poster=None, **kwargs):
        if id is not None:
            if not str(id).isdigit():
                return None
            media = MediaFile.objects.filter(pk=id, kind=kind).first()
            if media is None:
                return None
            surrogate.depends_on(f"media:{media.pk}")
            return player(kind, media.url, media.mime_type, media=media, poster=poster)
        # WordPress's forms: src=, mp3=/mp4=/… (one per format), or the address
        # alone ([audio https://…/a.mp3]); a file kept elsewhere, not in the library.
        found = media_source(kind, args, kwargs)
        return player(kind, *found, poster=poster) if found else None

    handler.__doc__ = f"[{kind} id=N] or [{kind} src=URL]: a player, native controls."
    return handler


def media_source(kind: str, args, kwargs) -> tuple[str, str] | None:
    """(URL, MIME type) a WordPress [audio]/[video] shortcode names, or None."""
    candidates = [kwargs.get("src", "")]
    candidates += [kwargs.get(ext, "") for ext in MEDIA_EXTENSIONS[kind]]
    candidates += list(args)
    for url in candidates:
        url = (url or "").strip()
        if url.startswith(("https://", "http://", "/")) and not url.startswith("//"):
            return url, mime_of(url)
    return None


def mime_of(url: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return FORMATS.get(suffix, ("", "", ""))[1]


def player(kind, url, mime="", *, media=None, poster=None) -> SafeString:
    """<audio>/<video> with native controls, a <source>, and a download link."""
    poster = (poster or "").strip()
    if not poster.startswith(("https://", "http://", "/")) or poster.startswith("//"):
        poster = ""
    name = media.title if media else PurePosixPath(urlsplit(url).path).name
    context = {"kind": kind, "url": url, "mime": mime, "media": media}
    context |= {"title": name, "poster": poster}
    return mark_safe(  # noqa: S308  rendered from our autoescaped template
        render_to_string("library/player.html", context)
    )


audio_shortcode = _media_shortcode(MediaFile.Kind.AUDIO)
video_shortcode = _media_shortcode(MediaFile.Kind.VIDEO)
# WordPress's per-format attributes of [audio] and [video].
MEDIA_EXTENSIONS = {
    MediaFile.Kind.AUDIO: ("mp3", "ogg", "oga", "m4a", "wav", "flac", "opus"),
    MediaFile.Kind.VIDEO: ("mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv"),
}


def featured_picture(post, *, lazy: bool):
    """A post's featured image from the library (or kept at its old address)."""
    image = post.featured_image
    if image is not None:
        shows(image)
        return picture(image, alt=image.alt_text, lazy=lazy)
    if post.featured_image_url:
        return format_html(
            '<img src="{}" alt="{}"{}>',
            post.featured_image_url,
            post.featured_image_alt,
            mark_safe(' loading="lazy"') if lazy else "",
        )
    return ""
