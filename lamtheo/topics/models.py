import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.lib import vn
from lamtheo.lib.uploads import StoredFile

# Years a topic may cover: the campaign began in 2006; the bounds only catch typing mistakes.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _ancestor_paths(paths, steplen: int) -> set[str]:
    """Every path above (and including) each of `paths`."""
    return {path[: i * steplen] for path in paths for i in range(1, len(path) // steplen + 1)}


class TopicQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Topics issued in the user's subtree, and those of every committee above the units they belong to."""
        from lamtheo.units.models import Unit

        scope = get_scope(user)
        own_paths = [a.unit.path for a in scope.assignments]
        above = _ancestor_paths(own_paths, Unit.steplen)
        return self.filter(scope.subtree_q("unit__path") | Q(unit__path__in=above))

    def applying_to(self, unit):
        """Topics a unit works under: issued by the unit itself or by a committee above it."""
        return self.filter(unit__path__in=_ancestor_paths([unit.path], unit.steplen))

    def terms(self):
        return self.filter(kind=Topic.Kind.TERM)

    def for_year(self, year: int):
        return self.filter(start_year__lte=year, end_year__gte=year)

    def search(self, text: str):
        """Accent-insensitive words of the title and content; a year finds the topics whose period covers it."""
        for word in vn.fold(text).split():
            q = Q(search_text__contains=word)
            if word.isdigit() and len(word) == 4:
                q |= Q(start_year__lte=int(word), end_year__gte=int(word))
            self = self.filter(q)
        return self


class Topic(models.Model):
    """A study topic (chuyên đề): term-long, or yearly under a term-long one. Owned by the issuing committee."""

    class Kind(models.TextChoices):
        TERM = "term", _("Chuyên đề toàn khóa")
        YEAR = "year", _("Chuyên đề năm")

    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="topics", verbose_name=_("cấp ủy ban hành")
    )
    kind = models.CharField(_("loại chuyên đề"), max_length=8, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc chuyên đề toàn khóa"),
    )
    title = models.CharField(_("tên chuyên đề"), max_length=400)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    description = models.TextField(_("nội dung chính"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản ban hành chuyên đề"),
    )
    deploy_by = models.DateField(
        _("hạn triển khai ở cấp dưới"),
        null=True,
        blank=True,
        help_text=_("Ngày các đơn vị cấp dưới phải ban hành kế hoạch triển khai."),
    )
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")
        ordering = ["-start_year", "kind", "pk"]
        indexes = [models.Index(fields=["unit", "start_year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")),
                name="topic_period_in_order",
                violation_error_message=_("«Đến năm» không thể trước «Từ năm»."),
            ),
            models.CheckConstraint(
                condition=Q(kind="year") | Q(parent__isnull=True),
                name="topic_term_has_no_parent",
                violation_error_message=_("Chuyên đề toàn khóa không thuộc chuyên đề nào khác."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.pk])

    def refresh_derived(self):
        self.search_text = vn.fold(f"{self.title} {self.description}")

    def clean(self):
        """The rules of the domain, each refused with a message that names the field."""
        errors = {}
        unit = self.unit if self.unit_id else None
        if unit is not None and not unit.is_committee:
            errors["unit"] = gettext(
                "Chỉ cấp ủy mới ban hành chuyên đề; %(unit)s là %(kind)s, không ban hành chuyên đề."
            ) % {"unit": unit, "kind": unit.get_kind_display().lower()}
        errors.update(self._period_errors())
        if self.kind == self.Kind.YEAR:
            errors.update(self._parent_errors(unit))
        elif self.parent_id:
            errors["parent"] = gettext(
                "Chuyên đề toàn khóa không thuộc chuyên đề nào khác: hãy bỏ trống «Thuộc chuyên đề toàn khóa»."
            )
        if "start_year" not in errors and "end_year" not in errors:
            errors.update(self._deploy_by_errors())
            errors.update(self._children_errors())
        if self.document_id and self.document is not None:
            errors.update(self._document_errors())
        if errors:
            raise ValidationError(errors)

    def _period_errors(self) -> dict:
        errors = {}
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                errors[field] = gettext(
                    "Năm %(year)s không hợp lệ: hãy nhập năm trong khoảng %(first)s–%(last)s."
                ) % {
                    "year": year,
                    "first": FIRST_YEAR,
                    "last": LAST_YEAR,
                }
        if errors or self.start_year is None or self.end_year is None:
            return errors
        if self.start_year > self.end_year:
            errors["end_year"] = gettext("«Đến năm» (%(end)s) không thể trước «Từ năm» (%(start)s).") % {
                "end": self.end_year,
                "start": self.start_year,
            }
        elif self.kind == self.Kind.YEAR and self.start_year != self.end_year:
            errors["end_year"] = gettext(
                "Chuyên đề năm chỉ gồm một năm: «Đến năm» phải bằng «Từ năm» (%(start)s)."
            ) % {"start": self.start_year}
        return errors

    def _parent_errors(self, unit) -> dict:
        parent = self.parent if self.parent_id else None
        if parent is None:
            return {
                "parent": gettext(
                    "Chuyên đề năm phải thuộc một chuyên đề toàn khóa: hãy chọn «Thuộc chuyên đề toàn khóa»."
                )
            }
        if parent.kind != self.Kind.TERM:
            return {
                "parent": gettext("«%(title)s» là chuyên đề năm; hãy chọn một chuyên đề toàn khóa.")
                % {"title": parent.title}
            }
        if unit is not None and not unit.path.startswith(parent.unit.path):
            return {
                "parent": gettext(
                    "Chuyên đề toàn khóa «%(title)s» do %(issuer)s ban hành; %(unit)s chỉ ban hành chuyên đề năm "
                    "dưới chuyên đề toàn khóa của chính mình hoặc của cấp ủy cấp trên."
                )
                % {"title": parent.title, "issuer": parent.unit, "unit": unit}
            }
        if self.start_year is not None and not parent.start_year <= self.start_year <= parent.end_year:
            return {
                "start_year": gettext(
                    "Năm %(year)s nằm ngoài giai đoạn %(period)s của chuyên đề toàn khóa «%(title)s»."
                )
                % {"year": self.start_year, "period": parent.period, "title": parent.title}
            }
        return {}

    def _deploy_by_errors(self) -> dict:
        if self.deploy_by is None or self.start_year is None or self.end_year is None:
            return {}
        earliest = datetime.date(self.start_year - 1, 1, 1)
        latest = datetime.date(self.end_year, 12, 31)
        if self.deploy_by < earliest:
            return {
                "deploy_by": gettext(
                    "Hạn triển khai %(date)s quá sớm: chuyên đề bắt đầu năm %(year)s, hạn triển khai không thể "
                    "trước ngày %(earliest)s."
                )
                % {
                    "date": vn.short_date(self.deploy_by),
                    "year": self.start_year,
                    "earliest": vn.short_date(earliest),
                }
            }
        if self.deploy_by > latest:
            return {
                "deploy_by": gettext(
                    "Hạn triển khai %(date)s muộn hơn cả thời gian của chuyên đề (hết năm %(year)s)."
                )
                % {"date": vn.short_date(self.deploy_by), "year": self.end_year}
            }
        return {}

    def _children_errors(self) -> dict:
        """A term-long topic may not shrink away from the yearly topics already issued under it."""
        if not self.pk or self.kind != self.Kind.TERM:
            return {}
        outside = sorted(
            set(
                self.children.exclude(
                    start_year__gte=self.start_year, end_year__lte=self.end_year
                ).values_list("start_year", flat=True)
            )
        )
        if not outside:
            return {}
        return {
            "start_year": gettext(
                "Giai đoạn %(period)s không còn chứa các chuyên đề năm %(years)s đã ban hành dưới chuyên đề này."
            )
            % {"period": self.period, "years": ", ".join(str(y) for y in outside)}
        }

    def _document_errors(self) -> dict:
        from lamtheo.documents.models import Document

        document = self.document
        if document.unit_id != self.unit_id:
            return {
                "document": gettext(
                    "Văn bản «%(document)s» không phải của %(unit)s, cấp ủy ban hành chuyên đề."
                )
                % {"document": document, "unit": self.unit}
            }
        if document.status != Document.Status.ISSUED:
            return {
                "document": gettext("Văn bản «%(document)s» chưa ban hành (hoặc đã thu hồi).")
                % {"document": document}
            }
        return {}

    @property
    def period(self) -> str:
        if self.start_year is None:
            return ""
        return (
            str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"
        )

    @property
    def is_term(self) -> bool:
        return self.kind == self.Kind.TERM


class TopicAttachment(StoredFile):
    """Study material for a topic: PDF or DOCX. Served only through a view that checks the topic's scope."""

    OWNER = "topic"

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="attachments")

    class Meta(StoredFile.Meta):
        verbose_name = _("tài liệu chuyên đề")

    def get_absolute_url(self):
        return reverse("topics:attachment", args=[self.topic_id, self.pk])
