from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from blog.edge import views as edge_views
from blog.edge.surrogate import depends_on, reader_page
from blog.sitemaps import SITEMAPS
from blog.views import media, robots_txt
from config.views import healthz
from pages.sitemaps import PageSitemap
from surveys.sitemaps import SurveySitemap


@reader_page
def cached_sitemap(request, **kwargs):
    depends_on("posts", "edits", "surveys", "pages")
    return sitemap(request, **kwargs)


admin.site.site_header = "Steppe"
admin.site.site_title = gettext_lazy("Steppe admin")
admin.site.index_title = gettext_lazy("Write and moderate")

urlpatterns = [
    # Unhashed on purpose: resolving the manifest here would break start-up.
    path(
        "favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg")
    ),
    path("admin/", admin.site.urls),
    path("media/<path:path>", media, name="media"),
    path(
        "sitemap.xml",
        cached_sitemap,
        {"sitemaps": SITEMAPS | {"surveys": SurveySitemap, "site-pages": PageSitemap}},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path(
        "comments/form/<str:label>/<int:pk>/",
        edge_views.comment_form,
        name="comment_form_fragment",
    ),
    path("comments/", include("blog.comments.urls")),
    path("surveys/", include("surveys.urls")),
    path("", include("blog.urls")),
    # Last of all: a page answers only a path no route above takes.
    path("", include("pages.urls")),
]
