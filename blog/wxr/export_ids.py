"""Which WordPress IDs and old addresses an export gives each post and page.

A post or page that came from WordPress goes out under its original WordPress ID,
so /?p=ID and /?page_id=ID keep working after a second move; every other one goes
out under its own primary key where no original ID took it, else under a fresh
number above them all. Its old addresses (Steppe's redirects) go out as
_steppe_redirects post meta, one path a line, which the importer reads back.
"""

from collections import defaultdict

from blog.models import Post
from blog.wxr.models import PageRedirect, Redirect, WordPressId


class ExportIds:
    def __init__(self):
        from pages.models import Page

        self.ids: dict[tuple[str, int], int] = {}
        taken: set[int] = set()
        # Latest import first: that is the blog a reader's old link came from.
        from library.models import Image, MediaFile

        kinds = WordPressId.Kind
        originals = WordPressId.objects.filter(
            kind__in=[kinds.POST, kinds.PAGE, kinds.IMAGE, kinds.MEDIA]
        ).order_by("-pk")
        for kind, object_id, wp_id in originals.values_list(
            "kind", "object_id", "wp_id"
        ).iterator():
            if (kind, object_id) not in self.ids and wp_id not in taken:
                self.ids[(kind, object_id)] = wp_id
                taken.add(wp_id)
        pks = {
            WordPressId.Kind.POST: Post.objects.values_list("pk", flat=True),
            WordPressId.Kind.PAGE: Page.objects.values_list("pk", flat=True),
            # Attachments: the media library (one ID space with posts and pages).
            WordPressId.Kind.IMAGE: Image.objects.values_list("pk", flat=True),
            WordPressId.Kind.MEDIA: MediaFile.objects.values_list("pk", flat=True),
        }
        self.next = max(taken | {0}) + 1
        later = []
        for kind, queryset in pks.items():
            for pk in queryset.order_by("pk").iterator():
                if (kind, pk) in self.ids:
                    continue
                if pk in taken:
                    later.append((kind, pk))
                else:
                    self.ids[(kind, pk)] = pk
                    taken.add(pk)
        self.next = max(taken | {0}) + 1
        for key in later:
            self.ids[key] = self.fresh()

    def fresh(self) -> int:
        """A number no item of this export has (for attachments)."""
        number, self.next = self.next, self.next + 1
        return number

    def post(self, pk: int) -> int:
        return self.ids[(WordPressId.Kind.POST, pk)]

    def page(self, pk: int) -> int:
        return self.ids[(WordPressId.Kind.PAGE, pk)]

    def image(self, pk: int) -> int | None:
        return self.ids.get((WordPressId.Kind.IMAGE, pk))

    def media(self, pk: int) -> int | None:
        return self.ids.get((WordPressId.Kind.MEDIA, pk))


def old_paths(model=Redirect, field="post_id") -> dict[int, list[str]]:
    """Each post's (or page's) old addresses, sorted."""
    paths = defaultdict(list)
    for owner, path in model.objects.order_by("old_path").values_list(
        field, "old_path"
    ):
        paths[owner].append(path)
    return paths


def old_page_paths() -> dict[int, list[str]]:
    return old_paths(PageRedirect, "page_id")
