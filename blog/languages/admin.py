"""Translated names of tags and series, edited where the tag or series is."""

from django.contrib import admin
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


admin.site.unregister(Tag)
admin.site.register(Tag, TranslatedTagAdmin)
