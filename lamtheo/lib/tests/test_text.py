import pytest

from lamtheo.lib.text import clean, xml_safe


@pytest.mark.parametrize(
    ("raw", "multiline", "expected"),
    [
        ("Nguyễn\x01 Văn A", True, "Nguyễn Văn A"),
        ("dòng 1\r\ndòng 2\rdòng 3\n", True, "dòng 1\ndòng 2\ndòng 3\n"),
        ("Nhà\x00 văn\x7f hóa\x85 ấp\ufffe", True, "Nhà văn hóa ấp"),
        ("lẻ \ud800 nửa", True, "lẻ  nửa"),
        ("hai\r\ndòng\tmột cột", False, "hai dòng một cột"),
        ("Ấp Long Hòa – «Chi bộ 1»", False, "Ấp Long Hòa – «Chi bộ 1»"),
    ],
)
def test_clean_drops_what_xml_refuses_and_keeps_the_text(raw, multiline, expected):
    assert clean(raw, multiline=multiline) == expected


def test_xml_safe_keeps_tabs_and_line_breaks():
    assert xml_safe("a\tb\r\nc\x01") == "a\tb\r\nc"
