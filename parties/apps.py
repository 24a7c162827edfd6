from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = _("Parties")

    def ready(self) -> None:
        from crm import search
        from parties import journey
        from parties import search as party_search

        # Consents in the journey: part of the party, no page of their own.
        journey.register(
            journey.JourneyRecordType(
                "consent", visible_ids=journey.follows_party, url=journey.no_page
            )
        )

        # The tags line under the title of a contact's, account's and customer's page.
        from crm import panels
        from parties.records import ACCOUNT, CONTACT, CUSTOMER
        from parties.views import tags as tag_views

        panels.register(CONTACT, panel=tag_views.CONTACT_TAGS)
        panels.register(ACCOUNT, panel=tag_views.ACCOUNT_TAGS)
        panels.register(CUSTOMER, panel=tag_views.CUSTOMER_TAGS)

        # Contacts, accounts and customers in the global search.
        for kind in (
            party_search.CONTACT_SEARCH,
            party_search.ACCOUNT_SEARCH,
            party_search.CUSTOMER_SEARCH,
        ):
            search.register(kind)

        # The columns of the lists (crm.columns): the name always, the rest to choose.
        from crm.columns import Column
        from crm.columns import register as columns_register

        name, email, phone = (
            Column("name", _("Name"), fixed=True),
            Column("email", _("E-mail")),
            Column("phone", _("Phone")),
        )
        owner, updated = Column("owner", _("Owner")), Column("updated", _("Updated"))
        created = Column("created", _("Created"), default=False)
        columns_register(
            "contacts:list",
            name,
            Column("account", _("Account")),
            Column("job_title", _("Job title")),
            email,
            phone,
            owner,
            updated,
            created,
        )
        columns_register(
            "accounts:list",
            name,
            Column("industry", _("Industry")),
            email,
            phone,
            owner,
            updated,
            created,
        )
        columns_register(
            "customers:list",
            name,
            Column("type", _("Type")),
            email,
            phone,
            owner,
            updated,
            created,
        )
        columns_register(
            "partners:list",
            Column("name", _("Partner"), fixed=True),
            Column("type", _("Type")),
            Column("manager", _("Channel manager")),
            Column("commission", _("Commission")),
            Column("agreement", _("Agreement")),
        )
