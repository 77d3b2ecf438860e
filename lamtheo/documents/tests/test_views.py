"""Document pages (lamtheo/documents/views.py): right persona, 404 outside, 403 without the role, bad input."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.documents import actions, views
from lamtheo.documents.models import (
    Attachment,
    ConsultationResponse,
    Distribution,
    Document,
    DocumentType,
    IssuerProfile,
    NumberSeries,
    Term,
)
from lamtheo.documents.tests.helpers import (
    PDF_BYTES,
    TODAY,
    attach_pdf,
    consult,
    make_draft,
    make_issued_plan,
    make_term,
)
from lamtheo.lib import web
from lamtheo.people.models import Person, Position
from lamtheo.testing import unit
from lamtheo.topics.models import Topic

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
]

CONFLICT = "Hồ sơ này vừa được người khác sửa sau khi anh/chị mở nó."


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def term(db):
    return make_term()


@pytest.fixture
def plan(term, commune_leader, province_staff):
    return make_issued_plan(commune_leader, province_staff)


@pytest.fixture
def draft(commune_leader):
    return make_draft(commune_leader, key="thong_bao", summary="kết luận hội nghị Ban Chấp hành")


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def form_errors(response, name="form") -> str:
    form = response.context[name]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def draft_data(document, **changes):
    data = {
        "doc_type": document.doc_type_id,
        "summary": document.summary,
        "topic": document.topic_id or "",
        "body": document.body,
        "place": document.place,
        "signing_form": document.signing_form,
        "signer_title": document.signer_title,
        "signer_name": document.signer_name,
        "recipients": document.recipients,
        "version": document.version,
    }
    return {**data, **changes}


# --- the permission matrix of this app's URLs ------------------------------------------------------------

ANONYMOUS = "anonymous"
PERSONAS = ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]
LOGIN = "login"


def statuses(anonymous=LOGIN, *, admin, province_staff, commune_leader, secretary, member, outsider):
    return dict(
        zip(
            [ANONYMOUS, *PERSONAS],
            [anonymous, admin, province_staff, commune_leader, secretary, member, outsider],
            strict=True,
        )
    )


EVERYONE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=200
)
POST_ONLY = statuses(
    admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
)
# The issued plan of LB, sent to LB-01 and LB-02: read by everyone in LB's subtree and above.
ISSUED_READ = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=404
)
# A write on the issued plan: the receivers see it but may not change it.
ISSUED_WRITE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=404
)
# A draft of LB: only LB's committee and those above see it.
DRAFT_WRITE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=404, member=404, outsider=404
)

# url name -> (kwargs from the sample objects, statuses)
MATRIX = {
    "documents:index": (lambda s: None, EVERYONE),
    "documents:inbox": (lambda s: None, EVERYONE),
    "documents:acknowledge": (lambda s: {"pk": s["distribution"].pk}, POST_ONLY),
    "documents:create": (
        lambda s: None,
        statuses(admin=200, province_staff=200, commune_leader=200, secretary=200, member=403, outsider=200),
    ),
    "documents:detail": (lambda s: {"pk": s["plan"].pk}, ISSUED_READ),
    "documents:edit": (lambda s: {"pk": s["draft"].pk}, DRAFT_WRITE),
    "documents:versions": (lambda s: {"pk": s["draft"].pk}, DRAFT_WRITE),
    "documents:consult": (lambda s: {"pk": s["draft"].pk}, DRAFT_WRITE),
    "documents:search_invitees": (lambda s: {"pk": s["draft"].pk}, DRAFT_WRITE),
    "documents:respond": (lambda s: {"pk": s["draft"].pk}, POST_ONLY),
    "documents:close_consultation": (lambda s: {"pk": s["draft"].pk}, POST_ONLY),
    "documents:issue": (lambda s: {"pk": s["draft"].pk}, DRAFT_WRITE),
    "documents:recall": (lambda s: {"pk": s["plan"].pk}, ISSUED_WRITE),
    "documents:docx": (lambda s: {"pk": s["plan"].pk}, ISSUED_READ),
    "documents:pdf": (lambda s: {"pk": s["plan"].pk}, ISSUED_READ),
    "documents:attach": (lambda s: {"pk": s["draft"].pk}, POST_ONLY),
    "documents:attachment": (lambda s: {"pk": s["attachment"].pk}, ISSUED_READ),
    "documents:attachment_delete": (lambda s: {"pk": s["attachment"].pk}, POST_ONLY),
    "documents:search_related": (lambda s: None, EVERYONE),
    "documents:search_units": (lambda s: None, EVERYONE),
    # The issuer profile of chi bộ LB-01: its secretary and member see the unit but may not configure it.
    "documents:issuer": (
        lambda s: {"unit_pk": unit("LB-01").pk},
        statuses(admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=404),
    ),
    "documents:add_term": (lambda s: {"unit_pk": unit("LB-01").pk}, POST_ONLY),
}


@pytest.fixture
def samples(plan, draft, commune_leader):
    return {
        "plan": plan,
        "draft": draft,
        "attachment": attach_pdf(plan, commune_leader),
        "distribution": Distribution.objects.get(document=plan, unit=unit("LB-01")),
    }


def test_the_matrix_names_every_url_of_the_app():
    from lamtheo.documents.urls import urlpatterns

    assert {f"documents:{p.name}" for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", [ANONYMOUS, *PERSONAS])
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_status(url_name, persona, client, request, samples, monkeypatch):
    monkeypatch.setattr(views, "render_pdf", lambda document: PDF_BYTES)  # LibreOffice is tested elsewhere
    kwargs, expected = MATRIX[url_name]
    if persona != ANONYMOUS:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name, kwargs=kwargs(samples)))
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"{url_name} as {persona}"


# Writes (POST) by those who must not: 403 when they see the record, 404 when they do not. Nothing changes.
POST_REFUSALS = {
    "documents:acknowledge": (lambda s: {"pk": s["distribution"].pk}, {"member": 403, "outsider": 404}),
    "documents:respond": (lambda s: {"pk": s["plan"].pk}, {"secretary": 403, "member": 403, "outsider": 404}),
    "documents:close_consultation": (
        lambda s: {"pk": s["plan"].pk},
        {"secretary": 403, "member": 403, "outsider": 404},
    ),
    "documents:attach": (lambda s: {"pk": s["plan"].pk}, {"secretary": 403, "member": 403, "outsider": 404}),
    "documents:attachment_delete": (
        lambda s: {"pk": s["attachment"].pk},
        {"secretary": 403, "member": 403, "outsider": 404},
    ),
    "documents:recall": (lambda s: {"pk": s["plan"].pk}, {"secretary": 403, "member": 403, "outsider": 404}),
    "documents:edit": (lambda s: {"pk": s["draft"].pk}, {"secretary": 404, "member": 404, "outsider": 404}),
    "documents:issue": (lambda s: {"pk": s["draft"].pk}, {"secretary": 404, "member": 404, "outsider": 404}),
    "documents:consult": (
        lambda s: {"pk": s["draft"].pk},
        {"secretary": 404, "member": 404, "outsider": 404},
    ),
    "documents:create": (lambda s: None, {"member": 403}),
    "documents:issuer": (
        lambda s: {"unit_pk": unit("LB-01").pk},
        {"secretary": 403, "member": 403, "outsider": 404},
    ),
    "documents:add_term": (
        lambda s: {"unit_pk": unit("LB-01").pk},
        {"secretary": 403, "member": 403, "outsider": 404},
    ),
}


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [(name, persona) for name, (_kwargs, refusals) in sorted(POST_REFUSALS.items()) for persona in refusals],
)
def test_writes_are_refused(url_name, persona, client, request, samples):
    kwargs, refusals = POST_REFUSALS[url_name]
    client.force_login(request.getfixturevalue(persona))
    before = {
        "documents": list(Document.objects.order_by("pk").values()),
        "distributions": list(Distribution.objects.order_by("pk").values()),
        "attachments": Attachment.objects.count(),
        "terms": Term.objects.count(),
    }
    data = {
        "verdict": "agree",
        "recall_reason": "x",
        "name": "NK",
        "start_date": "2025-07-01",
        "date": "2026-03-02",
    }
    response = client.post(reverse(url_name, kwargs=kwargs(samples)), data)
    assert response.status_code == refusals[persona]
    assert before == {
        "documents": list(Document.objects.order_by("pk").values()),
        "distributions": list(Distribution.objects.order_by("pk").values()),
        "attachments": Attachment.objects.count(),
        "terms": Term.objects.count(),
    }


# --- list and search -------------------------------------------------------------------------------------


class TestList:
    def test_search_ignores_accents_and_filters(self, login, commune_leader, plan, draft):
        client = login(commune_leader)
        url = reverse("documents:index")
        assert "01-KH/ĐU" in page_text(client.get(url, {"q": "trien khai hoc tap"}))
        assert draft.summary not in page_text(client.get(url, {"q": "trien khai hoc tap"}))
        assert "01-KH/ĐU" in page_text(client.get(url, {"q": "01-kh"}))
        by_type = page_text(client.get(url, {"type": "thong_bao"}))
        assert draft.summary in by_type and "01-KH/ĐU" not in by_type
        by_status = page_text(client.get(url, {"status": "issued"}))
        assert "01-KH/ĐU" in by_status and draft.summary not in by_status
        assert "01-KH/ĐU" in page_text(client.get(url, {"year": "2026", "unit": unit("LB").pk}))
        assert "01-KH/ĐU" not in page_text(client.get(url, {"year": "2025"}))
        assert "01-KH/ĐU" not in page_text(client.get(url, {"unit": unit("TU").pk}))
        # Malformed filters are ignored, never a 500.
        assert (
            client.get(url, {"year": "abc", "unit": "x", "topic": "1'", "status": "zzz"}).status_code == 200
        )

    def test_topic_filter_offers_visible_topics(self, login, commune_leader, secretary, plan):
        topic = Topic.objects.create(
            unit=unit("TU"), kind=Topic.Kind.YEAR, title="Chuyên đề năm 2026", start_year=2026, end_year=2026
        )
        hidden = Topic.objects.create(
            unit=unit("CD"),
            kind=Topic.Kind.YEAR,
            title="Chuyên đề riêng Châu Đốc",
            start_year=2026,
            end_year=2026,
        )
        Document.objects.filter(pk=plan.pk).update(topic=topic)
        assert topic.get_absolute_url() in page_text(login(secretary).get(plan.get_absolute_url()))
        response = login(secretary).get(reverse("documents:index"), {"topic": topic.pk})
        assert list(response.context["topics"]) == [topic]
        assert hidden.title not in page_text(response)
        assert "01-KH/ĐU" in page_text(response)

    def test_htmx_gets_only_the_table(self, login, secretary, plan):
        response = login(secretary).get(reverse("documents:index"), {"q": "hoc tap"}, HTTP_HX_REQUEST="true")
        html = page_text(response)
        assert "01-KH/ĐU" in html
        assert "<html" not in html

    def test_receivers_see_the_issued_plan_not_the_drafts(
        self, login, secretary, member, outsider, plan, draft
    ):
        for user in (secretary, member):
            html = page_text(login(user).get(reverse("documents:index")))
            assert "01-KH/ĐU" in html and draft.summary not in html
        html = page_text(login(outsider).get(reverse("documents:index")))
        assert "01-KH/ĐU" not in html and draft.summary not in html

    def test_newest_first_drafts_on_top(self, login, commune_leader, plan, draft):
        page = login(commune_leader).get(reverse("documents:index")).context["page"]
        assert list(page.object_list)[:2] == [draft, plan]

    def test_no_query_per_row(
        self, login, commune_leader, province_staff, term, django_assert_max_num_queries
    ):
        for index in range(3):
            make_draft(commune_leader, key="thong_bao", summary=f"thông báo số {index}")
        client = login(commune_leader)
        url = reverse("documents:index")
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for index in range(3, 30):
            document = make_draft(commune_leader, key="thong_bao", summary=f"thông báo số {index}")
            if index % 3 == 0:
                actions.issue_document(document, actor=commune_leader, date=TODAY)
        with django_assert_max_num_queries(len(few)):
            response = client.get(url)
        assert response.context["page"].paginator.count == 30


# --- inbox and acknowledgement ---------------------------------------------------------------------------


class TestInbox:
    def test_secretary_sees_the_plan_and_acknowledges_it_in_place(self, login, secretary, plan):
        client = login(secretary)
        html = page_text(client.get(reverse("documents:inbox")))
        assert "01-KH/ĐU" in html and "Chi bộ Ấp Long Hòa" in html
        row = Distribution.objects.get(document=plan, unit=unit("LB-01"))
        response = client.post(reverse("documents:acknowledge", args=[row.pk]), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        fragment = page_text(response).strip()
        assert fragment.startswith(f'<tr id="distribution-{row.pk}">')
        assert "Đã nhận" in fragment and "secretary" in fragment
        row.refresh_from_db()
        assert row.acknowledged_by == secretary and row.acknowledged_at is not None

    def test_unacknowledged_first(self, login, secretary, commune_leader, plan):
        notice = actions.issue_document(
            make_draft(commune_leader, key="thong_bao", summary="lịch sinh hoạt"),
            actor=commune_leader,
            date=TODAY,
        )
        older = Distribution.objects.get(document=notice, unit=unit("LB-01"))
        actions.acknowledge(older, actor=secretary)
        rows = login(secretary).get(reverse("documents:inbox")).context["rows"]
        assert [r.document for r in rows] == [plan, notice]

    def test_without_htmx_it_redirects_back(self, login, secretary, plan):
        row = Distribution.objects.get(document=plan, unit=unit("LB-01"))
        response = login(secretary).post(
            reverse("documents:acknowledge", args=[row.pk]), {"next": "https://evil.example/"}
        )
        assert response.status_code == 302 and response["Location"] == reverse("documents:inbox")

    def test_a_member_reads_but_may_not_acknowledge(self, login, member, plan):
        client = login(member)
        html = page_text(client.get(reverse("documents:inbox")))
        assert "01-KH/ĐU" in html and "Chưa nhận" in html
        row = Distribution.objects.get(document=plan, unit=unit("LB-01"))
        assert client.post(reverse("documents:acknowledge", args=[row.pk])).status_code == 403
        row.refresh_from_db()
        assert row.acknowledged_at is None

    def test_outsider_gets_404(self, login, outsider, plan):
        row = Distribution.objects.get(document=plan, unit=unit("LB-01"))
        assert login(outsider).post(reverse("documents:acknowledge", args=[row.pk])).status_code == 404
        assert "01-KH/ĐU" not in page_text(login(outsider).get(reverse("documents:inbox")))

    def test_the_committee_sees_its_units_below_on_request(self, login, commune_leader, plan):
        client = login(commune_leader)
        assert "01-KH/ĐU" not in page_text(client.get(reverse("documents:inbox")))
        rows = client.get(reverse("documents:inbox"), {"where": "below"}).context["rows"]
        assert {r.unit.code for r in rows} == {"LB-01", "LB-02"}
        # Its own plan: the issuer watches, the chi bộ acknowledge.
        assert not any(r.can_acknowledge for r in rows)

    def test_a_committee_acknowledges_what_the_province_sends(self, login, commune_leader, province_staff):
        make_term("TU")
        directive = actions.issue_document(
            make_draft(province_staff, key="huong_dan", summary="hướng dẫn học tập", issuer="TU"),
            actor=province_staff,
            date=TODAY,
        )
        assert directive.code == "01-HD/TU"
        client = login(commune_leader)
        rows = client.get(reverse("documents:inbox")).context["rows"]
        assert [(r.document, r.unit.code, r.can_acknowledge) for r in rows] == [(directive, "LB", True)]
        client.post(reverse("documents:acknowledge", args=[rows[0].pk]))
        assert Distribution.objects.get(pk=rows[0].pk).acknowledged_by == commune_leader
        # The province sees who has not.
        html = page_text(login(province_staff).get(directive.get_absolute_url()))
        assert "1/2 đơn vị đã xác nhận đã nhận" in html and "Chưa nhận" in html

    def test_issuer_sees_who_has_not_acknowledged(self, login, commune_leader, secretary, plan):
        actions.acknowledge(Distribution.objects.get(document=plan, unit=unit("LB-01")), actor=secretary)
        response = login(commune_leader).get(plan.get_absolute_url())
        html = page_text(response)
        assert "1/2 đơn vị đã xác nhận đã nhận" in html
        assert "Chi bộ Ấp Long Thạnh" in html

    def test_no_query_per_row(self, login, secretary, commune_leader, term, django_assert_max_num_queries):
        for index in range(3):
            actions.issue_document(
                make_draft(commune_leader, key="thong_bao", summary=f"thông báo {index}"),
                actor=commune_leader,
                date=TODAY,
            )
        client = login(secretary)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("documents:inbox"))
        for index in range(3, 30):
            actions.issue_document(
                make_draft(commune_leader, key="thong_bao", summary=f"thông báo {index}"),
                actor=commune_leader,
                date=TODAY,
            )
        with django_assert_max_num_queries(len(few)):
            response = client.get(reverse("documents:inbox"))
        assert response.context["page"].paginator.count == 30


# --- drafting --------------------------------------------------------------------------------------------


class TestDrafting:
    def test_commune_leader_drafts_a_plan_citing_an_issued_document(self, login, commune_leader, plan):
        client = login(commune_leader)
        form = client.get(reverse("documents:create")).context["form"]
        assert form.initial["unit"] == unit("LB").pk  # the one unit they may draft for
        data = {
            "unit": unit("LB").pk,
            "doc_type": DocumentType.objects.get(key="ke_hoach").pk,
            "summary": "tổ chức hội nghị học tập chuyên đề",
            "body": "I. MỤC ĐÍCH\n1. Quán triệt chuyên đề.",
            "signer_title": "BÍ THƯ",
            "signer_name": "Nguyễn Văn Hùng",
            "recipients": "Các chi bộ trực thuộc",
            "related": [plan.pk],
        }
        response = client.post(reverse("documents:create"), data)
        document = Document.objects.get(summary="tổ chức hội nghị học tập chuyên đề")
        assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
        assert (document.status, document.version, document.created_by) == ("draft", 1, commune_leader)
        assert list(document.related.all()) == [plan]
        assert document.place == "Long Bình" and document.signing_form == "T/M BAN THƯỜNG VỤ"
        assert document.versions.count() == 1

    def test_missing_fields_are_named_and_nothing_is_saved(self, login, commune_leader):
        before = Document.objects.count()
        response = login(commune_leader).post(
            reverse("documents:create"), {"unit": unit("LB").pk, "body": "x"}
        )
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"doc_type", "summary"}
        assert Document.objects.count() == before

    def test_the_secretary_drafts_for_their_chi_bo_only(self, login, secretary):
        client = login(secretary)
        form = client.get(reverse("documents:create")).context["form"]
        assert [pk for pk, _label in form.fields["unit"].choices if pk] == [unit("LB-01").pk]
        data = {"doc_type": DocumentType.objects.get(key="thong_bao").pk, "summary": "lịch sinh hoạt chi bộ"}
        response = client.post(reverse("documents:create"), {**data, "unit": unit("LB").pk})
        assert "unit" in response.context["form"].errors
        assert not Document.objects.filter(summary="lịch sinh hoạt chi bộ").exists()
        response = client.post(reverse("documents:create"), {**data, "unit": unit("LB-01").pk})
        document = Document.objects.get(summary="lịch sinh hoạt chi bộ")
        assert document.unit == unit("LB-01") and document.signing_form == "T/M CHI BỘ"

    def test_a_member_may_not_draft(self, login, member):
        assert login(member).get(reverse("documents:create")).status_code == 403
        assert login(member).post(reverse("documents:create"), {"unit": unit("LB-01").pk}).status_code == 403

    def test_the_bi_thu_is_suggested_as_signer(self, login, commune_leader):
        hung = Person.objects.create(
            unit=unit("LB"),
            full_name="Nguyễn Văn Hùng",
            party_status=Person.PartyStatus.FULL,
            date_joined_party=datetime.date(2000, 1, 1),
            date_official=datetime.date(2001, 1, 1),
        )
        Position.objects.create(person=hung, unit=unit("LB"), kind=Position.Kind.SECRETARY)
        response = login(commune_leader).get(reverse("documents:create"))
        assert response.context["form"].initial["signer_name"] == "Nguyễn Văn Hùng"
        assert response.context["form"].initial["signer_title"] == "BÍ THƯ"
        assert '<option value="Nguyễn Văn Hùng">' in response.content.decode()

    def test_concurrent_edits_show_the_conflict_and_keep_the_first(
        self, login, client, commune_leader, draft
    ):
        url = reverse("documents:edit", args=[draft.pk])
        login(commune_leader)
        read = Document.objects.get(pk=draft.pk)
        first = client.post(url, draft_data(read, body="Nội dung sửa lần một."))
        assert first.status_code == 302
        second = client.post(url, draft_data(read, body="Nội dung sửa cùng lúc."))
        assert second.status_code == 200
        assert CONFLICT in page_text(second)
        draft.refresh_from_db()
        assert (draft.body, draft.version) == ("Nội dung sửa lần một.", 2)

    def test_an_invitee_reads_the_draft_but_may_not_edit_it(self, login, commune_leader, secretary, draft):
        consult(draft, commune_leader, secretary, close=False)
        client = login(secretary)
        assert client.get(draft.get_absolute_url()).status_code == 200
        assert client.get(reverse("documents:edit", args=[draft.pk])).status_code == 403
        assert client.post(reverse("documents:edit", args=[draft.pk]), draft_data(draft)).status_code == 403
        assert client.get(reverse("documents:versions", args=[draft.pk])).status_code == 200

    def test_an_issued_document_is_not_edited(self, login, commune_leader, plan):
        response = login(commune_leader).get(reverse("documents:edit", args=[plan.pk]), follow=True)
        assert "không sửa được" in page_text(response)

    def test_versions_are_compared_with_changes_marked(self, login, commune_leader, draft):
        client = login(commune_leader)
        url = reverse("documents:edit", args=[draft.pk])
        lines = draft.body.splitlines()
        lines[2] = "1. Nâng cao nhận thức và trách nhiệm nêu gương của cán bộ, đảng viên."
        client.post(url, draft_data(draft, body="\n".join(lines)))
        draft.refresh_from_db()
        client.post(url, draft_data(draft, body=draft.body + "\nIII. TỔ CHỨC THỰC HIỆN"))
        response = client.get(reverse("documents:versions", args=[draft.pk]), {"a": 1, "b": 3})
        comparison = response.context["comparison"]
        assert (comparison["old"].number, comparison["new"].number) == (1, 3)
        kinds = [row.kind for row in comparison["body"]]
        assert kinds.count("changed") == 1 and kinds.count("added") == 1
        html = response.content.decode()
        assert "1. Nâng cao nhận thức <ins>và trách nhiệm nêu gương </ins>của cán bộ, đảng viên." in html
        assert '<tr class="added"><td class="old"' in html and "III. TỔ CHỨC THỰC HIỆN" in html

    def test_versions_escape_what_was_typed(self, login, commune_leader, draft):
        client = login(commune_leader)
        client.post(
            reverse("documents:edit", args=[draft.pk]), draft_data(draft, body="<script>alert(1)</script>")
        )
        html = client.get(reverse("documents:versions", args=[draft.pk])).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


# --- consultation ----------------------------------------------------------------------------------------


class TestConsultation:
    def test_open_answer_see_and_close(self, login, client, commune_leader, province_staff, secretary, term):
        plan = make_draft(commune_leader)
        login(commune_leader)
        form = client.get(reverse("documents:consult", args=[plan.pk])).context["form"]
        offered = {pk for pk, _label in form.fields["invitees"].widget.choices}
        assert {province_staff.pk, secretary.pk} <= offered
        response = client.post(
            reverse("documents:consult", args=[plan.pk]),
            {
                "invitees": [province_staff.pk, secretary.pk],
                "deadline": "2026-03-09",
                "message": "Xin ý kiến",
            },
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == Document.Status.CONSULTATION

        # Each invitee sees what they are asked about, on the inbox and list pages.
        login(secretary)
        for url in (reverse("documents:inbox"), reverse("documents:index")):
            html = page_text(client.get(url))
            assert "Dự thảo đang xin ý kiến của anh/chị" in html and "Chưa trả lời" in html
        response = client.post(
            reverse("documents:respond", args=[plan.pk]), {"verdict": "comment", "comment": ""}
        )
        assert "Hãy ghi nội dung góp ý" in form_errors(response, "respond_form")
        client.post(
            reverse("documents:respond", args=[plan.pk]),
            {"verdict": "comment", "comment": "Bổ sung chỉ tiêu cho chi bộ."},
        )
        login(province_staff)
        client.post(reverse("documents:respond", args=[plan.pk]), {"verdict": "agree"})

        # The issuer sees who answered what.
        login(commune_leader)
        html = page_text(client.get(plan.get_absolute_url()))
        assert (
            "2/2 người đã trả lời" in html and "Bổ sung chỉ tiêu cho chi bộ." in html and "Nhất trí" in html
        )
        response = client.post(reverse("documents:close_consultation", args=[plan.pk]), follow=True)
        assert "Đã kết thúc lấy ý kiến: 2/2 người đã trả lời." in page_text(response)
        plan.refresh_from_db()
        assert plan.status == Document.Status.DRAFT

    def test_a_closed_consultation_takes_no_answers(self, login, commune_leader, secretary, draft):
        consult(draft, commune_leader, secretary)
        response = login(secretary).post(
            reverse("documents:respond", args=[draft.pk]), {"verdict": "agree"}, follow=True
        )
        assert "Đợt lấy ý kiến này đã kết thúc." in page_text(response)

    def test_only_invitees_answer(self, login, commune_leader, province_staff, member, draft):
        consult(draft, commune_leader, province_staff, close=False)
        assert (
            login(commune_leader)
            .post(reverse("documents:respond", args=[draft.pk]), {"verdict": "agree"})
            .status_code
            == 403
        )
        assert (
            login(member)
            .post(reverse("documents:respond", args=[draft.pk]), {"verdict": "agree"})
            .status_code
            == 404
        )

    def test_invitees_outside_the_candidates_are_refused(self, login, commune_leader, outsider, draft):
        response = login(commune_leader).post(
            reverse("documents:consult", args=[draft.pk]),
            {"invitees": [outsider.pk], "deadline": "2026-03-09"},
        )
        assert "invitees" in response.context["form"].errors
        assert not draft.consultations.exists()

    def test_a_past_deadline_is_refused_on_its_field(self, login, commune_leader, province_staff, draft):
        response = login(commune_leader).post(
            reverse("documents:consult", args=[draft.pk]),
            {"invitees": [province_staff.pk], "deadline": "2026-03-01"},
        )
        assert "Hạn góp ý không thể là một ngày đã qua." in form_errors(response)
        assert not draft.consultations.exists()

    def test_searching_invitees_finds_people_in_scope_only(self, login, commune_leader, draft):
        client = login(commune_leader)
        url = reverse("documents:search_invitees", args=[draft.pk])
        html = client.get(url, {"q": "secre"}).content.decode()
        assert "secretary" in html and 'name="invitees"' in html
        assert "outsider" not in client.get(url, {"q": "outsider"}).content.decode()
        shown = (
            client.get(reverse("documents:consult", args=[draft.pk])).context["form"].fields["invitees"].shown
        )
        assert "secretary" not in client.get(url, {"q": "secre", "shown": shown + ",x"}).content.decode()


# --- issuing and recall ----------------------------------------------------------------------------------


class TestIssue:
    def test_a_plan_without_consultation_is_refused_on_the_page_and_nothing_saved(
        self, login, commune_leader, term
    ):
        plan = make_draft(commune_leader)
        response = login(commune_leader).post(
            reverse("documents:issue", args=[plan.pk]),
            {"date": "2026-03-02", "recipients": [unit("LB-01").pk]},
        )
        assert response.status_code == 200
        assert "Kế hoạch phải được lấy ý kiến tập thể trước khi ban hành." in page_text(response)
        plan.refresh_from_db()
        assert (plan.status, plan.number, plan.code) == ("draft", None, "")
        assert not Distribution.objects.filter(document=plan).exists()
        assert not NumberSeries.objects.filter(unit=unit("LB")).exists()

    def test_issue_numbers_and_distributes_to_the_units_below(
        self, login, commune_leader, province_staff, term
    ):
        plan = consult(make_draft(commune_leader), commune_leader, province_staff)
        client = login(commune_leader)
        form = client.get(reverse("documents:issue", args=[plan.pk])).context["form"]
        assert form.initial["recipients"] == [unit("LB-01").pk, unit("LB-02").pk]
        assert form["date"].value() == TODAY
        response = client.post(
            reverse("documents:issue", args=[plan.pk]),
            {"date": "2026-03-02", "recipients": [unit("LB-01").pk, unit("LB-02").pk]},
            follow=True,
        )
        html = page_text(response)
        assert (
            "Kế hoạch số 01-KH/ĐU" in html and "Đã ban hành văn bản số 01-KH/ĐU và gửi đến 2 đơn vị." in html
        )
        assert set(Distribution.objects.filter(document=plan).values_list("unit__code", flat=True)) == {
            "LB-01",
            "LB-02",
        }

    def test_a_future_date_is_refused_on_its_field(self, login, commune_leader, draft, term):
        response = login(commune_leader).post(
            reverse("documents:issue", args=[draft.pk]), {"date": "2026-03-03"}
        )
        assert response.context["form"].errors["date"] == ["Ngày ban hành không thể ở tương lai."]
        draft.refresh_from_db()
        assert draft.status == "draft" and draft.number is None

    def test_a_colliding_number_is_refused_on_its_field(self, login, commune_leader, term):
        client = login(commune_leader)
        first = make_draft(commune_leader, key="thong_bao", summary="thông báo một")
        client.post(reverse("documents:issue", args=[first.pk]), {"date": "2026-03-02", "number": "7"})
        second = make_draft(commune_leader, key="thong_bao", summary="thông báo hai")
        response = client.post(
            reverse("documents:issue", args=[second.pk]), {"date": "2026-03-02", "number": "7"}
        )
        assert "Số 07 đã được dùng" in response.context["form"].errors["number"][0]
        second.refresh_from_db()
        assert (second.status, second.number) == ("draft", None)

    def test_no_term_is_explained(self, login, commune_leader, draft):
        response = login(commune_leader).get(reverse("documents:issue", args=[draft.pk]))
        assert "chưa khai báo nhiệm kỳ" in page_text(response)
        response = login(commune_leader).post(
            reverse("documents:issue", args=[draft.pk]), {"date": "2026-03-02"}
        )
        assert "chưa khai báo nhiệm kỳ" in form_errors(response)

    def test_recipients_outside_the_scope_are_refused(self, login, commune_leader, draft, term):
        response = login(commune_leader).post(
            reverse("documents:issue", args=[draft.pk]),
            {"date": "2026-03-02", "recipients": [unit("CD-01").pk]},
        )
        assert "recipients" in response.context["form"].errors
        assert not Distribution.objects.filter(document=draft).exists()

    def test_search_units_offers_visible_units(self, login, commune_leader):
        html = (
            login(commune_leader).get(reverse("documents:search_units"), {"q": "long thanh"}).content.decode()
        )
        assert "Chi bộ Ấp Long Thạnh" in html and 'name="recipients"' in html
        assert (
            "Khóm 1"
            not in login(commune_leader)
            .get(reverse("documents:search_units"), {"q": "khom"})
            .content.decode()
        )

    def test_recall_needs_a_reason(self, login, commune_leader, plan):
        client = login(commune_leader)
        response = client.post(reverse("documents:recall", args=[plan.pk]), {"recall_reason": " "})
        assert "recall_reason" in response.context["form"].errors
        response = client.post(
            reverse("documents:recall", args=[plan.pk]), {"recall_reason": "Sai ngày"}, follow=True
        )
        plan.refresh_from_db()
        assert plan.status == "recalled" and "Văn bản đã bị thu hồi. Lý do: Sai ngày" in page_text(response)

    def test_a_commune_may_not_touch_what_the_province_sent_it(self, login, province_staff, commune_leader):
        make_term("TU")
        directive = actions.issue_document(
            make_draft(province_staff, key="huong_dan", summary="hướng dẫn học tập", issuer="TU"),
            actor=province_staff,
            date=TODAY,
        )
        province_draft = make_draft(
            province_staff, key="thong_bao", summary="dự thảo của Tỉnh ủy", issuer="TU"
        )
        client = login(commune_leader)
        assert client.get(directive.get_absolute_url()).status_code == 200
        assert client.get(reverse("documents:recall", args=[directive.pk])).status_code == 403
        assert (
            client.post(reverse("documents:recall", args=[directive.pk]), {"recall_reason": "x"}).status_code
            == 403
        )
        assert client.get(reverse("documents:edit", args=[province_draft.pk])).status_code == 404
        assert (
            client.post(
                reverse("documents:issue", args=[province_draft.pk]), {"date": "2026-03-02"}
            ).status_code
            == 404
        )

    def test_receivers_may_not_recall(self, login, secretary, plan):
        assert (
            login(secretary)
            .post(reverse("documents:recall", args=[plan.pk]), {"recall_reason": "x"})
            .status_code
            == 403
        )
        plan.refresh_from_db()
        assert plan.status == "issued"

    def test_the_related_search_finds_issued_documents_only(self, login, commune_leader, plan, draft):
        html = (
            login(commune_leader)
            .get(reverse("documents:search_related"), {"q": "trien khai"})
            .content.decode()
        )
        assert "01-KH/ĐU ngày 02/03/2026" in html
        html = (
            login(commune_leader).get(reverse("documents:search_related"), {"q": "ket luan"}).content.decode()
        )
        assert draft.summary not in html


# --- the document page, renderings and attachments -------------------------------------------------------


class TestDocumentPage:
    def test_shows_code_status_body_and_history(self, login, commune_leader, plan):
        html = page_text(login(commune_leader).get(plan.get_absolute_url()))
        for text in (
            "Kế hoạch số 01-KH/ĐU",
            "Đã ban hành",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "ĐẢNG ỦY XÃ LONG BÌNH",
            "Long Bình, ngày 02 tháng 03 năm 2026",
            "Lịch sử thay đổi",
            "1/1 người đã trả lời",
        ):
            assert text in html, text

    def test_receivers_do_not_see_the_workings(self, login, secretary, plan):
        context = login(secretary).get(plan.get_absolute_url()).context
        assert context["history"] == [] and context["consultations"] == []
        assert [d.unit.code for d in context["distributions"]] == ["LB-01"]

    def test_docx_download_has_an_ascii_name(self, login, secretary, plan):
        response = login(secretary).get(reverse("documents:docx", args=[plan.pk]))
        assert response["Content-Type"] == web.DOCX_TYPE
        assert response["Content-Disposition"] == (
            'attachment; filename="01-KH-DU-trien-khai-hoc-tap-chuyen-de-nam-2026.docx"'
        )
        assert response.content[:2] == b"PK"

    def test_pdf_without_libreoffice_says_so_on_the_page(self, login, secretary, plan, monkeypatch):
        monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: None)
        client = login(secretary)
        response = client.get(reverse("documents:pdf", args=[plan.pk]))
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        html = page_text(client.get(plan.get_absolute_url()))
        assert "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF" in html

    def test_attachments_upload_download_and_scope(
        self, login, client, commune_leader, secretary, outsider, draft
    ):
        login(commune_leader)
        upload = SimpleUploadedFile("bao-cao.pdf", PDF_BYTES, content_type="application/pdf")
        response = client.post(reverse("documents:attach", args=[draft.pk]), {"file": upload})
        assert response.status_code == 302
        item = Attachment.objects.get(document=draft)
        assert (item.name, item.size, item.uploaded_by) == ("bao-cao.pdf", len(PDF_BYTES), commune_leader)
        download = client.get(reverse("documents:attachment", args=[item.pk]))
        assert b"".join(download.streaming_content) == PDF_BYTES
        assert 'filename="bao-cao.pdf"' in download["Content-Disposition"]
        assert login(outsider).get(reverse("documents:attachment", args=[item.pk])).status_code == 404
        assert (
            login(secretary).get(reverse("documents:attachment", args=[item.pk])).status_code == 404
        )  # a draft
        login(commune_leader).post(reverse("documents:attachment_delete", args=[item.pk]))
        assert not Attachment.objects.filter(document=draft).exists()
        actions_done = AuditEvent.objects.for_object(draft).values_list("action", "note")
        assert {
            ("document.attachment_add", "bao-cao.pdf"),
            ("document.attachment_remove", "bao-cao.pdf"),
        } <= set(actions_done)

    def test_a_mislabelled_attachment_is_refused(self, login, commune_leader, draft):
        fake = SimpleUploadedFile(
            "ke-hoach.pdf", b"just some text, not a PDF", content_type="application/pdf"
        )
        response = login(commune_leader).post(reverse("documents:attach", args=[draft.pk]), {"file": fake})
        assert response.status_code == 200
        assert "không phải là PDF như đuôi tệp ghi" in form_errors(response, "upload_form")
        assert not Attachment.objects.filter(document=draft).exists()

    def test_a_too_big_attachment_is_refused(self, login, commune_leader, draft, settings):
        settings.UPLOAD_MAX_MB = 1
        big = SimpleUploadedFile("so-lieu.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
        response = login(commune_leader).post(reverse("documents:attach", args=[draft.pk]), {"file": big})
        assert "vượt mức cho phép 1 MB" in form_errors(response, "upload_form")
        assert not Attachment.objects.filter(document=draft).exists()

    def test_an_unknown_kind_is_refused(self, login, commune_leader, draft):
        exe = SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00")
        response = login(commune_leader).post(reverse("documents:attach", args=[draft.pk]), {"file": exe})
        assert "không đúng loại" in form_errors(response, "upload_form")

    def test_attachments_are_removed_by_the_drafter_only(
        self, login, commune_leader, province_staff, secretary, draft
    ):
        consult(draft, commune_leader, secretary, close=False)
        item = attach_pdf(draft, commune_leader)
        assert (
            login(secretary).post(reverse("documents:attachment_delete", args=[item.pk])).status_code == 403
        )
        assert (
            login(province_staff).post(reverse("documents:attachment_delete", args=[item.pk])).status_code
            == 302
        )
        assert not Attachment.objects.filter(pk=item.pk).exists()


# --- issuer profile and terms ----------------------------------------------------------------------------


class TestIssuer:
    def test_commune_leader_sets_the_issuer_code_and_adds_a_term(self, login, commune_leader):
        client = login(commune_leader)
        url = reverse("documents:issuer", args=[unit("LB").pk])
        profile = client.get(url).context["profile_form"].instance
        assert (profile.issuer_code, profile.place) == ("ĐU", "Long Bình")
        data = {
            "issuer_code": "ĐUX",
            "superior_body": profile.superior_body,
            "issuing_body": profile.issuing_body,
            "place": "Long Bình",
            "signing_form": "T/M ĐẢNG ỦY",
            "consultation_types": [DocumentType.objects.get(key="nghi_quyet").pk],
        }
        assert client.post(url, data).status_code == 302
        profile = IssuerProfile.objects.get(unit=unit("LB"))
        assert profile.issuer_code == "ĐUX"
        assert list(profile.consultation_types.values_list("key", flat=True)) == ["nghi_quyet"]
        response = client.post(
            reverse("documents:add_term", args=[unit("LB").pk]),
            {"name": "Nhiệm kỳ 2025 – 2030", "start_date": "2025-07-01"},
        )
        assert response.status_code == 302
        assert Term.objects.get(unit=unit("LB")).start_date == datetime.date(2025, 7, 1)
        history = AuditEvent.objects.for_object(unit("LB"))
        changed = history.get(action="unit.issuer_profile").changes
        assert changed["issuer_code"] == ["ĐU", "ĐUX"]
        assert history.get(action="unit.term_add").changes == {"term": [None, "Nhiệm kỳ 2025 – 2030"]}

    def test_bad_terms_are_refused(self, login, commune_leader, term):
        url = reverse("documents:add_term", args=[unit("LB").pk])
        response = login(commune_leader).post(url, {"name": "Trùng", "start_date": "2025-07-01"})
        assert "Đơn vị đã có một nhiệm kỳ bắt đầu ngày 01/07/2025." in form_errors(response, "term_form")
        response = login(commune_leader).post(
            url, {"name": "Ngược", "start_date": "2030-07-01", "end_date": "2030-01-01"}
        )
        assert "không thể trước ngày bắt đầu" in form_errors(response, "term_form")
        assert Term.objects.filter(unit=unit("LB")).count() == 1

    def test_a_secretary_may_not_configure_nor_add_terms(self, login, secretary):
        url = reverse("documents:add_term", args=[unit("LB-01").pk])
        response = login(secretary).post(url, {"name": "NK", "start_date": "2025-07-01"})
        assert response.status_code == 403
        assert not Term.objects.filter(unit=unit("LB-01")).exists()
        assert login(secretary).post(reverse("documents:add_term", args=[unit("LB").pk])).status_code == 404


def test_the_answers_are_kept_per_version(commune_leader, province_staff, draft):
    """The consultation table says which version each person answered on."""
    consultation = actions.open_consultation(
        draft, users=[province_staff], deadline=TODAY, message="", actor=commune_leader
    )
    response = consultation.responses.get()
    actions.respond(response, verdict=ConsultationResponse.Verdict.AGREE, comment="", actor=province_staff)
    response.refresh_from_db()
    assert response.answered_version == 1
