"""Authors edit their own profile; only a superuser sees or edits anyone else's."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from blog.authors.models import AuthorProfile


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "display_name"]
    search_fields = ["display_name", "user__username"]
    autocomplete_fields = ["photo"]

    def get_queryset(self, request):
        profiles = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return profiles
        return profiles.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["user", "display_name", "bio", "photo"]
        return ["display_name", "bio", "photo"]  # always their own: see save_model

    def has_add_permission(self, request):
        if request.user.is_superuser:
            return super().has_add_permission(request)
        own = AuthorProfile.objects.filter(user=request.user).exists()
        return super().has_add_permission(request) and not own

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _own(self, request, obj):
        user = request.user
        return obj is None or user.is_superuser or obj.user_id == user.pk

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        """An author has one profile: "Author profiles" opens it (or creates it)."""
        if request.user.is_superuser:
            return super().changelist_view(request, extra_context)
        own = self.get_queryset(request).first()
        if own is not None and self.has_change_permission(request, own):
            return redirect(reverse("admin:blog_authorprofile_change", args=[own.pk]))
        if own is None and self.has_add_permission(request):
            return redirect(reverse("admin:blog_authorprofile_add"))
        return super().changelist_view(request, extra_context)
