"""Topics and Party documents of the demo province, played through the documents and topics actions.

`Paperwork.run()` comes after the units, people and logins exist. It gives every committee and chi bộ its terms
and every committee its issuer profile, then writes the demo's history (the wording is in `data/document_texts.yaml`)
in date order, so that numbers follow dates:

- the Tỉnh ủy's topics: the term-long topic 2021–2025 with its yearly topics 2021–2025, each issued by a plan
  `NN-KH/TU` and with a deadline for the units below, and the term-long topic 2026–2030. There is no 2026 yearly
  topic: creating it, drafting, consulting on and issuing its plan is what the demo user does live;
- the plans of the communes and provincial agency committees for the 2024 and 2025 topics: most on time, about
  15% late, about 5% (in 2025) never issued, so the deployment table has something to show;
- a year of documents (03/2025 – 02/2026) of the Tỉnh ủy and of the demo commune, with drafts, one document under
  consultation of the demo users and one recalled (and replaced) document.

That is the demo on the tests' day, 01/03/2026 (`population.AS_OF`). Built on a later day (`as_of`), it goes on
with `document_years.py`: the yearly topics of 2026 and after with their plans (and the plans below), the
documents every year brings up to the day before `as_of`, and the drafts of that day instead of those of
01/03/2026. Nothing is dated on or after `as_of`.

Each document goes through `create_draft`, `open_consultation`, `respond`, `close_consultation`, `update_draft`,
`issue_document`, `recall_document` and `acknowledge`, so its number, versions, consultation, distributions and
audit rows are the application's own. Three things do not:
- terms are plain rows, bulk-inserted (there is no action for them): one or two per committee and chi bộ;
- distributions to units where nobody can log in are acknowledged in bulk: `acknowledge` only sets two fields,
  and row by row it would be some ten thousand transactions at full scale. Units with a demo login acknowledge
  through the action, as their users would;
- the actions stamp the real clock's time, and `open_consultation` refuses a deadline in the past, while the
  history runs from 2021 to 02/2026: `Clock.apply()` finally writes the history's moments over those timestamps
  (created, edited, opened, answered, closed, issued, recalled, delivered, acknowledged, and the audit rows).

A simplification: the demo has no district level and keeps only two pre-2025 communes, so today's communes and
provincial agency committees stand in for the units that deployed the 2024 and 2025 topics (and the Tỉnh ủy's
documents of before 07/2025 are sent to them). Each committee has a term 2020–2025 to number those plans in.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import RoleAssignment, User
from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.demo import document_texts as texts
from lamtheo.demo import document_years as years
from lamtheo.demo.population import AS_OF, CELL_TERM_START, OLD_CELL_TERM_START, OLD_TERM_START
from lamtheo.documents import actions
from lamtheo.documents.models import (
    Consultation,
    ConsultationResponse,
    Distribution,
    Document,
    DocumentType,
    DocumentVersion,
    IssuerProfile,
    NumberSeries,
    Term,
)
from lamtheo.indicators import freshness
from lamtheo.lib import vn
from lamtheo.people.models import Position
from lamtheo.topics import actions as topic_actions
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

Kind = Unit.Kind
Verdict = ConsultationResponse.Verdict

OLD_TERM, TERM = "Nhiệm kỳ 2020 – 2025", "Nhiệm kỳ 2025 – 2030"
# A chi bộ under a đảng ủy cơ sở holds its congress twice in five years (population.py dates its officers so).
OLD_CELL_TERM, CELL_TERM = "Nhiệm kỳ 2022 – 2025", "Nhiệm kỳ 2025 – 2027"
# Congresses of the 2025–2030 term. Đại hội đại biểu Đảng bộ tỉnh An Giang lần thứ I sat on 2–3/10/2025. The
# communes exist only since 01/07/2025 and held theirs in July–August (the central timetable ended them by
# 31/08/2025); the provincial agencies' committees followed; grassroots committees went before.
PROVINCE_CONGRESS = datetime.date(2025, 10, 3)
CONGRESSES = {
    Kind.COMMUNE_COMMITTEE: (datetime.date(2025, 7, 15), datetime.date(2025, 8, 25)),
    Kind.AGENCY_COMMITTEE: (datetime.date(2025, 8, 5), datetime.date(2025, 9, 10)),
    Kind.GRASSROOTS_COMMITTEE: (datetime.date(2025, 5, 12), datetime.date(2025, 6, 20)),
    Kind.DISTRICT_COMMITTEE: (datetime.date(2025, 5, 12), datetime.date(2025, 6, 20)),
    Kind.GRASSROOTS_CELL: (datetime.date(2025, 5, 12), datetime.date(2025, 6, 20)),
}
FORMER_DISTRICT = "ĐẢNG BỘ HUYỆN CHỢ MỚI"  # above the communes merged into Cù Lao Giêng, until 30/06/2025
PROVINCE_PLACE = "An Giang"
SIGNING_FORM = "T/M BAN THƯỜNG VỤ"
SIGNERS = {"secretary": Position.Kind.SECRETARY, "deputy": Position.Kind.DEPUTY_SECRETARY}
TITLES = {Position.Kind.SECRETARY: "BÍ THƯ", Position.Kind.DEPUTY_SECRETARY: "PHÓ BÍ THƯ"}
LATE_SHARE, MISSING_SHARE = 0.15, 0.05  # of the committees below, for a yearly topic; missing since 2025
UNREAD_RECENT, UNREAD_OLD = 0.4, 0.03  # distributions never acknowledged: of the last three weeks, of before
UNREAD_DAYS = 28  # the demo users' own inboxes keep everything of the last four weeks unread
LIVE_LOGINS = ("tinhuy", "quantri")  # left to answer the open consultation themselves


def moment(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def workday(day: datetime.date, forward: bool = True) -> datetime.date:
    """The day itself, or the nearest weekday after it (before it when not `forward`)."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if forward else -1)
    return day


def standing(unit: Unit) -> str:
    """`Ban Thường vụ Tỉnh ủy`, `Ban Thường vụ Đảng ủy xã Cù Lao Giêng`: who issues a committee's documents."""
    return "Ban Thường vụ Tỉnh ủy" if unit.kind == Kind.PROVINCE_COMMITTEE else f"Ban Thường vụ {unit.name}"


def cite(document: Document) -> str:
    """`Kế hoạch số 06-KH/TU, ngày 15/01/2025 của Ban Thường vụ Tỉnh ủy về ...`: a căn cứ as documents write it."""
    summary = document.summary if document.summary.startswith("về ") else f"về {document.summary}"
    return (
        f"{document.doc_type.name} số {document.code}, ngày {vn.short_date(document.date)} của "
        f"{standing(document.unit)} {summary}"
    )


@dataclass
class Paper:
    """One document of the demo's history, written when its day comes."""

    key: str
    unit: Unit
    type_key: str
    date: datetime.date  # issued on (for a draft: edited up to)
    summary: str
    body: str  # a document_texts.py template
    related: tuple[str, ...] = ()
    signer: str = "deputy"
    recipients: str = ""
    to: Callable[[], list[Unit]] | None = None  # where it is sent; None: the units below
    state: str = "issued"  # or "draft", "revised", "consultation" (see document_texts.Text)
    drafting: int = 6  # days from the first draft to the issue
    topic: str | None = None  # the topic it serves
    fields: dict = field(default_factory=dict)  # more template fields
    before: Callable[[], None] | None = None
    after: Callable[[Document], None] | None = None


@dataclass
class Counts:
    terms: int = 0
    profiles: int = 0
    topics: int = 0
    documents: int = 0
    by_type: dict = field(default_factory=dict)  # type name -> count
    by_status: dict = field(default_factory=dict)  # status label -> count
    drafts: int = 0  # drafts and documents under consultation
    distributions: int = 0
    unread: int = 0


class Clock:
    """The moments of the demo's history, written over the timestamps the actions took from the real clock."""

    def __init__(self):
        self.rows: dict = defaultdict(lambda: defaultdict(dict))  # model -> pk -> {field: value}
        self.versions: dict[tuple[int, int], datetime.datetime] = {}  # (document, number) -> moment
        self.events: dict = defaultdict(list)  # (content type, pk, action) -> moments, in order
        self.first_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.types = {model: ContentType.objects.get_for_model(model).pk for model in (Document, Topic)}

    def stamp(self, model, pk: int, **values) -> None:
        self.rows[model][pk].update(values)

    def event(self, obj, action: str, at: datetime.datetime) -> None:
        self.events[(self.types[type(obj)], obj.pk, action)].append(at)

    def apply(self) -> None:
        documents = {document for document, _number in self.versions}
        versions = DocumentVersion.objects.filter(document__in=documents).values_list(
            "pk", "document", "number"
        )
        for pk, document, number in versions:
            if (document, number) in self.versions:
                self.stamp(DocumentVersion, pk, created_at=self.versions[(document, number)])
        for model, rows in self.rows.items():
            by_fields = defaultdict(list)
            for pk, values in rows.items():
                by_fields[tuple(sorted(values))].append(model(pk=pk, **values))
            for fields, objs in by_fields.items():
                model.objects.bulk_update(objs, fields, batch_size=500)
        moments = {key: iter(values) for key, values in self.events.items()}
        events = []
        written = AuditEvent.objects.filter(pk__gt=self.first_event, target_type__in=self.types.values())
        for event in written.only("pk", "target_type", "target_id", "action").order_by("pk"):
            at = next(moments.get((event.target_type_id, event.target_id, event.action), iter(())), None)
            if at is not None:
                event.at = at
                events.append(event)
        AuditEvent.objects.bulk_update(events, ["at"], batch_size=500)


class Paperwork:
    """Writes the demo province's terms, issuer profiles, topics and documents (see the module's docstring)."""

    def __init__(
        self,
        root: Unit,
        *,
        commune: Unit | None,
        users: dict[str, User],
        admin: User,
        seed: int,
        renamed_on: datetime.date,
        as_of: datetime.date = AS_OF,
        progress: Callable[[str], None] = lambda message: None,
    ):
        self.root, self.commune, self.users, self.admin = root, commune, users, admin
        self.as_of = as_of
        self.rng = random.Random(f"{seed}:documents")
        self.renamed_on = renamed_on  # Ban Tuyên giáo became Ban Tuyên giáo và Dân vận
        self.progress = progress
        self.clock = Clock()
        self.types = {t.key: t for t in DocumentType.objects.all()}
        self.topics: dict[str, Topic] = {}
        self.docs: dict[str, Document] = {}
        self.plan_dates: dict[tuple[int, int], datetime.date] = {}  # (year, unit) -> date of its plan
        self.acknowledgements: list[tuple[int, User, datetime.datetime]] = []  # through the action
        self.counts = Counts()

    def run(self) -> Counts:
        self.units = list(Unit.objects.subtree_of(self.root).exclude(kind=Kind.GROUP).order_by("path"))
        self.below = [
            u for u in self.units if u.depth == self.root.depth + 1 and u.is_committee and u.active_to is None
        ]
        self.make_terms()
        self.make_profiles()
        self.progress(
            _("Nhiệm kỳ: %(terms)s; thông tin ban hành văn bản: %(profiles)s")
            % {"terms": vn.number(self.counts.terms), "profiles": vn.number(self.counts.profiles)}
        )
        self.signers = self.find_signers()
        self.logins = self.find_logins()
        papers = [*self.topic_plans(), *self.plans_below(2024), *self.plans_below(2025)]
        for year in range(2026, self.as_of.year + 1):
            if year in years.YEARLY_TOPICS and years.YEARLY_TOPICS[year].plan_date < self.as_of:
                papers += self.plans_below(year)
        province, commune = self.year_texts()
        papers += self.from_texts(self.root, province)
        if self.commune is not None:
            papers += self.from_texts(self.commune, commune)
        papers = [paper for paper in papers if paper.date < self.as_of]
        for _order, paper in sorted(enumerate(papers), key=lambda item: (item[1].date, item[0])):
            self.write(paper)
        self.acknowledge()
        self.clock.apply()
        return self.tally()

    def year_texts(self) -> tuple[list[texts.Text], list[texts.Text]]:
        """The history's documents; on a later day than the tests', with the calendar since and that day's drafts
        instead of the history's."""
        if self.as_of == AS_OF:
            return list(texts.PROVINCE), list(texts.COMMUNE)
        province = [text for text in texts.PROVINCE if text.state == "issued"]
        commune = [text for text in texts.COMMUNE if text.state == "issued"]
        for found, *more in zip(
            (province, commune), years.recent(self.as_of), years.drafts(self.as_of), strict=True
        ):
            for extra in more:
                found.extend(extra)
        return province, commune

    # Terms, issuer profiles, signers, logins -------------------------------------------------------------------

    def make_terms(self) -> None:
        rows = []
        for unit in self.units:
            closed = unit.active_to - datetime.timedelta(days=1) if unit.active_to else None
            if unit.kind == Kind.CELL:
                if closed:
                    rows.append(
                        Term(unit=unit, name=OLD_CELL_TERM, start_date=OLD_CELL_TERM_START, end_date=closed)
                    )
                else:
                    start = max(CELL_TERM_START, unit.active_from or CELL_TERM_START)
                    rows.append(Term(unit=unit, name=CELL_TERM, start_date=start))
                continue
            if closed:  # a committee closed by the 2025 merge
                rows.append(Term(unit=unit, name=OLD_TERM, start_date=OLD_TERM_START, end_date=closed))
                continue
            if unit.kind == Kind.PROVINCE_COMMITTEE:
                congress = PROVINCE_CONGRESS
            else:
                first, last = CONGRESSES[unit.kind]
                congress = workday(first + datetime.timedelta(days=self.rng.randrange((last - first).days)))
            if unit.is_committee:
                end = congress - datetime.timedelta(days=1)
                rows.append(Term(unit=unit, name=OLD_TERM, start_date=OLD_TERM_START, end_date=end))
            rows.append(Term(unit=unit, name=TERM, start_date=congress))
        Term.objects.bulk_create(rows, batch_size=1000)
        self.counts.terms = len(rows)

    def make_profiles(self) -> None:
        """Profiles of every committee, and of the chi bộ whose place `profile_for` cannot find by itself.

        `profile_for` takes the place from the unit's area, or else from the end of its name. The provincial
        agencies have no area ("Đảng ủy các cơ quan Đảng tỉnh" would date its documents "các cơ quan Đảng tỉnh"),
        so they and everything under them take the province's place. The communes closed by the merge now hang
        under Cù Lao Giêng, but their documents were headed by their district. The other chi bộ get their
        profile when they first need one (and the demo commune's now, for its users).

        Plans need a consultation by default, but the demo has logins only at the Tỉnh ủy and in Cù Lao Giêng and
        a consultation needs invitees: committees where nobody can log in issue plans without one.
        """
        by_path = {unit.path: unit for unit in self.units}
        with_logins = set(RoleAssignment.objects.filter(unit__in=self.units).values_list("unit", flat=True))
        plan_type = self.types["ke_hoach"]
        for unit in self.units:
            parent = by_path.get(unit.path[: -unit.steplen])
            ancestors = [
                by_path[unit.path[: i * unit.steplen]] for i in range(self.root.depth + 1, unit.depth + 1)
            ]
            under_agency = any(a.kind == Kind.AGENCY_COMMITTEE for a in ancestors)
            if not (unit.is_committee or under_agency or (self.commune and parent == self.commune)):
                continue
            profile = actions.profile_for(unit)
            self.counts.profiles += 1
            changed = []
            if under_agency:
                profile.place = PROVINCE_PLACE
                changed.append("place")
            if unit.is_committee and unit.active_to and parent != self.root:
                profile.superior_body = FORMER_DISTRICT
                changed.append("superior_body")
            if changed:
                profile.save(update_fields=changed)
            if unit.is_committee and unit.pk not in with_logins:
                profile.consultation_types.remove(plan_type)

    def find_signers(self) -> dict[int, dict[str, str]]:
        """{committee: {position kind: name}}; of several deputies, the standing one (thường trực) signs."""
        signers: dict[int, dict[str, str]] = defaultdict(dict)
        positions = (
            Position.objects.filter(unit__in=[*self.below, self.root], kind__in=TITLES, end_date__isnull=True)
            .select_related("person")
            .order_by("unit", "kind", "pk")
        )
        for position in positions:
            held = signers[position.unit_id]
            if position.kind not in held or "Thường trực" in position.person.job_title:
                held[position.kind] = position.person.full_name
        return signers

    def find_logins(self) -> dict[int, User]:
        """{unit: user}: who acknowledges what is sent to the units where a demo user works."""
        logins = {self.root.pk: self.users.get("tinhuy")}
        if self.commune is not None:
            logins[self.commune.pk] = self.users.get("bithuxa")
        secretary = self.users.get("bithuchibo")
        if secretary is not None and secretary.person_id:
            logins[secretary.person.unit_id] = secretary
        return {unit: user for unit, user in logins.items() if user is not None}

    def drafter(self, unit: Unit) -> User:
        if unit == self.root and "tinhuy" in self.users:
            return self.users["tinhuy"]
        if unit == self.commune and "bithuxa" in self.users:
            return self.users["bithuxa"]
        return self.admin  # units without a login: the system admin loads their paperwork

    def invitees(self, unit: Unit, day: datetime.date) -> list[User]:
        """The demo users a committee consults: those who work there, and a Tỉnh ủy member once they are one."""
        if unit == self.root:
            names = ["tinhuy", "quantri"]
            leader = self.users.get("bithuxa")
            if leader is not None and self.sits_on_root(leader, day):
                names.append("bithuxa")
        elif unit == self.commune:
            names = ["bithuxa", "bithuchibo"]
        else:
            return []
        return [self.users[name] for name in names if name in self.users]

    def sits_on_root(self, user: User, day: datetime.date) -> bool:
        if not hasattr(self, "root_members"):
            positions = Position.objects.filter(unit=self.root, end_date__isnull=True)
            self.root_members = dict(positions.values_list("person", "start_date"))
        if user.person_id not in self.root_members:
            return False
        start = self.root_members[user.person_id]
        return start is None or start <= day

    # Writing one document --------------------------------------------------------------------------------------

    def template_fields(self, paper: Paper, related: list[Document]) -> dict:
        unit = paper.unit
        return {
            **texts.FIELDS,
            "cite": cite(related[0]) if related else "",
            "cite2": cite(related[1]) if len(related) > 1 else "",
            "standing": standing(unit),
            "propaganda": self.propaganda(paper.date),
            "held": vn.short_date(workday(paper.date - datetime.timedelta(days=4), forward=False)),
            "name": unit.name.removeprefix("Đảng ủy ").removeprefix("Tỉnh ủy "),
            "commune": self.commune.name.removeprefix("Đảng ủy ") if self.commune else "",
            **paper.fields,
        }

    def write(self, paper: Paper) -> Document:
        if paper.before is not None:
            paper.before()
        unit, actor, clock = paper.unit, self.drafter(paper.unit), self.clock
        related = [self.docs[key] for key in paper.related if key in self.docs]
        # Drafting starts `drafting` days before the issue, not before what it cites was issued, and at least
        # two days before the issue (a consultation takes a day or more).
        earliest = max([d.date for d in related], default=datetime.date.min)
        start = max(paper.date - datetime.timedelta(days=paper.drafting), earliest)
        start = workday(min(start, paper.date - datetime.timedelta(days=2)), forward=False)
        names = self.signers.get(unit.pk, {})
        wanted = SIGNERS[paper.signer]
        kind = wanted if wanted in names else next(iter(names), wanted)
        values = self.template_fields(paper, related)
        document = Document(
            unit=unit,
            doc_type=self.types[paper.type_key],
            summary=paper.summary.format(**values),
            body=paper.body.format(**values),
            signing_form=SIGNING_FORM,
            signer_title=TITLES[kind],
            signer_name=names.get(kind, ""),
            recipients=paper.recipients,
            topic=self.topics.get(paper.topic) if paper.topic else None,
        )
        actions.create_draft(document, actor=actor, related=related)
        created = moment(start, 8, self.rng.randrange(0, 50))
        clock.stamp(Document, document.pk, created_at=created, updated_at=created)
        clock.versions[(document.pk, 1)] = created
        clock.event(document, "document.create", created)

        live = paper.state == "consultation"
        if live or (paper.state == "issued" and actions.requires_consultation(document)):
            comments = self.consult(paper, document, actor, start)
            if comments and not live:
                self.revise(document, actor, comments, paper.date)
        if paper.state == "revised":
            self.revise(document, actor, [self.rng.choice(texts.COMMENTS)[1]], paper.date)
        if paper.state == "issued":
            document = self.issue(paper, document, actor)
        self.docs[paper.key] = document
        if paper.after is not None:
            paper.after(document)
        return document

    def consult(self, paper: Paper, document: Document, actor: User, start: datetime.date) -> list[str]:
        """Consult from the day after the first draft to the day before the issue; returns the lines to add."""
        clock, live = self.clock, paper.state == "consultation"
        invitees = self.invitees(paper.unit, start)
        opened = moment(min(workday(start + datetime.timedelta(days=1)), paper.date), 9, 30)
        close_day = max(workday(paper.date - datetime.timedelta(days=1), forward=False), opened.date())
        # An open consultation stays answerable in the demo, so its deadline follows the real clock.
        today = timezone.localdate()
        deadline = today + datetime.timedelta(days=14) if live else close_day
        consultation = actions.open_consultation(
            document,
            users=invitees,
            deadline=max(deadline, today),
            message=texts.CONSULTATION_MESSAGE,
            actor=actor,
        )
        clock.stamp(Consultation, consultation.pk, opened_at=opened, deadline=deadline)
        clock.event(document, "document.consultation_open", opened)
        responses = {r.user_id: r for r in consultation.responses.select_related("consultation__document")}
        added = []
        span = max((close_day - opened.date()).days, 1)
        closed = max(moment(close_day, 16, 30), opened + datetime.timedelta(hours=2))
        for user in invitees:
            if live and user.username in LIVE_LOGINS:
                continue
            day = workday(opened.date() + datetime.timedelta(days=self.rng.randrange(span)), forward=False)
            when = moment(day, self.rng.randrange(8, 17), self.rng.randrange(60))
            when = min(
                max(when, opened + datetime.timedelta(minutes=30)), closed - datetime.timedelta(minutes=10)
            )
            response = responses[user.pk]
            if self.rng.random() < 0.3:
                comment, line = self.rng.choice(texts.COMMENTS)
                added.append(line)
                actions.respond(response, verdict=Verdict.COMMENT, comment=comment, actor=user)
            else:
                actions.respond(response, verdict=Verdict.AGREE, comment="", actor=user)
            clock.stamp(ConsultationResponse, response.pk, answered_at=when)
            clock.event(document, "document.consultation_answer", when)
        if not live:
            actions.close_consultation(consultation, actor=actor)
            clock.stamp(Consultation, consultation.pk, closed_at=closed)
            clock.event(document, "document.consultation_close", closed)
        return added

    def revise(self, document: Document, actor: User, added: list[str], day: datetime.date) -> None:
        """The drafter takes the comments in: a second version of the draft."""
        document.body = "\n".join([document.body, *dict.fromkeys(added)])
        actions.update_draft(document, actor=actor, expected_version=document.version)
        when = moment(workday(day - datetime.timedelta(days=1), forward=False), 17, 0)
        self.clock.stamp(Document, document.pk, updated_at=when)
        self.clock.versions[(document.pk, document.version)] = when
        self.clock.event(document, "document.update", when)

    def issue(self, paper: Paper, document: Document, actor: User) -> Document:
        """Issue on the paper's day and send; most receivers acknowledge within days, a few never do."""
        clock = self.clock
        to = paper.to() if paper.to is not None else None
        document = actions.issue_document(document, actor=actor, date=paper.date, recipients_units=to)
        issued = moment(paper.date, 14, self.rng.randrange(0, 60))
        clock.stamp(Document, document.pk, issued_at=issued)
        clock.event(document, "document.issue", issued)
        unread = UNREAD_RECENT if paper.date >= self.as_of - datetime.timedelta(days=21) else UNREAD_OLD
        end_of_history = moment(self.as_of - datetime.timedelta(days=1), 17, 0)
        unread_from = self.as_of - datetime.timedelta(days=UNREAD_DAYS)
        for pk, unit_pk in Distribution.objects.filter(document=document).values_list("pk", "unit"):
            clock.stamp(Distribution, pk, delivered_at=issued)
            if self.rng.random() < unread or (paper.date >= unread_from and unit_pk in self.logins):
                continue
            days = self.rng.choice((0, 0, 1, 1, 2, 3, 5, 8))
            when = moment(workday(paper.date + datetime.timedelta(days=days)), self.rng.randrange(7, 17))
            when = max(when, issued + datetime.timedelta(minutes=20))
            if when > end_of_history:
                continue
            if unit_pk in self.logins:
                self.acknowledgements.append((pk, self.logins[unit_pk], when))
            else:
                clock.stamp(Distribution, pk, acknowledged_at=when)
        return document

    def recalling(self, key: str) -> Callable[[Document], None]:
        """Once a replacement is issued, recall the document `key` it replaces."""

        def after(replacement: Document) -> None:
            original = self.docs[key]
            reason = (
                f"Ghi sai thời hạn gửi báo cáo; thay thế bằng {replacement.doc_type.name} số {replacement.code}, "
                f"ngày {vn.short_date(replacement.date)}"
            )
            self.docs[key] = actions.recall_document(
                original, actor=self.drafter(original.unit), reason=reason
            )
            self.clock.event(original, "document.recall", moment(replacement.date, 15, 45))

        return after

    def acknowledge(self) -> None:
        """The units with a demo login acknowledge through the action, as their users would."""
        distributions = Distribution.objects.in_bulk([pk for pk, _user, _when in self.acknowledgements])
        for pk, user, when in self.acknowledgements:
            actions.acknowledge(distributions[pk], actor=user)
            self.clock.stamp(Distribution, pk, acknowledged_at=when)

    def tally(self) -> Counts:
        documents = Document.objects.filter(subtree_q(self.root.path, "unit__path"))
        names = {t.pk: t.name for t in self.types.values()}
        self.counts.documents = documents.count()
        for type_pk, count in documents.values_list("doc_type").annotate(n=Count("pk")).order_by("doc_type"):
            self.counts.by_type[names[type_pk]] = count
        labels = dict(Document.Status.choices)
        for status, count in documents.values_list("status").annotate(n=Count("pk")).order_by("status"):
            self.counts.by_status[str(labels[status])] = count
        self.counts.drafts = documents.filter(
            status__in=[Document.Status.DRAFT, Document.Status.CONSULTATION]
        ).count()
        distributions = Distribution.objects.filter(document__in=documents)
        self.counts.distributions = distributions.count()
        self.counts.unread = distributions.filter(acknowledged_at__isnull=True).count()
        self.counts.topics = Topic.objects.filter(unit=self.root).count()
        return self.counts

    # Papers: topics and their plans, the year's documents ------------------------------------------------------

    def propaganda(self, day: datetime.date) -> str:
        return "Ban Tuyên giáo và Dân vận Tỉnh ủy" if day >= self.renamed_on else "Ban Tuyên giáo Tỉnh ủy"

    def recipients(self, unit: Unit, day: datetime.date, *, report: bool = False) -> str:
        if unit == self.root:
            central = "Trung ương"
            central = (
                f"Ban Tuyên giáo và Dân vận {central}"
                if day >= self.renamed_on
                else f"Ban Tuyên giáo {central}"
            )
            if report:
                lines = ["Ban Bí thư Trung ương Đảng (để báo cáo)", central, "Thường trực Tỉnh ủy"]
            else:
                lines = [
                    f"{central} (để báo cáo)",
                    "Các đồng chí Tỉnh ủy viên",
                    "Các đảng ủy trực thuộc Tỉnh ủy",
                ]
                lines.append("Các ban, Văn phòng Tỉnh ủy")
            return "\n".join([*lines, "Lưu Văn phòng Tỉnh ủy"])
        lines = ["Ban Thường vụ Tỉnh ủy (để báo cáo)", self.propaganda(day)]
        if report:
            lines.append("Thường trực Đảng ủy")
        else:
            lines += ["Các đồng chí Ủy viên Ban Chấp hành Đảng bộ", "Các chi bộ trực thuộc"]
        return "\n".join([*lines, "Lưu Văn phòng Đảng ủy"])

    def create_topic(
        self, key: str, kind: str, title: str, years: tuple[int, int], parent: str = "", **fields
    ) -> Callable[[], None]:
        def before() -> None:
            topic = Topic(
                unit=self.root, kind=kind, title=title, start_year=years[0], end_year=years[1], **fields
            )
            topic.parent = self.topics[parent] if parent else None
            topic_actions.create_topic(topic, actor=self.drafter(self.root))
            self.topics[key] = topic

        return before

    def attach_topic(self, key: str) -> Callable[[Document], None]:
        """Once its plan is issued, the topic names it; the topic was created when the plan was first drafted."""

        def after(document: Document) -> None:
            topic = self.topics[key]
            topic.document = document
            topic_actions.update_topic(topic, actor=self.drafter(self.root), expected_version=topic.version)
            created = self.clock.rows[Document][document.pk]["created_at"] - datetime.timedelta(minutes=30)
            self.clock.stamp(Topic, topic.pk, created_at=created)
            self.clock.event(topic, "topic.create", created)
            self.clock.event(topic, "topic.update", moment(document.date, 15, 30))

        return after

    def topic_plans(self) -> list[Paper]:
        """The Tỉnh ủy's plans that issue its yearly topics (2021–2025 and, before `as_of`, 2026–2030) and the
        term-long topic 2021–2025 (the 2026–2030 one is among the year's texts)."""
        root, papers = self.root, []
        day = datetime.date(2021, 6, 15)
        papers.append(
            Paper(
                "term-2021",
                root,
                "ke_hoach",
                day,
                f"thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục đẩy mạnh {texts.CAMPAIGN}",
                texts.TERM_PLAN.replace("{cite}", "Thực hiện {kl01}"),
                signer="secretary",
                recipients=self.recipients(root, day),
                drafting=20,
                topic="term-2021",
                fields={"period": "2021 – 2025", "title": texts.TERM_2021},
                before=self.create_topic(
                    "term-2021",
                    Topic.Kind.TERM,
                    texts.TERM_2021,
                    (2021, 2025),
                    description=texts.TERM_DESCRIPTIONS[2021],
                ),
                after=self.attach_topic("term-2021"),
            )
        )
        yearly = {**texts.YEARLY_TOPICS}
        yearly.update((y, t) for y, t in years.YEARLY_TOPICS.items() if t.plan_date < self.as_of)
        for year, topic in yearly.items():
            key = f"year-{year}"
            term = "term-2021" if year <= 2025 else "term-2026"
            what = "chuyên đề toàn khóa và chuyên đề năm" if year == 2021 else "chuyên đề năm"
            papers.append(
                Paper(
                    key,
                    root,
                    "ke_hoach",
                    topic.plan_date,
                    f"triển khai học tập {what} {year}",
                    texts.YEARLY_PLAN,
                    related=(term,),
                    recipients=self.recipients(root, topic.plan_date),
                    drafting=12,
                    topic=key,
                    fields={
                        "year": year,
                        "title": topic.title,
                        "deploy_by": vn.short_date(topic.deploy_by),
                        "levels": "huyện, thị xã, thành phố" if year <= 2025 else "xã, phường, đặc khu",
                        "when": f"tháng {topic.plan_date.month + 1:02d}/{year}",
                    },
                    before=self.create_topic(
                        key,
                        Topic.Kind.YEAR,
                        topic.title,
                        (year, year),
                        parent=term,
                        deploy_by=topic.deploy_by,
                        description=texts.YEARLY_DESCRIPTION.format(year=year),
                    ),
                    after=self.attach_topic(key),
                )
            )
        return papers

    def plans_below(self, year: int) -> list[Paper]:
        """Each committee below the Tỉnh ủy issues its own plan for the yearly topic: most in time, some late.

        The demo commune is always in time, so its users find their plan with its consultation.
        """
        topic = texts.YEARLY_TOPICS.get(year) or years.YEARLY_TOPICS[year]
        order = [u for u in self.below if u != self.commune]
        self.rng.shuffle(order)
        missing = max(1, round(MISSING_SHARE * len(self.below))) if year >= 2025 else 0
        late = max(1, round(LATE_SHARE * len(self.below)))
        papers = []
        for index, unit in enumerate([*order, *([self.commune] if self.commune in self.below else [])]):
            if index < missing:
                continue
            if index < missing + late and unit != self.commune:
                day = workday(topic.deploy_by + datetime.timedelta(days=self.rng.randint(5, 60)))
            else:
                window = (topic.deploy_by - topic.plan_date).days
                day = workday(topic.plan_date + datetime.timedelta(days=self.rng.randint(6, window)), False)
            self.plan_dates[(year, unit.pk)] = day
            commune = unit.kind == Kind.COMMUNE_COMMITTEE
            name = unit.name.removeprefix("Đảng ủy ")
            papers.append(
                Paper(
                    f"plan-{year}-{unit.code}",
                    unit,
                    "ke_hoach",
                    day,
                    f"triển khai học tập chuyên đề năm {year}",
                    texts.PLAN_BELOW,
                    related=(f"year-{year}",),
                    recipients=self.recipients(unit, day),
                    drafting=self.rng.randint(4, 9),
                    topic=f"year-{year}",
                    fields={
                        "year": year,
                        "title": topic.title,
                        "audience": " trong Đảng bộ" if commune else ", công chức, viên chức",
                        "aim": self.rng.choice(texts.PLAN_AIMS),
                        "tasks": texts.PLAN_TASKS["commune" if commune else "agency"].format(name=name),
                        "when": self.rng.choice(("tháng 02", "tháng 3", "quý I")),
                        "helper": "Ban Tuyên giáo Đảng ủy" if commune else "Văn phòng Đảng ủy",
                    },
                )
            )
        return papers

    def from_texts(self, unit: Unit, items: tuple[texts.Text, ...]) -> list[Paper]:
        papers = []
        for text in items:
            if text.to == "commune" and self.commune is None:
                continue
            to = {
                "below": None,
                "none": list,
                "up": lambda unit=unit: [self.root] if unit != self.root else [],
                "late": lambda day=text.date: [
                    u for u in self.below if self.plan_dates.get((2025, u.pk), datetime.date.max) > day
                ],
                "commune": lambda: [self.commune],
            }[text.to]
            if text.recipients in ("default", "report"):
                recipients = self.recipients(unit, text.date, report=text.recipients == "report")
            else:
                recipients = text.recipients
            # A commune's own plans are keyed by its code: "plan-2025" is its plan for the 2025 topic.
            related = tuple(
                key if not key.startswith("plan-") else f"{key}-{unit.code}" for key in text.related
            )
            paper = Paper(
                text.key,
                unit,
                text.type,
                text.date,
                text.summary,
                text.body,
                related=related,
                signer=text.signer,
                recipients=recipients,
                to=to,
                state=text.state,
                drafting=text.drafting,
            )
            if text.replaces:
                paper.after = self.recalling(text.replaces)
            if text.key == "term-2026":
                paper.topic = "term-2026"
                paper.before = self.create_topic(
                    "term-2026",
                    Topic.Kind.TERM,
                    texts.TERM_2026,
                    (2026, 2030),
                    description=texts.TERM_DESCRIPTIONS[2026],
                )
                paper.after = self.attach_topic("term-2026")
            papers.append(paper)
        return papers


def build(
    root: Unit,
    *,
    commune: Unit | None,
    users: dict[str, User],
    admin: User,
    seed: int,
    renamed_on: datetime.date,
    as_of: datetime.date = AS_OF,
    progress: Callable[[str], None] = lambda message: None,
) -> Counts:
    """Terms, issuer profiles, topics and documents of the demo province under `root`, as on `as_of`."""
    work = Paperwork(
        root,
        commune=commune,
        users=users,
        admin=admin,
        seed=seed,
        renamed_on=renamed_on,
        as_of=as_of,
        progress=progress,
    )
    counts = work.run()
    freshness.changed("documents", "topics")  # written in bulk: the deployment figures recompute
    return counts


def delete(units) -> None:
    """Delete the documents (with everything hanging on them), topics, terms and issuer profiles of `units`."""
    documents = Document.objects.filter(unit__in=units)
    Distribution.objects.filter(document__in=documents).delete()
    ConsultationResponse.objects.filter(consultation__document__in=documents).delete()
    Consultation.objects.filter(document__in=documents).delete()
    DocumentVersion.objects.filter(document__in=documents).delete()
    Topic.objects.filter(unit__in=units).update(document=None)
    documents.delete()
    topics = Topic.objects.filter(unit__in=units)
    topics.filter(kind=Topic.Kind.YEAR).delete()  # they PROTECT their term-long topic
    topics.delete()
    NumberSeries.objects.filter(unit__in=units).delete()
    IssuerProfile.objects.filter(unit__in=units).delete()
    Term.objects.filter(unit__in=units).delete()
    freshness.changed("documents", "topics")
