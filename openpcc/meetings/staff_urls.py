"""Staff URLs for meetings, under /staff/<body>/meetings/."""

from django.urls import path

from . import staff_views as views

app_name = "meetings_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("committees/<slug:slug>/members/<id:member_pk>/", views.member_edit, name="member"),
    path("work-programme/<id:item_pk>/", views.work_item_edit, name="work_item"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("actions/", views.actions, name="actions"),
    path("actions/<id:pk>/", views.action_detail, name="action"),
    path("<id:pk>/", views.meeting_detail, name="meeting"),
    path("<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<id:pk>/publish-agenda/", views.meeting_state, {"action": "publish_agenda"}, name="publish_agenda"),
    path("<id:pk>/publish-minutes/", views.meeting_state, {"action": "publish_minutes"}, name="publish_minutes"),
    path("<id:pk>/approve-minutes/", views.meeting_state, {"action": "approve_minutes"}, name="approve_minutes"),
    path("<id:pk>/cancel/", views.meeting_state, {"action": "cancel"}, name="cancel"),
    path("<id:pk>/attendance/", views.attendance, name="attendance"),
    path("<id:pk>/actions/new/", views.action_create, name="action_create"),
    path("<id:pk>/items/new/", views.item_edit, name="item_create"),
    path("<id:pk>/items/<id:item_pk>/", views.item_edit, name="item_edit"),
    path("<id:pk>/items/<id:item_pk>/report/", views.report_edit, name="report_edit"),
    path("<id:pk>/items/<id:item_pk>/minutes/", views.minutes, name="minutes"),
]
urlpatterns += [
    path("<id:pk>/agenda-pack/", views.pack, name="pack"),
    path("<id:pk>/agenda-pack/build/", views.pack_build, name="pack_build"),
    path("<id:pk>/agenda-pack/v<id:version>.pdf", views.pack_file, name="pack_file"),
]
