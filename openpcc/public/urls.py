"""Public site-wide URLs."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("<slug:body_slug>/", views.body_home, name="body_home"),
]
