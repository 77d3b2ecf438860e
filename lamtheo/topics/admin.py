from django.contrib import admin

from lamtheo.accounts.admin import SystemAdminOnly
from lamtheo.topics import actions
from lamtheo.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(SystemAdminOnly):
    list_display = ["title", "kind", "period", "unit", "deploy_by"]
    list_filter = ["kind", "start_year"]
    search_fields = ["search_text"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["parent", "document"]
    exclude = ["search_text", "version", "created_by"]

    def save_model(self, request, obj, form, change):
        """Through the actions, like every other write, so admin edits keep their history and rules."""
        if change:
            actions.update_topic(obj, actor=request.user, expected_version=obj.version)
        else:
            actions.create_topic(obj, actor=request.user)
