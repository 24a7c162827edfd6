from django.urls import path

from workspace import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("search/quick/", views.search_quick, name="search_quick"),
    path("settings/", views.user_settings, name="user_settings"),
    path("healthz/", views.healthz, name="healthz"),
]
