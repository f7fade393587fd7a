"""The ru and kk catalogs hold every interface string, translated."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = ("ru", "kk")
LOCALE = Path(settings.BASE_DIR) / "locale"
# Each language's plural rule, as CLDR and GNU gettext give it.
PLURAL_FORMS = {
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "kk": "nplurals=2; plural=(n != 1);",
}
# What makemessages reads: the code, not its tests, benchmarks or the virtualenv.
NOT_SOURCE = (
    *(".venv", ".git", "tests", "bench", "media", "staticfiles", "screenshots"),
    "node_modules",
    *("backups", "__pycache__", "*.pyc", "*.mo", "*.sqlite3"),
)


# Template text that is markup, not words: tags, variables, comments, entities.
NOT_WORDS = re.compile(
    r"{%\s*blocktranslate.*?endblocktranslate\s*%}|{%\s*comment\s*%}.*?"
    r"{%\s*endcomment\s*%}|{#.*?#}|{%.*?%}|{{.*?}}|&\w+;",
    re.S,
)
# Attributes a person reads or hears, which must be translated like text.
READ_ATTRIBUTES = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')


def untranslated_template_text(text):
    """Words a template shows outside {% translate %} and {% blocktranslate %}."""
    text = NOT_WORDS.sub(" ", text)
    words = READ_ATTRIBUTES.findall(text)
    words += re.split(r"<[^>]*>|\n", text)
    return [
        " ".join(word.split()) for word in words if re.search(r"[^\W\d_]{2,}", word)
    ]


def catalog(lang, locale=None):
    """The django.po catalog of one language."""
    return polib.pofile(str((locale or LOCALE) / lang / "LC_MESSAGES" / "django.po"))


def msgids(po):
    """The (context, msgid) of each live entry of a catalog."""
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def untranslated(lang, locale=None):
    """The msgids that are empty or fuzzy in a language's catalog."""
    return sorted(
        entry.msgid
        for entry in catalog(lang, locale)
        if not entry.obsolete and (entry.fuzzy or not entry.translated())
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Catalogs as makemessages makes them from the code now, in a copy of the tree."""
    tree = tmp_path_factory.mktemp("tree") / "steppe"
    # A copy, so extracting never rewrites the committed catalogs.
    shutil.copytree(settings.BASE_DIR, tree, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v", "0"]
        + [f"-l{lang}" for lang in LANGUAGES],
        cwd=tree,
        check=True,
    )
    return {lang: catalog(lang, tree / "locale") for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_msgid_of_the_code(extracted, lang):
    """A string added to the code without `make messages` fails here."""
    missing = msgids(extracted[lang]) - msgids(catalog(lang))
    assert not missing, f"run `make messages`: not in {lang}: {sorted(missing)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_no_msgid_the_code_lost(extracted, lang):
    """Strings the code no longer uses are dropped, not left for translators."""
    stale = msgids(catalog(lang)) - msgids(extracted[lang])
    assert not stale, f"run `make messages`: stale in {lang}: {sorted(stale)}"


def test_templates_show_no_text_outside_translation_tags():
    """makemessages cannot find a string that is not marked: none is left."""
    templates = Path(settings.BASE_DIR) / "templates"
    left = {
        str(path.relative_to(templates)): words
        for path in sorted(templates.rglob("*.*"))
        if path.suffix in {".html", ".txt"} and path.name != "robots.txt"
        if (words := untranslated_template_text(path.read_text()))
    }
    assert not left


def test_untranslated_template_text_finds_words_and_attributes():
    text = (
        '{% load i18n %}<p title="Hint">{% translate "Fine" %} Stray words</p>'
        "{% blocktranslate %}Also {{ fine }}{% endblocktranslate %} &rsaquo; 12"
    )
    assert untranslated_template_text(text) == ["Hint", "Stray words"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_declares_the_language_and_its_plural_forms(lang):
    po = catalog(lang)
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_compiles_with_checked_placeholders(tmp_path, lang):
    """msgfmt refuses a msgstr whose %(name)s placeholders differ from the msgid."""
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],
        check=True,
        capture_output=True,
    )


def test_untranslated_lists_empty_and_fuzzy_entries(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Home", msgstr="Главная"))
    po.append(polib.POEntry(msgid="Tags", msgstr=""))
    po.append(polib.POEntry(msgid="Series", msgstr="Серии", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(count)s comment",
            msgid_plural="%(count)s comments",
            msgstr_plural={0: "%(count)s комментарий", 1: "", 2: ""},
        )
    )
    (tmp_path / "xx" / "LC_MESSAGES").mkdir(parents=True)
    po.save(str(tmp_path / "xx" / "LC_MESSAGES" / "django.po"))
    assert untranslated("xx", tmp_path) == ["%(count)s comment", "Series", "Tags"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_fully_translated(lang):
    """Translators fill the catalogs: nothing is left empty or fuzzy."""
    assert untranslated(lang) == []
