"""Naming people in a refusal without naming anyone the actor may not see.

A form or the API can send any person id. When an action refuses some of them ("not in this unit on that date"),
it names those the actor sees and only counts the others: an id outside the actor's scope, or one that names
nobody, gets the same words, so a refusal cannot be used to look up who a person id is or where they live.
"""

from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.people.models import Person

NAMES_SHOWN = 10  # people named in one refusal; the rest are counted


def names_for(person_ids, *, actor, with_unit: bool = False) -> str:
    """ "Name A, Name B và 3 người khác": those of `person_ids` that `actor` sees (with their current unit when
    `with_unit`), then a count of those not shown. The actor None (the system) sees everyone."""
    people = Person.objects.all() if actor is None else Person.objects.visible_to(actor)
    if with_unit:
        people = people.select_related("unit")
    seen = list(people.filter(pk__in=list(person_ids)).sorted()[:NAMES_SHOWN])
    if with_unit:
        shown = [
            _("%(name)s (hiện sinh hoạt tại %(unit)s)") % {"name": p.full_name, "unit": p.unit} for p in seen
        ]
    else:
        shown = [p.full_name for p in seen]
    unnamed = len(set(person_ids)) - len(seen)
    if unnamed and not shown:
        return _("%(count)s người ngoài phạm vi của anh/chị") % {"count": vn.number(unnamed)}
    if unnamed:
        shown.append(_("và %(count)s người khác") % {"count": vn.number(unnamed)})
    return ", ".join(shown)
