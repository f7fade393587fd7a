"""Password-protected posts, with WordPress's semantics.

The body shows once the reader has given the post's password: checked here, on the
server, and remembered for the browser session by a signed cookie that is named
after the post and only validates for that post and its current password
(changing the password locks every reader out again). Its path is the whole site,
not the post's own: the comment form posts to /comments/post/, which must see it.
Wrong guesses are limited per client address and post, with the sign-in limits
(AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME), counted in the database (blog.limits) so
every worker sees them.
"""

import math

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog import limits
from blog.clientip import client_ip
from blog.edge import surrogate

SALT = "steppe.protected-post"


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        max_length=255,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def cookie_name(post) -> str:
    return f"steppe_post_{post.pk}"


def _token(post) -> str:
    return salted_hmac(SALT, f"{post.pk}:{post.password}").hexdigest()


def is_unlocked(request, post) -> bool:
    """May this reader see the post's body (and comments)? Pages have no password."""
    if not getattr(post, "is_protected", False):
        return True
    given = request.get_signed_cookie(cookie_name(post), default=None, salt=SALT)
    return given is not None and constant_time_compare(given, _token(post))


def remember(response, post) -> None:
    """Keep the post unlocked for this browser session."""
    response.set_signed_cookie(
        cookie_name(post),
        _token(post),
        salt=SALT,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def private(response, post):
    """A protected post's page, locked or not, is never kept by a shared cache."""
    if post.is_protected:
        surrogate.per_reader()
        response["Cache-Control"] = "private, no-store"
    return response


def _failures_name(request, post) -> str:
    address = client_ip(request) or "unknown"
    return f"post-password:{address}:{post.pk}"


def _cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def locked_out(request, post) -> bool:
    failures = limits.used(_failures_name(request, post), _cooloff_seconds())
    return failures >= settings.AXES_FAILURE_LIMIT


def _record_failure(request, post) -> None:
    # The window starts at the first failure, as sign-in's cool-off does.
    window = [(_cooloff_seconds(), settings.AXES_FAILURE_LIMIT)]
    limits.take([_failures_name(request, post)], window)


def lockout_message() -> str:
    minutes = math.ceil(_cooloff_seconds() / 60)
    return ngettext(
        "Too many wrong passwords from your address. Please try again in %(n)d minute.",
        "Too many wrong passwords from your address. Please try again in %(n)d "
        "minutes.",
        minutes,
    ) % {"n": minutes}


def unlock(request, post, render):
    """Check a reader's password: unlock and go back to the post, or say why not.

    render(form, status) gives the locked page with the form and its error.
    """
    if not post.is_protected:
        return redirect(post.get_absolute_url())
    form = PasswordForm(request.POST)
    if locked_out(request, post):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, lockout_message())
        return render(form, 429)
    if form.is_valid() and constant_time_compare(
        form.cleaned_data["password"], post.password
    ):
        limits.forget(_failures_name(request, post), _cooloff_seconds())
        response = redirect(post.get_absolute_url())
        response.status_code = 303
        remember(response, post)
        return response
    if form.is_valid():
        _record_failure(request, post)
        form.add_error("password", _("That is not the password of this post."))
    return render(form, 400)
