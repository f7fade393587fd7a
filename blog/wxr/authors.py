"""The blog's authors: the exported ones become (or match) accounts; a dc:creator
that names none of them is attributed to the first and reported, never made into
an account. Each login is remembered for its old /author/<login>/ address."""

import html

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from blog.roles import AUTHORS, role
from blog.wxr.models import WordPressAuthor
from blog.wxr.parse import WxrError

_valid_username = UnicodeUsernameValidator()


def username_for(login: str) -> str:
    """The login when Django accepts it as a username, else a slug of it."""
    login = login.strip()[:150]
    try:
        _valid_username(login)
    except ValidationError:
        return slugify(login, allow_unicode=True)[:150]
    return login


class AuthorsMixin:
    def exported_author(self, data: dict):
        """An author of the export's <wp:author> list: their account, made if new."""
        login = data.get("author_login", "").strip()
        username = username_for(login)
        if not username or login in self.authors:
            return
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users(
                username=username,
                email=data.get("author_email", "")[:254],
                first_name=html.unescape(data.get("author_first_name", ""))[:150],
                last_name=html.unescape(data.get("author_last_name", ""))[:150],
                is_staff=True,
            )
            if not user.first_name and data.get("author_display_name"):
                user.first_name = html.unescape(data["author_display_name"])[:150]
            user.set_unusable_password()  # an author sets one with "reset password"
            user.save()
            user.groups.add(role(AUTHORS))
            self.report.authors["created"] += 1
        else:
            self.report.authors["matched by login"] += 1
        WordPressAuthor.objects.update_or_create(
            site=self.site, login=login, defaults={"user": user}
        )
        self.authors[login] = user

    def author(self, creator: str, item: dict):
        """The account a post's dc:creator names, or the first author's."""
        creator = creator.strip()
        if creator in self.authors:
            return self.authors[creator]
        if not self.listed_authors and creator and username_for(creator) == creator:
            # WXR 1.0 lists no authors: its dc:creator logins are all there is.
            self.exported_author({"author_login": creator})
            self.report.notes[
                "authors taken from dc:creator (the export lists none)"
            ] += 1
            return self.authors[creator]
        fallback = self.strays.get(creator) or next(iter(self.authors.values()), None)
        if fallback is None:
            fallback = (
                get_user_model()
                .objects.filter(is_superuser=True)
                .order_by("pk")
                .first()
            )
        if fallback is None:
            raise WxrError(
                item["line"],
                (
                    f"the post's author {creator!r} is not in the export's author list"
                    if creator
                    else "the post names no author (dc:creator)"
                )
                + ", and there is no account to give it to: create a superuser first",
            )
        who = f"by {creator!r}, not an exported author" if creator else "with no author"
        self.report.notes[f"posts {who}, given to {fallback.username}"] += 1
        self.strays[creator] = fallback
        return fallback
