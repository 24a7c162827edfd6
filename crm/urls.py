from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from crm import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("settings/", views.user_settings, name="user_settings"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("parties.urls")),
    path("", include("leads.urls")),
    path("", include("opportunities.urls")),
    path("", include("forecasts.urls")),
    path("", include("events.urls")),
]
