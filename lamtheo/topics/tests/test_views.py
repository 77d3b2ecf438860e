import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.documents.models import Distribution
from lamtheo.testing import unit
from lamtheo.topics.models import Topic, TopicAttachment
from lamtheo.topics.tests.conftest import PDF, add_unit, make_plan, make_topic
from lamtheo.units.models import Unit

pytestmark = pytest.mark.usefixtures("frozen")

LOGIN = "login"


def text(response) -> str:
    """The page's visible text, whitespace collapsed, to check sentences as a reader sees them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def lb_attachment(lb_topic, commune_leader):
    from lamtheo.topics import actions

    return actions.add_attachment(lb_topic, SimpleUploadedFile("xa.pdf", PDF), actor=commune_leader)


# The permission matrix of the topics pages: GET status per persona.

TU, LB = "TU", "LB"


def all_(status, anonymous=LOGIN):
    return dict.fromkeys(
        ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"], status
    ) | {"anonymous": anonymous}


def matrix(admin, province_staff, commune_leader, secretary, member, outsider, anonymous=LOGIN):
    return {
        "anonymous": anonymous,
        "admin": admin,
        "province_staff": province_staff,
        "commune_leader": commune_leader,
        "secretary": secretary,
        "member": member,
        "outsider": outsider,
    }


MATRIX = [
    ("topics:index", None, all_(200)),
    ("topics:create", None, matrix(200, 200, 200, 403, 403, 403)),
    ("topics:detail", TU, all_(200)),
    ("topics:detail", LB, matrix(200, 200, 200, 200, 200, 404)),
    ("topics:edit", TU, matrix(200, 200, 403, 403, 403, 403)),
    ("topics:edit", LB, matrix(200, 200, 200, 403, 403, 404)),
    ("topics:upload", TU, all_(405)),
    ("topics:upload", LB, all_(405)),
    ("topics:attachment", TU, all_(200)),
    ("topics:attachment", LB, matrix(200, 200, 200, 200, 200, 404)),
]


@pytest.mark.parametrize(("name", "issuer", "expected"), MATRIX, ids=[f"{n}-{i}" for n, i, _e in MATRIX])
def test_permission_matrix(request, client, name, issuer, expected, pdf_attachment, lb_attachment):
    topic = {TU: pdf_attachment.topic, LB: lb_attachment.topic}.get(issuer)
    if name == "topics:attachment":
        item = pdf_attachment if issuer == TU else lb_attachment
        url = reverse(name, args=[topic.pk, item.pk])
    else:
        url = reverse(name, args=[topic.pk] if topic else [])
    got = {}
    for persona in expected:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.get(url)
        is_login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        got[persona] = LOGIN if is_login else response.status_code
    assert got == expected


# The list


def test_the_list_groups_yearly_topics_under_their_term_topic(login, member, yearly, lb_topic):
    response = login(member).get(reverse("topics:index"))
    assert response.status_code == 200
    page = text(response)
    assert page.index(yearly.parent.title) < page.index(yearly.title)
    assert lb_topic.title in page
    assert "Cấp trên" in page


def test_the_list_hides_a_sibling_communes_topic(login, outsider, yearly, lb_topic):
    page = text(login(outsider).get(reverse("topics:index")))
    assert yearly.title in page
    assert lb_topic.title not in page


def test_the_list_search_ignores_accents(login, province_staff, term, yearly, lb_topic):
    page = text(login(province_staff).get(reverse("topics:index"), {"q": "dan van kheo"}))
    assert lb_topic.title in page
    assert term.title in page  # its term-long topic, as the heading
    assert yearly.title not in page


def test_the_list_search_answers_htmx_with_the_list_only(login, province_staff, yearly):
    response = login(province_staff).get(reverse("topics:index"), {"q": "khong co"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert "Không có chuyên đề nào khớp «khong co»." in text(response)


def test_the_list_for_a_unit_shows_its_own_and_those_above(login, province_staff, yearly, lb_topic):
    make_topic("CD", title="Chuyên đề của phường Châu Đốc", start=2026, parent=yearly.parent)
    page = text(login(province_staff).get(reverse("topics:index"), {"unit": unit("LB").pk}))
    assert "Chuyên đề áp dụng cho Đảng ủy xã Long Bình" in page
    assert yearly.title in page and lb_topic.title in page
    assert "Châu Đốc" not in page


def test_the_list_for_a_unit_outside_is_404(login, outsider, yearly):
    assert login(outsider).get(reverse("topics:index"), {"unit": unit("LB").pk}).status_code == 404


def test_the_list_does_not_grow_in_queries_with_topics(
    login, province_staff, term, django_assert_max_num_queries
):
    client = login(province_staff)
    client.get(reverse("topics:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("topics:index"))
    for year in range(2025, 2031):
        make_topic("LB", title=f"Năm {year} của xã", start=year, parent=term)
        make_topic("CD", title=f"Năm {year} của phường", start=year, parent=term)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("topics:index"))
    assert "Năm 2030 của phường" in text(response)


# The topic page


def test_the_topic_page_shows_what_a_member_needs(login, member, yearly, pdf_attachment):
    plan = make_plan("TU", yearly, datetime.date(2026, 3, 10))
    Distribution.objects.create(document=plan, unit=unit("LB-01"))
    response = login(member).get(yearly.get_absolute_url())
    page = text(response)
    assert yearly.title in page
    assert "Tỉnh ủy An Giang" in page
    assert "31/03/2026" in page
    assert "Tài liệu học tập 2026" in page
    assert reverse("topics:attachment", args=[yearly.pk, pdf_attachment.pk]) in response.content.decode()
    assert plan.summary in page  # the province's plan, sent to their chi bộ
    assert "Triển khai ở cấp dưới" not in page  # no tree of units for a member
    assert "Sửa chuyên đề" not in page
    assert "Tải tài liệu lên" not in page
    assert (
        f'href="{unit("TU").get_absolute_url()}"' not in response.content.decode()
    )  # not a page they may open


def test_the_topic_page_hides_documents_the_user_may_not_see(login, member, yearly):
    hidden = make_plan("CD", yearly, datetime.date(2026, 3, 10))
    assert hidden.summary not in text(login(member).get(yearly.get_absolute_url()))


def test_the_topic_page_links_the_issuing_document(login, province_staff, term):
    issued = make_plan("TU", term, datetime.date(2026, 1, 5), key="huong_dan")
    topic = make_topic("TU", title="Năm 2026 có văn bản", start=2026, parent=term, document=issued)
    assert issued.summary in text(login(province_staff).get(topic.get_absolute_url()))


def test_the_topic_page_shows_the_history(login, province_staff, yearly):
    page = text(login(province_staff).get(yearly.get_absolute_url()))
    assert "Lịch sử thay đổi" in page


def test_a_term_topic_lists_its_visible_yearly_topics(login, outsider, term, yearly, lb_topic):
    page = text(login(outsider).get(term.get_absolute_url()))
    assert yearly.title in page
    assert lb_topic.title not in page


def test_an_outsider_opening_a_long_binh_topic_gets_404(login, outsider, lb_topic):
    assert login(outsider).get(lb_topic.get_absolute_url()).status_code == 404


# Deployment


@pytest.fixture
def deployed(yearly):
    """The province's 2026 topic (deadline 31/03/2026) and three communes: one on time, one late, one without."""
    add_unit(unit("TU"), "MHH", "Đảng ủy xã Mỹ Hòa Hưng", Unit.Kind.COMMUNE_COMMITTEE)
    make_plan("CD", yearly, datetime.date(2026, 3, 20))
    make_plan("MHH", yearly, datetime.date(2026, 4, 5))
    return yearly


def row_text(page: str, name: str, following: str) -> str:
    return page[page.index(name) : page.index(following, page.index(name))]


def test_the_deployment_table(login, province_staff, deployed):
    page = text(login(province_staff).get(deployed.get_absolute_url()))
    assert "2/3 đơn vị đã triển khai, 2 chậm" in page
    assert "hạn ban hành kế hoạch 31/03/2026" in page
    table = page[page.index("Ngày ban hành kế hoạch") :]
    assert "Đảng ủy phường Châu Đốc 20/03/2026 Đúng hạn" in table
    assert "Đảng ủy xã Long Bình — Chưa triển khai, quá hạn 10 ngày" in table
    assert "Đảng ủy xã Mỹ Hòa Hưng 05/04/2026 Chậm 5 ngày" in table


def test_the_deployment_drills_down_one_level(login, province_staff, deployed):
    make_plan("LB-02", deployed, datetime.date(2026, 3, 30))
    client = login(province_staff)
    page = text(client.get(deployed.get_absolute_url(), {"unit": unit("LB").pk}))
    assert "Đang xem: Tỉnh ủy An Giang › Đảng ủy xã Long Bình" in page
    assert "Kế hoạch của Đảng ủy xã Long Bình: Chưa triển khai, quá hạn 10 ngày" in page
    assert "1/2 đơn vị đã triển khai, 1 chậm" in page
    assert "Chi bộ Ấp Long Thạnh 30/03/2026 Đúng hạn" in page


def test_the_deployment_drill_down_answers_htmx_with_the_table_only(login, province_staff, deployed):
    response = login(province_staff).get(
        deployed.get_absolute_url(), {"unit": unit("LB").pk}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in response.content
    assert response.content.decode().lstrip().startswith('<div id="deployment">')


def test_the_commune_leader_starts_at_their_commune(login, commune_leader, deployed):
    page = text(login(commune_leader).get(deployed.get_absolute_url()))
    assert "Kế hoạch của Đảng ủy xã Long Bình: Chưa triển khai, quá hạn 10 ngày" in page
    assert "0/2 đơn vị đã triển khai, 2 chậm" in page
    assert "Châu Đốc" not in page


@pytest.mark.parametrize(
    ("persona", "topic", "code", "status"),
    [
        ("province_staff", "lb_topic", "LB-01", 200),  # inside the issuer's subtree
        ("province_staff", "lb_topic", "CD", 404),  # visible, but beside the issuer
        ("province_staff", "lb_topic", "TU", 404),  # visible, but above the issuer
        ("commune_leader", "yearly", "CD", 404),  # inside the issuer's subtree, but not visible
        ("commune_leader", "yearly", "TU", 404),  # the issuer itself, not visible to the leader
        ("province_staff", "yearly", None, 404),  # a malformed id
    ],
)
def test_the_deployment_unit_must_be_visible_and_inside_the_issuers_subtree(
    request, login, persona, topic, code, status
):
    topic = request.getfixturevalue(topic)
    pk = unit(code).pk if code else "x"
    response = login(request.getfixturevalue(persona)).get(topic.get_absolute_url(), {"unit": pk})
    assert response.status_code == status


def test_the_topic_page_does_not_grow_in_queries_with_the_units(
    login, province_staff, yearly, django_assert_max_num_queries
):
    commune = add_unit(unit("TU"), "T", "Đảng ủy xã Thử", Unit.Kind.COMMUNE_COMMITTEE)
    for i in range(3):
        add_unit(commune, f"T-{i:02d}", f"Chi bộ thử {i:02d}", Unit.Kind.CELL)
    client = login(province_staff)
    url = yearly.get_absolute_url() + f"?unit={commune.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(3, 25):
        cell = add_unit(commune, f"T-{i:02d}", f"Chi bộ thử {i:02d}", Unit.Kind.CELL)
        make_plan(cell.code, yearly, datetime.date(2026, 3, 1))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert "22/25 đơn vị đã triển khai, 3 chậm" in text(response)


# Creating and editing


def test_the_commune_leader_issues_a_yearly_topic_under_the_provinces_term(login, commune_leader, term):
    client = login(commune_leader)
    form = client.get(reverse("topics:create"), {"parent": term.pk})
    assert form.status_code == 200
    assert "Ban hành chuyên đề năm" in text(form)
    response = client.post(
        reverse("topics:create"),
        {
            "unit": unit("LB").pk,
            "kind": Topic.Kind.YEAR,
            "parent": term.pk,
            "title": "Chuyên đề năm 2026 của xã",
            "start_year": 2026,
            "end_year": "",
            "deploy_by": "2026-04-30",
        },
    )
    topic = Topic.objects.get(title="Chuyên đề năm 2026 của xã")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert (topic.unit.code, topic.end_year, topic.created_by) == ("LB", 2026, commune_leader)
    assert AuditEvent.objects.for_object(topic).filter(action="topic.create").exists()


def test_a_rule_broken_in_the_form_shows_on_its_field(login, province_staff, term):
    response = login(province_staff).post(
        reverse("topics:create"),
        {
            "unit": unit("TU").pk,
            "kind": Topic.Kind.YEAR,
            "parent": term.pk,
            "title": "Năm 2031",
            "start_year": 2031,
        },
    )
    assert response.status_code == 200
    assert "Năm 2031 nằm ngoài giai đoạn 2025–2030" in text(response)
    assert not Topic.objects.filter(title="Năm 2031").exists()


def test_the_commune_leader_cannot_issue_for_the_province(login, commune_leader, term):
    response = login(commune_leader).post(
        reverse("topics:create"),
        {
            "unit": unit("TU").pk,
            "kind": Topic.Kind.TERM,
            "title": "Giả danh",
            "start_year": 2025,
            "end_year": 2030,
        },
    )
    assert response.status_code == 200  # the province is not among the choices
    assert not Topic.objects.filter(title="Giả danh").exists()


@pytest.mark.parametrize("persona", ["member", "secretary", "outsider"])
def test_creating_without_the_role_is_403(request, login, persona, term):
    response = login(request.getfixturevalue(persona)).post(
        reverse("topics:create"),
        {
            "unit": unit("LB").pk,
            "kind": Topic.Kind.TERM,
            "title": "Không có quyền",
            "start_year": 2025,
            "end_year": 2030,
        },
    )
    assert response.status_code == 403
    assert not Topic.objects.filter(title="Không có quyền").exists()


def edit_data(topic, **changes):
    data = {
        "parent": topic.parent_id or "",
        "title": topic.title,
        "start_year": topic.start_year,
        "end_year": topic.end_year,
        "deploy_by": topic.deploy_by.isoformat() if topic.deploy_by else "",
        "document": "",
        "description": topic.description,
        "version": topic.version,
    }
    return data | changes


def test_editing_a_topic(login, province_staff, yearly):
    response = login(province_staff).post(
        reverse("topics:edit", args=[yearly.pk]), edit_data(yearly, title="Tên mới")
    )
    assert response.status_code == 302
    yearly.refresh_from_db()
    assert (yearly.title, yearly.version) == ("Tên mới", 2)


def test_an_edit_on_a_stale_version_is_refused(login, province_staff, yearly):
    stale = edit_data(yearly, title="Bản cũ")
    client = login(province_staff)
    client.post(reverse("topics:edit", args=[yearly.pk]), edit_data(yearly, title="Bản mới"))
    response = client.post(reverse("topics:edit", args=[yearly.pk]), stale)
    assert response.status_code == 200
    assert "vừa được người khác sửa" in text(response)
    yearly.refresh_from_db()
    assert yearly.title == "Bản mới"


@pytest.mark.parametrize("persona", ["commune_leader", "secretary", "member", "outsider"])
def test_editing_the_provinces_topic_without_the_role_is_403(request, login, persona, yearly):
    response = login(request.getfixturevalue(persona)).post(
        reverse("topics:edit", args=[yearly.pk]), edit_data(yearly, title="Sửa trộm")
    )
    assert response.status_code == 403
    yearly.refresh_from_db()
    assert yearly.title != "Sửa trộm"


def test_editing_long_binhs_topic_from_outside_is_404(login, outsider, lb_topic):
    response = login(outsider).post(reverse("topics:edit", args=[lb_topic.pk]), edit_data(lb_topic))
    assert response.status_code == 404


# Attachments


def test_uploading_a_pdf(login, province_staff, yearly):
    response = login(province_staff).post(
        reverse("topics:upload", args=[yearly.pk]),
        {"file": SimpleUploadedFile("tai-lieu.pdf", PDF), "name": "Tài liệu 2026"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#tai-lieu")
    assert yearly.attachments.get().name == "Tài liệu 2026"


def test_uploading_a_fake_pdf_shows_why_and_saves_nothing(login, province_staff, yearly):
    response = login(province_staff).post(
        reverse("topics:upload", args=[yearly.pk]),
        {"file": SimpleUploadedFile("tai-lieu.pdf", b"chi la chu")},
    )
    assert response.status_code == 200
    assert "Nội dung tệp «tai-lieu.pdf» không phải là PDF" in text(response)
    assert not TopicAttachment.objects.exists()


@pytest.mark.parametrize("persona", ["member", "secretary", "commune_leader"])
def test_uploading_without_the_role_is_403(request, login, persona, yearly):
    response = login(request.getfixturevalue(persona)).post(
        reverse("topics:upload", args=[yearly.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not TopicAttachment.objects.exists()


def test_uploading_to_long_binh_from_outside_is_404(login, outsider, lb_topic):
    response = login(outsider).post(
        reverse("topics:upload", args=[lb_topic.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404


def test_downloading_goes_through_the_view(login, member, pdf_attachment):
    response = login(member).get(pdf_attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''T%C3%A0i%20li%E1%BB%87u%20h%E1%BB%8Dc%20t%E1%BA%ADp%202026.pdf"
    )


def test_an_attachment_asked_under_another_topic_is_404(login, province_staff, term, pdf_attachment):
    assert (
        login(province_staff).get(reverse("topics:attachment", args=[term.pk, pdf_attachment.pk])).status_code
        == 404
    )


def test_a_missing_file_is_404_not_500(login, province_staff, pdf_attachment):
    pdf_attachment.file.storage.delete(pdf_attachment.file.name)
    assert login(province_staff).get(pdf_attachment.get_absolute_url()).status_code == 404
