"""Public meetings URLs, under /<body>/."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings.ics", views.meetings_ics, name="ics"),
    path("meetings/<id:pk>/", views.meeting_detail, name="detail"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("reports/<id:pk>/", views.report_detail, name="report"),
    path("actions/", views.action_log, name="actions"),
    path("work-programme/", views.work_programme, name="work_programme"),
]
