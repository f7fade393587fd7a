from django.core.management.base import BaseCommand

from blog.edge import purges
from blog.edge.models import PendingPurge


class Command(BaseCommand):
    help = "Deliver the edge purges still pending (after the edge was down)."

    def handle(self, *args, **options):
        delivered = purges.drain(due_only=False)
        left = PendingPurge.objects.count()
        self.stdout.write(f"{delivered} host(s) purged, {left} purge(s) pending.")
