"""The English catalogue: complete, compiled, and used when a person picks English."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def entries():
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block][1:]  # the first is the header


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = [b for b in entries() if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', b, re.M)]
    fuzzy = [b for b in entries() if "#, fuzzy" in b]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_is_the_one_django_reads():
    assert (CATALOGUE / "django.mo").stat().st_size > 0
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Log in"
        assert translation.gettext("Chuyên đề") == "Study topics"


def test_a_person_who_picks_english_reads_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in page and "Đăng nhập" not in page
