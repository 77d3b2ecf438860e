"""The documents admin: configuration for system admins; documents read-only (writes go through actions)."""

import pytest
from django.urls import reverse

from lamtheo.documents.models import Document, DocumentType
from lamtheo.documents.tests.helpers import make_draft, make_term

pytestmark = pytest.mark.django_db


def test_admin_pages_open_for_a_system_admin(client, admin, commune_leader):
    make_term()
    draft = make_draft(commune_leader)
    client.force_login(admin)
    for name in ("documenttype", "issuerprofile", "term", "document"):
        assert client.get(reverse(f"admin:documents_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:documents_document_change", args=[draft.pk])).status_code == 200


def test_documents_are_read_only_in_the_admin(client, admin, commune_leader):
    draft = make_draft(commune_leader)
    client.force_login(admin)
    assert client.get(reverse("admin:documents_document_add")).status_code == 403
    response = client.post(reverse("admin:documents_document_change", args=[draft.pk]), {"summary": "x"})
    assert response.status_code == 403
    assert Document.objects.get(pk=draft.pk).summary == draft.summary
    assert (
        client.post(reverse("admin:documents_document_delete", args=[draft.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_types_in_use_are_not_deleted(client, admin):
    client.force_login(admin)
    kind = DocumentType.objects.get(key="ke_hoach")
    assert client.get(reverse("admin:documents_documenttype_delete", args=[kind.pk])).status_code == 403


def test_others_stay_out(client, province_staff):
    client.force_login(province_staff)
    assert client.get(reverse("admin:documents_document_changelist")).status_code == 302
