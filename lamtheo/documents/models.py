from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.lib import vn
from lamtheo.lib.uploads import StoredFile


class DocumentType(models.Model):
    """A kind of Party document with its HD 36 code (Quyết định QĐ, Quy định QĐi...): one number series per code."""

    key = models.SlugField(_("mã loại"), max_length=30, unique=True)
    code = models.CharField(_("ký hiệu"), max_length=8)
    name = models.CharField(_("tên loại"), max_length=60)
    requires_consultation = models.BooleanField(
        _("phải lấy ý kiến trước khi ban hành"),
        default=False,
        help_text=_("Mặc định cho mọi cấp ủy; từng cấp ủy có thể tự cấu hình."),
    )

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class IssuerProfile(models.Model):
    """How a unit signs its documents: its issuer code (TU, ĐU, CB, BTGDVTU...), its superior body, its place."""

    unit = models.OneToOneField("units.Unit", models.CASCADE, related_name="issuer_profile")
    issuer_code = models.CharField(
        _("ký hiệu cơ quan ban hành"), max_length=20, help_text=_("Ví dụ: TU, ĐU, CB")
    )
    superior_body = models.CharField(
        _("tên cơ quan cấp trên"), max_length=120, blank=True, help_text=_("Ví dụ: ĐẢNG BỘ TỈNH AN GIANG")
    )
    issuing_body = models.CharField(
        _("tên cơ quan ban hành"), max_length=120, help_text=_("Ví dụ: ĐẢNG ỦY XÃ LONG BÌNH")
    )
    place = models.CharField(_("địa danh"), max_length=60, help_text=_("Ví dụ: Long Bình"))
    signing_form = models.CharField(_("thể thức ký mặc định"), max_length=60, default="T/M BAN THƯỜNG VỤ")
    consultation_types = models.ManyToManyField(
        DocumentType, blank=True, verbose_name=_("loại văn bản phải lấy ý kiến trước khi ban hành")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông tin ban hành văn bản")
        verbose_name_plural = _("thông tin ban hành văn bản")

    def __str__(self):
        return f"{self.issuing_body} ({self.issuer_code})"


class Term(models.Model):
    """A committee's term (nhiệm kỳ): document numbers restart at 01 in each."""

    unit = models.ForeignKey("units.Unit", models.CASCADE, related_name="terms")
    name = models.CharField(_("nhiệm kỳ"), max_length=60, help_text=_("Ví dụ: Nhiệm kỳ 2025 – 2030"))
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["unit", "-start_date"]
        constraints = [models.UniqueConstraint(fields=["unit", "start_date"], name="unique_term_start")]

    def __str__(self):
        return self.name


class NumberSeries(models.Model):
    """The last number given to a type of document by a unit in a term. Locked while a number is taken."""

    unit = models.ForeignKey("units.Unit", models.CASCADE, related_name="+")
    term = models.ForeignKey(Term, models.CASCADE, related_name="+")
    type_code = models.CharField(max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "term", "type_code"], name="unique_number_series")
        ]

    def __str__(self):
        return f"{self.type_code} {self.last_number}"


class DocumentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Documents of the user's subtree; issued ones sent to a unit they see; drafts they were asked about."""
        scope = get_scope(user)
        received = Distribution.objects.filter(document=OuterRef("pk")).filter(
            scope.subtree_q("unit__path") | Q(unit__in=scope.member_unit_ids)
        )
        asked = ConsultationResponse.objects.filter(consultation__document=OuterRef("pk"), user=user.pk)
        return self.filter(
            scope.subtree_q("unit__path")
            | (Q(status__in=Document.PUBLISHED) & Exists(received))
            | Exists(asked)
        )

    def issued(self):
        return self.filter(status__in=Document.PUBLISHED)

    def search(self, text: str):
        for word in vn.fold(text).split():
            self = self.filter(search_text__contains=word)
        return self


class Document(models.Model):
    """A Party document (văn bản): kế hoạch, nghị quyết, báo cáo... from draft to issue."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        CONSULTATION = "consultation", _("Đang lấy ý kiến")
        ISSUED = "issued", _("Đã ban hành")
        RECALLED = "recalled", _("Đã thu hồi")

    PUBLISHED = (Status.ISSUED, Status.RECALLED)

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="documents", verbose_name=_("cơ quan ban hành")
    )
    doc_type = models.ForeignKey(DocumentType, models.PROTECT, verbose_name=_("loại văn bản"))
    summary = models.CharField(_("trích yếu"), max_length=300)
    place = models.CharField(_("địa danh"), max_length=60, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    signing_form = models.CharField(
        _("thể thức ký"), max_length=60, blank=True, help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=60, blank=True, help_text=_("Ví dụ: BÍ THƯ")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    topic = models.ForeignKey(
        "topics.Topic",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("chuyên đề"),
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="cited_by", verbose_name=_("căn cứ")
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    term = models.ForeignKey(Term, models.PROTECT, null=True, blank=True, related_name="documents")
    type_code = models.CharField(max_length=8, blank=True, editable=False)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    code = models.CharField(_("số, ký hiệu"), max_length=40, blank=True, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "term", "type_code", "number"],
                condition=Q(number__isnull=False),
                name="unique_document_number",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status", "date"]),
            models.Index(fields=["topic", "status"]),
        ]

    def __str__(self):
        return f"{self.code} {self.summary}".strip() if self.code else self.summary

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    def refresh_derived(self):
        self.search_text = vn.fold(f"{self.code} {self.doc_type.name} {self.summary} {self.body}")

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CONSULTATION)

    @property
    def is_published(self) -> bool:
        return self.status in self.PUBLISHED

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class DocumentVersion(models.Model):
    """Every saved state of a draft, so versions can be compared."""

    document = models.ForeignKey(Document, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    recipients = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")]

    def __str__(self):
        return f"{self.document} v{self.number}"


class Attachment(StoredFile):
    """A file attached to a draft: PDF, Word, Excel or a picture."""

    OWNER = "document"
    KINDS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")
    FILE_LABEL = _("Tệp đính kèm")

    document = models.ForeignKey(Document, models.CASCADE, related_name="attachments")

    class Meta(StoredFile.Meta):
        verbose_name = _("tệp đính kèm")


class Consultation(models.Model):
    """Lấy ý kiến tập thể on a draft before it is issued."""

    document = models.ForeignKey(Document, models.CASCADE, related_name="consultations")
    message = models.TextField(_("nội dung xin ý kiến"), blank=True)
    deadline = models.DateField(_("hạn góp ý"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.document} – {vn.short_date(self.deadline)}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ConsultationResponse(models.Model):
    class Verdict(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        AGREE = "agree", _("Nhất trí")
        COMMENT = "comment", _("Có ý kiến")

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="consultation_responses")
    verdict = models.CharField(_("ý kiến"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    comment = models.TextField(_("góp ý"), blank=True)
    answered_version = models.PositiveIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="unique_consultation_response")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_verdict_display()}"


class Distribution(models.Model):
    """An issued document sent to a unit: it shows in the unit's inbox until acknowledged."""

    document = models.ForeignKey(Document, models.CASCADE, related_name="distributions")
    unit = models.ForeignKey("units.Unit", models.CASCADE, related_name="inbox")
    delivered_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nơi nhận văn bản")
        ordering = ["-delivered_at"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="unique_distribution")]
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]

    def __str__(self):
        return f"{self.document} → {self.unit}"
