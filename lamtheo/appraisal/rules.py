"""Who may do what in a year-end review (the form of every app's rules: lamtheo.accounts.rules): the committee
opens the round, decides, amends after the decision and publishes; the person writes their own bản kiểm điểm (or
the chi bộ types in the paper one); the people who run a chi bộ propose its members' levels with the vote."""

import rules
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.rules import committee_at, declare, runs_unit, staff_at


@rules.predicate
def is_the_person(user, appraisal) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and appraisal.person_id == person_id


@rules.predicate
def runs_the_cell(user, appraisal) -> bool:
    return runs_unit.test(user, appraisal.unit)


# Open a round at a committee, decide it, amend a decided level, publish the results (the committee's unit given).
declare("appraisal.manage", committee_at, _("Chỉ cấp ủy mở đợt đánh giá, quyết định và công khai xếp loại."))
# Write (or type in) one's bản kiểm điểm.
declare("appraisal.self_assess", is_the_person | runs_the_cell)
# Propose the levels of a chi bộ's people, with the chi bộ's vote (the chi bộ given).
declare("appraisal.review", runs_unit)
# See every person's review in a unit's subtree (the unit given).
declare("appraisal.see_all", staff_at)
