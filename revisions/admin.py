"""Revisions in admin: a mixin any ModelAdmin adopts with one line.

    class PageAdmin(RevisionAdmin, admin.ModelAdmin): ...

It records a revision on every save, adds the revision list, the diff against the
current text, "Restore this revision", and the editor's autosave endpoint.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from revisions import services
from revisions.diff import compare
from revisions.models import Revision

# Well inside the 30 seconds an author may lose when a tab closes.
AUTOSAVE_SECONDS = 15
LABELS = {
    "title": gettext_lazy("Title"),
    "excerpt": gettext_lazy("Excerpt"),
    "tags": gettext_lazy("Tags"),
    "body": gettext_lazy("Body"),
}


class RevisionAdmin:
    change_form_template = "admin/revisions/change_form.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "autosave/",
                wrap(require_POST(self.autosave_view)),
                name=f"{prefix}_autosave",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(require_POST(self.autosave_view)),
                name=f"{prefix}_autosave",
            ),
            path(
                "<path:object_id>/revisions/",
                wrap(self.revision_list_view),
                name=f"{prefix}_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/",
                wrap(self.revision_view),
                name=f"{prefix}_revision",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(require_POST(self.restore_view)),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Here, not in save_model: the tags are saved only now.
        services.record_revision(obj=form.instance, user=request.user)
        if not change:  # the autosave of the new, unsaved object is used up
            Revision.objects.filter(
                content_type__app_label=self.opts.app_label,
                content_type__model=self.opts.model_name,
                object_id="",
                kind=Revision.Kind.AUTOSAVE,
                user=request.user,
            ).delete()

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args
        )

    def _editor_context(self, request, obj):
        pending = services.pending_autosave(
            obj=obj, model=self.model, user=request.user
        )
        if obj is None:
            autosave_url = self._url("autosave")
            offer_url = pending and f"{self._url('add')}?autosave={pending.pk}"
        else:
            autosave_url = self._url("autosave", obj.pk)
            offer_url = pending and self._url("revision", obj.pk, pending.pk)
        return {
            "autosave_url": autosave_url,
            "autosave_seconds": AUTOSAVE_SECONDS,
            "pending_autosave": pending,
            "pending_autosave_url": offer_url,
            "revisions_url": obj and self._url("revisions", obj.pk),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = self._editor_context(request, obj) if obj is not None else {}
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def add_view(self, request, form_url="", extra_context=None):
        context = self._editor_context(request, None)
        if "autosave" in request.GET:
            context["pending_autosave"] = None  # being continued right now
        return super().add_view(request, form_url, {**context, **(extra_context or {})})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        number = initial.pop("autosave", None)
        if number and str(number).isdigit():
            autosaved = Revision.objects.filter(
                pk=number, object_id="", user=request.user
            ).first()
            if autosaved is not None:
                initial |= {
                    "title": autosaved.title,
                    "excerpt": autosaved.excerpt,
                    "body": autosaved.body,
                    "tags": ", ".join(autosaved.tags),
                }
        return initial

    def autosave_view(self, request, object_id=None):
        """Keep the editor's unsaved text; the object itself does not change."""
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        revision = services.autosave(
            model=self.model, obj=obj, user=request.user, data=request.POST
        )
        when = formats.time_format(timezone.localtime(revision.created_at), "H:i:s")
        return JsonResponse(
            {
                "saved_at": revision.created_at.isoformat(),
                "message": _("Draft autosaved at %(time)s.") % {"time": when},
            }
        )

    def _revisioned(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "can_restore": self.has_change_permission(request, obj),
            "revisions_url": self._url("revisions", obj.pk),
            "change_url": self._url("change", obj.pk),
        }

    def revision_list_view(self, request, object_id):
        """Every revision of one object, newest first, in a constant few queries."""
        obj = self._revisioned(request, object_id)
        # Others' autosaves are their unsaved drafts: each author sees their own.
        revisions = list(
            Revision.objects.of(obj)
            .filter(~Q(kind=Revision.Kind.AUTOSAVE) | Q(user=request.user))
            .select_related("user")
        )
        current = next((r for r in revisions if r.kind != Revision.Kind.AUTOSAVE), None)
        for revision in revisions:
            revision.is_current = revision is current
            revision.url = self._url("revision", obj.pk, revision.pk)
        context = self._context(request, obj, _("Revisions: %s") % obj)
        context["revisions"] = revisions
        return TemplateResponse(request, "admin/revisions/revision_list.html", context)

    def _revision(self, obj, revision_id, user):
        revision = get_object_or_404(
            Revision.objects.of(obj).select_related("user"), pk=revision_id
        )
        if revision.kind == Revision.Kind.AUTOSAVE and revision.user_id != user.pk:
            raise Http404
        return revision

    def revision_view(self, request, object_id, revision_id):
        """One revision against the current text: a word-level diff per field."""
        obj = self._revisioned(request, object_id)
        revision = self._revision(obj, revision_id, request.user)
        # Read older to newer: an autosave is newer than the saved text.
        texts = [services.revision_text(revision), services.snapshot(obj)]
        is_autosave = revision.kind == Revision.Kind.AUTOSAVE
        # A model without an excerpt or tags (a page) shows only what it has.
        labels = {
            name: label
            for name, label in LABELS.items()
            if name in ("title", "body") or hasattr(obj, name)
        }
        diffs, missing = compare(*(texts[::-1] if is_autosave else texts), labels)
        context = self._context(request, obj, _("Revision of %s") % obj)
        context |= {
            "revision": revision,
            "is_autosave": is_autosave,
            "diffs": diffs,
            "missing_images": missing,
            "unchanged": not any(diff.changed for diff in diffs),
            "restore_url": self._url("restore", obj.pk, revision.pk),
        }
        return TemplateResponse(request, "admin/revisions/revision_diff.html", context)

    def restore_view(self, request, object_id, revision_id):
        """Make a revision the current text (recorded as a revision itself)."""
        obj = self._revisioned(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = self._revision(obj, revision_id, request.user)
        services.restore_revision(revision=revision, user=request.user)
        when = formats.date_format(
            timezone.localtime(revision.created_at), "DATETIME_FORMAT"
        )
        message = _("Restored the revision of %(when)s") % {"when": when}
        self.log_change(request, obj, message)
        messages.success(request, message)
        return redirect(self._url("change", obj.pk))
