from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.lib import vn


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

    def search(self, text: str):
        for word in vn.fold(text).split():
            self = self.filter(search_text__contains=word)
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

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = vn.fold(f"{self.title} {self.description}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.pk])

    @property
    def period(self) -> str:
        return (
            str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"
        )


def topic_attachment_path(instance, filename):
    return f"topics/{instance.topic_id}/{filename}"


class TopicAttachment(models.Model):
    """Study material for a topic: PDF or DOCX."""

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=topic_attachment_path)
    name = models.CharField(_("tên tài liệu"), max_length=200)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu chuyên đề")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name
