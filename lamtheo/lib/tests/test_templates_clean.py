"""The templates carry no styles of their own: every rule lives in static/css/lamtheo.css (one stylesheet, cached
once), each page group's rules behind `:where(.page-…)` on the container its templates open."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "lamtheo.css"


def templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert found, f"no templates under {TEMPLATES}"
    return found


def test_no_template_has_a_style_block():
    offenders = [
        str(path.relative_to(TEMPLATES)) for path in templates() if "<style" in path.read_text().lower()
    ]
    assert offenders == [], f"move these <style> blocks into {STYLESHEET.name}: {offenders}"


def test_every_page_scope_of_the_stylesheet_is_opened_by_a_template():
    """A scope no template opens is dead CSS (or a renamed container whose page lost its styles)."""
    scopes = set(re.findall(r":where\(\.(page-[a-z-]+)\)", STYLESHEET.read_text()))
    assert scopes
    opened = set()
    for path in templates():
        for classes in re.findall(r'class="([^"]*)"', path.read_text()):
            opened.update(name for name in classes.split() if name.startswith("page-"))
    assert scopes - opened == set()


def test_no_template_has_an_inline_script_handler_or_style_attribute():
    """The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) runs only the site's own script files and
    applies only its stylesheet: an inline script, an `on…=` handler, an htmx `hx-on` (evaluated) or a `style=`
    attribute would silently do nothing. Behaviours go in static/js/lamtheo.js, by data attribute."""
    forbidden = re.compile(
        r"<script(?![^>]*\ssrc=)|\son[a-z]+=|\shx-on[:-]|\sstyle=|javascript:|hx-va(?:ls|rs)=[\"']\s*js:",
        re.I,
    )
    offenders = {
        str(path.relative_to(TEMPLATES)): forbidden.findall(path.read_text())
        for path in templates()
        if forbidden.search(path.read_text())
    }
    assert offenders == {}
