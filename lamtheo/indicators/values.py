"""The value of an indicator for a unit and period: a count, or a numerator over a denominator."""

from dataclasses import dataclass

from lamtheo.lib import vn


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int | None = None  # None for a plain count

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator

    @property
    def text(self) -> str:
        """`40.539/41.324`, or `731` for a plain count."""
        if self.denominator is None:
            return vn.number(self.numerator)
        return f"{vn.number(self.numerator)}/{vn.number(self.denominator)}"

    @property
    def percent_text(self) -> str:
        """`98,1%`; empty for a plain count or an empty denominator."""
        if self.denominator is None:
            return ""
        return vn.percent(self.numerator, self.denominator)

    def __add__(self, other: "Value") -> "Value":
        if self.denominator is None and other.denominator is None:
            return Value(self.numerator + other.numerator)
        return Value(self.numerator + other.numerator, (self.denominator or 0) + (other.denominator or 0))

    def __str__(self) -> str:
        return f"{self.text} ({self.percent_text})" if self.percent_text else self.text
