from blog.languages import og_locale, site_language


def languages(request):
    """The site language for `og:locale`; `LANGUAGE_CODE` comes from Django's i18n."""
    return {"site_language": site_language(), "og_locale": og_locale(site_language())}
