from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.documents.models import Document
from lamtheo.lib.forms import DateInput
from lamtheo.topics.models import Topic
from lamtheo.topics.rules import issuer_paths, issuing_units


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.period}) – {obj.unit}"


class TopicForm(forms.ModelForm):
    """Issue or edit a topic. Every choice is limited to what the user may see and issue for.

    `version` carries the version the form was read at (optimistic locking). The issuer and the kind are chosen
    when the topic is created and fixed afterwards.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    parent = ParentChoiceField(
        label=_("Thuộc chuyên đề toàn khóa"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("Bắt buộc với chuyên đề năm: chuyên đề toàn khóa của cấp ủy mình hoặc của cấp trên."),
    )

    class Meta:
        model = Topic
        fields = [
            "unit",
            "kind",
            "parent",
            "title",
            "start_year",
            "end_year",
            "deploy_by",
            "document",
            "description",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "deploy_by": DateInput(),
        }
        help_texts = {"end_year": _("Chuyên đề năm: để trống (bằng «Từ năm»).")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"], self.fields["kind"]
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            documents = Q(unit=self.instance.unit_id)
        else:
            self.fields["unit"].queryset = issuing_units(user)
            self.fields["kind"].choices = Topic.Kind.choices
            # The documents of the committees where the user's role sits, not of every unit below them.
            documents = Q(unit__path__in=issuer_paths(user))
        self.fields["end_year"].required = False
        self.fields["parent"].queryset = (
            Topic.objects.visible_to(user).terms().exclude(pk=self.instance.pk).select_related("unit")
        )
        self.fields["document"].queryset = (
            Document.objects.visible_to(user)
            .filter(documents, status=Document.Status.ISSUED)
            .select_related("doc_type")
        )
        self.fields["document"].help_text = _("Văn bản đã ban hành của cấp ủy ban hành chuyên đề (nếu có).")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        if cleaned.get("end_year") is None and "end_year" not in self.errors:
            if kind == Topic.Kind.YEAR and cleaned.get("start_year") is not None:
                cleaned["end_year"] = cleaned["start_year"]
            elif kind == Topic.Kind.TERM:
                self.add_error("end_year", _("Chuyên đề toàn khóa phải có «Đến năm»."))
        return cleaned
