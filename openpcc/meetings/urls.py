"""Public meetings URLs, under /<body>/."""

from django.urls import path

from . import export_views, views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings.ics", export_views.meetings_ics, name="ics"),
    path("meetings.csv", export_views.meetings_csv, name="csv"),
    path("meetings.json", export_views.meetings_json, name="json"),
    path("meetings/<id:pk>.ics", export_views.meeting_ics, name="meeting_ics"),
    path("meetings/<id:pk>/", views.meeting_detail, name="detail"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("reports/<id:pk>/", views.report_detail, name="report"),
    path("actions/", views.action_log, name="actions"),
    path("actions.csv", export_views.actions_csv, name="actions_csv"),
    path("actions.json", export_views.actions_json, name="actions_json"),
    path("work-programme/", views.work_programme, name="work_programme"),
]
urlpatterns += [
    path("meetings/<id:pk>/agenda-pack-v<id:version>.pdf", views.agenda_pack_file, name="pack_file"),
]
