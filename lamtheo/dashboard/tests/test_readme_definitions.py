"""The README lists what each figure counts as the indicators declare it: each line is the indicator's name and
its one-sentence definition (lamtheo/indicators/registry.py, the "?" beside the figure on the dashboard), in
English, so that the README cannot drift from what the code counts."""

from django.conf import settings
from django.utils import translation

from lamtheo.indicators.registry import INDICATORS

BEGIN = (
    "<!-- definitions: each indicator's own sentence (registry.py, in English); a test keeps them equal -->"
)
END = "<!-- definitions: end -->"


def declared() -> str:
    with translation.override("en"):
        return "\n".join(
            f"  - *{indicator.name}* (`{code}`): {indicator.definition}"
            for code, indicator in INDICATORS.items()
        )


def test_the_readme_lists_each_figure_as_it_is_declared():
    text = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    listed = text.split(BEGIN, 1)[1].split(END, 1)[0].lstrip("\n").rstrip()
    expected = declared()
    assert listed == expected, (
        "README.md's definitions differ from the indicators' declarations; put these lines between its markers:\n"
        + expected
    )
