from django.db import models


class DataVersion(models.Model):
    """One row per table the figures read: a token that changes with every write to that table (database triggers,
    see versioning.py). Cached figures are keyed by the tokens of the tables they read, so a cached figure is never
    served after a write to them."""

    name = models.CharField(max_length=100, unique=True)  # the table
    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"{self.name}: {self.token}"


class MeetingTally(models.Model):
    """How many attendance rows of each status a meeting has, kept by database triggers on the attendance table
    (tally.py) on every write, whoever makes it: the attendance rate reads a few rows per meeting instead of
    every person's row (a province's year: 50.000 meetings, 1,5 million attendance rows)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", models.DO_NOTHING, db_constraint=False, related_name="+"
    )  # the triggers keep it; the rows of a deleted meeting go with its attendance
    status = models.CharField(max_length=8)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "status"], name="unique_tally_meeting_status")
        ]
        # The rate reads a meeting's counts from this index alone (no lookup of the rows).
        indexes = [models.Index(fields=["meeting", "status", "n"], name="tally_covering_idx")]

    def __str__(self):
        return f"{self.meeting_id} {self.status}: {self.n}"
