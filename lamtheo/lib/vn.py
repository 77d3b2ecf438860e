"""Vietnamese formats: numbers, percentages, dates, accent folding and collation.

No domain knowledge here; templates reach these through the filters in templatetags/vn.py.
"""

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """`40539` -> `40.539`; `98.14, 1` -> `98,1` (dot groups thousands, comma marks decimals)."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(numerator: float, denominator: float, decimals: int = 1) -> str:
    """`40539, 41324` -> `98,1%`; all or none is written whole, as committees write it: `100%`, `0%` (a share
    that only rounds to 100 keeps its decimal: `100,0%`). An empty denominator gives an empty string, never a
    division error."""
    if not denominator:
        return ""
    if numerator == denominator or not numerator:
        return number(100 if numerator else 0) + "%"
    return number(Decimal(numerator) * 100 / Decimal(denominator), decimals) + "%"


def count(value: int) -> str:
    """A small count as committees write it: `04`, `12`, `1.234` (a leading zero under ten)."""
    return f"{value:02d}" if 0 < value < 10 else number(value)


def short_date(value: datetime.date | None) -> str:
    """`29/02/2024`."""
    return value.strftime("%d/%m/%Y") if value else ""


def long_date(value: datetime.date, place: str = "") -> str:
    """`ngày 29 tháng 02 năm 2024`, or `Long Bình, ngày 29 tháng 02 năm 2024` with a place."""
    text = f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{place}, {text}" if place else text


def weekday(value: datetime.date) -> str:
    return WEEKDAYS[value.weekday()]


def fold(text: str | None) -> str:
    """Lower case without accents, for accent-insensitive search: `Đảng ủy xã Long Bình` -> `dang uy xa long binh`."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Vietnamese alphabet order; letters not in it (f, j, w, z) follow their Latin neighbours.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_BASE_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ư"}


def _letters(word: str) -> tuple[list[str], list[int]]:
    """Split a word into Vietnamese base letters (a, ă, â, ...) and the tone of each."""
    letters, tones = [], []
    for cluster in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(cluster):
            if cluster in _TONES and tones:
                tones[-1] = _TONES[cluster]
            elif cluster in _BASE_MARKS and letters:
                base = letters[-1]
                mark = _BASE_MARKS[cluster]
                if mark == "^":
                    letters[-1] = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
                elif mark == "ă":
                    letters[-1] = "ă" if base == "a" else base
                else:
                    letters[-1] = {"o": "ơ", "u": "ư"}.get(base, base)
            continue
        letters.append(cluster)
        tones.append(0)
    return letters, tones


def _code(letter: str) -> str:
    if letter.isdigit():
        return f"{int(letter) + 10:02d}"  # digits sort before letters
    if letter in _ALPHABET:
        return f"{_ALPHABET.index(letter) + 20:02d}"
    return "99"


def _group_key(words: list[str]) -> str:
    """Letters of the words first, then their tones (which only break ties); "00" separates words."""
    primary, tones = [], []
    for word in words:
        # Numbers sort by value: "Ấp 2" before "Ấp 10".
        letters, word_tones = _letters(re.sub(r"\d+", lambda m: m.group().zfill(6), word))
        primary.append("".join(_code(ch) for ch in letters))
        tones.append("".join(str(t) for t in word_tones))
    return "00".join(primary) + "00" + "".join(tones)


def collation_key(text: str, *, given_name_first: bool = False) -> str:
    """A key that sorts Vietnamese text the Vietnamese way, by plain string comparison.

    The key holds only digits, so SQLite and PostgreSQL (whatever its collation) order it identically.
    Letters are compared first (a < ă < â < b ... d < đ ...), tones only to break ties. With
    `given_name_first`, a person's name sorts by the given name (the last word), then by the rest.
    """
    words = text.split()
    if given_name_first and len(words) > 1:
        return (_group_key(words[-1:]) + "00" + _group_key(words[:-1]))[:250]
    return _group_key(words)[:250]
