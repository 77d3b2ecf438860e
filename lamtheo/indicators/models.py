from django.db import models


class DataVersion(models.Model):
    """One row: a token that changes with every write to the tables the figures read (database triggers, see
    versioning.py). Cached figures are keyed by it, so a cached figure is never served after a write."""

    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return self.token
