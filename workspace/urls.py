from django.contrib.auth import views as auth_views
from django.urls import path

from workspace import account, jobs, notifications, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("search/quick/", views.search_quick, name="search_quick"),
    path("settings/", views.user_settings, name="user_settings"),
    # Users help themselves: password, sessions (workspace/account.py)
    path("settings/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path(
        "settings/sessions/sign-out-others/",
        account.user_sessions_end_others,
        name="user_sessions_end_others",
    ),
    path("password-reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        account.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "settings/notifications/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/count/", notifications.notification_count, name="notification_count"),
    path(
        "notifications/read-all/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
    path("notifications/<str:pk>/open/", notifications.notification_open, name="notification_open"),
    # Background jobs (workspace/jobs.py)
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<str:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<str:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<str:pk>/cancel/", jobs.job_cancel_view, name="job_cancel"),
    path("healthz/", views.healthz, name="healthz"),
]
