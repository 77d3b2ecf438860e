"""Writes on topics: issuing, editing, attaching study material. Each atomic and audited.

Views, the admin and the demo loader call these; each checks its rule first (lamtheo.topics.rules: PermissionDenied
with the reason), like every other action of the project.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.lib.concurrency import save_versioned
from lamtheo.lib.uploads import check_upload
from lamtheo.topics.models import Topic, TopicAttachment

# Fields an edit may change. The issuer and the kind are fixed once a topic is issued: yearly topics hang
# under term-long ones and units below have plans that refer to it.
TOPIC_FIELDS = ["parent", "title", "start_year", "end_year", "description", "document", "deploy_by"]
ATTACHMENT_TYPES = ("pdf", "docx")


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def create_topic(topic: Topic, *, actor) -> Topic:
    require(actor, "topics.issue", topic.unit)
    topic.created_by = _user(actor)
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
    """Store `upload` (PDF or DOCX, checked for size and content) as study material of `topic`.

    The file is written to storage before the row; if anything fails after that, the file is removed again,
    so a refused or failed upload leaves neither a row nor a stray file.
    """
    require(actor, "topics.issue", topic.unit)
    try:
        check_upload(upload, allowed=ATTACHMENT_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    name = (name.strip() or upload.name or "")[: TopicAttachment._meta.get_field("name").max_length]
    attachment = TopicAttachment(topic=topic, name=name, size=upload.size, uploaded_by=_user(actor))
    try:
        with transaction.atomic():
            attachment.file.save(upload.name, upload, save=False)
            attachment.save()
            audit.record(topic, "topic.attachment", actor=actor, note=name)
    except BaseException:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
