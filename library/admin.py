from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from library.forms import UploadForm
from library.models import Gallery, GalleryItem, Image, MediaFile
from library.usage import where_used

PICKER_PAGE = 40


def thumbnail(image, width=120):
    """A small rendition for admin lists (no query: the row has the names)."""
    if not image or not image.url:
        return ""
    if image.is_remote:  # an import left it at its WordPress address
        return format_html(
            '<img src="{}" width="{}" alt="" class="library-thumb">',
            image.source_url,
            width,
        )
    smallest = min(image.renditions.items(), key=lambda i: int(i[0]), default=None)
    url = image.file.url
    if smallest:
        name = next((n for f, n in smallest[1].items() if f != "webp"), None)
        url = image.file.storage.url(name) if name else url
    return format_html(
        '<img src="{}" width="{}" alt="" class="library-thumb">', url, width
    )


def admin_link(obj):
    """A link to obj's admin page, or its name when it has none."""
    meta = obj._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return format_html("{} ({})", obj, meta.verbose_name)
    return format_html('<a href="{}">{}</a> ({})', url, obj, meta.verbose_name)


def usage_list(item):
    """Links to the admin pages of the posts and pages using `item`."""
    owners = where_used(item)
    if not owners:
        return _("Not used in any post or page.")
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((admin_link(o),) for o in owners)),
    )


class ProtectUsedMixin:
    """Refuse deleting what a post, page or gallery shows, and say which ones."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        users = []
        for obj in objs:
            holders = where_used(obj)
            if isinstance(obj, Image):
                holders += list(Gallery.objects.filter(items__image=obj).distinct())
            users.extend(
                format_html(
                    "{} “{}” {} {} “{}”",
                    capfirst(obj._meta.verbose_name),
                    obj,
                    _("is used by"),
                    holder._meta.verbose_name,
                    holder,
                )
                for holder in holders
            )
        # Our list names the posts; the collector's names the reference rows.
        return deleted, counts, perms, users or protected


class MonthFilter(admin.SimpleListFilter):
    title = _("month uploaded")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = (
            model_admin.get_queryset(request)
            .annotate(month=TruncMonth("uploaded_at"))
            .values_list("month", flat=True)
            .distinct()
            .order_by("-month")
        )
        return [
            (month.strftime("%Y-%m"), formats.date_format(month, "YEAR_MONTH_FORMAT"))
            for month in months
            if month
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        year, _, month = value.partition("-")
        if year.isdigit() and month.isdigit():
            return queryset.filter(
                uploaded_at__year=int(year), uploaded_at__month=int(month)
            )
        return queryset


class MissingAltFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing")), ("given", _("Given"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text="")
        if self.value() == "given":
            return queryset.exclude(alt_text="")
        return queryset


@admin.register(Image)
class ImageAdmin(ProtectUsedMixin, admin.ModelAdmin):
    list_display = [
        "thumb",
        "file_name",
        "alt_text",
        "dimensions",
        "uploaded_by",
        "uploaded_at",
        "used",
    ]
    list_display_links = ["thumb", "file_name"]
    list_editable = ["alt_text"]
    list_filter = [MonthFilter, MissingAltFilter]
    search_fields = ["alt_text", "caption", "file"]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    fields = [
        "preview",
        "file",
        "alt_text",
        "caption",
        "credit",
        "description",
        "dimensions",
        "source_url",
        "uploaded_by",
        "uploaded_at",
        "used_in",
    ]
    # An import's remote entry: upload a file here to keep it on this site.
    readonly_fields = [
        "preview", "dimensions", "source_url", "uploaded_by", "uploaded_at", "used_in",
    ]  # fmt: skip
    change_list_template = "admin/library/image/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                use_count=Count("references", distinct=True),
                gallery_count=Count("gallery_items", distinct=True),
            )
            # GROUP BY drops Meta.ordering, which pagination needs.
            .order_by(*Image._meta.ordering)
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="library_image_upload"),
            path("choose/", view(self.choose_view), name="library_image_choose"),
            *super().get_urls(),
        ]

    def lookup_allowed(self, lookup, value, request=None):
        # The upload page links to the images it just stored.
        return lookup == "pk__in" or super().lookup_allowed(lookup, value, request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def upload_view(self, request):
        """Several images at once; then their alt text, in the list."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            stored = [
                Image.objects.create(
                    file=file,
                    caption=form.cleaned_data["caption"],
                    credit=form.cleaned_data["credit"],
                    uploaded_by=request.user,
                )
                for file in form.cleaned_data["files"]
            ]
            if stored:
                messages.success(
                    request,
                    ngettext(
                        "Uploaded %(n)d image. Give it alt text before you use it.",
                        "Uploaded %(n)d images. Give them alt text before using them.",
                        len(stored),
                    )
                    % {"n": len(stored)},
                )
            if not form.refused:
                ids = ",".join(str(image.pk) for image in stored)
                changelist = reverse("admin:library_image_changelist")
                return redirect(f"{changelist}?pk__in={ids}")
            form.add_error("files", list(form.refused))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Upload images"),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/library/image/upload.html", context)

    def choose_view(self, request):
        """The editor's "Browse…" window: pick an image to insert in a body."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        images = Image.objects.all()
        if query:
            images = self.get_search_results(request, images, query)[0]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Choose an image"),
            "images": [
                (image, thumbnail(image, 160)) for image in images[:PICKER_PAGE]
            ],
            "query": query,
            "func_num": request.GET.get("CKEditorFuncNum", ""),
            "is_popup": True,
        }
        return TemplateResponse(request, "admin/library/image/choose.html", context)

    @admin.display(description=_("image"))
    def thumb(self, obj):
        return thumbnail(obj, 80)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj, 480) if obj.pk else ""

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    @admin.display(description=_("used"))
    def used(self, obj):
        parts = []
        if obj.use_count:
            parts.append(
                ngettext("%d post or page", "%d posts or pages", obj.use_count)
                % obj.use_count
            )
        if obj.gallery_count:
            parts.append(
                ngettext("%d gallery", "%d galleries", obj.gallery_count)
                % obj.gallery_count
            )
        return ", ".join(parts) or "—"

    @admin.display(description=_("where used"))
    def used_in(self, obj):
        if not obj.pk:
            return "—"
        galleries = Gallery.objects.filter(items__image=obj).distinct()
        links = format_html_join(
            "", "<li>{}</li>", ((admin_link(g),) for g in galleries)
        )
        return format_html("{}<ul>{}</ul>", usage_list(obj), links)


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    fields = ["position", "image", "caption", "thumb"]
    readonly_fields = ["thumb"]
    autocomplete_fields = ["image"]
    extra = 3
    ordering = ["position", "pk"]

    @admin.display(description=_("image"))
    def thumb(self, obj):
        return thumbnail(obj.image) if obj.pk else ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")


@admin.register(Gallery)
class GalleryAdmin(ProtectUsedMixin, admin.ModelAdmin):
    list_display = ["title", "columns", "image_count", "shortcode", "created_at"]
    search_fields = ["title"]
    fields = ["title", "columns", "shortcode", "used_in"]
    readonly_fields = ["shortcode", "used_in"]
    inlines = [GalleryItemInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(n=Count("items"))
        return queryset.order_by(*Gallery._meta.ordering)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("images"), ordering="n")
    def image_count(self, obj):
        return obj.n

    @admin.display(description=_("shortcode for a post"))
    def shortcode(self, obj):
        return obj.shortcode if obj.pk else _("Save the gallery to get its shortcode.")

    @admin.display(description=_("where used"))
    def used_in(self, obj):
        return usage_list(obj) if obj.pk else "—"


@admin.register(MediaFile)
class MediaFileAdmin(ProtectUsedMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "file", "uploaded_at", "shortcode"]
    list_filter = ["kind"]
    search_fields = ["title", "caption", "file"]
    fields = [
        "file",
        "title",
        "caption",
        "credit",
        "description",
        "kind",
        "source_url",
        "shortcode",
        "uploaded_at",
        "used_in",
    ]
    readonly_fields = ["kind", "source_url", "shortcode", "uploaded_at", "used_in"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("shortcode for a post"))
    def shortcode(self, obj):
        if not obj.pk or obj.kind == MediaFile.Kind.FILE:
            return "—"  # a document is linked to, not played
        return f"[{obj.kind} id={obj.pk}]"

    @admin.display(description=_("where used"))
    def used_in(self, obj):
        return usage_list(obj) if obj.pk else "—"
