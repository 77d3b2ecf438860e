"""The expectations for every appraisal URL × every persona: the status of a GET, and of an empty POST on the writes
(which writes nothing).

The round is xã Long Bình's for 2026; the appraisal is its member Nguyễn Thị Kim Ngọc's (chi bộ Ấp Long Hòa, LB-01).
The outsider (a cell secretary in phường Châu Đốc) must get 404 for all of it. The project's permission matrix
(lamtheo/accounts/tests/test_permission_matrix.py) runs these expectations with the others.
"""

from lamtheo.appraisal.tests.helpers import open_round
from lamtheo.testing import built_once, statuses, unit


@built_once
def _round():
    return open_round()


def lb_round():
    return {"pk": _round().pk}


def lb01_sheet():
    return {"pk": _round().pk, "unit_pk": unit("LB-01").pk}


def ngoc_appraisal():
    return {"pk": _round().appraisals.get(person__full_name="Nguyễn Thị Kim Ngọc").pk}


def lb_unit():
    return {"unit_pk": unit("LB").pk}


EVERYONE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=200
)
# The round of the commune, and the member's own bản kiểm điểm: everyone of the commune's subtree.
SCOPED = statuses(admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=404)
# Opening, deciding, amending, publishing: the commune's committee (and those above).
COMMITTEE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=403, member=403, outsider=404
)
# The chi bộ's sheet: its secretary and the committees above.
CELL = statuses(admin=200, province_staff=200, commune_leader=200, secretary=200, member=403, outsider=404)
POST_ONLY = statuses(
    admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
)
RETURNS = {"admin": 302, "province_staff": 302, "commune_leader": 302}

MATRIX = {
    "appraisal:index": (None, EVERYONE),
    "appraisal:create": (lb_unit, {**COMMITTEE, "secretary": 404, "member": 404}),
    "appraisal:detail": (lb_round, SCOPED),
    "appraisal:cell": (lb01_sheet, CELL),
    "appraisal:decision": (lb_round, COMMITTEE),
    "appraisal:publish": (lb_round, POST_ONLY),
    # The round is not decided yet: back to it with a message for those who may read the summary.
    "appraisal:summary_docx": (lb_round, {**COMMITTEE, **RETURNS}),
    "appraisal:person": (ngoc_appraisal, SCOPED),
    "appraisal:self_assess": (ngoc_appraisal, SCOPED),
    "appraisal:amend": (ngoc_appraisal, POST_ONLY),
}

# An empty POST: refused without the role (403, or 404 outside), else the form again or back with a message;
# nothing written.
WRITES = {
    "appraisal:create": (lb_unit, {**COMMITTEE, "secretary": 404, "member": 404}),
    "appraisal:cell": (lb01_sheet, {**CELL, **RETURNS, "secretary": 302}),
    "appraisal:decision": (lb_round, COMMITTEE),
    "appraisal:publish": (lb_round, {**COMMITTEE, **RETURNS}),
    "appraisal:self_assess": (ngoc_appraisal, SCOPED),
    "appraisal:amend": (ngoc_appraisal, {**COMMITTEE, **RETURNS}),
}
