"""The exemplars source: per committee, the exemplars it recognised in the period (by the day of recognition), how
many were collectives and individuals, and of the individuals how many are Party members (one grouped query; the
indicators in registry.py name its counts).

An exemplar counts where it was recognised (its verifier, the level that recognised it), so a unit's figure is the
recognitions of its committee and of the committees below it; one recognised at a commune and again at the province
after being forwarded is two recognitions.
"""

from django.db.models import Count, Q

from lamtheo.indicators.source import Context, Counts, Source, per_unit, register


def recognised(ctx: Context):
    """The exemplars recognised by the units read during the period, up to today."""
    from lamtheo.exemplars.models import Exemplar

    return Exemplar.objects.recognised().filter(
        verifier__in=ctx.tree.ids(),
        recognised_on__gte=ctx.period.start,
        recognised_on__lte=min(ctx.period.end, ctx.today),
    )


def _exemplars(ctx: Context) -> Counts:
    from lamtheo.exemplars.models import Exemplar
    from lamtheo.people.models import Person

    person = Q(kind=Exemplar.Kind.PERSON)
    return per_unit(
        recognised(ctx)
        .order_by()
        .values("verifier_id")
        .annotate(
            recognised=Count("pk"),
            collectives=Count("pk", filter=Q(kind=Exemplar.Kind.COLLECTIVE)),
            individuals=Count("pk", filter=person),
            members=Count("pk", filter=person & ~Q(person__party_status=Person.PartyStatus.NON_MEMBER)),
        )
    )


EXEMPLARS = register(Source("exemplars", apps=("exemplars", "people"), compute=_exemplars))
