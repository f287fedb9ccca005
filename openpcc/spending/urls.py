"""Public spending URLs, under /<body>/."""

from django.urls import path, re_path

from . import views

app_name = "spending"

MONTH = r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})"

urlpatterns = [
    path("spending/", views.month_list, name="list"),
    path("spending.json", views.months_json, name="json"),
    re_path(rf"^spending/{MONTH}/$", views.month_detail, name="month"),
    re_path(rf"^spending/{MONTH}\.csv$", views.month_csv, name="month_csv"),
    re_path(rf"^spending/{MONTH}\.json$", views.month_json, name="month_json"),
]
