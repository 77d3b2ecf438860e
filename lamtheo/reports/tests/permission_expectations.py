"""The expectations for every report URL × every persona: the status of a GET, and of an empty POST on the writes (which writes nothing).

The objects belong to the chi bộ Ấp Long Hòa (LB-01), sent up to xã Long Bình; the outsider (a cell secretary in
phường Châu Đốc) must get 404 for all of it. The project's permission matrix
(lamtheo/accounts/tests/test_permission_matrix.py) runs these expectations with the others.
"""

import datetime

from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.documents.models import Term
from lamtheo.indicators.periods import Period
from lamtheo.reports import actions
from lamtheo.testing import built_once, statuses, unit


@built_once
def lb01_reports():
    """An issued annual report of LB-01 for this year, sent to Long Bình and accepted there, and a draft."""
    secretary = User.objects.get(username="secretary")
    today = timezone.localdate()
    Term.objects.get_or_create(
        unit=unit("LB-01"), start_date=datetime.date(2025, 6, 1), defaults={"name": "Nhiệm kỳ 2025 – 2030"}
    )
    period = Period.year(today.year)
    issued = actions.create_report(unit=unit("LB-01"), kind="annual", period=period, actor=secretary)
    issued.results = "Chi bộ học tập chuyên đề đầy đủ."
    issued.document.signer_name = "Lê Văn Tám"
    issued = actions.issue_report(
        actions.update_report(issued, actor=secretary, expected_version=issued.version),
        actor=secretary,
        date=today,
    )
    submission = actions.submit_report(issued, actor=secretary)
    actions.accept_submission(submission, actor=User.objects.get(username="commune_leader"))
    draft = actions.create_report(unit=unit("LB-01"), kind="thematic", period=period, actor=secretary)
    return issued, draft, submission


def issued_report():
    return {"pk": lb01_reports()[0].pk}


def draft_report():
    return {"pk": lb01_reports()[1].pk}


def lb01_submission():
    return {"pk": lb01_reports()[2].pk}


def lb01_unit():
    return {"unit_pk": unit("LB-01").pk}


EVERYONE = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=200, outsider=200
)
DRAFTERS = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=403, outsider=200
)
REPORT_READ = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=404, outsider=404
)
RECEIVED = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=403, outsider=404
)
POST_ONLY = statuses(
    admin=405, province_staff=405, commune_leader=405, secretary=405, member=405, outsider=405
)
# The issued report's DOCX was made when it was issued; its PDF was never asked for: the page says to make it.
NOT_MADE = {p: 302 if status == 200 else status for p, status in REPORT_READ.items()}


def issued_docx():
    return {**issued_report(), "fmt": "docx"}


# url name -> (kwargs builder, statuses of a GET)
MATRIX = {
    "reports:index": (None, EVERYONE),
    "reports:create": (None, DRAFTERS),
    "reports:detail": (issued_report, REPORT_READ),
    "reports:edit": (draft_report, REPORT_READ),
    "reports:issue": (draft_report, REPORT_READ),
    "reports:docx": (issued_report, REPORT_READ),
    "reports:pdf": (issued_report, NOT_MADE),
    "reports:prints": (issued_report, REPORT_READ),
    "reports:make_print": (issued_docx, POST_ONLY),
    "reports:quote": (draft_report, POST_ONLY),
    "reports:submit": (draft_report, POST_ONLY),
    "reports:revise": (draft_report, POST_ONLY),
    "reports:received": (lb01_unit, RECEIVED),
    "reports:deadline": (lb01_unit, POST_ONLY),
    "reports:accept": (lb01_submission, POST_ONLY),
    "reports:send_back": (lb01_submission, POST_ONLY),
}

# An empty POST: refused (403, or 404 outside) without the role; with it, the form comes back with its errors
# (200) or the page says why nothing was done (302). Nothing is written either way.
REFUSED_BACK = statuses(
    admin=302, province_staff=302, commune_leader=302, secretary=302, member=404, outsider=404
)
FORM_BACK = statuses(
    admin=200, province_staff=200, commune_leader=200, secretary=200, member=404, outsider=404
)
DECIDE = statuses(admin=302, province_staff=302, commune_leader=302, secretary=403, member=404, outsider=404)
WRITES = {
    "reports:create": (None, DRAFTERS),
    "reports:edit": (draft_report, FORM_BACK),
    "reports:issue": (draft_report, FORM_BACK),
    "reports:quote": (draft_report, REFUSED_BACK),
    # Asking again for the issued report's DOCX, made once: nothing is made again.
    "reports:make_print": (issued_docx, REFUSED_BACK),
    "reports:submit": (draft_report, REFUSED_BACK),
    "reports:revise": (draft_report, REFUSED_BACK),
    "reports:deadline": (
        lb01_unit,
        statuses(admin=302, province_staff=302, commune_leader=302, secretary=302, member=403, outsider=404),
    ),
    "reports:accept": (lb01_submission, DECIDE),
    "reports:send_back": (lb01_submission, DECIDE),
}
