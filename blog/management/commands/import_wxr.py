"""python manage.py import_wxr FILE.xml [--dry-run] [--media DIR] [--detect-series]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from blog.wxr.importer import Importer
from blog.wxr.parse import WxrError
from blog.wxr.report import render_report


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, tags, comments, images, old links."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would happen, write nothing",
        )
        parser.add_argument(
            "--media", type=Path, help="a copy of the blog's wp-content/uploads folder"
        )
        parser.add_argument(
            "--detect-series",
            action="store_true",
            help='group titles ending in "(Part II)", "(Final Part VI)" into series',
        )
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            metavar="SLUG=TAG",
            help='import category SLUG as tag TAG, or "SLUG=-" to leave it out',
        )

    def handle(self, *args, file, dry_run, media, detect_series, category, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such folder")
        mapping = {}
        for pair in category:
            slug, sep, tag = pair.partition("=")
            if not sep or not slug.strip() or not tag.strip():
                raise CommandError(f"--category {pair!r}: write SLUG=TAG or SLUG=-")
            mapping[slug.strip()] = tag.strip()
        importer = Importer(
            media_dir=media, detect_series=detect_series, dry_run=dry_run,
            category_map=mapping,
        )  # fmt: skip
        bar = tqdm(
            total=file.stat().st_size, unit="B", unit_scale=True, desc="Importing",
            file=sys.stderr, disable=options["verbosity"] == 0,
        )  # fmt: skip
        try:
            with file.open("rb") as stream, bar:
                report = importer.run(stream, progress=bar.update)
        except WxrError as error:
            raise CommandError(f"{file}: {error}. Nothing was imported.") from error
        self.stdout.write(render_report(report, dry_run=dry_run))
