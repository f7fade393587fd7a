"""The demo author's profile, so their archive has a name and a bio."""

from blog.authors.models import AuthorProfile

BIO = (
    "Carol Bennett teaches in Almaty and writes here about Kazakhstan: her "
    "students' essays, what expats make of the country, and the work against "
    "human trafficking in Central Asia."
)


def load(*, author, stdout) -> None:
    """Give the demo author a profile once; later runs leave it as it is."""
    _, created = AuthorProfile.objects.get_or_create(
        user=author, defaults={"display_name": "Carol Bennett", "bio": BIO}
    )
    if created:
        stdout.write(f"  author page: /author/{author.get_username()}/")
