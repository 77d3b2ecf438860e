"""Writes on topics: issuing, editing, attaching study material. Each atomic and audited.

Views, the admin and the demo loader call these; each checks its rule first (lamtheo.topics.rules: PermissionDenied
with the reason), like every other action of the project.
"""

from django.db import transaction

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib.concurrency import save_versioned
from lamtheo.lib.uploads import store
from lamtheo.topics.models import Topic, TopicAttachment

# Fields an edit may change. The issuer and the kind are fixed once a topic is issued: yearly topics hang
# under term-long ones and units below have plans that refer to it.
TOPIC_FIELDS = ["parent", "title", "start_year", "end_year", "description", "document", "deploy_by"]


@transaction.atomic
def create_topic(topic: Topic, *, actor) -> Topic:
    require(actor, "topics.issue", topic.unit)
    topic.created_by = user_of(actor)
    topic.full_clean(exclude=["created_by"])
    topic.save()
    audit.record(
        topic,
        "topic.create",
        actor=actor,
        changes={
            field: [None, value]
            for field, value in audit.snapshot(topic, ["kind", *TOPIC_FIELDS]).items()
            if value not in (None, "")
        },
    )
    return topic


@transaction.atomic
def update_topic(topic: Topic, *, actor, expected_version: int) -> Topic:
    """Save the edited `topic`; ConflictError if someone saved it since `expected_version`, and nothing is written."""
    require(actor, "topics.issue", topic.unit)
    current = Topic.objects.select_for_update().get(pk=topic.pk)
    topic.unit_id, topic.kind = current.unit_id, current.kind
    topic.full_clean(exclude=["created_by"])
    topic.refresh_derived()
    save_versioned(topic, expected_version, [*TOPIC_FIELDS, "search_text"])
    changes = audit.diff(audit.snapshot(current, TOPIC_FIELDS), audit.snapshot(topic, TOPIC_FIELDS))
    if changes:
        audit.record(topic, "topic.update", actor=actor, changes=changes)
    return topic


def add_attachment(topic: Topic, upload, *, actor, name: str = "") -> TopicAttachment:
    """Store `upload` (PDF or DOCX, checked for size and content) as study material of `topic`
    (lib.uploads.store: a refused or failed upload leaves neither a row nor a stray file)."""
    require(actor, "topics.issue", topic.unit)
    attachment = TopicAttachment(topic=topic, uploaded_by=user_of(actor))
    return store(
        attachment,
        upload,
        name=name,
        then=lambda: audit.record(topic, "topic.attachment", actor=actor, note=attachment.name),
    )
