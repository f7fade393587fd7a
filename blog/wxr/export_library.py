"""The media library in the export: attachments, and bodies that name them.

Each image and audio, video or other file goes out as an attachment item under
its original WordPress ID when it came from WordPress (blog.wxr.export_ids), with
_wp_attached_file (its storage name, so `import_wxr --media MEDIA_ROOT` finds
the file), _wp_attachment_image_alt, caption (excerpt) and description (content).
Bodies go out as WordPress reads them: a library image as
`<img class="wp-image-N" src=…>`, a gallery as `[gallery ids="…"]`, a player
as `[audio src=…]`; Steppe's importer turns them back (blog.wxr.media_bodies).
"""

import re

from django.utils.html import escape

from blog.wxr.attachments import upload_path
from blog.wxr.export import absolute, cdata, postmeta, tag, text, wp_date
from blog.wxr.export_comments import batches
from library.models import Gallery, Image, MediaFile
from library.usage import DATA_FILE, GALLERY, ID_ARG, IMG_TAG, MEDIA

SRC = re.compile(r'\ssrc="[^"]*"')
POSTER = re.compile(r"""\bposter=(?:&quot;|["'])([^"'&\]]+)""")


class LibraryExport:
    """What bodies need to name library items the way WordPress does."""

    def __init__(self, ids):
        self.ids = ids
        self.images = dict(Image.objects.values_list("pk", "file"))
        self.remote = dict(Image.objects.values_list("pk", "source_url"))
        self.media = {
            m.pk: m for m in MediaFile.objects.only("pk", "file", "source_url")
        }
        self.galleries = {}
        for gallery in Gallery.objects.prefetch_related("items"):
            self.galleries[gallery.pk] = gallery

    def image_url(self, pk: int) -> str:
        name = self.images.get(pk)
        if name:
            return absolute(Image.file.field.storage.url(name))
        return self.remote.get(pk, "")

    def body(self, html: str) -> str:
        """A Steppe body as WordPress writes one."""
        if "data-file" in html:
            html = IMG_TAG.sub(self._image, html)
        if "[gallery" in html:
            html = GALLERY.sub(self._gallery, html)
        if "[audio" in html or "[video" in html:
            html = MEDIA.sub(self._player, html)
        return html

    def _image(self, match) -> str:
        found = DATA_FILE.search(match[0])
        wp_id = self.ids.image(int(found[2])) if found else None
        if wp_id is None:
            return match[0]
        tag_ = SRC.sub("", DATA_FILE.sub("", match[0]))
        url = escape(self.image_url(int(found[2])))
        return f'{tag_[:4]} class="wp-image-{wp_id}" src="{url}"{tag_[4:]}'

    def _gallery(self, match) -> str:
        found = ID_ARG.search(match[1])
        gallery = self.galleries.get(int(found[1])) if found else None
        if gallery is None:
            return match[0]
        ids = [self.ids.image(item.image_id) for item in gallery.items.all()]
        listed = ",".join(str(i) for i in ids if i)
        title = gallery.title.replace('"', "'").replace("[", "(").replace("]", ")")
        title = escape(title)
        return f'[gallery ids="{listed}" columns="{gallery.columns}" title="{title}"]'

    def _player(self, match) -> str:
        kind, args = match[1], match[2]
        found = ID_ARG.search(args)
        media = self.media.get(int(found[1])) if found else None
        if media is None:
            return match[0]
        poster = POSTER.search(args)
        extra = f' poster="{poster[1]}"' if poster else ""
        return f'[{kind} src="{escape(absolute(media.url))}"{extra}]'


def write_library(write, ids, library: LibraryExport) -> int:
    """Every library entry as an attachment item; returns how many."""
    count = 0
    for model, kind in ((Image, "image"), (MediaFile, "media")):
        for batch in batches(model.objects.all(), "pk"):
            for obj in batch:
                wp_id = ids.image(obj.pk) if kind == "image" else ids.media(obj.pk)
                write_attachment(write, obj, wp_id)
                count += 1
    return count


def write_attachment(write, obj, wp_id: int) -> None:
    url = absolute(obj.url)
    local, gmt = wp_date(obj.uploaded_at)
    is_image = isinstance(obj, Image)
    title = (obj.alt_text if is_image else obj.title) or obj.file_name
    meta = {"_wp_attached_file": obj.file.name if obj.file else upload_path(url)}
    if is_image:
        meta["_wp_attachment_image_alt"] = obj.alt_text
        if obj.width and obj.height:  # PHP-serialized, as WordPress keeps it
            meta["_wp_attachment_metadata"] = (
                f'a:2:{{s:5:"width";i:{obj.width};s:6:"height";i:{obj.height};}}'
            )
    if obj.credit:
        meta["_steppe_credit"] = obj.credit
    write(
        "<item>"
        + tag("title", title)
        + tag("link", url)
        + f'<guid isPermaLink="false">{text(url)}</guid>'
        + "<description></description>"
        + tag("content:encoded", cdata(obj.description), raw=True)
        + tag("excerpt:encoded", cdata(obj.caption), raw=True)
        + tag("wp:post_id", wp_id)
        + tag("wp:post_date", local)
        + tag("wp:post_date_gmt", gmt)
        + tag("wp:post_name", f"{'image' if is_image else 'file'}-{obj.pk}")
        + "<wp:status>inherit</wp:status>"
        + "<wp:post_parent>0</wp:post_parent>"
        + "<wp:post_type>attachment</wp:post_type>"
        + tag("wp:attachment_url", url)
        + "".join(postmeta({k: v for k, v in meta.items() if v}))
        + "</item>\n"
    )
