from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.comments.services import purge_ips
from blog.limits import forget_stale


class Command(BaseCommand):
    help = "Forget the IP addresses of comments older than N days (default: setting)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=settings.COMMENTS_IP_RETENTION_DAYS
        )

    def handle(self, *args, days, **options):
        count = purge_ips(older_than_days=days)
        forget_stale(older_than=timedelta(days=1))  # rate limits look back an hour
        self.stdout.write(
            f"Purged the IP address of {count} comments older than {days} days."
        )
