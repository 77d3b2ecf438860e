"""The demo's "làm theo" year: the commune's model with its three teams (seed 003), replicated to eight ấp; good
deeds becoming exemplars (one recognised by the commune and forwarded to the province, one returned, one waiting);
the commune's emulation drive of the quarter on its code of conduct, scored by most of its chi bộ so far; its model
chi bộ: last year's criteria, the chi bộ registered, assessed from their year's records and those meeting every
criterion recognised at the year-end review, and this year's criteria with the chi bộ registered so far. Everything
goes through the actions (lamtheo.initiatives, lamtheo.exemplars, lamtheo.emulation, lamtheo.modelcells), as a
committee would.

Seed 003 is xã Long Bình's model; the demo reproduces it in the commune whose people log in (Cù Lao Giêng).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, User
from lamtheo.conduct.models import ConductCode
from lamtheo.emulation import actions as emulation
from lamtheo.exemplars import actions as exemplars
from lamtheo.exemplars.models import Exemplar
from lamtheo.indicators.periods import ROMAN
from lamtheo.initiatives import actions as initiatives
from lamtheo.modelcells import actions as modelcells
from lamtheo.modelcells.models import ModelCell, Standard
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed
from lamtheo.units.models import Unit

MODEL = "Nâng cao sự chủ động, sáng tạo của cấp ủy, tổ chức Đảng và cán bộ, đảng viên trong xây dựng Đảng"
MODEL_THEME = (
    "Mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy dân chủ trong xây dựng "
    "Đảng và hệ thống chính trị: mỗi tổ có chủ đề riêng, họp hằng tháng đánh giá kết quả từng thành viên."
)
# (team, theme, goals: (name, measure, baseline, target, how it moves each month))
TEAMS = (
    (
        "Tổ 1 - Khối Vận xã",
        "Tự chủ, năng động, sáng tạo và đổi mới công tác tuyên truyền, vận động",
        (
            ("Tổ nhân dân tự quản ra mắt", "tổ", 0, 6, 0.5),
            ("Hộ được tuyên truyền, vận động", "hộ", 0, 1200, 110),
        ),
    ),
    (
        "Tổ 2 - Khối chính quyền",
        "Nâng cao tinh thần trách nhiệm trong thực thi đạo đức công vụ, tác phong làm việc nơi công sở",
        (
            ("Hồ sơ hành chính giải quyết đúng hạn", "%", 86, 100, 1.3),
            ("Hồ sơ trễ hạn", "hồ sơ", 14, 0, -1.2),
        ),
    ),
    (
        "Tổ 3 - Cơ sở đảng",
        "Nâng cao trách nhiệm của người đứng đầu trong xây dựng, chỉnh đốn Đảng gắn với Chỉ thị 05",
        (
            ("Chi bộ họp chi ủy trước sinh hoạt", "%", 60, 100, 3.5),
            ("Đảng viên dự sinh hoạt", "%", 81, 90, 0.8),
        ),
    ),
)
STEPS = {name: step for _team, _theme, goals in TEAMS for name, *_rest, step in goals}  # a month's usual move
REPLICAS = 8
# The commune's model chi bộ ("Chi bộ 4 tốt"): the figures a chi bộ is assessed on and their bars.
MODEL_CELL_CRITERIA = (
    ("meetings_held", Decimal(100)),
    ("meetings_required", Decimal(100)),
    ("attendance_rate", Decimal(90)),
    ("registrations_reviewed", Decimal(100)),
    ("assignments_received_overdue", Decimal(0)),
)


def build_campaign(
    root: Unit, rng: random.Random, *, today: datetime.date, progress=lambda message: None
) -> None:
    leader = User.objects.filter(username="bithuxa").first()
    commune = leader.role_assignments.get(role=Role.COMMITTEE_LEADER).unit if leader else None
    if commune is None:
        return
    with transaction.atomic():
        model = _model(commune, rng, today)
        recognised = _exemplars(commune, rng, today)
        drive = _drive(commune, rng, today)
        model_cells = _model_cells(commune, rng, today)
    progress(
        _(
            "Làm theo: mô hình với %(replicas)s nơi nhân rộng, %(exemplars)s gương điển hình, phong trào «%(drive)s», "
            "%(cells)s chi bộ mẫu"
        )
        % {
            "replicas": model.replicas.count(),
            "exemplars": recognised,
            "drive": drive.name if drive else "—",
            "cells": model_cells,
        }
    )


def _months(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month < today.replace(day=1):
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _record_year(initiative, rng: random.Random, today: datetime.date, *, pace: float = 1.0) -> None:
    for team in initiative.teams.prefetch_related("goals"):
        goals = list(team.goals.order_by("pk"))
        values = {goal.pk: goal.baseline for goal in goals}
        for month in _months(initiative.starts_on, today):
            for goal in goals:
                step = Decimal(str(STEPS.get(goal.name, 0))) * Decimal(str(pace * rng.uniform(0.6, 1.4)))
                low, high = sorted((goal.baseline, goal.target))
                moved = min(max(values[goal.pk] + step, low), high)
                values[goal.pk] = moved.quantize(Decimal("1") if goal.measure != "%" else Decimal("0.1"))
            initiatives.record_month(team, month, dict(values), actor=None, today=today)


def _model(commune: Unit, rng: random.Random, today: datetime.date):
    people = list(Person.objects.in_subtree(commune).active().members().select_related("unit").order_by("pk"))
    at_commune = [p for p in people if p.unit_id == commune.pk] or people
    start = datetime.date(today.year - 1, 3, 15)
    model = initiatives.launch_initiative(
        commune,
        actor=None,
        name=MODEL,
        theme=MODEL_THEME,
        starts_on=start,
        ends_on=datetime.date(today.year, 12, 31),
        teams=[
            initiatives.TeamSpec(
                name,
                theme,
                leader=at_commune[n % len(at_commune)],
                members=rng.sample(people, min(6, len(people))),
            )
            for n, (name, theme, _goals) in enumerate(TEAMS)
        ],
    )
    for team in model.teams.all():
        for name, measure, baseline, target, _step in next(
            specs for t, _th, specs in TEAMS if t == team.name
        ):
            initiatives.add_goal(
                team,
                actor=None,
                name=name,
                measure=measure,
                baseline=Decimal(baseline),
                target=Decimal(target),
            )
    _record_year(model, rng, today)
    cells = list(
        Unit.objects.children_of(commune).filter(kind__in=Unit.CELL_KINDS, active_to=None).order_by("path")
    )
    chosen = rng.sample(cells, min(REPLICAS, len(cells)))
    replicas = initiatives.replicate(model, chosen, actor=None, starts_on=datetime.date(today.year - 1, 6, 1))
    for replica in replicas:
        _record_year(replica, rng, today, pace=rng.uniform(0.4, 1.2))
    return model


def _exemplars(commune: Unit, rng: random.Random, today: datetime.date) -> int:
    year = today.year - 1
    deeds = list(
        Deed.objects.filter(unit__in=Unit.objects.subtree_of(commune), date__year=year)
        .select_related("person__unit", "unit")
        .order_by("pk")
    )
    by_person: dict[int, list] = {}
    for deed in deeds:
        if deed.person.unit_id == deed.unit_id:
            by_person.setdefault(deed.person_id, []).append(deed)
    people = sorted(by_person, key=lambda pk: (-len(by_person[pk]), pk))[:3]
    recognised = 0
    for index, person_id in enumerate(people):
        own = by_person[person_id]
        exemplar = exemplars.nominate(
            own[0].unit,
            actor=None,
            year=year,
            person=own[0].person,
            summary=_("Gương mẫu trong công tác, tích cực tham gia các phong trào của địa phương: %(deeds)s.")
            % {"deeds": "; ".join(d.description.rstrip(".") for d in own[:3]).lower()},
            deeds=own[:3],
        )
        if index == 1:  # returned: the commune asks for the number of households concerned
            exemplars.verify(
                exemplar,
                actor=None,
                expected_version=exemplar.version,
                accept=False,
                remark=_("Đề nghị bổ sung số hộ được vận động và xác nhận của Ban ấp."),
            )
            continue
        if index == 2:  # waiting for the commune
            continue
        exemplars.verify(exemplar, actor=None, expected_version=exemplar.version, accept=True)
        exemplars.recognise(
            exemplar,
            actor=None,
            expected_version=exemplar.version,
            honour=Exemplar.Honour.CERTIFICATE,
            on=datetime.date(year, 12, 20),
        )
        exemplars.set_consent(exemplar, actor=None, consents=True)
        exemplars.forward(exemplar, actor=None)  # waits for the province's selection
        recognised += 1
    return recognised


def _drive(commune: Unit, rng: random.Random, today: datetime.date):
    """This quarter's drive on the commune's code of conduct, launched at its start; most chi bộ have scored."""
    code = ConductCode.objects.filter(unit=commune).in_force(today.year).order_by("-start_year").first()
    if code is None:
        return None
    quarter = (today.month - 1) // 3
    starts_on = datetime.date(today.year, 3 * quarter + 1, 1)
    drive = emulation.launch_drive(
        commune,
        actor=None,
        name=_("Thi đua thực hiện chuẩn mực đạo đức quý %(quarter)s năm %(year)s")
        % {"quarter": ROMAN[quarter + 1], "year": today.year},
        starts_on=starts_on,
        ends_on=(starts_on + datetime.timedelta(days=92)).replace(day=1) - datetime.timedelta(days=1),
        code=code,
    )
    criteria = list(drive.criteria.all())
    cells = list(
        Unit.objects.children_of(commune).filter(kind__in=Unit.CELL_KINDS, active_to=None).order_by("path")
    )
    for cell in rng.sample(cells, len(cells) * 2 // 3):
        sheet = {
            (person.pk, criterion.pk): Decimal(round(criterion.points * rng.uniform(0.6, 1.0)))
            for person in emulation.participants(drive, cell)
            for criterion in criteria
        }
        emulation.score(drive, cell, sheet, actor=None)
    return drive


def _model_cells(commune: Unit, rng: random.Random, today: datetime.date) -> int:
    """Last year's model chi bộ of the commune, assessed from the year's records and recognised at its year-end
    review; this year's criteria with the chi bộ registered so far. Returns how many were recognised."""
    cells = list(
        Unit.objects.children_of(commune).filter(kind__in=Unit.CELL_KINDS, active_to=None).order_by("path")
    )
    last_year = today.year - 1
    standard = modelcells.declare_standard(
        commune, actor=None, year=last_year, name=_("Chi bộ 4 tốt"), criteria=list(MODEL_CELL_CRITERIA)
    )
    for cell in rng.sample(cells, len(cells) * 3 // 4):
        modelcells.register(standard, cell, actor=None)
    modelcells.assess(
        standard, actor=None, expected_version=standard.version, today=datetime.date(last_year, 12, 31)
    )
    review = datetime.date(last_year, 12, 31)
    recognised = 0
    for entry in standard.cells.filter(meets=True).select_related("unit"):
        modelcells.recognise(entry, actor=None, expected_version=entry.version, on=review)
        recognised += 1
    current = modelcells.declare_standard(
        commune, actor=None, year=today.year, name=_("Chi bộ 4 tốt"), criteria=list(MODEL_CELL_CRITERIA)
    )
    for cell in rng.sample(cells, len(cells) // 2):
        modelcells.register(current, cell, actor=None)
    return recognised


def delete_campaign(units) -> None:
    """Models, exemplars and drives of `units` (a values("pk") queryset): they PROTECT their units and people."""
    from lamtheo.emulation.models import EmulationDrive
    from lamtheo.initiatives.models import Initiative

    EmulationDrive.objects.filter(unit__in=units).delete()
    ModelCell.objects.filter(Q(unit__in=units) | Q(standard__unit__in=units)).delete()
    Standard.objects.filter(unit__in=units).delete()
    Exemplar.objects.filter(Q(unit__in=units) | Q(verifier__in=units)).delete()
    Initiative.objects.filter(origin__isnull=False, unit__in=units).delete()
    Initiative.objects.filter(unit__in=units).delete()
