"""Browser tests: Playwright driving Debian's chromium against the live test server.

They run whenever /usr/bin/chromium exists and are skipped otherwise, except in CI (E2E_REQUIRED=1), where a
missing browser is a failure. Screenshots land in e2e/screenshots/ (git-ignored): look at them.
"""

import os
from pathlib import Path

import pytest

from lamtheo import testing
from lamtheo.units.models import Unit

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing")
    # Playwright's sync API runs an event loop; Django must allow its ORM calls from this thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db):
    """The personas' province, rebuilt for each browser test (the live server's database is flushed after each)."""
    if not Unit.objects.filter(code="TU").exists():
        testing.build_world()


@pytest.fixture
def page(browser, live_server, world):
    """A browser tab on the live server. Every path it walks must run under the Content-Security-Policy: a
    script, handler or style the policy blocks (chromium says so on the console) fails the test."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    blocked = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text)
    )
    yield page
    context.close()
    assert blocked == [], f"blocked by the Content-Security-Policy: {blocked}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str) -> None:
    page.goto(page.base_url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, thư điện tử hoặc số điện thoại").fill(username)
    page.get_by_label("Mật khẩu").fill(testing.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # Wait until the login's redirect has landed: a goto right after the click would cancel it.
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
