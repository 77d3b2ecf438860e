"""The deployment source: per committee, the topics with a deployment deadline in the period it had to deploy (issued
by a committee above it), and of them those whose plan it issued by the deadline (two queries)."""

import datetime
from collections import defaultdict

from django.db.models import Min, Q

from lamtheo.indicators.source import Context, Counts, Source, register
from lamtheo.units.models import Unit

PLAN_TYPE_CODE = "KH"  # as topics.deployment


def _deployment(ctx: Context) -> Counts:
    """Per committee: the topics with a deployment deadline in the period that it had to deploy (issued by a
    committee above it) and of them those it deployed on time (its first plan issued by the deadline, as
    topics.deployment). Two queries."""
    from lamtheo.documents.models import Document
    from lamtheo.topics.models import Topic

    result: Counts = defaultdict(lambda: {"expected": 0, "on_time": 0})
    topics = list(
        Topic.objects.filter(deploy_by__gte=ctx.period.start, deploy_by__lte=ctx.period.end)
        .order_by()
        .values_list("pk", "unit__path", "deploy_by")
    )
    if not topics:
        return result
    topic_ids = [pk for pk, _path, _deadline in topics]
    plans = (
        Document.objects.filter(
            Q(topic__in=topic_ids) | Q(topic__parent__in=topic_ids),
            unit__in=ctx.tree.ids(),
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
    committees = [
        node for node in ctx.tree.nodes.values() if node.is_active and node.kind in Unit.COMMITTEE_KINDS
    ]
    for pk, issuer_path, deadline in topics:
        for node in committees:
            if node.path.startswith(issuer_path) and node.path != issuer_path:
                result[node.pk]["expected"] += 1
                plan = first.get((node.pk, pk))
                if plan is not None and plan <= deadline:
                    result[node.pk]["on_time"] += 1
    return result


DEPLOYMENT = register(Source("deployment", apps=("topics", "documents"), compute=_deployment))
