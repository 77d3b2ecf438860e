"""The demo's year-end review of the commune whose people log in: a full cycle through the actions."""

import pytest

from lamtheo.accounts.models import Role, User
from lamtheo.appraisal import actions
from lamtheo.appraisal.models import Amendment, Appraisal, AppraisalRound, Level
from lamtheo.audit.models import AuditEvent
from lamtheo.demo.appraisal import SELF_ASSESSED
from lamtheo.demo.population import AS_OF

pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers


@pytest.fixture(scope="module")
def demo(tiny_demo):
    return tiny_demo


def test_the_communes_review_went_through_every_step(demo, db):
    commune = User.objects.get(username="bithuxa").role_assignments.get(role=Role.COMMITTEE_LEADER).unit
    round_ = AppraisalRound.objects.get(unit=commune)
    assert (round_.year, round_.status) == (AS_OF.year - 1, AppraisalRound.Status.PUBLISHED)
    appraisals = actions.round_people(round_)
    assert appraisals and all(a.level for a in appraisals)
    assert sum(1 for a in appraisals if a.self_total is not None) == min(SELF_ASSESSED, len(appraisals))
    proposed = [a for a in appraisals if a.proposed_level]
    assert proposed and all(a.votes_for * 2 > a.votes_for + a.votes_against for a in proposed)
    levels = {a.pk: a.level for a in appraisals}
    assert actions.cap_errors(round_, appraisals, levels) == []  # decided within the cap
    assert AuditEvent.objects.filter(action="appraisal.decide", target_id=round_.pk).count() == 1
    amendment = Amendment.objects.get(appraisal__round=round_)
    assert (amendment.from_level, amendment.to_level) == (Level.DONE, Level.GOOD) and amendment.reason
    assert round_.cell_appraisals.exists()
    assert Appraisal.objects.filter(round=round_, status=Appraisal.Status.DECIDED).count() == len(appraisals)
