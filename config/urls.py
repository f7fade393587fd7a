from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from blog.sitemaps import SITEMAPS
from blog.views import media, robots_txt
from surveys.sitemaps import SurveySitemap

admin.site.site_header = "Steppe"
admin.site.site_title = "Steppe admin"
admin.site.index_title = "Write and moderate"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:path>", media, name="media"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS | {"surveys": SurveySitemap}},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("comments/", include("blog.comments.urls")),
    path("surveys/", include("surveys.urls")),
    path("", include("blog.urls")),
]
