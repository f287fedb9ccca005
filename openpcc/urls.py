"""Root URLs. Body pages live under /<body-slug>/, so site paths are reserved slugs
(see core.models.RESERVED_SLUGS)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from openpcc.core.converters import RecordId

register_converter(RecordId, "id")  # before the apps' URLs below are read

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("openpcc.core.urls")),
    path("staff/<slug:body_slug>/plans/", include("openpcc.plans.staff_urls")),
    path("staff/<slug:body_slug>/meetings/", include("openpcc.meetings.staff_urls")),
    path("staff/<slug:body_slug>/decisions/", include("openpcc.decisions.staff_urls")),
    path("staff/<slug:body_slug>/funding/", include("openpcc.funding.staff_urls")),
    path("staff/<slug:body_slug>/documents/", include("openpcc.documents.staff_urls")),
    path("staff/<slug:body_slug>/imports/", include("openpcc.imports.staff_urls")),
    path("staff/<slug:body_slug>/spending/", include("openpcc.spending.staff_urls")),
    path("staff/<slug:body_slug>/papers/", include("openpcc.boardpapers.staff_urls")),
    path("", include("openpcc.public.urls")),
    path("<slug:body_slug>/", include("openpcc.plans.urls")),
    path("<slug:body_slug>/", include("openpcc.meetings.urls")),
    path("<slug:body_slug>/", include("openpcc.decisions.urls")),
    path("<slug:body_slug>/", include("openpcc.funding.urls")),
    path("<slug:body_slug>/", include("openpcc.documents.urls")),
    path("<slug:body_slug>/", include("openpcc.spending.urls")),
]

# Error pages in the site's look, with the way back to the body whose address it was (public.views).
handler403 = "openpcc.public.views.permission_denied"
handler404 = "openpcc.public.views.page_not_found"
handler500 = "openpcc.public.views.server_error"
