"""Tag and series names in a post's language, read once per post page."""

from django.db.models import prefetch_related_objects

from blog.languages import site_language


def prefetch_translated_names(post) -> None:
    """Load the names a post in another language shows; none for the site's own."""
    if post.language != site_language():
        prefetch_related_objects(
            [post], "tags__translated_names", "series__translated_names"
        )
