"""A drive's ranking: each participant's total, ties sharing a rank (1, 2, 2, 4), in one grouped query."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from lamtheo.accounts.scoping import subtree_q
from lamtheo.emulation.models import EmulationDrive, Score
from lamtheo.people.models import Person
from lamtheo.units.models import Unit


@dataclass
class Place:
    rank: int
    participant: object  # a Person, or a Unit in a drive over units
    total: Decimal
    scored: int  # criteria scored


def ranking(drive: EmulationDrive, *, within=None) -> list[Place]:
    """Every scored participant of the drive (or only those of `within`'s subtree), best first."""
    units = drive.subject == EmulationDrive.Subject.UNITS
    field = "participant_unit" if units else "person"
    scores = Score.objects.filter(drive=drive)
    if within is not None:
        path = "participant_unit__path" if units else "person__unit__path"
        scores = scores.filter(subtree_q(within.path, path))
    rows = list(
        scores.values(field).annotate(total=Sum("points"), scored=Count("pk")).order_by("-total", field)
    )
    model = Unit if units else Person
    participants = model.objects.select_related(*([] if units else ["unit"])).in_bulk(
        [row[field] for row in rows]
    )
    places, rank, previous = [], 0, None
    for index, row in enumerate(rows, start=1):
        if row["total"] != previous:
            rank, previous = index, row["total"]
        places.append(Place(rank, participants[row[field]], row["total"], row["scored"]))
    return places
