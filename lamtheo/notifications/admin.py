from django.contrib import admin

from lamtheo.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["text", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = ["recipient", "kind", "text", "link", "key", "created_at", "read_at", "emailed_at"]

    def has_add_permission(self, request):
        return False
