"""Forms of the document pages. Every choice is scoped to what the user may see or act on."""

import datetime

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.accounts.scoping import get_scope
from lamtheo.documents.models import (
    ConsultationResponse,
    Document,
    DocumentType,
    IssuerProfile,
    Term,
)
from lamtheo.documents.rules import drafting_units_q, own_drafting_unit_ids
from lamtheo.lib import vn
from lamtheo.lib.forms import DateInput
from lamtheo.people.models import Position
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

PICKER_LIMIT = 20  # search results offered at a time
OFFER_LIMIT = 300  # checkboxes offered before any search


# --- labels shared by the forms and the search fragments -----------------------------------------------


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def document_label(document: Document) -> str:
    """`01-KH/ĐU ngày 02/03/2026 – triển khai ...`, as a citation reads."""
    if document.date:
        return gettext("%(code)s ngày %(date)s – %(summary)s") % {
            "code": document.code,
            "date": vn.short_date(document.date),
            "summary": document.summary,
        }
    return f"{document.code} – {document.summary}"


def user_label(user: User) -> str:
    """`Nguyễn Văn A – Lãnh đạo cấp ủy, Đảng ủy xã Long Bình` (role assignments prefetched)."""
    assignments = list(user.role_assignments.all())
    staff = [a for a in assignments if a.role != Role.MEMBER]
    roles = [f"{a.get_role_display()}, {a.unit.name}" for a in staff or assignments]
    return f"{user} – {'; '.join(roles)}" if roles else str(user)


def invitee_candidates(user, unit: Unit):
    """Whom a drafter may ask about a draft of `unit`: the committee members at the unit or above it (staff and
    leaders), and anyone holding a role in the drafter's own scope."""
    scope = get_scope(user)
    above = [unit.path[: i * Unit.steplen] for i in range(1, unit.depth + 1)]
    committee = RoleAssignment.objects.filter(
        unit__path__in=above, role__in=(Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
    ).values("user_id")
    in_scope = RoleAssignment.objects.filter(scope.subtree_q("unit__path")).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=committee) | Q(pk__in=in_scope))
        .exclude(pk=user.pk)
        .prefetch_related("role_assignments__unit")
        .order_by("last_name", "first_name", "username")
    )


def search_users(queryset, text: str):
    """Accent-insensitive search over accounts: name, username, and the linked person's name."""
    for word in text.split():
        folded = vn.fold(word)
        queryset = queryset.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(person__search_text__contains=folded)
        )
    return queryset


# --- a multiple choice over a large scoped set ----------------------------------------------------------


class PickerField(forms.ModelMultipleChoiceField):
    """Checkboxes for a few offered items and the chosen ones, with a search box (htmx) to find others.

    Validation accepts anything in `queryset` (the scoped set), which may hold thousands of rows; only the
    offered and chosen rows are ever rendered.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, label_from, search_placeholder="", **kwargs):
        super().__init__(queryset=kwargs.pop("queryset", None), **kwargs)
        self.label_from = label_from
        self.search_url = ""
        self.search_placeholder = search_placeholder
        self.shown = ""

    def label_from_instance(self, obj):
        return self.label_from(obj)

    def offer(self, offered, selected_pks):
        """Render `offered` rows and the rows named by `selected_pks` (checked), nothing else."""
        pks = []
        for value in selected_pks:
            try:
                pks.append(int(value))
            except (TypeError, ValueError):
                continue
        chosen = list(self.queryset.filter(pk__in=pks)) if pks else []
        rows = {obj.pk: obj for obj in [*chosen, *offered]}
        self.widget.choices = [(pk, self.label_from_instance(obj)) for pk, obj in rows.items()]
        self.shown = ",".join(str(pk) for pk in rows)  # the search leaves these out


def _selected(form, name) -> list:
    if form.is_bound:
        return form.data.getlist(form.add_prefix(name)) if hasattr(form.data, "getlist") else []
    initial = form.initial.get(name, form.fields[name].initial) or []
    return [getattr(value, "pk", value) for value in initial]


# --- drafting ---------------------------------------------------------------------------------------------


class DocumentForm(forms.ModelForm):
    """Create or edit a draft. `version` carries the version the form was read at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    related = PickerField(
        label=_("Căn cứ (văn bản đã ban hành)"),
        required=False,
        label_from=document_label,
        search_placeholder=_("Tìm văn bản theo số, ký hiệu hoặc trích yếu…"),
        help_text=_("Gõ vài chữ (không cần dấu) để tìm, rồi đánh dấu văn bản cần dẫn."),
    )

    class Meta:
        model = Document
        fields = [
            "unit",
            "doc_type",
            "summary",
            "topic",
            "body",
            "related",
            "place",
            "signing_form",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            "signer_name": forms.TextInput(attrs={"list": "signer-suggestions", "autocomplete": "off"}),
        }
        help_texts = {
            "body": _(
                "Mỗi đoạn một dòng. Dòng bắt đầu bằng «I.», «II.» hoặc «1.», «2.» (ngắn) là đề mục; "
                "dòng bắt đầu bằng «- » là gạch đầu dòng."
            ),
            "recipients": _(
                "Mỗi nơi nhận một dòng. Để trống để điền sẵn theo loại văn bản: cấp trên (để báo cáo), các đồng "
                "chí cấp ủy viên, các đơn vị trực thuộc, «Lưu Văn phòng» ở cuối; sau đó sửa tùy ý."
            ),
            "place": _("Để trống để dùng địa danh trong thông tin ban hành của đơn vị."),
            "signing_form": _("Để trống để dùng thể thức ký mặc định của đơn vị (ví dụ T/M BAN THƯỜNG VỤ)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        creating = self.instance.pk is None
        if creating:
            self.fields["unit"].queryset = (
                Unit.objects.visible_to(user).active().filter(drafting_units_q(user))
            )
            offered = Unit.objects.filter(pk__in=own_drafting_unit_ids(user)).active().sorted()
            wanted = self.initial.get("unit") or self.data.get("unit")
            if wanted and str(wanted).isdigit():
                offered = offered | self.fields["unit"].queryset.filter(pk=int(wanted))
            offered = list(offered.order_by("path")[:OFFER_LIMIT])
            self.fields["unit"].choices = [("", "---------"), *[(u.pk, unit_label(u)) for u in offered]]
            self.fields["unit"].label = _("Cơ quan ban hành")
            if len(offered) == 1 and not wanted:
                self.initial["unit"] = offered[0].pk
            self.fields["version"].widget = forms.HiddenInput()
        else:
            del self.fields["unit"]
            self.fields["version"].required = True
            self.initial["version"] = self.instance.version
        self.fields["doc_type"].queryset = DocumentType.objects.all()
        self.fields["topic"].queryset = Topic.objects.visible_to(user).order_by(
            "-start_year", "kind", "title"
        )
        related = self.fields["related"]
        related.queryset = Document.objects.visible_to(user).issued().select_related("doc_type")
        if not creating:
            related.queryset = related.queryset.exclude(pk=self.instance.pk)
        related.search_url = reverse("documents:search_related")
        related.offer([], _selected(self, "related"))
        if creating and not self.is_bound:
            self._suggest_signer()

    def _suggest_signer(self) -> None:
        """A new draft of a known unit is signed by its bí thư unless the drafter says otherwise."""
        unit_id = str(self.initial.get("unit") or "")
        for signer in self.signer_suggestions():
            if str(signer["unit_id"]) == unit_id and signer["kind"] == Position.Kind.SECRETARY:
                self.initial["signer_title"] = signer["title"]
                self.initial["signer_name"] = signer["name"]
                return

    def signer_suggestions(self) -> list[dict]:
        """The current bí thư and phó bí thư of the units offered, for the signer's name."""
        if "unit" in self.fields:
            unit_ids = [pk for pk, _label in self.fields["unit"].choices if pk]
        else:
            unit_ids = [self.instance.unit_id]
        positions = (
            Position.objects.visible_to(self.user)
            .filter(
                unit_id__in=unit_ids,
                end_date__isnull=True,
                kind__in=(Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY),
            )
            .select_related("person", "unit")
            .order_by("unit__path", "kind")[:OFFER_LIMIT]
        )
        return [
            {
                "name": p.person.full_name,
                "title": p.get_kind_display().upper(),
                "unit": p.unit.name,
                "unit_id": p.unit_id,
                "kind": p.kind,
            }
            for p in positions
        ]


# --- consultation ----------------------------------------------------------------------------------------


class ConsultationForm(forms.Form):
    invitees = PickerField(
        label=_("Xin ý kiến của"),
        label_from=user_label,
        search_placeholder=_("Tìm thêm người theo tên hoặc tên đăng nhập…"),
        help_text=_(
            "Các đồng chí trong cấp ủy được liệt kê sẵn; tìm để thêm người khác trong phạm vi của anh/chị."
        ),
    )
    deadline = forms.DateField(label=_("Hạn góp ý"), widget=DateInput())
    message = forms.CharField(
        label=_("Nội dung xin ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Đề nghị các đồng chí cho ý kiến vào dự thảo trước ngày …"),
    )

    def __init__(self, *args, document: Document, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=7)
        candidates = invitee_candidates(user, document.unit)
        invitees = self.fields["invitees"]
        invitees.queryset = candidates
        invitees.search_url = reverse("documents:search_invitees", args=[document.pk])
        above = [document.unit.path[: i * Unit.steplen] for i in range(1, document.unit.depth + 1)]
        below = Unit.objects.children_of(document.unit).values("pk")
        committee = RoleAssignment.objects.filter(
            Q(unit__path__in=above, role__in=(Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER))
            | Q(unit__in=below, role=Role.CELL_SECRETARY)
            | Q(unit=document.unit, role=Role.CELL_SECRETARY)
        ).values("user_id")
        invitees.offer(list(candidates.filter(pk__in=committee)[:OFFER_LIMIT]), _selected(self, "invitees"))


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Ý kiến của anh/chị"),
        choices=[
            (ConsultationResponse.Verdict.AGREE, _("Nhất trí với dự thảo")),
            (ConsultationResponse.Verdict.COMMENT, _("Có ý kiến góp ý")),
        ],
        widget=forms.RadioSelect,
        initial=ConsultationResponse.Verdict.AGREE,
    )
    comment = forms.CharField(
        label=_("Nội dung góp ý"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- issuing ---------------------------------------------------------------------------------------------


class IssueForm(forms.Form):
    date = forms.DateField(label=_("Ngày ban hành"), widget=DateInput())
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Để trống để hệ thống cấp số tiếp theo. Chỉ gõ số khi phải giữ số đã cấp trên giấy."),
    )
    recipients = PickerField(
        label=_("Gửi đến các đơn vị"),
        required=False,
        label_from=unit_label,
        search_placeholder=_("Tìm thêm đơn vị nhận…"),
        help_text=_("Mặc định là các đơn vị trực thuộc; các đơn vị này thấy văn bản trong hộp văn bản đến."),
    )

    def __init__(self, *args, document: Document, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        children = list(
            Unit.objects.children_of(document.unit).visible_to(user).active().sorted()[:OFFER_LIMIT]
        )
        recipients = self.fields["recipients"]
        recipients.queryset = Unit.objects.visible_to(user).active().exclude(pk=document.unit_id)
        recipients.search_url = reverse("documents:search_units")
        if not self.is_bound:
            self.initial.setdefault("recipients", [u.pk for u in children])
        recipients.offer(children, _selected(self, "recipients"))


class RecallForm(forms.Form):
    recall_reason = forms.CharField(
        label=_("Lý do thu hồi"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- attachments -----------------------------------------------------------------------------------------


# --- issuer profile and terms ----------------------------------------------------------------------------


class IssuerProfileForm(forms.ModelForm):
    class Meta:
        model = IssuerProfile
        fields = [
            "issuer_code",
            "superior_body",
            "issuing_body",
            "place",
            "signing_form",
            "consultation_types",
        ]
        widgets = {"consultation_types": forms.CheckboxSelectMultiple}


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["name", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc nhiệm kỳ không thể trước ngày bắt đầu."))
        if start and Term.objects.filter(unit=self.instance.unit, start_date=start).exists():
            self.add_error(
                "start_date",
                _("Đơn vị đã có một nhiệm kỳ bắt đầu ngày %(date)s.") % {"date": vn.short_date(start)},
            )
        return cleaned
