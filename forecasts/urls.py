from django.urls import include, path

from forecasts import views

forecast_patterns = [
    path("", views.ForecastOverviewView.as_view(), name="overview"),
    path("quotas/", views.QuotaView.as_view(), name="quotas"),
    path("<int:pk>/", views.ForecastDetailView.as_view(), name="detail"),
]

urlpatterns = [path("forecasts/", include((forecast_patterns, "forecasts")))]
