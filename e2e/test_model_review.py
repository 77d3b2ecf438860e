"""A model's sơ kết in a real browser on a phone: the commune's leader opens it, finds the report written from the
teams' values, rewrites a part, and gives one of its tasks to the team's leader from the conference's page."""

import datetime
from decimal import Decimal

from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.initiatives import actions
from lamtheo.people.models import Person
from lamtheo.testing import unit

PHONE = {"width": 390, "height": 844}


def _month(today: datetime.date, back: int) -> datetime.date:
    month = today.replace(day=1)
    for _ in range(back):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def test_the_commune_reviews_its_model_and_gives_the_tasks_on_a_phone(page, live_server):
    today = datetime.date.today()
    tam = Person.objects.get(full_name="Lê Văn Tám")
    model = actions.launch_initiative(
        unit("LB"),
        actor=None,
        name="Cải cách hành chính",
        starts_on=_month(today, 4),
        ends_on=datetime.date(today.year + 1, 12, 31),
        teams=[actions.TeamSpec("Tổ 2 - Khối chính quyền", "Đạo đức công vụ", leader=tam)],
    )
    team = model.teams.get()
    late = actions.add_goal(
        team, actor=None, name="Hồ sơ trễ hạn", measure="hồ sơ", baseline=Decimal(14), target=Decimal(0)
    )
    for back, value in ((3, 10), (2, 6), (1, 4)):
        actions.record_month(team, _month(today, back), {late.pk: Decimal(value)}, actor=None)

    page.set_viewport_size(PHONE)
    log_in(page, "commune_leader")
    page.goto(live_server.url + model.get_absolute_url())
    page.get_by_role("link", name="Sơ kết, tổng kết").click()
    page.get_by_label("Hội nghị lúc").fill(f"{today:%Y-%m-%d}T14:00")
    page.get_by_label("Số liệu đến hết tháng").fill(f"{_month(today, 1):%Y-%m}")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_text("Đã lập báo cáo từ số liệu của các tổ")).to_be_visible()
    results = page.get_by_label("I. Kết quả thực hiện")
    expect(results).to_contain_text("hồ sơ trễ hạn giảm từ 14 hồ sơ xuống 4 hồ sơ (mục tiêu 0 hồ sơ)")
    directions = page.get_by_label("III. Phương hướng, nhiệm vụ")
    expect(directions).to_contain_text("Tổ 2 - Khối chính quyền tập trung đưa hồ sơ trễ hạn về 0 hồ sơ")
    results.fill(results.input_value() + "\nTổ đã công khai quy trình một cửa tại trụ sở.")
    page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    screenshot(page, "phone-model-review")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    review_url = page.url
    page.get_by_role("link", name="Giao việc cho một người").click()
    page.get_by_label("Nội dung công việc").fill("Đưa hồ sơ trễ hạn về 0 hồ sơ")
    page.get_by_label("Người thực hiện").select_option(value=str(tam.pk))
    page.get_by_label("Thời hạn").fill(f"{datetime.date(today.year + 1, 6, 30):%Y-%m-%d}")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã giao việc.")).to_be_visible()
    page.goto(review_url)
    expect(page.get_by_role("cell", name="Đưa hồ sơ trễ hạn về 0 hồ sơ")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản Word").click()
    assert download.value.suggested_filename.startswith("bao-cao-so-ket-")
