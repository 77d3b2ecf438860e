"""The emulation source: per unit, the drives it launched whose period overlaps the report's, and the participants
scored in such drives where they are (a person in their chi bộ, a unit as itself), each once per drive (two grouped
queries; the indicators in registry.py name its counts)."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import Coalesce

from lamtheo.indicators.source import Context, Counts, Source, register, rows_of


def _overlapping(queryset, ctx: Context, prefix: str = ""):
    return queryset.filter(
        **{f"{prefix}starts_on__lte": ctx.period.end, f"{prefix}ends_on__gte": ctx.period.start}
    )


def _emulation(ctx: Context) -> Counts:
    from lamtheo.emulation.models import EmulationDrive, Score

    result: Counts = defaultdict(lambda: {"drives": 0, "scored": 0})
    drives = _overlapping(EmulationDrive.objects.filter(unit__in=ctx.tree.ids()), ctx)
    for unit_id, count in rows_of(drives.order_by().values("unit_id").annotate(n=Count("pk"))):
        result[unit_id]["drives"] = count
    scores = (
        _overlapping(Score.objects, ctx, "drive__")
        .annotate(
            where=Coalesce("person__unit_id", "participant_unit_id"),
            participant=Coalesce("person_id", "participant_unit_id"),
        )
        .filter(where__in=ctx.tree.ids())
        .order_by()
        .values("where", "drive_id")
        .annotate(n=Count("participant", distinct=True))
    )
    for unit_id, _drive, count in rows_of(scores):
        result[unit_id]["scored"] += count
    return result


EMULATION = register(Source("emulation", apps=("emulation", "people"), compute=_emulation))
