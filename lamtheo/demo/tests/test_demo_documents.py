"""The demo's terms, topics and documents, on a tiny demo province built once for this module and rolled back."""

import datetime
from collections import defaultdict

import pytest
from django.db.models import Q
from django.utils import timezone

from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import builder, documents
from lamtheo.demo.population import AS_OF
from lamtheo.documents import actions
from lamtheo.documents.models import (
    ConsultationResponse,
    Distribution,
    Document,
    DocumentType,
    DocumentVersion,
    IssuerProfile,
    NumberSeries,
    Term,
)
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

TINY = builder.Scale(communes=3, people_per_cell=8)  # the size of conftest.tiny_demo
pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers
TINY_OPTIONS = {"communes": 3, "people_per_cell": 8}
Status = Document.Status


@pytest.fixture(scope="module")
def demo(tiny_demo):
    """The tiny demo (conftest.py), built once for all the modules that read it."""
    return tiny_demo


@pytest.fixture
def root(demo, db):
    return Unit.objects.get(code=builder.ROOT_CODE)


@pytest.fixture
def commune(root):
    return Unit.objects.get(name="Đảng ủy xã Cù Lao Giêng")


def demo_documents(root):
    return Document.objects.filter(subtree_q(root.path, "unit__path"))


def below(root):
    """The committees directly under the Tỉnh ủy today: the communes and the provincial agency committees."""
    return Unit.objects.children_of(root).active().filter(kind__in=Unit.COMMITTEE_KINDS)


def snapshot(root):
    return list(
        demo_documents(root)
        .order_by("unit__code", "created_at", "summary")
        .values_list("unit__code", "doc_type__key", "code", "summary", "status", "date", "version")
    )


def test_terms(root, commune):
    terms = {t.name: t for t in Term.objects.filter(unit=root)}
    assert set(terms) == {documents.OLD_TERM, documents.TERM}
    assert (terms[documents.OLD_TERM].start_date, terms[documents.OLD_TERM].end_date) == (
        datetime.date(2020, 10, 1),
        datetime.date(2025, 10, 2),
    )
    assert (terms[documents.TERM].start_date, terms[documents.TERM].end_date) == (
        documents.PROVINCE_CONGRESS,
        None,
    )
    new = Term.objects.get(unit=commune, name=documents.TERM)
    assert datetime.date(2025, 7, 1) <= new.start_date <= datetime.date(2025, 8, 31)
    assert Term.objects.get(
        unit=commune, name=documents.OLD_TERM
    ).end_date == new.start_date - datetime.timedelta(1)
    # Every committee and chi bộ working today numbers its documents in a term.
    units = Unit.objects.subtree_of(root).active().exclude(kind=Unit.Kind.GROUP)
    for unit in units:
        assert actions.term_for(unit, AS_OF).name in (documents.TERM, documents.CELL_TERM), unit
    # The communes closed by the merge have only their finished term.
    closed = Unit.objects.subtree_of(root).filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=False)
    assert closed.exists()
    for unit in closed:
        assert list(unit.terms.values_list("name", "end_date")) == [
            (documents.OLD_TERM, datetime.date(2025, 6, 30))
        ]


def test_issuer_profiles(root, commune):
    province = IssuerProfile.objects.get(unit=root)
    assert (province.issuer_code, province.superior_body, province.issuing_body, province.place) == (
        "TU",
        "",
        "TỈNH ỦY AN GIANG",
        "An Giang",
    )
    mine = IssuerProfile.objects.get(unit=commune)
    assert (mine.issuer_code, mine.superior_body, mine.issuing_body, mine.place) == (
        "ĐU",
        "ĐẢNG BỘ TỈNH AN GIANG",
        "ĐẢNG ỦY XÃ CÙ LAO GIÊNG",
        "Cù Lao Giêng",
    )
    agency = Unit.objects.get(name="Đảng ủy các cơ quan Đảng tỉnh")
    assert IssuerProfile.objects.get(unit=agency).place == "An Giang"
    agency_cell = Unit.objects.children_of(agency).first()
    assert (actions.profile_for(agency_cell).issuer_code, actions.profile_for(agency_cell).place) == (
        "CB",
        "An Giang",
    )
    old = Unit.objects.get(name="Đảng ủy xã Tấn Mỹ")
    assert IssuerProfile.objects.get(unit=old).superior_body == documents.FORMER_DISTRICT
    # Plans are consulted on where the demo has logins, and not where nobody could be asked.
    plan = Document(unit=root, doc_type=DocumentType.objects.get(key="ke_hoach"))
    assert actions.requires_consultation(plan)
    plan.unit = commune
    assert actions.requires_consultation(plan)
    plan.unit = agency
    assert not actions.requires_consultation(plan)


def test_numbering_runs_from_01_without_gaps(root):
    series = defaultdict(list)
    for unit, term, type_code, number, code, date, issuer in (
        demo_documents(root)
        .filter(status__in=Document.PUBLISHED)
        .values_list(
            "unit", "term", "type_code", "number", "code", "date", "unit__issuer_profile__issuer_code"
        )
    ):
        series[(unit, term, type_code)].append((number, date))
        assert code == f"{number:02d}-{type_code}/{issuer}"
    assert len(series) > 20
    for key, numbers in series.items():
        numbers.sort()
        assert [n for n, _date in numbers] == list(range(1, len(numbers) + 1)), key
        assert [d for _n, d in numbers] == sorted(d for _n, d in numbers), key  # numbers follow dates
        unit, term, type_code = key
        assert NumberSeries.objects.get(unit=unit, term=term, type_code=type_code).last_number == len(numbers)
    assert not demo_documents(root).filter(
        status__in=(Status.DRAFT, Status.CONSULTATION), number__isnull=False
    )


def test_topics_of_the_province(root):
    topics = Topic.objects.filter(unit=root)
    term = topics.get(kind=Topic.Kind.TERM, start_year=2021)
    assert (term.end_year, term.title) == (
        2025,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng "
        "phát triển đất nước phồn vinh, hạnh phúc",
    )
    yearly = list(term.children.order_by("start_year"))
    assert [t.start_year for t in yearly] == [2021, 2022, 2023, 2024, 2025]
    for topic in yearly:
        assert topic.deploy_by.year == topic.start_year
        plan = topic.document
        assert (plan.unit, plan.doc_type.key, plan.status, plan.topic) == (
            root,
            "ke_hoach",
            Status.ISSUED,
            topic,
        )
        assert plan.code.endswith("-KH/TU") and plan.date.year == topic.start_year
        assert plan.date < topic.deploy_by
        topic.full_clean()
    assert topics.get(kind=Topic.Kind.TERM, start_year=2026).end_year == 2030
    assert not topics.filter(kind=Topic.Kind.YEAR, start_year=2026).exists()  # the demo user creates it


def test_the_2025_topic_has_plans_below_some_late_some_missing(root):
    topic = Topic.objects.get(unit=root, kind=Topic.Kind.YEAR, start_year=2025)
    committees = list(below(root))
    plans = dict(
        Document.objects.filter(topic=topic, status=Status.ISSUED, doc_type__code="KH", unit__in=committees)
        .order_by("date")
        .values_list("unit", "date")
    )
    late = [unit for unit, date in plans.items() if date > topic.deploy_by]
    missing = [unit for unit in committees if unit.pk not in plans]
    assert late and missing
    assert len(plans) - len(late) >= len(committees) / 2
    assert all(date <= topic.deploy_by + datetime.timedelta(days=62) for date in plans.values())
    # Each plan cites the Tỉnh ủy's plan and names it in its text.
    for plan in Document.objects.filter(topic=topic, unit__in=committees):
        assert list(plan.related.all()) == [topic.document]
        assert topic.document.code in plan.body
    # 2024: everyone issued, some late.
    topic = Topic.objects.get(unit=root, kind=Topic.Kind.YEAR, start_year=2024)
    dates = Document.objects.filter(topic=topic, unit__in=committees, status=Status.ISSUED).values_list(
        "date", flat=True
    )
    assert len(dates) == len(committees)
    assert any(date > topic.deploy_by for date in dates)


def test_consultations_before_plans(root, commune):
    consulted = demo_documents(root).filter(
        status=Status.ISSUED, doc_type__key__in=["ke_hoach", "nghi_quyet"]
    )
    for document in consulted.filter(unit__in=[root, commune]):
        consultation = document.consultations.get()
        assert consultation.closed_at is not None and consultation.closed_at < document.issued_at
        assert 2 <= consultation.responses.count() <= 3
        assert not consultation.responses.filter(verdict=ConsultationResponse.Verdict.PENDING).exists()
        for answered in consultation.responses.values_list("answered_at", flat=True):
            assert consultation.opened_at < answered < consultation.closed_at
    assert not consulted.exclude(unit__in=[root, commune]).filter(consultations__isnull=False).exists()
    commented = ConsultationResponse.objects.filter(
        consultation__document__in=consulted, verdict=ConsultationResponse.Verdict.COMMENT
    )
    assert commented.exists()
    # Comments were taken in: those drafts went to a second version before being issued.
    for response in commented:
        assert response.consultation.document.versions.count() >= 2


def test_drafts_consultation_and_recall(root):
    docs = demo_documents(root)
    drafts = docs.filter(status=Status.DRAFT)
    assert drafts.count() >= 3
    assert drafts.filter(version=2).exists()
    assert DocumentVersion.objects.filter(document__in=drafts.filter(version=2)).count() >= 2
    open_one = docs.get(status=Status.CONSULTATION)
    assert open_one.unit == root
    responses = open_one.consultations.get(closed_at__isnull=True).responses
    pending = set(responses.filter(verdict="pending").values_list("user__username", flat=True))
    assert pending == {"tinhuy", "quantri"}
    assert open_one.consultations.get().deadline >= timezone.localdate()  # still answerable
    recalled = docs.get(status=Status.RECALLED)
    replacement = recalled.cited_by.get()
    assert replacement.code in recalled.recall_reason and replacement.status == Status.ISSUED
    assert replacement.summary == recalled.summary


def test_year_of_documents(root, commune):
    year = demo_documents(root).filter(
        unit__in=[root, commune], date__gte=datetime.date(2025, 3, 1), date__lt=datetime.date(2026, 3, 1)
    )
    kinds = set(year.values_list("doc_type__key", flat=True))
    assert {"nghi_quyet", "ke_hoach", "bao_cao", "thong_bao", "huong_dan", "cong_van", "quyet_dinh"} <= kinds
    for unit in (root, commune):
        months = {(d.year, d.month) for d in year.filter(unit=unit).values_list("date", flat=True)}
        assert len(months) >= 9, unit
    report = year.get(unit=root, summary__startswith="sơ kết 6 tháng")
    assert "I. KẾT QUẢ THỰC HIỆN" in report.body and report.related.exists()
    signers = set(year.values_list("signing_form", "signer_title"))
    assert signers == {("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")}
    assert not year.filter(Q(signer_name="") | Q(body="") | Q(body__contains="{")).exists()
    # A commune's report goes up to the Tỉnh ủy; other documents go down to the units below.
    assert list(
        year.get(unit=commune, summary__startswith="tổng kết năm").distributions.values_list(
            "unit", flat=True
        )
    ) == [root.pk]


def test_history_is_dated_and_inboxes_have_unread(root, commune):
    end = timezone.make_aware(datetime.datetime.combine(AS_OF, datetime.time()))
    issued = demo_documents(root).filter(status__in=Document.PUBLISHED)
    for document in issued:
        assert timezone.localdate(document.issued_at) == document.date
        assert document.created_at <= document.issued_at
    distributions = Distribution.objects.filter(document__in=issued)
    assert not distributions.filter(delivered_at__gte=end).exists()
    assert not distributions.filter(acknowledged_at__gte=end).exists()
    unread = distributions.filter(acknowledged_at__isnull=True)
    assert 0 < unread.count() < distributions.count() / 5
    assert unread.filter(unit=commune).exists()  # bithuxa's inbox
    assert distributions.filter(unit=commune, acknowledged_by__username="bithuxa").exists()
    events = AuditEvent.objects.filter(action="document.issue", unit__in=[root, commune])
    assert events.count() == issued.filter(unit__in=[root, commune]).count()
    assert not events.filter(at__gte=end).exists()


# The reset rebuilds the same documents: test_demo.test_reset_rebuilds_the_same_province compares them too (one
# rebuild of the demo for both).


def test_deleting_the_demo_deletes_its_documents(root):
    assert len(snapshot(root)) > 50
    builder.delete_demo()
    assert not builder.is_loaded()
    gone = Q(unit__code=builder.ROOT_CODE) | Q(unit__code__startswith=f"{builder.ROOT_CODE}-")
    for model in (Document, Topic, Term, IssuerProfile, NumberSeries):
        assert not model.objects.filter(gone).exists(), model
