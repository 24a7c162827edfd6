from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("CRM")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from crm import lookups, preferences, sessions, timezones

        lookups.register()
        user_logged_in.connect(timezones.on_login, dispatch_uid="crm_time_zone")
        user_logged_in.connect(preferences.on_login, dispatch_uid="crm_preferences")
        user_logged_in.connect(sessions.on_login, dispatch_uid="crm_session_record")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="crm_session_forget")
