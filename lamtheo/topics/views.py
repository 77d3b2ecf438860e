from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.documents.models import Document
from lamtheo.lib.forms import StoredFileForm
from lamtheo.lib.web import Crumb, add_stored_file, attempt, serve_stored
from lamtheo.topics import actions
from lamtheo.topics.deployment import deployment_for
from lamtheo.topics.forms import TopicForm
from lamtheo.topics.models import Topic, TopicAttachment
from lamtheo.topics.rules import issuing_units
from lamtheo.units.models import Unit

DOCUMENTS_LIMIT = 50


def get_topic_for_user(request, pk) -> Topic:
    return get_visible_or_404(
        request.user, Topic.objects.select_related("unit", "parent__unit", "document__doc_type"), pk=pk
    )


def _crumbs(topic: Topic | None = None) -> list[Crumb]:
    crumbs = [Crumb(_("Chuyên đề"), reverse("topics:index"))]
    if topic is not None and topic.parent_id:
        crumbs.append(Crumb(topic.parent.title, topic.parent.get_absolute_url()))
    if topic is not None and topic.pk:
        crumbs.append(Crumb(topic.title, topic.get_absolute_url()))
    return crumbs


def _document_url(document: Document) -> str:
    """The document's page, or nothing while the documents pages are not routed."""
    try:
        return document.get_absolute_url()
    except NoReverseMatch:
        return ""


def _group(topics: list[Topic], matched: set[int] | None) -> tuple[list[Topic], list[Topic]]:
    """Term-long topics (newest first), each with `.yearly` under it; and yearly topics without a visible parent.

    With a search (`matched` holds the matching ids) a term-long topic shows when it or one of its yearly topics
    matches; under it, all its yearly topics if it matched itself, else only the matching ones.
    """
    terms = [t for t in topics if t.is_term]
    by_id = {t.pk: t for t in terms}
    for term in terms:
        term.yearly = []
    orphans = []
    for topic in topics:
        if topic.is_term:
            continue
        term = by_id.get(topic.parent_id)
        if matched is not None and topic.pk not in matched and (term is None or term.pk not in matched):
            continue
        (term.yearly if term is not None else orphans).append(topic)
    if matched is not None:
        terms = [t for t in terms if t.pk in matched or t.yearly]
    return terms, orphans


@login_required
def index(request):
    """Visible topics, term-long ones with their yearly topics under them, newest first; `?unit=` narrows the list
    to the topics a unit works under (its own and those of the committees above it)."""
    topics = Topic.objects.visible_to(request.user).select_related("unit")
    unit = None
    if request.GET.get("unit"):
        unit = get_visible_or_404(request.user, Unit, pk=request.GET["unit"])
        topics = topics.applying_to(unit)
    query = request.GET.get("q", "").strip()
    matched = set(topics.search(query).values_list("pk", flat=True)) if query else None
    terms, orphans = _group(list(topics), matched)
    for topic in [*terms, *orphans, *(y for t in terms for y in t.yearly)]:
        # "Cấp trên": issued above the unit being looked at, or above everything the user covers.
        topic.from_above = (
            topic.unit_id != unit.pk
            if unit is not None
            else not allows(request.user, "units.follow", topic.unit)
        )
    context = {
        "terms": terms,
        "orphans": orphans,
        "query": query,
        "unit": unit,
        "can_create": issuing_units(request.user).exists(),
    }
    template = "topics/_list.html" if _is_fragment(request) else "topics/index.html"
    return render(request, template, context)


def _is_fragment(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _deployment_unit(request, topic) -> Unit | None:
    """The unit whose units below are shown: `?unit=` (a visible unit inside the issuer's subtree), else the
    issuer if the user sees it, else the highest unit the user covers inside the issuer's subtree."""
    if not get_scope(request.user).staff_paths:
        return None  # a member's own record shows no tree of units
    candidates = Unit.objects.visible_to(request.user).subtree_of(topic.unit)
    if request.GET.get("unit"):
        return get_visible_or_404(request.user, candidates, pk=request.GET["unit"])
    if allows(request.user, "units.see", topic.unit):
        return topic.unit
    return candidates.order_by("depth", "sort_key").first()


def _deployment(request, topic):
    unit = _deployment_unit(request, topic)
    return deployment_for(topic, unit, request.user, today=timezone.localdate()) if unit else None


def _detail_context(request, topic, *, upload_form=None) -> dict:
    documents = list(
        Document.objects.visible_to(request.user)
        .filter(topic=topic)
        .select_related("unit", "doc_type")
        .order_by("-date", "-pk")[:DOCUMENTS_LIMIT]
    )
    for document in documents:
        document.url = _document_url(document)
    issuing_document = None
    if topic.document_id and Document.objects.visible_to(request.user).filter(pk=topic.document_id).exists():
        issuing_document = topic.document
        issuing_document.url = _document_url(issuing_document)
    may_edit = allows(request.user, "topics.issue", topic.unit)
    return {
        "topic": topic,
        "breadcrumbs": _crumbs(topic),
        "issuer_visible": allows(request.user, "units.see", topic.unit),
        "issuing_document": issuing_document,
        "yearly": topic.children.visible_to(request.user).select_related("unit") if topic.is_term else [],
        "attachments": topic.attachments.all(),
        "documents": documents,
        "deployment": _deployment(request, topic),
        "history": history_for(topic),
        "can_edit": may_edit,
        "can_add_yearly": topic.is_term and issuing_units(request.user).exists(),
        "upload_form": upload_form or (StoredFileForm(model=TopicAttachment) if may_edit else None),
    }


@login_required
def detail(request, pk):
    topic = get_topic_for_user(request, pk)
    if _is_fragment(request):  # htmx: one level up or down in the deployment table
        return render(
            request, "topics/_deployment.html", {"topic": topic, "deployment": _deployment(request, topic)}
        )
    return render(request, "topics/detail.html", _detail_context(request, topic))


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    units = issuing_units(request.user)
    if not units.exists():
        raise PermissionDenied
    initial = {"kind": Topic.Kind.TERM, "start_year": timezone.localdate().year}
    parent = None
    if request.GET.get("parent"):
        parent = get_visible_or_404(request.user, Topic.objects.terms(), pk=request.GET["parent"])
        initial.update(kind=Topic.Kind.YEAR, parent=parent.pk)
        if not parent.start_year <= initial["start_year"] <= parent.end_year:
            initial["start_year"] = parent.start_year
    if request.GET.get("unit"):
        initial["unit"] = get_visible_or_404(request.user, units, pk=request.GET["unit"]).pk
    elif len(units) == 1:
        initial["unit"] = units[0].pk
    form = TopicForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            topic = actions.create_topic(form.instance, actor=request.user)
        if outcome:
            messages.success(request, _("Đã ban hành chuyên đề «%(title)s».") % {"title": topic.title})
            return redirect(topic)
    context = {"form": form, "parent": parent, "breadcrumbs": _crumbs(parent)}
    return render(request, "topics/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    topic = get_topic_for_user(request, pk)
    require(request.user, "topics.issue", topic.unit)
    form = TopicForm(request.POST or None, instance=topic, user=request.user)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã lưu chuyên đề.")) as outcome:
            actions.update_topic(
                form.instance, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        if outcome:
            return redirect(topic)
    context = {"form": form, "topic": topic, "breadcrumbs": _crumbs(topic)}
    return render(request, "topics/form.html", context)


@login_required
@require_POST
def upload(request, pk):
    topic = get_topic_for_user(request, pk)
    require(request.user, "topics.issue", topic.unit)
    return add_stored_file(
        request, topic, TopicAttachment, actions.add_attachment, "topics/detail.html", _detail_context
    )


@login_required
def attachment(request, pk, attachment_pk):
    """Study material, to those who see the topic: never a public media address."""
    return serve_stored(get_topic_for_user(request, pk).attachments, attachment_pk)
