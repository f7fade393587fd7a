"""WordPress.com's code shortcodes as code blocks: `[sourcecode language="py"]`,
`[code]` and SyntaxHighlighter's aliases (`[python]…[/python]`).

The code inside is taken as text (escaped, whitespace kept exactly) and becomes
`<pre><code class="language-…">`, the class names listed in LANGUAGES so the
sanitizer can allow exactly those.
"""

import html
import re

# SyntaxHighlighter Evolved's brush aliases, by the language class they become.
ALIASES = {
    "applescript": ("applescript",),
    "actionscript3": ("as3", "actionscript3"),
    "bash": ("bash", "shell", "sh"),
    "coldfusion": ("cf", "coldfusion"),
    "cpp": ("cpp", "c", "c++"),
    "csharp": ("c#", "c-sharp", "csharp"),
    "css": ("css",),
    "delphi": ("delphi", "pas", "pascal"),
    "diff": ("diff", "patch"),
    "erlang": ("erl", "erlang"),
    "groovy": ("groovy",),
    "haskell": ("haskell",),
    "java": ("java", "jfx", "javafx"),
    "javascript": ("js", "jscript", "javascript"),
    "latex": ("latex", "tex"),
    "matlab": ("matlab", "matlabkey"),
    "objc": ("objc", "obj-c"),
    "perl": ("perl", "pl"),
    "php": ("php",),
    "plaintext": ("plain", "text", "plaintext"),
    "powershell": ("powershell", "ps"),
    "python": ("py", "python"),
    "r": ("r", "splus"),
    "ruby": ("ruby", "rails", "ror", "rb"),
    "scala": ("scala",),
    "sql": ("sql",),
    "swift": ("swift",),
    "vb": ("vb", "vbnet"),
    "xml": ("xml", "xhtml", "xslt", "html", "xhtml"),
    "yaml": ("yaml", "yml"),
}
ALIAS = {alias: language for language, names in ALIASES.items() for alias in names}
LANGUAGES = {f"language-{language}" for language in ALIASES}
WRAPPERS = ("sourcecode", "code")
_names = "|".join(
    re.escape(name) for name in sorted({*WRAPPERS, *ALIAS}, key=len)[::-1]
)
SHORTCODE = re.compile(
    rf"\[(?P<name>{_names})(?P<attrs>(?:\s[^\]]*)?)\](?P<code>.*?)\[/(?P=name)\]",
    re.S | re.I,
)
LANGUAGE = re.compile(r"""\b(?:language|lang|brush)\s*=\s*["']?([\w#+-]+)""", re.I)


def language_of(name: str, attrs: str) -> str:
    """The language class name for a shortcode, "" when it names none we know."""
    name = name.lower()
    if name not in WRAPPERS:
        return ALIAS[name]
    match = LANGUAGE.search(attrs)
    return ALIAS.get(match[1].lower(), "") if match else ""


def _block(match) -> str:
    language = language_of(match["name"], match["attrs"])
    # WordPress stores the code as typed; a visual editor may have escaped it once.
    code = html.unescape(match["code"]).strip("\r\n")
    css = f' class="language-{language}"' if language else ""
    return f"\n\n<pre><code{css}>{html.escape(code, quote=False)}</code></pre>\n\n"


def convert_code(text: str) -> tuple[str, int]:
    """The text with its code shortcodes as code blocks, and how many there were."""
    return SHORTCODE.subn(_block, text)
