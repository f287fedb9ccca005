"""Public site-wide URLs."""

from django.urls import path, re_path

from openpcc.core.params import public_page

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    re_path(r"^brand/(?P<colour>[0-9a-f]{6})\.css$", views.brand_css, name="brand_css"),
    path("<slug:body_slug>/", views.body_home, name="body_home"),
    path("<slug:body_slug>/feed/", public_page()(views.BodyFeed()), name="body_feed"),
]
