from django import forms
from django.utils.translation import gettext as _

from pages.models import Page
from pages.routes import colliding_route


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, page):
        return f"{page.title} (/{page.path}/)"


class PageAdminForm(forms.ModelForm):
    """A page's address must be free: no route of Steppe's, no other page."""

    class Meta:
        model = Page
        fields = [
            "title", "slug", "parent", "body", "status", "published_at",
            "menu_order", "show_in_navigation", "allow_comments", "language",
        ]  # fmt: skip
        field_classes = {"parent": ParentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            parents = Page.objects.order_by("path")
            if self.instance.pk:  # a page cannot sit under itself or its children
                parents = parents.exclude(pk=self.instance.pk).exclude(
                    path__startswith=f"{self.instance.path}/"
                )
            self.fields["parent"].queryset = parents

    def clean(self):
        cleaned = super().clean()
        slug, parent = cleaned.get("slug"), cleaned.get("parent")
        if not slug:
            return cleaned
        path = f"{parent.path}/{slug}" if parent else slug
        if route := colliding_route(path):
            self.add_error(
                "slug",
                _(
                    "The address /%(path)s/ is taken by Steppe's own route "
                    "%(route)s. Choose another slug."
                )
                % {"path": path, "route": route},
            )
        elif (
            taken := Page.objects.filter(path=path).exclude(pk=self.instance.pk).first()
        ):
            self.add_error(
                "slug",
                _("The page “%(title)s” already has the address /%(path)s/.")
                % {"title": taken.title, "path": path},
            )
        if cleaned.get("show_in_navigation") and parent:
            self.add_error(
                "show_in_navigation",
                _("Only top-level pages appear in the main navigation."),
            )
        return cleaned
