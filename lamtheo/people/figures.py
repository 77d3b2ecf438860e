"""The people source: who is counted in a unit's subtree, who studied the year's topic, who registered, who was
reviewed and rated (one pass over the people, grouped by unit; the indicators in registry.py name its counts)."""

import datetime

from django.db import connection
from django.db.models import Count, Exists, FilteredRelation, Max, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from lamtheo.indicators.source import Context, Counts, Source, per_unit, register, split_q
from lamtheo.pledges.models import Pledge

# Which of its passes the counts asked for need (the indicators name the counts, registry.py; completeness asks for
# its own two by name, indicators.completeness.PEOPLE_COUNTS): who registered alone (the rollup of "registered") is
# one count, the reviews, ratings and completeness's moments five more over the same join.
STUDIED = {"studied"}
REGISTERED = {"registered"}
REVIEWS = {
    "reviewed",
    "rated",
    *(f"level_{level}" for level in Pledge.Level.values),
    "registered_any",
    "latest_registered",
}
PLEDGES = REGISTERED | REVIEWS


def _people(ctx: Context) -> Counts:
    """People active in the subtrees today, by their unit: how many, and (when asked) who studied a yearly topic in
    the period, who registered for the period's year, who was reviewed, rated and at which level. One query (and on
    PostgreSQL one more for who studied)."""
    from lamtheo.people.models import Person
    from lamtheo.study.figures import studied_people

    people = (
        Person.objects.filter(unit__in=ctx.tree.ids(), status__in=Person.ACTIVE_STATUSES)
        .filter(split_q(ctx.split))
        .order_by()
    )
    counts = {"people": Count("pk"), "active": Count("pk", filter=Q(status=Person.Status.ACTIVE))}
    asked = ctx.counts
    # Who studied (the study app defines it: study.figures.studied_people). On a small subtree (a commune's page)
    # each person's own attendance is probed (its index), in the same pass. Over a large one the set is read once:
    # on SQLite probed per person in the same pass (an index built once); inside the FILTER of an aggregate
    # PostgreSQL probes it without a hash (three times slower over a province), so there it is counted in its own
    # query, as a semi-join.
    studied = studied_people(ctx) if asked & STUDIED else None
    small = ctx.tree.is_small
    apart = studied is not None and not small and connection.vendor == "postgresql"
    if studied is not None and not apart:
        who = Q(Exists(studied.filter(person=OuterRef("pk")))) if small else Q(pk__in=studied)
        counts["studied"] = Count("pk", filter=Q(status=Person.Status.ACTIVE) & who)
    if asked & PLEDGES:
        people = people.annotate(
            year_pledge=FilteredRelation("pledges", condition=Q(pledges__year=ctx.period.year_of))
        )
        # One population for every registration figure: those who must register (the active people; those
        # exempted from activities left out, as for the study). Submitted (a draft is not yet a registration) by the
        # end of the period; reviewed and rated by the end of the period (a six-month report counts no December
        # rating); so reviewed <= registered, and rated <= reviewed.
        end = ctx.period.bounds()[1]
        active = Q(status=Person.Status.ACTIVE)
        registered = (
            active
            & Q(year_pledge__status__in=Pledge.REGISTERED_STATES)
            & (Q(year_pledge__first_submitted_at__isnull=True) | Q(year_pledge__first_submitted_at__lt=end))
        )
        reviewed = Q(year_pledge__status__in=Pledge.REVIEWED_STATES) & (
            Q(year_pledge__reviewed_at__isnull=True) | Q(year_pledge__reviewed_at__lt=end)
        )
        rated = (
            active
            & Q(year_pledge__status__in=Pledge.RATED_STATES)
            & (Q(year_pledge__rated_at__isnull=True) | Q(year_pledge__rated_at__lt=end))
        )
        counts["registered"] = Count("pk", filter=registered)
        if asked & REVIEWS:
            # For completeness (completeness.py): every active person must register, the exempt included, by the
            # deadline whatever the period (a moment, not a count: kept per unit, not summed up the tree).
            registered_any = Q(year_pledge__status__in=Pledge.REGISTERED_STATES)
            counts.update(
                registered_any=Count("pk", filter=registered_any),
                latest_registered=Max("year_pledge__first_submitted_at", filter=registered_any),
                reviewed=Count("pk", filter=registered & reviewed),
                rated=Count("pk", filter=rated),
                **{
                    f"level_{level}": Count("pk", filter=rated & Q(year_pledge__result_level=level))
                    for level in Pledge.Level.values
                },
            )
    result = per_unit(people.values("unit_id").annotate(**counts))
    if "latest_registered" in counts:
        for figures in result.values():
            figures["latest_registered"] = _moment(figures["latest_registered"])
    if apart:
        for figures in result.values():
            figures["studied"] = 0
        rows = per_unit(
            Person.objects.filter(unit__in=ctx.tree.ids(), status=Person.Status.ACTIVE, pk__in=studied)
            .filter(split_q(ctx.split))
            .order_by()
            .values("unit_id")
            .annotate(studied=Count("pk"))
        )
        for unit_id, row in rows.items():
            result[unit_id]["studied"] = row["studied"]
    return result


def _moment(value) -> datetime.datetime | None:
    """A datetime read with the cursor as an aware datetime (SQLite gives its text, in UTC)."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    moment = parse_datetime(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


PEOPLE = register(
    Source(
        "people",
        apps=("people", "study", "topics", "pledges"),
        compute=_people,
        variant=lambda counts: (bool(STUDIED & counts), bool(PLEDGES & counts), bool(REVIEWS & counts)),
        full_variant=(True, True, True),
        order=0,
    )
)
