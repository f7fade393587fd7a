"""Translated names of tags and series, edited where the tag or series is."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag

from blog.languages.models import SeriesName, TagName


class SeriesNameInline(admin.TabularInline):
    model = SeriesName
    extra = 1


class TagNameInline(admin.TabularInline):
    model = TagName
    extra = 1


class TranslatedTagAdmin(TagAdmin):
    inlines = [*TagAdmin.inlines, TagNameInline]

    # taggit names its action in plain English: the same action, named through
    # gettext so that staff read it in the site's language.
    @admin.action(description=_("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)


admin.site.unregister(Tag)
admin.site.register(Tag, TranslatedTagAdmin)
