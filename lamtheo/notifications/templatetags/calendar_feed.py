"""`{% calendar_feed_panel %}`: the box on the my-calendar page that shows the user's secret calendar address with
a copy button, and makes a new one or turns it off. One query."""

from django import template

from lamtheo.notifications.models import CalendarFeed

register = template.Library()


@register.inclusion_tag("notifications/_calendar_feed.html", takes_context=True)
def calendar_feed_panel(context):
    from lamtheo.meetings.calendar_views import feed_url

    request = context["request"]
    feed = CalendarFeed.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    return {
        "feed": feed,
        "feed_url": feed_url(request, feed) if feed else "",
        "csrf_token": context.get("csrf_token"),
    }
