import datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.lib.api import MAX_ID, BoundedPagination, id_path, responses
from lamtheo.people.models import Person
from lamtheo.units.models import Unit

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    full_name: str
    gender: str
    date_of_birth: datetime.date | None
    party_status: str
    party_card_number: str | None
    date_joined_party: datetime.date | None
    date_official: datetime.date | None
    job_title: str
    status: str
    unit_id: int
    unit_name: str

    @staticmethod
    def resolve_unit_name(person) -> str:
        return person.unit.name


@router.get("/", response=responses(list[PersonOut]))
@paginate(BoundedPagination)
def list_people(request, q: str = "", unit: int | None = Query(None, ge=1, le=MAX_ID)):
    people = Person.objects.visible_to(request.user).select_related("unit")
    if unit is not None:
        people = people.in_subtree(get_visible_or_404(request.user, Unit, pk=unit))
    if q:
        people = people.search(q)
    return people.sorted()


@router.get("/{person_id}", response=responses(PersonOut))
def get_person(request, person_id: int = id_path()):
    return get_visible_or_404(request.user, Person.objects.select_related("unit"), pk=person_id)
