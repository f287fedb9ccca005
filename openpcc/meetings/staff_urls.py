"""Staff URLs for meetings, under /staff/<body>/meetings/."""

from django.urls import path

from . import staff_views as views

app_name = "meetings_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/publish-agenda/", views.meeting_state, {"action": "publish_agenda"}, name="publish_agenda"),
    path("<int:pk>/publish-minutes/", views.meeting_state, {"action": "publish_minutes"}, name="publish_minutes"),
    path("<int:pk>/approve-minutes/", views.meeting_state, {"action": "approve_minutes"}, name="approve_minutes"),
    path("<int:pk>/cancel/", views.meeting_state, {"action": "cancel"}, name="cancel"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("<int:pk>/items/new/", views.item_edit, name="item_create"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/report/", views.report_edit, name="report_edit"),
    path("<int:pk>/items/<int:item_pk>/minutes/", views.minutes, name="minutes"),
]
