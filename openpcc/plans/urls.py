"""Public plan URLs, under /<body>/."""

from django.urls import path, re_path

from . import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.plan_page, name="plan"),
    path("plan.csv", views.plan_csv, name="plan_csv"),
    path("plan.json", views.plan_json, name="plan_json"),
    path("plan/rounds/", views.rounds_page, name="rounds"),
    path("plan/rounds/<slug:slug>/", views.round_page, name="round"),
    re_path(r"^plan/(?P<code>[A-Za-z]{1,4}[0-9]{1,3})/$", views.priority_page, name="priority"),
]
