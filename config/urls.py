from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

handler403 = "crm.views.permission_denied"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("crm.urls")),
    path("", include("workspace.urls")),
    path("", include("parties.urls")),
    path("", include("leads.urls")),
    path("", include("opportunities.urls")),
    path("", include("forecasts.urls")),
    path("", include("events.urls")),
    path("", include("commerce.urls")),
    path("", include("support.urls")),
    path("", include("notes.urls")),
    path("", include("imports.urls")),
    path("", include("duplicates.urls")),
    path("", include("ofbiz.urls")),
]
