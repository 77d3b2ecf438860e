import datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.lib.api import MAX_ID, BoundedPagination, id_path, responses
from lamtheo.units.models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    active_from: datetime.date | None
    active_to: datetime.date | None
    merged_into_id: int | None

    @staticmethod
    def resolve_parent_id(unit) -> int | None:
        return getattr(unit, "parent_id", None)


def _with_parent_ids(units: list[Unit]) -> list[Unit]:
    """Parent ids from the paths, in one query for the whole page."""
    parent_paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    ids = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    for unit in units:
        unit.parent_id = ids.get(unit.path[: -Unit.steplen])
    return units


@router.get("/", response=responses(list[UnitOut]))
@paginate(BoundedPagination)
def list_units(request, q: str = "", parent: int | None = Query(None, ge=1, le=MAX_ID)):
    units = Unit.objects.visible_to(request.user)
    if parent is not None:
        parent_unit = get_visible_or_404(request.user, Unit, pk=parent)
        units = units.filter(depth=parent_unit.depth + 1).subtree_of(parent_unit)
    if q:
        units = units.search(q)
    return _LazyParents(units.sorted())


class _LazyParents:
    """Lets the paginator slice first, then fills parent ids for that slice only."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def count(self):
        return self.queryset.count()

    def __getitem__(self, item):
        return _with_parent_ids(list(self.queryset[item]))


@router.get("/{unit_id}", response=responses(UnitOut))
def get_unit(request, unit_id: int = id_path()):
    unit = get_visible_or_404(request.user, Unit, pk=unit_id)
    return _with_parent_ids([unit])[0]
