from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("CRM")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from crm import lookups, timezones

        lookups.register()
        user_logged_in.connect(timezones.on_login, dispatch_uid="crm_time_zone")
