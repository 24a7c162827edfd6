"""`manage.py load_demo`: the demo users and a reproducible set of accounts, contacts,
customers, leads, opportunities and events, built through the services so roles and access
grants are what the app itself would create. Idempotent: when user "alice" exists, it
changes nothing."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.builders import (
    commerce,
    events,
    forecasts,
    marketing,
    notes,
    notifications,
    opportunities,
    parties,
    partners,
    support,
    tags,
    users,
)
from demo.builders.common import SEED, Demo
from demo.builders.users import MARKER_USERNAME, PASSWORD, USERNAMES

# In this order: each builder works on what the ones before made, and all draw from one
# random generator, so reordering them would change the data.
BUILDERS: tuple[Callable[[Demo], None], ...] = (
    users.build,
    parties.build,
    marketing.build,
    forecasts.build_exchange_rates,
    opportunities.build,
    partners.build,  # draws nothing from the generator
    forecasts.build_quotas,
    events.build,
    commerce.build,
    support.build,
    notes.build,  # draws nothing from the generator
    notifications.build,  # draws nothing from the generator
    tags.build,  # draws nothing from the generator
)


class Command(BaseCommand):
    help = (
        "Load demo users (password “demo”) and demo accounts, contacts and customers. "
        "Does nothing when the demo data is already there."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="Load even though DEBUG is off (e.g. a staging copy). Never on production.",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "Refusing to load demo users (password “demo”) with DEBUG off: this looks like "
                "production. Run with DEBUG=1, or pass --not-production on a non-production copy."
            )
        if User.objects.filter(username=MARKER_USERNAME).exists():
            self.stdout.write("Demo data already loaded.")
            return
        taken = list(User.objects.filter(username__in=USERNAMES).values_list("username", flat=True))
        if taken:
            # Someone made these users by hand: leave the database alone rather than fail
            # `make run`.
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data not loaded: user(s) {', '.join(sorted(taken))} already exist."
                )
            )
            return
        demo = Demo(random.Random(SEED))
        with transaction.atomic():
            for build in BUILDERS:
                build(demo)
        summary = demo.summary
        customers = summary.customers_b2c + summary.customers_b2b
        lines = [
            self.style.SUCCESS("Demo data loaded."),
            f"  users:      {summary.users} ({', '.join(USERNAMES)}; password “{PASSWORD}”)",
            f"  accounts:   {summary.accounts}",
            f"  contacts:   {summary.contacts} "
            f"({summary.ended_employments} with an earlier employer)",
            f"  customers:  {customers} "
            f"({summary.customers_b2c} people, {summary.customers_b2b} organizations)",
            f"  consents:   {summary.consents}",
            f"  shares:     {summary.shares}",
            f"  campaigns:  {summary.campaigns}",
            f"  leads:      {summary.leads} ({summary.converted_leads} converted)",
            f"  lists:      {summary.contact_lists}",
            f"  deals:      {summary.opportunities} opportunities",
            f"  events:     {summary.events} calls, meetings and tasks "
            f"({summary.completed_events} completed)",
            f"  shop:       {summary.products} products, {summary.orders} orders, "
            f"{summary.reviews} reviews, {summary.shopping_lists} shopping lists",
            f"  support:    {summary.cases} cases in two queues (Berlin, New York)",
        ]
        self.stdout.write("\n".join(lines))
