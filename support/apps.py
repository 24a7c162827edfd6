from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from parties import journey
        from support.journey import CASE_JOURNEY

        # The journey's rows about cases link to the case's page.
        journey.register(CASE_JOURNEY)
        # H2: the cases panels (360 page, account and order pages) and cases in the search.
        from crm import search
        from support import panels
        from support.search import CASE_SEARCH

        panels.register_panels()
        search.register(CASE_SEARCH)
        # The columns of the cases list (crm.columns).
        from crm.columns import Column
        from crm.columns import register as columns_register

        columns_register(
            "cases:list",
            Column("number", _("Number"), fixed=True),
            Column("subject", _("Subject")),
            Column("customer", _("Customer")),
            Column("status", _("Status")),
            Column("priority", _("Priority")),
            Column("sla", _("Service level")),
            Column("queue", _("Queue")),
            Column("owner", _("Owner")),
            Column("opened", _("Opened")),
        )
