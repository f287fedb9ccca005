"""Public decision register URLs, under /<body>/."""

from django.urls import path

from openpcc.core.params import public_page

from . import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="list"),
    path("decisions.csv", views.decisions_csv, name="csv"),
    path("decisions.json", views.decisions_json, name="json"),
    path("decisions/feed/", public_page()(views.DecisionFeed()), name="feed"),
    path("decisions/<slug:slug>/", views.decision_detail, name="detail"),
]
