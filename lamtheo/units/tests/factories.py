"""Extra units for the tests that need more than the personas' province (lamtheo/testing.py)."""

from lamtheo.units.models import Unit


def make_unit(parent: Unit | None, code: str, name: str | None = None, kind=Unit.Kind.CELL, **fields) -> Unit:
    unit = Unit(code=code, name=name or f"Chi bộ {code}", kind=kind, **fields)
    unit.refresh_derived()
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)


def make_chain(parent: Unit, depth: int, prefix: str = "CHAIN") -> list[Unit]:
    """`depth` units, each the only child of the one before: a deep branch under `parent`."""
    chain = []
    for level in range(1, depth + 1):
        parent = make_unit(parent, f"{prefix}-{level}", f"Cấp {level} {prefix}")
        chain.append(parent)
    return chain
