from django.contrib import admin
from django.urls import include, path

from blog.views import media

admin.site.site_header = "Steppe"
admin.site.site_title = "Steppe admin"
admin.site.index_title = "Write and moderate"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:path>", media, name="media"),
    path("comments/", include("blog.comments.urls")),
    path("", include("blog.urls")),
]
