"""The one allowlist for author HTML, whatever the editor or an import sent."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
    "sub", "sup", "blockquote", "q", "cite", "ul", "ol", "li", "a", "img",
    "figure", "figcaption", "hr", "code", "pre", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "abbr", "dl", "dt", "dd", "span",
    "small", "picture", "source", "audio", "video",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # data-file: a library image's id (the editor's Figure); srcset and the rest
    # are what library.render writes from it.
    "img": {
        "src",
        "alt",
        "width",
        "height",
        "loading",
        "data-file",
        "srcset",
        "sizes",
        "decoding",
    },
    "source": {"srcset", "sizes", "type", "src"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "ul": {"aria-label"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Code blocks may say their language (imported [sourcecode] becomes these).
CODE_LANGUAGES = {
    "actionscript3", "applescript", "bash", "coldfusion", "cpp", "csharp", "css",
    "delphi", "diff", "erlang", "groovy", "haskell", "java", "javascript", "latex",
    "matlab", "objc", "perl", "php", "plaintext", "powershell", "python", "r",
    "ruby", "scala", "sql", "swift", "vb", "xml", "yaml",
}  # fmt: skip
CODE_CLASSES = {f"language-{name}" for name in CODE_LANGUAGES}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    # Library galleries and players (library.render) style themselves by these;
    # code blocks may say their language.
    allowed_classes={
        "code": CODE_CLASSES,
        "ul": {"gallery", *(f"gallery-columns-{n}" for n in range(1, 7))},
        "a": {"gallery-link"},
        "small": {"credit"},
        "figure": {"figure", "media-file"},  # "figure": the editor's own
    },
)


def sanitize_html(html: str) -> str:
    """Allowlisted HTML: no scripts, no event handlers, no javascript: URLs."""
    return _cleaner.clean(html or "").strip()
