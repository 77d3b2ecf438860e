"""Documents in the admin: configuration is edited here; documents themselves only through their pages.

Drafting, consulting, numbering and issuing go through lamtheo.documents.actions (audited, locked), so the
admin shows documents read-only.
"""

from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminInline, SystemAdminOnly
from lamtheo.documents.models import Document, DocumentType, DocumentVersion, IssuerProfile, Term


@admin.register(DocumentType)
class DocumentTypeAdmin(SystemAdminOnly):
    list_display = ["name", "code", "key", "requires_consultation"]
    list_editable = ["requires_consultation"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # documents point at their type; a type in use must stay


@admin.register(IssuerProfile)
class IssuerProfileAdmin(SystemAdminOnly):
    list_display = ["issuing_body", "issuer_code", "unit", "place", "signing_form"]
    search_fields = ["issuing_body", "issuer_code", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["consultation_types"]


@admin.register(Term)
class TermAdmin(SystemAdminOnly):
    list_display = ["name", "unit", "start_date", "end_date"]
    search_fields = ["name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnly, SystemAdminInline, admin.TabularInline):
    model = DocumentVersion
    fields = ["number", "summary", "author", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Document)
class DocumentAdmin(ReadOnly, SystemAdminOnly):
    list_display = ["code", "summary", "doc_type", "unit", "date", "status"]
    list_filter = ["status", "doc_type"]
    search_fields = ["search_text"]
    list_select_related = ["doc_type", "unit"]
    date_hierarchy = "date"
    exclude = ["search_text", "related"]
    inlines = [VersionInline]
