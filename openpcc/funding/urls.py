"""Public funding pages, under /<body>/: funds and grants, one grant, bids, commissioned services
and contracts, and their CSV and JSON."""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("grants/", views.grant_list, name="list"),
    path("grants.csv", views.grants_csv, name="csv"),
    path("grants.json", views.grants_json, name="json"),
    path("grants/360giving.json", views.giving360_json, name="giving360_json"),
    path("grants/360giving.xlsx", views.giving360_xlsx, name="giving360_xlsx"),
    path("grants/bids/", views.bid_list, name="bids"),
    path("grants/bids.csv", views.bids_csv, name="bids_csv"),
    path("grants/bids.json", views.bids_json, name="bids_json"),
    path("grants/<id:pk>/", views.grant_detail, name="detail"),
    path("services/", views.service_list, name="services"),
    path("services.csv", views.services_csv, name="services_csv"),
    path("services.json", views.services_json, name="services_json"),
]
