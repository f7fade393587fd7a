from django.contrib.sitemaps import Sitemap

from surveys.models import Survey


class SurveySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Survey.objects.visible().order_by("slug")

    def lastmod(self, survey):
        return survey.updated_at
