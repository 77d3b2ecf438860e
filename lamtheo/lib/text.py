"""Text that every part of the application can store and render: no control characters.

A control character (U+0001, typed by a broken keyboard driver or pasted from another program) is invisible on a
page, but XML cannot hold it: the DOCX and XLSX files of every level above would fail on one. Names and free texts
are cleaned when they come in (every form's text values by lamtheo.server.middleware, the import's cell parsers;
the API only reads), and the renderers clean what they write all the same (data written before this rule, or by
a command).
"""

import re

# Everything XML 1.0 refuses: C0 controls but tab, line feed and carriage return; lone surrogates (a JSON string
# can carry one); U+FFFE and U+FFFF. C1 controls (U+0080–U+009F) are legal in XML but never meant in a name.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n?")


def clean(text: str, *, multiline: bool = True) -> str:
    """`text` without control characters. Line breaks become "\\n" (a lone "\\r" too); on one line (`multiline`
    False) every line break and tab becomes a space."""
    text = _LINE_BREAKS.sub("\n", _NOT_XML.sub("", text))
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def xml_safe(text: str) -> str:
    """`text` as an XML renderer can write it: control characters dropped, line breaks and tabs kept."""
    return _NOT_XML.sub("", text)
