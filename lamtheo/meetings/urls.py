from django.urls import path

from lamtheo.meetings import calendar_views, conference_views, minutes_views, schedule_views, views

app_name = "meetings"
urlpatterns = [
    path("don-vi/<int:unit_pk>/", views.unit_meetings, name="unit_meetings"),
    path("don-vi/<int:unit_pk>/len-lich/", views.plan, name="plan"),
    path("don-vi/<int:unit_pk>/phan-cong/", views.unit_assignments, name="assignments"),
    path("don-vi/<int:unit_pk>/thang/", views.month, name="month"),
    path("don-vi/<int:unit_pk>/lich.ics", views.calendar_export, name="calendar"),
    path("don-vi/<int:unit_pk>/lich/", calendar_views.month_calendar, name="calendar_month"),
    path("lich-cua-toi.ics", calendar_views.my_calendar, name="my_calendar"),
    path("lich-cua-toi/duong-dan/", calendar_views.calendar_subscription, name="calendar_subscription"),
    path("lich-rieng/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/diem-danh/", views.hold, name="hold"),
    path("<int:pk>/bien-ban/", minutes_views.minutes, name="minutes"),
    path("<int:pk>/bien-ban.docx", minutes_views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/bien-ban.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
    path("<int:pk>/ket-luan-giao-viec/", conference_views.conclude, name="conclude"),
    path("cua-toi/", views.mine, name="mine"),
    path("don-vi/<int:unit_pk>/lich-dinh-ky/", schedule_views.schedule, name="schedule"),
    path("lich-dinh-ky/<int:pk>/len-lich/", schedule_views.plan_ahead, name="schedule_plan"),
    path("<int:pk>/giao-viec/", views.assignment_create, name="assignment_create"),
    path("phan-cong/<int:pk>/hoan-thanh/", views.assignment_done, name="assignment_done"),
]
