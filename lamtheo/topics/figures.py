"""The deployment source: per committee, the topics with a deployment deadline in the period it had to deploy (issued
by a committee above it), and of them those whose plan it issued by the deadline (two queries).

A unit has deployed a topic when it has issued its own plan (a document of type KH) for the topic or for a topic
issued under it; first_plans() says when, for this source and for the topic's deployment page (topics.deployment)
alike, and on_time() whether that was by the deadline.
"""

import datetime
from collections import defaultdict

from django.db.models import Min, Q

from lamtheo.indicators.source import Context, Counts, Source, register
from lamtheo.units.models import Unit

PLAN_TYPE_CODE = "KH"


def first_plans(topic_ids, units) -> dict[tuple[int, int], datetime.date]:
    """{(unit id, topic id): the date of the unit's first issued plan for the topic or a topic under it}, for the
    topics `topic_ids` and the units `units` (ids, or a subquery of them). One query."""
    from lamtheo.documents.models import Document

    topic_ids = set(topic_ids)
    plans = (
        Document.objects.filter(
            Q(topic__in=topic_ids) | Q(topic__parent__in=topic_ids),
            unit__in=units,
            status=Document.Status.ISSUED,
            doc_type__code=PLAN_TYPE_CODE,
            date__isnull=False,
        )
        .order_by()
        .values_list("unit_id", "topic_id", "topic__parent_id")
        .annotate(first=Min("date"))
    )
    first: dict[tuple[int, int], datetime.date] = {}
    for unit_id, topic_id, parent_id, date in plans:
        for pk in (topic_id, parent_id):
            if pk in topic_ids and ((unit_id, pk) not in first or date < first[(unit_id, pk)]):
                first[(unit_id, pk)] = date
    return first


def on_time(plan_date: datetime.date | None, deploy_by: datetime.date | None) -> bool:
    """Whether a plan issued on `plan_date` (None: not yet) deployed a topic due by `deploy_by` on time."""
    return plan_date is not None and (deploy_by is None or plan_date <= deploy_by)


def _deployment(ctx: Context) -> Counts:
    """Per committee: the topics with a deployment deadline in the period that it had to deploy (issued by a
    committee above it) and of them those it deployed on time. Two queries."""
    from lamtheo.topics.models import Topic

    result: Counts = defaultdict(lambda: {"expected": 0, "on_time": 0})
    topics = list(
        Topic.objects.filter(deploy_by__gte=ctx.period.start, deploy_by__lte=ctx.period.end)
        .order_by()
        .values_list("pk", "unit__path", "deploy_by")
    )
    if not topics:
        return result
    first = first_plans([pk for pk, _path, _deadline in topics], ctx.tree.ids())
    committees = [
        node for node in ctx.tree.nodes.values() if node.is_active and node.kind in Unit.COMMITTEE_KINDS
    ]
    for pk, issuer_path, deadline in topics:
        for node in committees:
            if node.path.startswith(issuer_path) and node.path != issuer_path:
                result[node.pk]["expected"] += 1
                result[node.pk]["on_time"] += on_time(first.get((node.pk, pk)), deadline)
    return result


DEPLOYMENT = register(Source("deployment", apps=("topics", "documents"), compute=_deployment))
