from django.db import models


class PendingPurge(models.Model):
    """Keys still to purge at one edge host: written with the change, in its
    transaction, and deleted once the host has confirmed the purge."""

    url = models.CharField(max_length=500)
    keys = models.TextField()  # space-separated names (blog.edge.surrogate)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.url}: {self.keys}"
