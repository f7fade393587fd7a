"""import_wxr on files that are wrong: a sentence naming the line and the item,
nothing written, never a traceback."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_comments_xtd.models import XtdComment

from blog.models import Post
from blog.wxr import parse
from blog.wxr.models import WordPressId

pytestmark = pytest.mark.django_db
MOVING_IN = Path(__file__).parent / "wxr" / "moving_in.xml"
ROOT = Path(__file__).resolve().parents[2]


def run_import(path):
    call_command("import_wxr", str(path), stdout=io.StringIO(), verbosity=0)


def written(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def variant(tmp_path, old, new):
    text = MOVING_IN.read_text(encoding="utf-8")
    assert old in text
    return written(tmp_path, text.replace(old, new, 1))


def refused(path) -> str:
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "Nothing was imported" in message
    assert "Traceback" not in message and "Forbidden(" not in message
    assert not Post.objects.exists() and not WordPressId.objects.exists()
    return message


def line_of(path, text, start=0):
    return path.read_text(encoding="utf-8").splitlines().index(text, start) + 1


def test_an_unknown_export_namespace_is_named(tmp_path):
    path = variant(
        tmp_path,
        'xmlns:wp="https://wordpress.org/export/1.2/"',
        'xmlns:wp="https://example.org/export/1.2/"',
    )
    message = refused(path)
    assert "the wp: namespace is 'https://example.org/export/1.2/'" in message
    assert "post_id" not in message


def test_an_export_version_steppe_does_not_read_is_named(tmp_path):
    text = MOVING_IN.read_text(encoding="utf-8").replace("/export/1.2/", "/export/2.0/")
    message = refused(written(tmp_path, text))
    assert "WXR version 2.0; Steppe reads versions 1.0, 1.1, 1.2" in message


def test_an_rss_feed_is_not_taken_for_an_export(tmp_path):
    feed = written(
        tmp_path,
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>\n'
        "<item><title>A post</title><comments>http://x.example/#c</comments></item>"
        "</channel></rss>",
    )
    assert "this is an RSS feed, not a WordPress export" in refused(feed)


def test_an_rss_comments_element_in_an_item_is_ignored_and_noted(tmp_path):
    out = io.StringIO()
    call_command("import_wxr", str(MOVING_IN), stdout=out, verbosity=0)
    assert "<comments> elements in items, ignored" in out.getvalue()
    assert XtdComment.objects.count() == 1  # the real <wp:comment> is still there


def test_unusual_elements_are_ignored(tmp_path):
    path = variant(
        tmp_path,
        "<wp:post_id>101</wp:post_id>",
        "<wp:post_id>101</wp:post_id><media:content "
        'xmlns:media="http://search.yahoo.com/mrss/" url="x"><media:title>t'
        "</media:title></media:content><wp:postmeta><wp:comment>odd</wp:comment>"
        "</wp:postmeta><meta>m</meta><line>7</line><categories>c</categories>",
    )
    run_import(path)
    assert Post.objects.count() == 4 and XtdComment.objects.count() == 1


def test_an_item_without_an_id_is_named(tmp_path):
    path = variant(tmp_path, "<wp:post_id>102</wp:post_id>", "")
    line = line_of(path, "\t<item>", 60)
    message = refused(path)
    assert f"line {line}: the item on line {line} (“A stray author”) has no " in (
        message
    )
    assert "<wp:post_id>" in message


def test_a_truncated_file_is_called_truncated(tmp_path):
    text = MOVING_IN.read_text(encoding="utf-8")
    cut = written(tmp_path, text[: text.index("<wp:post_id>102")])
    message = refused(cut)
    assert "the file ends in the middle of the export (is it truncated?)" in message
    assert "in the item on line" in message and "“A stray author”" in message


def test_invalid_bytes_name_their_line_and_item(tmp_path):
    data = MOVING_IN.read_bytes().replace(
        b"Written by someone", b"Written \xff\xfe by someone", 1
    )
    path = tmp_path / "bytes.xml"
    path.write_bytes(data)
    line = data.split(b"Written \xff")[0].count(b"\n") + 1
    message = refused(path)
    assert f"line {line}: a character XML does not allow" in message
    assert "(post 102 “A stray author”)" not in message  # not read yet
    assert "“A stray author”" in message


@pytest.mark.parametrize(
    ("declaration", "words"),
    [
        ('<!DOCTYPE rss SYSTEM "http://evil.example/x.dtd">', "document type"),
        ('<!DOCTYPE rss [<!ENTITY e "x">]>', "document type"),
    ],
)
def test_refusals_are_sentences(tmp_path, declaration, words):
    text = MOVING_IN.read_text(encoding="utf-8").replace(
        "<rss", f"{declaration}\n<rss", 1
    )
    message = refused(written(tmp_path, text))
    assert f"line 3: refused: the file declares a {words}" in message


def test_refusal_sentences_for_each_defusedxml_error():
    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

    entity = parse.refusal(EntitiesForbidden("lol", "x", None, None, None, None))
    assert entity.startswith("refused: the file declares an entity (lol)")
    outside = parse.refusal(
        ExternalReferenceForbidden(None, None, "file:///etc/passwd", None)
    )
    assert "outside resource (file:///etc/passwd)" in outside


def test_a_huge_item_is_refused_before_it_is_held(tmp_path, monkeypatch):
    monkeypatch.setattr(parse, "MAX_ITEM_CHARS", 3000)
    path = variant(tmp_path, "Written by someone", "x" * 5000)
    message = refused(path)
    line = line_of(path, "\t<item>", 60)
    where = f"line {line}: the item on line {line} (“A stray author”)"
    assert f"{where} holds more than 3,000 characters of text" in message


def test_a_50_mb_body_is_refused_with_bounded_memory(tmp_path):
    """The real limit, in a process of its own so its peak memory is its own."""
    text = MOVING_IN.read_text(encoding="utf-8")
    head, tail = text.split("Written by someone", 1)
    path = tmp_path / "huge.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        line = "A very long body that someone pasted again and again. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line)):
            out.write(line)
        out.write(tail)
    script = (
        "import sys\n"
        "from blog.wxr.parse import WxrError, read_wxr\n"
        "try:\n"
        f"    with open({str(path)!r}, 'rb') as stream:\n"
        "        for _ in read_wxr(stream): pass\n"
        "except WxrError as error:\n"
        "    print(error)\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (a
        # pytest process grown by earlier tests) across fork and exec.
        "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print(int(peak[0].split()[1]) // 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    message, peak = result.stdout.strip().rsplit("\n", 1)
    assert "holds more than 4 MB of text; Steppe refuses items this large" in message
    assert "(“A stray author”)" in message
    assert int(peak) < 150, f"peak {peak} MB"
    print(f"50 MB item refused at a peak of {peak} MB")


def test_a_body_too_large_for_the_search_index_is_named(tmp_path):
    import random
    import string

    words = random.Random(1)
    body = " ".join(
        "".join(words.choices(string.ascii_lowercase, k=8)) for _ in range(150_000)
    )
    path = variant(tmp_path, "Written by someone", body)
    message = refused(path)
    assert "the search index cannot hold the posts" in message
    assert "the largest is “A stray author” (post 102), line" in message
    assert "shorten it" in message


def test_an_undeclared_prefix_is_explained(tmp_path):
    path = variant(tmp_path, '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n', "")
    message = refused(path)
    assert "prefix (wp:, dc:, content: …) is never declared with xmlns" in message
    assert "(“Code from WordPress.com”)" in message


def test_a_minimal_hand_written_export_is_read(tmp_path, django_user_model):
    path = written(
        tmp_path,
        '<?xml version="1.0"?>\n<rss version="2.0" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n'
        "<item><title>Hand-made</title><wp:post_id>1</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>draft</wp:status>"
        "<wp:post_date>2020-01-01 10:00:00</wp:post_date></item>"
        "</channel></rss>\n",
    )
    message = refused(path)  # no author named, and nobody to give the post to
    assert "the post names no author (dc:creator), and there is no account" in message
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
    run_import(path)
    assert Post.objects.get().title == "Hand-made"
    assert Post.objects.get().author == admin
