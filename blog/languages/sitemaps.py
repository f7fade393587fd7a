"""Sitemap entries that name each post's translations as hreflang alternates."""

from blog.languages.translations import group_root_id, groups_of


class TranslationAlternates:
    """A Sitemap mixin for posts: `<xhtml:link rel="alternate" hreflang=…>`.

    Django's own `i18n`/`alternates` serve one item at a URL per language prefix;
    here each translation is its own post at its own address.
    """

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        groups = groups_of([info["item"] for info in urls], self.items())
        for info in urls:
            members = groups.get(group_root_id(info["item"]), [])
            if len(members) < 2:
                continue
            members = sorted(members, key=lambda member: member.language)
            info["alternates"] = [
                {
                    "lang_code": member.language,
                    "location": base + member.get_absolute_url(),
                }
                for member in members
            ] + [
                {"lang_code": "x-default", "location": base + member.get_absolute_url()}
                for member in members
                if not member.translation_of_id
            ]
        return urls
