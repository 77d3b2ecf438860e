import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as open_docx

from lamtheo.conduct import actions
from lamtheo.conduct.models import ConductCode
from lamtheo.conduct.tests.conftest import COMMUNE_RULES, HAMLET_RULES, PDF, adopted, draft
from lamtheo.lib.docx import soffice_path
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db

LOGIN = "login"
PERSONAS = ["anonymous", "admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]


def text(response) -> str:
    """The page's visible text, whitespace collapsed, to check sentences as a reader sees them."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def lb01_adopted(commune_code, secretary):
    return adopted("LB-01", HAMLET_RULES, template=commune_code, actor=secretary)


@pytest.fixture
def lb01_draft(commune_code, secretary):
    return draft("LB-01", HAMLET_RULES[:4], template=commune_code, year=2027, actor=secretary)


# The permission matrix: GET status per persona, on the objects of LB-01 (the secretary's and member's chi bộ)
# and LB (its commune). The outsider works in the sibling phường Châu Đốc.


def matrix(admin, province_staff, commune_leader, secretary, member, outsider, anonymous=LOGIN):
    return dict(
        zip(
            PERSONAS,
            [anonymous, admin, province_staff, commune_leader, secretary, member, outsider],
            strict=True,
        )
    )


EVERYONE = matrix(200, 200, 200, 200, 200, 200)
SCOPED_READ = matrix(200, 200, 200, 200, 200, 404)
WRITE = matrix(200, 200, 200, 200, 403, 404)
DRAFT_WRITE = matrix(200, 200, 200, 200, 404, 404)  # a member does not see drafts at all
COMMITTEE_READ = matrix(200, 200, 200, 404, 404, 404)
POST_ONLY = matrix(405, 405, 405, 405, 405, 405)

# url name -> (object: "lb01" unit, "lb" unit, "adopted" or "draft" code of LB-01; expected statuses)
MATRIX = {
    "conduct:index": (None, EVERYONE),
    "conduct:check": (None, POST_ONLY),
    "conduct:unit": ("lb01", SCOPED_READ),
    "conduct:create": ("lb01", WRITE),
    "conduct:coverage": ("lb", COMMITTEE_READ),
    "conduct:detail": ("adopted", SCOPED_READ),
    "conduct:edit": ("draft", DRAFT_WRITE),
    "conduct:adopt": ("draft", DRAFT_WRITE),
    "conduct:retire": ("adopted", POST_ONLY),
    "conduct:adoption_meeting": ("adopted", WRITE),
    "conduct:minutes": ("adopted", SCOPED_READ),
    "conduct:poster_docx": ("adopted", SCOPED_READ),
    "conduct:poster_pdf": ("adopted", SCOPED_READ),  # the conversion is stubbed below
}


def test_every_url_of_the_app_has_an_expectation():
    from lamtheo.conduct.urls import urlpatterns

    assert {f"conduct:{p.name}" for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("name", list(MATRIX))
def test_permission_matrix(request, client, name, lb01_adopted, lb01_draft, monkeypatch):
    # Who may download is the view's decision; LibreOffice's conversion is tested once, below.
    monkeypatch.setattr("lamtheo.conduct.poster.render_pdf", lambda code: b"%PDF-1.4 placeholder")
    target, expected = MATRIX[name]
    kwargs = {
        None: {},
        "lb01": {"unit_pk": unit("LB-01").pk},
        "lb": {"unit_pk": unit("LB").pk},
        "adopted": {"pk": lb01_adopted.pk},
        "draft": {"pk": lb01_draft.pk},
    }[target]
    url = reverse(name, kwargs=kwargs)
    got = {}
    for persona in expected:
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        response = client.get(url)
        is_login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        got[persona] = LOGIN if is_login else response.status_code
    assert got == expected


# Writes without the role


def test_a_member_may_not_draft(login, member, commune_code):
    response = login(member).post(reverse("conduct:create", args=[unit("LB-01").pk]), {"start_year": 2026})
    assert response.status_code == 403
    assert not ConductCode.objects.filter(unit=unit("LB-01")).exists()


def test_a_member_may_not_retire_the_code_they_read(login, member, lb01_adopted):
    response = login(member).post(reverse("conduct:retire", args=[lb01_adopted.pk]))
    assert response.status_code == 403
    lb01_adopted.refresh_from_db()
    assert lb01_adopted.is_adopted


def test_the_outsider_gets_404_for_every_write(login, outsider, lb01_adopted, lb01_draft):
    client = login(outsider)
    assert (
        client.post(reverse("conduct:create", args=[unit("LB-01").pk]), {"start_year": 2026}).status_code
        == 404
    )
    assert client.post(reverse("conduct:edit", args=[lb01_draft.pk]), {}).status_code == 404
    assert client.post(reverse("conduct:adopt", args=[lb01_draft.pk]), {}).status_code == 404
    assert client.post(reverse("conduct:retire", args=[lb01_adopted.pk])).status_code == 404
    check = client.post(reverse("conduct:check"), {"code": lb01_draft.pk, "rules": "x"})
    assert check.status_code == 404


def test_a_cell_secretary_may_not_draft_for_the_commune(login, secretary, province_code):
    response = login(secretary).get(reverse("conduct:create", args=[unit("LB").pk]))
    assert response.status_code == 404


# The secretary's path: start from the template, make it the chi bộ's own, adopt it.


def test_starting_from_the_template_copies_it_and_warns_of_the_copy(login, secretary, commune_code):
    client = login(secretary)
    page = client.get(reverse("conduct:unit", args=[unit("LB-01").pk]))
    assert "Bắt đầu từ chuẩn mực của cấp trên" in text(page)
    assert "Đơn vị chưa có bộ chuẩn mực đạo đức được thông qua cho năm 2026." in text(page)
    response = client.post(
        reverse("conduct:create", args=[unit("LB-01").pk]),
        {"start_year": 2026, "template": commune_code.pk},
        follow=True,
    )
    code = ConductCode.objects.get(unit=unit("LB-01"))
    assert response.redirect_chain[-1][0] == reverse("conduct:edit", args=[code.pk])
    assert code.rule_texts() == COMMUNE_RULES and code.is_copied
    assert any("Dự thảo đang giống chuẩn mực mẫu 100,0%" in m for m in messages_of(response))
    page = text(response)
    assert "Sao chép nguyên văn" in page
    assert "100,0%" in page


def test_editing_the_draft_in_the_units_own_words_clears_the_flag(login, secretary, commune_code):
    code = draft("LB-01", None, template=commune_code, actor=secretary)
    response = login(secretary).post(
        reverse("conduct:edit", args=[code.pk]),
        {
            "title": "",
            "start_year": 2026,
            "rules": "\n".join(f"{n}. {r}" for n, r in enumerate(HAMLET_RULES, 1)),
            "version": 1,
        },
        follow=True,
    )
    code.refresh_from_db()
    assert code.rule_texts() == HAMLET_RULES
    assert not code.is_copied
    page = text(response)
    assert "Đã lưu dự thảo." in page
    assert "Mức giống chuẩn mực của cấp trên: 59,1%" in page
    assert "Gần dân, hiểu dân, giúp dân Lắng nghe dân, thấu hiểu dân, giúp dân 68,9%" in page  # side by side


def test_bad_rules_are_shown_on_the_form_and_nothing_is_saved(login, secretary, commune_code):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    response = login(secretary).post(
        reverse("conduct:edit", args=[code.pk]),
        {
            "title": "",
            "start_year": 2026,
            "end_year": 2025,
            "rules": "Đúng hẹn với dân\n" + "rất dài " * 30,
            "version": 1,
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "«Đến năm» (2025) không thể trước «Từ năm» (2026)." in page
    assert "Điều 2 dài 239 ký tự, quá 200 ký tự" in page
    code.refresh_from_db()
    assert code.rule_texts() == HAMLET_RULES


def test_an_empty_rule_list_is_refused_on_the_form(login, secretary, commune_code):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    response = login(secretary).post(
        reverse("conduct:edit", args=[code.pk]), {"start_year": 2026, "rules": "  \n ", "version": 1}
    )
    assert "Bộ chuẩn mực chưa có điều nào" in text(response)


def test_a_concurrent_edit_shows_a_conflict(login, secretary, commune_leader, commune_code):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    login(commune_leader).post(
        reverse("conduct:edit", args=[code.pk]),
        {"start_year": 2026, "rules": "Đúng hẹn với dân", "version": 1},
    )
    response = login(secretary).post(
        reverse("conduct:edit", args=[code.pk]),
        {"start_year": 2026, "rules": "Nói đi đôi với làm", "version": 1},
    )
    assert response.status_code == 200
    assert "vừa được người khác sửa" in text(response)
    code.refresh_from_db()
    assert code.rule_texts() == ["Đúng hẹn với dân"]


def test_writing_a_draft_from_scratch(login, secretary, commune_code):
    client = login(secretary)
    form = client.get(reverse("conduct:create", args=[unit("LB-01").pk]))
    assert form.context["form"].initial["template"] == commune_code.pk
    response = client.post(
        reverse("conduct:create", args=[unit("LB-01").pk]),
        {
            "start_year": 2026,
            "template": commune_code.pk,
            "rules": "\n".join(HAMLET_RULES),
            "title": "Chuẩn mực ấp",
        },
    )
    code = ConductCode.objects.get(unit=unit("LB-01"))
    assert response["Location"] == code.get_absolute_url()
    assert code.title == "Chuẩn mực ấp" and not code.is_copied


def test_the_template_choices_are_the_visible_codes_above_and_beside(
    login, secretary, commune_leader, commune_code
):
    sibling = adopted("LB-02", HAMLET_RULES[:2], template=commune_code)
    adopted("CD-01", HAMLET_RULES[:3], template=commune_code.template)  # another commune's: never offered
    url = reverse("conduct:create", args=[unit("LB-01").pk])
    form = login(commune_leader).get(url).context["form"]
    assert set(form.fields["template"].queryset) == {commune_code, commune_code.template, sibling}
    # The cell secretary does not see the sibling chi bộ's code, so it is not offered.
    form = login(secretary).get(url).context["form"]
    assert set(form.fields["template"].queryset) == {commune_code, commune_code.template}


def test_a_new_version_starts_from_the_units_own_code(login, secretary, lb01_adopted):
    response = login(secretary).get(
        reverse("conduct:create", args=[unit("LB-01").pk]), {"from": lb01_adopted.pk}
    )
    initial = response.context["form"].initial
    assert initial["rules"] == "\n".join(HAMLET_RULES)
    assert initial["template"] == lb01_adopted.template_id
    assert "Phiên bản mới của" in text(response)


def test_adopting_needs_the_minutes_then_records_them(login, secretary, commune_code):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    client = login(secretary)
    url = reverse("conduct:adopt", args=[code.pk])
    refused = client.post(url, {"adopted_on": "2026-04-08", "version": 1})
    assert "Hãy đính kèm biên bản cuộc họp chi bộ" in text(refused)
    minutes = SimpleUploadedFile("Biên bản họp chi bộ tháng 4.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {"adopted_on": "2026-04-08", "minutes": minutes, "version": 1}, follow=True)
    code.refresh_from_db()
    assert code.is_adopted and code.adopted_on == datetime.date(2026, 4, 8)
    page = text(response)
    assert "Đã ghi nhận: chi bộ thông qua bộ chuẩn mực ngày 08/04/2026." in page
    assert "Biên bản họp chi bộ tháng 4.pdf" in page
    assert "Thông qua chuẩn mực đạo đức" in page  # the history, in Vietnamese
    download = client.get(reverse("conduct:minutes", args=[code.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''Bi%C3%AAn" in download["Content-Disposition"]


def test_an_adopted_code_is_read_only(login, secretary, lb01_adopted):
    client = login(secretary)
    response = client.get(reverse("conduct:edit", args=[lb01_adopted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == lb01_adopted.get_absolute_url()
    assert "Bộ chuẩn mực đã thông qua không sửa được; hãy soạn phiên bản mới." in text(response)
    posted = client.post(
        reverse("conduct:edit", args=[lb01_adopted.pk]),
        {"start_year": 2026, "rules": "Sửa lén", "version": lb01_adopted.version},
    )
    assert posted.status_code == 302
    assert ConductCode.objects.get(pk=lb01_adopted.pk).rule_texts() == HAMLET_RULES
    detail = text(client.get(lb01_adopted.get_absolute_url()))
    assert "Sửa dự thảo" not in detail and "Soạn phiên bản mới" in detail


def test_retiring_by_hand(login, commune_leader, lb01_adopted):
    response = login(commune_leader).post(reverse("conduct:retire", args=[lb01_adopted.pk]), follow=True)
    assert "đã hết hiệu lực" in text(response)
    lb01_adopted.refresh_from_db()
    assert lb01_adopted.status == ConductCode.Status.RETIRED


# Reading


def test_a_member_reads_the_adopted_code_of_their_chi_bo(login, member, lb01_adopted, lb01_draft):
    page = text(login(member).get(reverse("conduct:unit", args=[unit("LB-01").pk])))
    assert "Chuẩn mực đang áp dụng năm 2026" in page
    assert all(rule in page for rule in HAMLET_RULES)
    assert "Bắt đầu từ chuẩn mực" not in page and "Tự soạn" not in page
    assert "2027" not in page  # the draft for 2027
    detail = text(login(member).get(lb01_adopted.get_absolute_url()))
    assert "Ghi nhận chi bộ thông qua" not in detail and "Cho hết hiệu lực" not in detail
    assert "Tải pano A3 (PDF)" in detail


def test_the_code_page_shows_the_pairs_side_by_side_from_what_is_stored(login, province_staff, commune_code):
    copy = adopted(
        "LB-02", [*COMMUNE_RULES[:5], "Chung sức xây dựng ấp văn hóa kiểu mẫu"], template=commune_code
    )
    response = login(province_staff).get(copy.get_absolute_url())
    page = text(response)
    assert "Sao chép nguyên văn" in page
    assert f"Các điều giống chuẩn mực của cấp trên {copy.similarity_display}" in page
    assert "Chung sức xây dựng ấp văn hóa kiểu mẫu Chung sức xây dựng xã nông thôn mới kiểu mẫu" in page
    assert re.search(r"\d+,\d%", page)


def test_the_live_check_compares_what_is_typed(login, secretary, commune_code):
    response = login(secretary).post(
        reverse("conduct:check"), {"template": commune_code.pk, "rules": "\n".join(COMMUNE_RULES[::-1])}
    )
    assert b"<html" not in response.content
    page = text(response)
    assert "Sao chép nguyên văn" in page and "100,0%" in page
    own = text(
        login(secretary).post(
            reverse("conduct:check"), {"template": commune_code.pk, "rules": "\n".join(HAMLET_RULES)}
        )
    )
    assert "59,1%" in own and "Sao chép" not in own
    empty = text(login(secretary).post(reverse("conduct:check"), {"rules": "Đúng hẹn"}))
    assert "Chưa chọn chuẩn mực mẫu để so sánh." in empty


def test_the_poster_downloads(login, member, lb01_adopted):
    response = login(member).get(reverse("conduct:poster_docx", args=[lb01_adopted.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Chu%E1%BA%A9n%20m%E1%BB%B1c" in response["Content-Disposition"]
    document = open_docx(io.BytesIO(response.content))
    assert "CHI BỘ ẤP LONG HÒA" in [p.text for p in document.paragraphs]


def test_without_libreoffice_the_pdf_is_a_clear_message_not_an_error(
    login, member, lb01_adopted, monkeypatch
):
    monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: None)
    response = login(member).get(reverse("conduct:poster_pdf", args=[lb01_adopted.pk]), follow=True)
    assert response.status_code == 200
    assert "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; anh/chị vẫn tải được bản DOCX." in text(
        response
    )


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_the_pdf_poster(login, member, lb01_adopted):
    response = login(member).get(reverse("conduct:poster_pdf", args=[lb01_adopted.pk]))
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith("2026.pdf")


# The coverage page


def test_the_province_sees_a_copied_code_flagged_with_its_pairs(login, province_staff, lb01_adopted):
    adopted("LB-02", None, template=lb01_adopted.template)
    response = login(province_staff).get(reverse("conduct:coverage", args=[unit("TU").pk]), {"year": 2026})
    page = text(response)
    assert "4/6 đơn vị đã thông qua chuẩn mực" in page
    assert "66,7%" in page
    assert "Đảng ủy xã Long Bình 3/3 100% 1 0" in page
    assert "Đảng ủy phường Châu Đốc 0/2 0% 0 2" in page
    assert "Bộ chuẩn mực sao chép nguyên văn" in page
    assert "Chi bộ Ấp Long Thạnh · 2026 · giống 100,0%" in page
    assert f"{COMMUNE_RULES[1]} {COMMUNE_RULES[1]} 100,0%" in page


def test_the_coverage_of_a_chi_bo_is_404(login, province_staff):
    assert login(province_staff).get(reverse("conduct:coverage", args=[unit("LB-01").pk])).status_code == 404


def test_a_bad_year_falls_back_to_this_year(login, province_staff):
    response = login(province_staff).get(reverse("conduct:coverage", args=[unit("TU").pk]), {"year": "abc"})
    assert response.context["year"] == 2026


def test_the_coverage_page_does_not_grow_in_queries_with_units(
    login, province_staff, commune_code, django_assert_max_num_queries
):
    client = login(province_staff)
    url = reverse("conduct:coverage", args=[unit("LB").pk])

    def add(count, start):
        for number in range(start, start + count):
            cell = Unit(code=f"LB-{number}", name=f"Chi bộ Ấp số {number}", kind=Unit.Kind.CELL)
            cell.refresh_derived()
            Unit.objects.add_child(unit("LB"), instance=cell)
            adopted(
                cell.code,
                None if number % 3 == 0 else [*HAMLET_RULES[:3], f"Ấp số {number} sạch đẹp"],
                template=commune_code,
            )

    add(1, 9)  # 3 chi bộ under LB, one with a copied code
    client.get(url)
    cache.clear()  # both measured with the figures computed afresh
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(22, 10)  # 25 chi bộ
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["coverage"].rows) == 25


def test_the_index_lists_the_users_units(login, province_staff, member):
    page = text(login(province_staff).get(reverse("conduct:index")))
    assert "Tỉnh ủy An Giang" in page and "Tình hình các đơn vị năm 2026" in page
    page = text(login(member).get(reverse("conduct:index")))
    assert "Chi bộ Ấp Long Hòa" in page and "Tình hình các đơn vị" not in page


def test_the_history_reads_in_vietnamese(login, secretary, commune_code):
    code = draft("LB-01", None, template=commune_code, actor=secretary)
    actions.update_code(
        code,
        actor=secretary,
        expected_version=1,
        title="",
        start_year=2026,
        end_year=None,
        rules=HAMLET_RULES,
    )
    page = text(login(secretary).get(code.get_absolute_url()))
    assert "Soạn dự thảo chuẩn mực đạo đức" in page
    assert "Sửa dự thảo chuẩn mực đạo đức" in page
    assert "Các điều chuẩn mực: 1. Trung thành" in page


def test_the_units_page_does_not_grow_in_queries_with_codes(
    login, secretary, commune_code, django_assert_max_num_queries
):
    client = login(secretary)
    url = reverse("conduct:unit", args=[unit("LB-01").pk])
    adopted("LB-01", HAMLET_RULES, template=commune_code, year=2025, on=datetime.date(2025, 3, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in (2026, 2027, 2028):
        draft("LB-01", HAMLET_RULES[:3], template=commune_code, year=year)
    adopted("LB-01", HAMLET_RULES[1:], template=commune_code)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["codes"]) == 5
