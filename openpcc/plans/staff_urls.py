"""Staff URLs for plans, under /staff/<body>/plans/."""

from django.urls import path

from . import staff_views as views

app_name = "plans_staff"

urlpatterns = [
    path("", views.plans_index, name="index"),
    path("<slug:plan_slug>/publish/", views.plan_publish, name="plan_publish"),
    path("<slug:plan_slug>/settings/", views.plan_settings, name="plan_settings"),
    path("<slug:plan_slug>/rounds/new/", views.round_create, name="round_create"),
    path("<slug:plan_slug>/rounds/<slug:round_slug>/", views.round_detail, name="round"),
    path("<slug:plan_slug>/rounds/<slug:round_slug>/publish/", views.round_publish, name="round_publish"),
    path(
        "<slug:plan_slug>/rounds/<slug:round_slug>/close/", views.round_state, {"action": "close"}, name="round_close"
    ),
    path(
        "<slug:plan_slug>/rounds/<slug:round_slug>/reopen/",
        views.round_state,
        {"action": "reopen"},
        name="round_reopen",
    ),
    path("<slug:plan_slug>/rounds/<slug:round_slug>/updates/<str:code>/", views.update_edit, name="update"),
    path("<slug:plan_slug>/priorities/", views.priority_list, name="priorities"),
    path("<slug:plan_slug>/priorities/new/", views.priority_edit, name="priority_create"),
    path("<slug:plan_slug>/priorities/<str:code>/edit/", views.priority_edit, name="priority_edit"),
]
