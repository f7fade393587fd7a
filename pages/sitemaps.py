from django.contrib.sitemaps import Sitemap

from pages.visibility import readable_pages


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return readable_pages()

    def lastmod(self, page):
        return page.updated_at
