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
