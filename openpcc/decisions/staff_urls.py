"""Staff URLs for decisions, under /staff/<body>/decisions/."""

from django.urls import path

from . import staff_views as views

app_name = "decisions_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.decision_edit, name="create"),
    path("forward/", views.forward, name="forward"),
    path("scheme/", views.scheme, name="scheme"),
    path("notify/<id:meeting_pk>/", views.notify, name="notify"),
    path("notifications/<id:pk>/response/", views.respond, name="respond"),
    path("<id:pk>/", views.decision_detail, name="detail"),
    path("<id:pk>/edit/", views.decision_edit, name="edit"),
    path("<id:pk>/sign/", views.decision_state, {"action": "sign"}, name="sign"),
    path("<id:pk>/publish/", views.decision_state, {"action": "publish"}, name="publish"),
]
