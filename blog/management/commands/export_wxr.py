"""python manage.py export_wxr > blog.xml: the blog as WXR 1.2 for WordPress."""

from django.core.management.base import BaseCommand

from blog.wxr.export import write_wxr


class Command(BaseCommand):
    help = "Write the blog as a WordPress export (WXR 1.2) to standard output."

    def handle(self, *args, **options):
        counts = write_wxr(self.stdout._out)
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stderr.write(f"Exported {summary}.")
