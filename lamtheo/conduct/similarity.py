"""How close a unit's code is to its template: the copy detection of seed 000's complaint.

Each rule is normalised (accents folded, numbering and punctuation stripped, spaces collapsed), paired with its
best match among the template's rules (rapidfuzz.process.extractOne), and scored 0–100. The code's similarity is
the mean of its rules' best scores; from CONDUCT_COPY_THRESHOLD (default 90) up, the code is flagged "sao chép
nguyên văn". The mean is taken over the unit's rules, so copying a subset of the template is still a copy, while
a unit that keeps one template rule among its own is not flagged.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from rapidfuzz import fuzz, process

from lamtheo.lib import vn

DEFAULT_THRESHOLD = 90
# Below this a template rule is not shown as the rule's counterpart: the two only share a word or two.
PAIR_MIN_SCORE = 65

# Leading numbering and bullets: "1.", "2)", "a)", "IV.", "-", "•", "+", "*".
_NUMBERING = re.compile(r"^\s*(?:(?:\d+|[ivxlc]+|[a-z])\s*[.):/-]|[-•+*–—])\s*")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def threshold() -> float:
    return float(getattr(settings, "CONDUCT_COPY_THRESHOLD", DEFAULT_THRESHOLD))


def normalise(text: str) -> str:
    """`2. Trung thành – Trách nhiệm!` -> `trung thanh trach nhiem`."""
    folded = vn.fold(text)
    folded = _NUMBERING.sub("", folded)
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


@dataclass
class Pair:
    """A rule of the unit's code and its best match in the template."""

    text: str
    match: str | None  # the template's rule, or None when nothing comes close (below PAIR_MIN_SCORE)
    match_index: int | None  # its index in the template's rules
    score: float  # 0–100, one decimal

    @property
    def score_display(self) -> str:
        return f"{vn.number(self.score, 1)}%"

    @property
    def is_copy(self) -> bool:
        return self.score >= threshold()


@dataclass
class Comparison:
    pairs: list[Pair]
    similarity: float | None  # None when there is no template (or no rule) to compare
    is_copied: bool

    @property
    def similarity_display(self) -> str:
        return "" if self.similarity is None else f"{vn.number(self.similarity, 1)}%"

    @property
    def copied_pairs(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair.is_copy]


def compare(rules: list[str], template_rules: list[str], *, limit: float | None = None) -> Comparison:
    """Pair every rule with its best match in `template_rules`; flag the whole from `limit` (the setting) up."""
    limit = threshold() if limit is None else limit
    choices = [normalise(text) for text in template_rules]
    if not rules or not any(choices):
        return Comparison([Pair(text, None, None, 0.0) for text in rules], None, False)
    pairs = []
    for text in rules:
        # token_sort_ratio, not ratio: slogans are lists of virtues, and "Trách nhiệm – Trung thành" is the same
        # slogan as "Trung thành – Trách nhiệm"; sorting the words first scores that 100, while the Indel
        # distance under it still counts every word the unit really changed. Not token_set_ratio nor WRatio:
        # both score a rule that contains the template's words plus the unit's own ("Nói đi đôi với làm,
        # đúng hẹn với dân") as 100, and would flag exactly the adaptation the campaign asks for.
        # Reordered rules are handled by pairing each rule with its best match, not by the scorer.
        best = process.extractOne(normalise(text), choices, scorer=fuzz.token_sort_ratio)
        score = round(best[1], 1) if best else 0.0
        index = best[2] if best else None
        if score < PAIR_MIN_SCORE:
            pairs.append(Pair(text, None, None, score))
        else:
            pairs.append(Pair(text, template_rules[index], index, score))
    similarity = round(sum(pair.score for pair in pairs) / len(pairs), 1)
    return Comparison(pairs, similarity, similarity >= limit)
