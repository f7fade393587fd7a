"""Attachments in the import: CPU time and queries, with and without the files.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB \\
       python bench/import_media.py [ATTACHMENTS]   (default 1,000)
DB is emptied first (migrate runs into it). Writes an export with ATTACHMENTS
image attachments, each after the post that shows it (in its body, its gallery and
as its featured image, as WordPress orders them), plus a copy of wp-content/uploads
with a 1200×800 JPEG for each, then imports it three ways: without --media
(remote entries), with --media (files re-encoded with renditions), and again with
--media (nothing to do). CPU time is the import's own (user + system), so other
work on the machine changes it little; wall time is printed beside it.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SITE = "http://bench-media.example.com"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    f"<title>Bench</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>"
    f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    "<wp:author><wp:author_login>writer</wp:author_login></wp:author>\n"
)


def item(wp_id, kind, body="", parent=0, meta=None, url=""):
    metas = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value><![CDATA[{v}]]>"
        "</wp:meta_value></wp:postmeta>"
        for k, v in (meta or {}).items()
    )
    return (
        f"<item><title>Item {wp_id}</title><dc:creator>writer</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id>"
        "<wp:post_date>2012-03-04 10:00:00</wp:post_date>"
        "<wp:post_date_gmt>2012-03-04 10:00:00</wp:post_date_gmt>"
        f"<wp:post_name>item-{wp_id}</wp:post_name><wp:status>"
        f"{'inherit' if kind == 'attachment' else 'publish'}</wp:status>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:post_type>{kind}</wp:post_type>"
        + (f"<wp:attachment_url>{url}</wp:attachment_url>" if url else "")
        + metas
        + "</item>\n"
    )


def write(folder: Path, count: int) -> tuple[Path, Path]:
    uploads = folder / "uploads"
    (uploads / "2012" / "03").mkdir(parents=True)
    photo = Image.new("RGB", (1200, 800), (180, 140, 90))
    export = folder / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(1, count + 1):
            post, attachment = 2 * n, 2 * n + 1
            name = f"2012/03/photo-{n}.jpg"
            photo.save(uploads / name, quality=80)
            body = (
                f'Words {n}.\n\n<img class="wp-image-{attachment}" '
                f'src="{SITE}/wp-content/uploads/2012/03/photo-{n}-300x200.jpg" alt="">'
                f'\n\n[gallery ids="{attachment}"]'
            )
            out.write(item(post, "post", body, meta={"_thumbnail_id": attachment}))
            out.write(
                item(
                    attachment,
                    "attachment",
                    parent=post,
                    url=f"{SITE}/wp-content/uploads/{name}",
                    meta={"_wp_attached_file": name, "_wp_attachment_image_alt": "A"},
                )  # fmt: skip
            )
        out.write("</channel>\n</rss>\n")
    return export, uploads


def run(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    if result.returncode:
        sys.exit(result.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    env = os.environ | {"DJANGO_DEBUG": "1"}
    manage = [sys.executable, "manage.py"]
    with tempfile.TemporaryDirectory() as work:
        export, uploads = write(Path(work), count)
        env["MEDIA_ROOT"] = str(Path(work) / "media")
        steps = [
            ("without --media (remote)", [], True),
            ("with --media (files)", ["--media", str(uploads)], True),
            ("again with --media", ["--media", str(uploads)], False),
        ]
        for label, extra, fresh in steps:
            if fresh:
                subprocess.run([*manage, "flush", "--no-input", "-v0"], cwd=ROOT,
                               env=env, check=True)  # fmt: skip
            cpu, wall = run([*manage, "import_wxr", str(export), "-v0", *extra], env)
            print(
                f"{label:<26} {count:,} attachments: CPU {cpu:6.1f} s "
                f"({1000 * cpu / count:5.1f} ms each), wall {wall:6.1f} s"
            )


if __name__ == "__main__":
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT,
                   env=os.environ | {"DJANGO_DEBUG": "1"}, check=True)  # fmt: skip
    main()
