import re
import time
from functools import lru_cache

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import XtdComment

from blog.comments.tree import approved

SECURITY_FIELDS = ("honeypot", "timestamp", "security_hash")


class CommentForm(XtdCommentForm):
    """xtd's form (signed target, timestamp, honeypot) with our limits and labels."""

    def __init__(self, target_object, *args, parent=None, **kwargs):
        super().__init__(target_object, *args, comment=parent, **kwargs)
        self.fields["name"] = forms.CharField(
            label=gettext_lazy("Name"), max_length=100
        )
        self.fields["email"] = forms.EmailField(
            label=gettext_lazy("E-mail"),
            max_length=254,
            help_text=gettext_lazy("Never shown."),
        )
        self.fields["url"] = forms.URLField(
            label=gettext_lazy("Website"),
            max_length=200,
            required=False,
            assume_scheme="https",
        )
        self.fields["comment"] = forms.CharField(
            label=gettext_lazy("Comment"),
            max_length=10_000,
            widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        )
        self.fields["followup"].label = gettext_lazy(
            "Notify me of follow-up comments by e-mail"
        )
        self.fields["followup"].widget.attrs.pop("class", None)
        reply_to = self.fields["reply_to"]
        reply_to.min_value, reply_to.max_value = 0, 2**31 - 1
        reply_to.validators += [MinValueValidator(0), MaxValueValidator(2**31 - 1)]
        self.fields["honeypot"].label = gettext_lazy("Leave this field empty")
        self.parent = parent

    def clean_reply_to(self):
        """A reply must answer a visible comment on this post, within the depth."""
        pk = self.cleaned_data["reply_to"] or 0
        if not pk:
            return 0
        meta = self.target_object._meta
        parent = (
            approved(XtdComment.norel_objects)
            .filter(
                pk=pk,
                content_type__app_label=meta.app_label,
                content_type__model=meta.model_name,
                object_pk=str(self.target_object.pk),
            )
            .only("pk", "level")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("The comment you replied to is not on this post.")
            )
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            raise forms.ValidationError(_("That thread is as deep as it goes."))
        self.parent = parent
        return pk

    def has_security_errors(self) -> bool:
        return any(name in self.errors for name in SECURITY_FIELDS)

    def filled_too_fast(self) -> bool:
        started = self.cleaned_data.get("timestamp") or 0
        return time.time() - started < settings.COMMENTS_MIN_FILL_SECONDS

    def fresh_copy(self):
        """The same text in a new form, with a new timestamp and hash."""
        kept = {
            name: self.data.get(name, "")
            for name in ("name", "email", "url", "comment", "reply_to")
        }
        kept["followup"] = bool(self.data.get("followup"))
        return type(self)(self.target_object, initial=kept, parent=self.parent)


def render_live_form(
    request, post_pk: int, label: str = "blog.post", *, shared_for: int = 0
) -> str:
    """The form on a cached post page, with a new timestamp and hash.

    Only those two values differ between readers (no CSRF token: see
    blog.edge.origin): the rest is rendered once per post and process, then the
    values are filled in. A form the edge shares among readers for `shared_for`
    seconds is stamped that far ahead, so no reader gets less than the minimum
    fill time from a copy that waited in the cache.
    """
    skeleton, form = _form_skeleton(label, post_pk)
    timestamp = int(time.time()) + shared_for
    values = {
        TIMESTAMP_MARK: str(timestamp),
        HASH_MARK: form.initial_security_hash(timestamp),
    }
    return MARKS.sub(lambda match: values[match[0]], skeleton)


TIMESTAMP_MARK, HASH_MARK = "\x00ts\x00", "\x00hash\x00"
MARKS = re.compile("\x00(?:ts|hash)\x00")


@lru_cache(maxsize=256)
def _form_skeleton(label: str, pk: int):
    form = CommentForm(apps.get_model(label)(pk=pk))
    form.initial |= {"timestamp": TIMESTAMP_MARK, "security_hash": HASH_MARK}
    html = render_to_string("blog/comments/form.html", {"form": form})
    return html, form
