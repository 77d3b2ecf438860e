"""Exemplars (gương điển hình, người tốt việc tốt): a person or a collective whose deeds a unit puts forward.

A unit (a chi bộ, a committee) nominates for a year, citing the deeds already in the person's log (`pledges.Deed`,
never a second kind of deed); the level above verifies (accepts, or returns with its remark), then recognises
(biểu dương, giấy khen, bằng khen, with the decision) and may forward the exemplar to the next level's selection: a
new nomination there, linked to the one it came from. Published on the portal only with the person's consent.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope


class ExemplarQuerySet(ScopedQuerySet):
    person_field = "person"

    def visible_to(self, user):
        """Those nominated in the user's subtrees, those sent to a unit of their subtrees to verify, their own."""
        scope = get_scope(user)
        q = scope.subtree_q("unit__path") | scope.subtree_q("verifier__path")
        if scope.person_id:
            q |= models.Q(person=scope.person_id)
        return self.filter(q)

    def to_verify_by(self, user):
        """Nominations waiting for a committee where the user holds a committee role."""
        from lamtheo.accounts.rules import COMMITTEE_ROLES

        scope = get_scope(user)
        return self.filter(
            scope.subtree_q("verifier__path", COMMITTEE_ROLES), status=Exemplar.Status.NOMINATED
        )

    def recognised(self):
        return self.filter(status=Exemplar.Status.RECOGNISED)


class Exemplar(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Chờ xác minh")
        RETURNED = "returned", _("Trả lại")
        VERIFIED = "verified", _("Đã xác minh")
        RECOGNISED = "recognised", _("Đã khen")

    class Honour(models.TextChoices):
        PRAISE = "praise", _("Biểu dương")
        CERTIFICATE = "certificate", _("Giấy khen")
        MERIT = "merit", _("Bằng khen")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="exemplars", verbose_name=_("đơn vị đề nghị")
    )
    verifier = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="exemplars_to_verify", verbose_name=_("cấp xác minh, khen")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(
        _("cá nhân hay tập thể"), max_length=12, choices=Kind.choices, default=Kind.PERSON
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplars",
        verbose_name=_("người"),
    )
    collective = models.CharField(
        _("tên tập thể"), max_length=200, blank=True, help_text=_("Ví dụ: Chi hội Phụ nữ ấp Long Hòa.")
    )
    summary = models.TextField(_("thành tích, việc tốt"))
    deeds = models.ManyToManyField(
        "pledges.Deed", blank=True, related_name="exemplars", verbose_name=_("việc tốt")
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOMINATED
    )
    remark = models.TextField(_("nhận xét của cấp xác minh"), blank=True)
    honour = models.CharField(_("hình thức khen"), max_length=12, choices=Honour.choices, blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="exemplars",
        verbose_name=_("quyết định khen"),
    )
    recognised_on = models.DateField(_("ngày khen"), null=True, blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("chuyển lên từ"),
    )
    consents_to_publish = models.BooleanField(_("đồng ý công khai"), default=False)
    exchanges = models.ManyToManyField(
        "meetings.Meeting",
        blank=True,
        related_name="presented_exemplars",
        verbose_name=_("giao lưu điển hình"),
        help_text=_("Các buổi giao lưu đã giới thiệu gương điển hình này."),
    )
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["verifier", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="person", person__isnull=False) & models.Q(collective=""))
                | (models.Q(kind="collective", person__isnull=True) & ~models.Q(collective="")),
                name="exemplar_person_or_collective",
            )
        ]
        verbose_name = _("gương điển hình")
        verbose_name_plural = _("gương điển hình")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exemplars:detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.collective
