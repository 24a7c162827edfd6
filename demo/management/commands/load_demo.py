"""`manage.py load_demo`: the demo users and a reproducible set of accounts, contacts,
customers, leads, opportunities and events, built through the services so roles and access
grants are what the app itself would create. Idempotent: when user "alice" exists, it
changes nothing."""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from crm.access import (
    ADMINISTRATOR,
    CHANGE,
    CUSTOMER_SERVICE,
    MARKETING,
    SALES_MANAGER,
    SALES_REP,
    VIEW,
)
from crm.models import Team, UserProfile
from demo import data as demo_data
from demo.data import CITIES, City
from events import services as event_services
from events.models import Event, EventKind, EventStatus, ParticipantResponse, floating
from forecasts import services as forecast_services
from forecasts.models import ExchangeRate
from leads import services as lead_services
from leads.models import (
    CampaignStatus,
    ContactListChannel,
    ContactListType,
    Lead,
    LeadStatus,
    MemberStatus,
)
from opportunities import services as opportunity_services
from opportunities.models import Opportunity, OpportunityStage, OpportunityType, StageKind
from parties import services
from parties.models import (
    ConsentPurpose,
    ConsentSource,
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    LeadSource,
    Party,
    PartyKind,
    PartyRelationship,
    PaymentPreference,
    RelationshipKind,
    RoleType,
)
from parties.selectors import with_role

SEED = 2026
PASSWORD = "demo"
MARKER_USERNAME = "alice"

# username, first name, last name, role group, home team, extra user fields
USERS = [
    ("admin", "Ada", "Admin", ADMINISTRATOR, None, {"is_staff": True, "is_superuser": True}),
    ("carol", "Carol", "Chen", SALES_MANAGER, "East", {}),
    ("alice", "Alice", "Anderson", SALES_REP, "East", {}),
    ("bob", "Bob", "Baker", SALES_REP, "East", {}),
    ("wendy", "Wendy", "Walsh", SALES_MANAGER, "West", {}),
    ("dan", "Dan", "Diaz", SALES_REP, "West", {}),
    ("erin", "Erin", "Evans", CUSTOMER_SERVICE, None, {}),
    ("mark", "Mark", "Martin", MARKETING, None, {}),
]
TEAM_MANAGERS = {"East": "carol", "West": "wendy"}

# How many of each kind of record every owner gets.
ACCOUNT_OWNERS = {"alice": 14, "bob": 13, "dan": 14, "carol": 9}
CUSTOMER_OWNERS = {"alice": 7, "bob": 6, "dan": 7, "carol": 5, "erin": 5}
CONTACT_COUNT = 200
B2C_CUSTOMER_COUNT = 24
ENDED_EMPLOYMENT_COUNT = 12

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe"}
)


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a name: "Jürgen" -> ["juergen"], "O'Brien" -> ["obrien"]."""
    text = text.lower().translate(TRANSLITERATION).replace(".", "").replace("'", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", text)


def company_domain(name: str) -> str:
    words = ascii_words(name)
    while len(words) > 1 and words[-1] in demo_data.LEGAL_SUFFIXES:
        words.pop()
    return "-".join(words) + ".example"


def email_local_part(first_name: str, last_name: str) -> str:
    return "".join(ascii_words(first_name)) + "." + "".join(ascii_words(last_name))


@dataclass
class DemoAccount:
    party: Party
    city: City
    domain: str
    phone: str
    titles: list[str] = field(default_factory=list)


@dataclass
class Summary:
    users: int = 0
    accounts: int = 0
    contacts: int = 0
    ended_employments: int = 0
    customers_b2c: int = 0
    customers_b2b: int = 0
    consents: int = 0
    shares: int = 0
    campaigns: int = 0
    opportunities: int = 0
    leads: int = 0
    converted_leads: int = 0
    contact_lists: int = 0
    events: int = 0
    completed_events: int = 0


class DemoLoader:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.users: dict[str, User] = {}
        self.teams: dict[str, Team] = {}
        self.summary = Summary()
        self._phone_pools: dict[str, list[int]] = {}
        self._emails: set[str] = set()
        self._person_names: set[tuple[str, str]] = set()

    def load(self) -> Summary:
        self.create_users()
        accounts = self.create_accounts()
        contacts = self.create_contacts(accounts)
        self.end_some_employments(contacts, accounts)
        customers = self.create_customers()
        self.record_consents(contacts, customers)
        self.share_some_records(accounts, contacts)
        self.create_marketing()
        self.create_exchange_rates()
        self.create_opportunities(accounts)
        self.set_quotas()
        self.create_events()
        return self.summary

    # Users and teams -----------------------------------------------------------------------

    def create_users(self) -> None:
        for name in TEAM_MANAGERS:
            group, _ = Group.objects.get_or_create(name=f"Team {name}")
            self.teams[name], _ = Team.objects.get_or_create(group=group)
        # One hash for all: every demo user has the same well-known password anyway, and
        # hashing costs a fifth of a second each.
        password = make_password(PASSWORD)
        for username, first_name, last_name, role, team_name, extra in USERS:
            user = User.objects.create(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.com",
                password=password,
                **extra,
            )
            user.groups.add(Group.objects.get(name=role))
            team = self.teams[team_name] if team_name else None
            UserProfile.objects.update_or_create(user=user, defaults={"home_team": team})
            if team:
                user.groups.add(team.group)
            self.users[username] = user
        for team_name, username in TEAM_MANAGERS.items():
            team = self.teams[team_name]
            team.manager = self.users[username]
            team.save(update_fields=["manager"])
        self.summary.users = len(self.users)

    # Building blocks -----------------------------------------------------------------------

    def owners(self, counts: dict[str, int]) -> list[User]:
        owners = [self.users[name] for name, count in counts.items() for _ in range(count)]
        self.rng.shuffle(owners)
        return owners

    def phone(self, city: City) -> str:
        """A number of the city's range not handed out before."""
        pool = self._phone_pools.get(city.name)
        if pool is None:
            pool = self.rng.sample(range(city.phone_capacity), city.phone_capacity)
            self._phone_pools[city.name] = pool
        return city.phone_pattern.format(pool.pop())

    def email(self, local_part: str, domain: str) -> str:
        candidate, n = f"{local_part}@{domain}", 2
        while candidate in self._emails:
            candidate, n = f"{local_part}{n}@{domain}", n + 1
        self._emails.add(candidate)
        return candidate

    def person_name(self, country: str) -> tuple[str, str]:
        cultures = demo_data.CULTURES_BY_COUNTRY[country]
        for _ in range(50):
            culture = self.rng.choices(list(cultures), weights=list(cultures.values()))[0]
            first_names, last_names = demo_data.NAMES[culture]
            name = (self.rng.choice(first_names), self.rng.choice(last_names))
            if name not in self._person_names:
                break
        self._person_names.add(name)
        return name

    def address(self, city: City, *, to_name: str = "", line2_chance: float = 0.3) -> dict:
        street = self.rng.choice(demo_data.STREETS[city.country])
        number = self.rng.randint(1, 240)
        if city.country in demo_data.NUMBER_AFTER_STREET:
            address1 = f"{street} {number}"
        else:
            address1 = f"{number} {street}"
        address2 = ""
        if self.rng.random() < line2_chance:
            address2 = self.rng.choice(demo_data.ADDRESS_LINE2[city.country])
        return {
            "to_name": to_name,
            "address1": address1,
            "address2": address2,
            "city": city.name,
            "postal_code": self.rng.choice(city.postal_codes),
            "state": city.state,
            "country": city.country,
        }

    def date(self, first_year: int, last_year: int) -> datetime.date:
        return datetime.date(
            self.rng.randint(first_year, last_year),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )

    def employee_count(self) -> int:
        low, high = self.rng.choices(
            [(8, 40), (40, 250), (250, 1000), (1000, 5000), (5000, 30000)],
            weights=[15, 30, 25, 20, 10],
        )[0]
        return self.rng.randint(low, high)

    # Accounts, contacts, customers -----------------------------------------------------------

    def create_accounts(self) -> list[DemoAccount]:
        accounts = []
        owners = self.owners(ACCOUNT_OWNERS)
        for (name, industry, city_name), owner in zip(demo_data.ACCOUNTS, owners, strict=True):
            city = CITIES[city_name]
            domain = company_domain(name)
            phone = self.phone(city)
            employees = self.employee_count()
            party = services.account_create(
                actor=owner,
                owner=owner,
                name=name,
                industry=industry,
                employee_count=employees,
                annual_revenue=Decimal(employees * self.rng.randint(90, 260) * 1000),
                preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
                description=self.rng.choice(demo_data.ACCOUNT_DESCRIPTIONS),
                email=f"info@{domain}" if self.rng.random() < 0.7 else "",
                phone=phone,
                website=f"https://www.{domain}",
            )
            if self.rng.random() < 0.6:
                services.contact_mech_add(
                    actor=owner,
                    party=party,
                    kind=ContactMechKind.POSTAL_ADDRESS,
                    purposes=[ContactMechPurpose.GENERAL_LOCATION],
                    **self.address(city, to_name=name),
                )
            titles = list(demo_data.JOB_TITLES)
            self.rng.shuffle(titles)
            accounts.append(DemoAccount(party, city, domain, phone, titles))
        self.summary.accounts = len(accounts)
        return accounts

    def create_contacts(self, accounts: list[DemoAccount]) -> list[Party]:
        # Every account gets two people; the rest are spread at random.
        employers = accounts * 2
        employers += self.rng.choices(accounts, k=CONTACT_COUNT - len(employers))
        sales = [self.users[name] for name in ACCOUNT_OWNERS]
        contacts = []
        for account in employers:
            owner = account.party.owner if self.rng.random() < 0.85 else self.rng.choice(sales)
            first_name, last_name = self.person_name(account.city.country)
            title = account.titles.pop() if account.titles else "Consultant"
            contact = services.contact_create(
                actor=owner,
                owner=owner,
                salutation="Dr." if self.rng.random() < 0.05 else "",
                first_name=first_name,
                last_name=last_name,
                job_title=title,
                email=self.email(email_local_part(first_name, last_name), account.domain),
                phone=self.phone(account.city),
                account=account.party,
            )
            if self.rng.random() < 0.2:
                services.contact_mech_add(
                    actor=owner,
                    party=contact,
                    kind=ContactMechKind.PHONE,
                    value=account.phone,
                    extension=str(self.rng.randint(100, 899)),
                    purposes=[ContactMechPurpose.WORK_PHONE],
                )
            contacts.append(contact)
        self.summary.contacts = len(contacts)
        return contacts

    def end_some_employments(self, contacts: list[Party], accounts: list[DemoAccount]) -> None:
        """A few people worked somewhere else before: an ended employment each."""
        for contact in self.rng.sample(contacts, ENDED_EMPLOYMENT_COUNT):
            current = contact.relationships_from.get().to_party_id
            previous = self.rng.choice([a.party for a in accounts if a.party.pk != current])
            started = self.date(2010, 2017)
            employment = services.employment_start(
                actor=contact.owner,
                person=contact,
                organization=previous,
                title=self.rng.choice(demo_data.PREVIOUS_TITLES),
                from_date=started,
            )
            services.relationship_end(
                actor=contact.owner,
                relationship=employment,
                thru_date=self.date(started.year + 2, 2024),
            )
        self.summary.ended_employments = ENDED_EMPLOYMENT_COUNT

    def create_customers(self) -> list[Party]:
        owners = self.owners(CUSTOMER_OWNERS)
        customers = [self.create_person_customer(owner) for owner in owners[:B2C_CUSTOMER_COUNT]]
        self.summary.customers_b2c = len(customers)
        for owner, (name, industry, city_name) in zip(
            owners[B2C_CUSTOMER_COUNT:], demo_data.B2B_CUSTOMERS, strict=True
        ):
            customers.append(self.create_organization_customer(owner, name, industry, city_name))
        self.summary.customers_b2b = len(customers) - self.summary.customers_b2c
        return customers

    def create_person_customer(self, owner: User) -> Party:
        city = self.rng.choice(list(CITIES.values()))
        first_name, last_name = self.person_name(city.country)
        full_name = f"{first_name} {last_name}"
        billing = None
        if self.rng.random() < 0.3:
            office = self.rng.choice([c for c in CITIES.values() if c.country == city.country])
            billing = self.address(office, to_name=full_name, line2_chance=0.6)
        return services.customer_create(
            actor=owner,
            owner=owner,
            kind=PartyKind.PERSON,
            first_name=first_name,
            last_name=last_name,
            birth_date=self.date(1950, 2003) if self.rng.random() < 0.6 else None,
            email=self.email(
                email_local_part(first_name, last_name),
                self.rng.choice(demo_data.PERSONAL_EMAIL_DOMAINS),
            ),
            phone=self.phone(city),
            payment_preference=self.rng.choice(PaymentPreference.values),
            preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
            shipping_address=self.address(city, to_name=full_name, line2_chance=0.2),
            billing_address=billing,
        )

    def create_organization_customer(
        self, owner: User, name: str, industry: str, city_name: str
    ) -> Party:
        city = CITIES[city_name]
        domain = company_domain(name)
        billing = None
        if self.rng.random() < 0.7:
            billing = self.address(city, to_name=f"{name}, accounts payable", line2_chance=0)
        return services.customer_create(
            actor=owner,
            owner=owner,
            kind=PartyKind.ORGANIZATION,
            name=name,
            industry=industry,
            employee_count=self.rng.randint(6, 120),
            email=self.email("orders", domain),
            phone=self.phone(city),
            payment_preference=self.rng.choice(
                [PaymentPreference.CREDIT_CARD, PaymentPreference.INSTALLMENTS]
            ),
            preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
            shipping_address=self.address(city, to_name=name, line2_chance=0),
            billing_address=billing,
        )

    # Consent and sharing -------------------------------------------------------------------

    def consent(self, party: Party, purpose: str, granted: bool, source: str, **extra) -> None:
        extra.setdefault("actor", party.owner)
        services.consent_record(
            party=party, purpose=purpose, granted=granted, source=source, **extra
        )
        self.summary.consents += 1

    def record_consents(self, contacts: list[Party], customers: list[Party]) -> None:
        erin = self.users["erin"]
        for customer in customers:
            if self.rng.random() < 0.7:
                email = ContactMech.objects.filter(
                    parties__party=customer, kind=ContactMechKind.EMAIL
                ).first()
                self.consent(
                    customer,
                    ConsentPurpose.MARKETING_EMAIL,
                    True,
                    ConsentSource.WEB_FORM,
                    contact_mech=email,
                    note="Ticked the newsletter box at checkout.",
                )
                if self.rng.random() < 0.25:
                    self.consent(
                        customer,
                        ConsentPurpose.MARKETING_EMAIL,
                        False,
                        ConsentSource.PHONE,
                        contact_mech=email,
                        actor=erin,
                        note="Asked to stop the newsletter during a support call.",
                    )
            if self.rng.random() < 0.3:
                self.consent(
                    customer,
                    ConsentPurpose.POST,
                    True,
                    ConsentSource.PAPER,
                    note="Signed the catalogue request card.",
                )
            if self.rng.random() < 0.25:
                self.consent(customer, ConsentPurpose.SMS, True, ConsentSource.IN_PERSON)
                if self.rng.random() < 0.4:
                    self.consent(customer, ConsentPurpose.SMS, False, ConsentSource.WEB_FORM)
            if self.rng.random() < 0.15:
                self.consent(
                    customer,
                    ConsentPurpose.PROFILING,
                    False,
                    ConsentSource.WEB_FORM,
                    note="Opted out of personalised offers.",
                )
        for contact in contacts:
            if self.rng.random() < 0.25:
                source = self.rng.choice([ConsentSource.IN_PERSON, ConsentSource.IMPORT])
                note = (
                    "Met at the spring trade show."
                    if source == ConsentSource.IN_PERSON
                    else "Imported from the webinar sign-up list."
                )
                self.consent(contact, ConsentPurpose.MARKETING_EMAIL, True, source, note=note)
                if self.rng.random() < 0.2:
                    self.consent(
                        contact, ConsentPurpose.MARKETING_EMAIL, False, ConsentSource.WEB_FORM
                    )
            if self.rng.random() < 0.08:
                self.consent(contact, ConsentPurpose.MARKETING_PHONE, True, ConsentSource.PHONE)

    def share_some_records(self, accounts: list[DemoAccount], contacts: list[Party]) -> None:
        alice, bob, dan = self.users["alice"], self.users["bob"], self.users["dan"]
        alices_contacts = [c for c in contacts if c.owner_id == alice.pk]
        bobs_accounts = [a.party for a in accounts if a.party.owner_id == bob.pk]
        dans_accounts = [a.party for a in accounts if a.party.owner_id == dan.pk]
        shares = [
            (alice, contact, VIEW, {"user": dan}) for contact in self.rng.sample(alices_contacts, 3)
        ]
        shares.append((bob, self.rng.choice(bobs_accounts), CHANGE, {"user": alice}))
        shares += [
            (dan, account, VIEW, {"team": self.teams["East"]})
            for account in self.rng.sample(dans_accounts, 2)
        ]
        for actor, party, action, audience in shares:
            services.party_share(actor=actor, party=party, action=action, **audience)
        self.summary.shares = len(shares)

    # Leads and marketing -------------------------------------------------------------------

    def create_marketing(self) -> None:
        """Two campaigns of mark's (one with a published web form), leads of every sales
        user in every status (a few converted), and a newsletter list with consented members."""
        mark = self.users["mark"]
        today = datetime.date.today()
        fair = lead_services.campaign_create(
            actor=mark,
            name="Spring trade show",
            status=CampaignStatus.IN_PROGRESS,
            start_date=today - datetime.timedelta(days=20),
            end_date=today + datetime.timedelta(days=40),
            currency="EUR",
            budgeted_cost=Decimal("12000"),
            actual_cost=Decimal("9800"),
            expected_revenue=Decimal("150000"),
            expected_response_percent=Decimal("4"),
            capture_enabled=True,
            description="Booth B12; leads scanned at the stand and from the show's web page.",
        )
        webinar = lead_services.campaign_create(
            actor=mark,
            name="Autumn webinar series",
            status=CampaignStatus.PLANNED,
            start_date=today + datetime.timedelta(days=60),
            currency="EUR",
            budgeted_cost=Decimal("3000"),
            expected_response_percent=Decimal("2.5"),
        )
        self.summary.campaigns = 2
        sources = list(LeadSource.objects.all())
        owners = self.owners({"alice": 12, "bob": 10, "dan": 10, "carol": 3, "mark": 5})
        statuses = [LeadStatus.NEW] * 4 + [LeadStatus.ASSIGNED] * 2 + [LeadStatus.QUALIFIED] * 3
        leads = []
        companies = list(demo_data.LEAD_COMPANIES)
        self.rng.shuffle(companies)
        for index, owner in enumerate(owners):
            # Most leads come with a company; every sixth is a private person.
            company, city_name = companies[index % len(companies)]
            if index % 6 == 0:
                company = ""
            city = CITIES[city_name]
            first_name, last_name = self.person_name(city.country)
            domain = (
                company_domain(company)
                if company
                else self.rng.choice(demo_data.PERSONAL_EMAIL_DOMAINS)
            )
            campaign = fair if owner == mark or self.rng.random() < 0.3 else None
            lead = lead_services.lead_create(
                actor=owner,
                first_name=first_name,
                last_name=last_name,
                company_name=company,
                job_title=self.rng.choice(demo_data.JOB_TITLES) if company else "",
                email=self.email(email_local_part(first_name, last_name), domain),
                phone=self.phone(city) if self.rng.random() < 0.7 else "",
                source=self.rng.choice(sources),
                campaign=campaign,
            )
            leads.append(lead)
            status = self.rng.choice(statuses)
            if status != LeadStatus.NEW:
                lead_services.lead_set_status(actor=owner, lead=lead, status=status)
        one_per_company = {x.company_name: x for x in leads if x.company_name}
        for lead in self.rng.sample(sorted(one_per_company.values(), key=lambda x: x.pk), 4):
            lead_services.lead_convert(actor=lead.party.owner, lead=lead)
            self.summary.converted_leads += 1
        for lead in self.rng.sample([x for x in leads if x.status == LeadStatus.NEW], 2):
            lead_services.lead_set_status(
                actor=lead.party.owner,
                lead=lead,
                status=LeadStatus.DISQUALIFIED,
                reason="Student project, no purchase intent.",
            )
        self.summary.leads = len(leads)
        newsletter = lead_services.contact_list_create(
            actor=mark,
            name="Customer newsletter",
            list_type=ContactListType.NEWSLETTER,
            channel=ContactListChannel.EMAIL,
            campaign=webinar,
        )
        self.summary.contact_lists = 1
        for lead in leads:
            if lead.party.owner_id != mark.pk:
                continue
            member = lead_services.contact_list_member_add(
                actor=mark, contact_list=newsletter, party=lead.party
            )
            if self.rng.random() < 0.6:
                self.consent(
                    lead.party,
                    ConsentPurpose.MARKETING_EMAIL,
                    True,
                    ConsentSource.WEB_FORM,
                    note="Ticked the box on the trade show's web form.",
                )
                lead_services.contact_list_member_set_status(
                    actor=mark, member=member, status=MemberStatus.ACCEPTED
                )

    # Opportunities -------------------------------------------------------------------------

    def create_opportunities(self, accounts: list[DemoAccount]) -> None:
        """Deals on the sales users' accounts in every stage, a few won and lost, closing over
        the next months (and a few overdue next steps)."""
        today = datetime.date.today()
        stages = list(OpportunityStage.objects.filter(kind=StageKind.OPEN))
        products = [
            ("licences", 20, 400),
            ("support renewal", 1, 12),
            ("onboarding package", 1, 3),
            ("hardware refresh", 5, 60),
            ("analytics add-on", 10, 150),
        ]
        count = 0
        for demo_account in accounts:
            account = demo_account.party
            if account.owner.username not in ("alice", "bob", "dan", "carol"):
                continue
            for _ in range(self.rng.choice([0, 1, 1, 2])):
                product, low, high = self.rng.choice(products)
                quantity = self.rng.randint(low, high)
                unit = self.rng.choice([90, 150, 240, 480, 1200])
                next_step_date = today + datetime.timedelta(days=self.rng.randint(-10, 20))
                deal = opportunity_services.opportunity_create(
                    actor=account.owner,
                    account=account,
                    name=f"{account.display_name} - {quantity} {product}",
                    stage=self.rng.choice(stages),
                    amount=Decimal(quantity * unit),
                    expected_close_date=today + datetime.timedelta(days=self.rng.randint(5, 150)),
                    next_step=self.rng.choice(
                        ["Send the proposal", "Call the buyer", "Demo for the team", "Price review"]
                    ),
                    next_step_date=next_step_date,
                    type=self.rng.choice(list(OpportunityType.values)),
                )
                count += 1
                if self.rng.random() < 0.15:
                    opportunity_services.opportunity_close(
                        actor=account.owner,
                        opportunity=deal,
                        won=self.rng.random() < 0.6,
                        reason=self.rng.choice(
                            ["Best price", "Chose a competitor", "Budget frozen", "Great demo"]
                        ),
                    )
        self.summary.opportunities = count

    # Forecasts -----------------------------------------------------------------------------

    def create_exchange_rates(self) -> None:
        """Rates to the forecast currency (EUR by default) for the demo's other currencies."""
        target = settings.CRM_FORECAST_CURRENCY
        to_eur = {"EUR": "1", "USD": "0.92", "GBP": "1.17", "CAD": "0.67"}
        if target not in to_eur:
            return
        since = datetime.date(datetime.date.today().year - 1, 1, 1)
        for currency, rate in to_eur.items():
            if currency != target:
                ExchangeRate.objects.create(
                    currency=currency,
                    rate=Decimal(rate) / Decimal(to_eur[target]),
                    valid_from=since,
                )

    def set_quotas(self) -> None:
        """This quarter's and next quarter's quotas of every rep, split into months."""
        today = datetime.date.today()
        for username, manager, amount in (
            ("alice", "carol", "90000"),
            ("bob", "carol", "75000"),
            ("dan", "wendy", "80000"),
        ):
            for day in (today, today + datetime.timedelta(days=92)):
                quarter = next(
                    p for p in forecast_services.periods_containing(day) if p.kind == "quarter"
                )
                forecast_services.quota_set(
                    actor=self.users[manager],
                    owner=self.users[username],
                    period=quarter,
                    amount=Decimal(amount),
                    split=True,
                )

    # Events --------------------------------------------------------------------------------

    def create_events(self) -> None:
        """The last six weeks and the next three of the sales users and customer service:
        logged calls, meetings with contacts and teammates (most accepted), tasks overdue,
        due this week and done, a few cancelled; the manager's weekly pipeline review."""
        self.now = timezone.now()
        self.today = self.now.date()
        users = self.users
        for username, teammates, share in (
            ("alice", ["bob"], 1.0),
            ("bob", ["alice"], 1.0),
            ("dan", ["wendy"], 1.0),
            ("carol", [], 0.4),
        ):
            self.sales_events(users[username], [users[n] for n in teammates], share)
        self.pipeline_reviews(users["carol"], [users["alice"], users["bob"]])
        self.customer_service_events(users["erin"])
        self.demo_next_tuesday(users["alice"], users["bob"])

    def past_day(self, low: int, high: int) -> datetime.date:
        """A working day `low` to `high` days ago."""
        day = self.today - datetime.timedelta(days=self.rng.randint(low, high))
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        return day

    def future_day(self, low: int, high: int) -> datetime.date:
        day = self.today + datetime.timedelta(days=self.rng.randint(low, high))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day

    def at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 16) if hour is None else hour
        minute = self.rng.choice([0, 15, 30, 45])
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)

    def event(
        self,
        owner: User,
        kind: str,
        subject: str,
        starts_at: datetime.datetime,
        *,
        minutes: int = 0,
        outcome: str = EventStatus.SCHEDULED,
        accepted_by: tuple[User, ...] = (),
        **fields,
    ) -> Event:
        """An event through the services; `outcome` completed or cancelled after the fact."""
        if minutes:
            fields["ends_at"] = starts_at + datetime.timedelta(minutes=minutes)
        logged = kind == EventKind.CALL and outcome == EventStatus.COMPLETED
        event = event_services.event_create(
            actor=owner,
            kind=kind,
            subject=subject,
            starts_at=starts_at,
            status=EventStatus.COMPLETED if logged else EventStatus.SCHEDULED,
            **fields,
        )
        for user in accepted_by:
            event_services.participant_respond(
                actor=user, event=event, response=ParticipantResponse.ACCEPTED
            )
        if outcome == EventStatus.COMPLETED and not logged:
            event = event_services.event_complete(actor=owner, event=event)
        elif outcome == EventStatus.CANCELLED:
            event_services.event_cancel(actor=owner, event=event)
        if outcome == EventStatus.COMPLETED:
            # Done when it happened, not when the demo was loaded: the activity figures count
            # completions per week.
            done = event.ends_at or event.starts_at + datetime.timedelta(hours=15)
            Event.objects.filter(pk=event.pk).update(completed_at=min(done, self.now))
            self.summary.completed_events += 1
        self.summary.events += 1
        return event

    @staticmethod
    def first_name(party: Party) -> str:
        return party.first_name or party.display_name

    def about(self, contacts, leads, deals) -> tuple[dict, str]:
        """What an event is about (a contact, a lead, or a deal's account and the deal) and
        the name its subject mentions."""
        pick = self.rng.random()
        if deals and pick < 0.25:
            deal = self.rng.choice(deals)
            return {"party": deal.account, "opportunity": deal}, deal.account.display_name
        if leads and pick < 0.45:
            lead = self.rng.choice(leads)
            return {"lead": lead}, lead.party.first_name or lead.company_name
        contact = self.rng.choice(contacts)
        return {"party": contact}, self.first_name(contact)

    def sales_events(self, owner: User, teammates: list[User], share: float) -> None:
        """A rep's calls, meetings and tasks; `share` of the full amount (a manager sells
        less)."""
        contacts = list(
            with_role(Party.objects.filter(owner=owner), RoleType.CONTACT).order_by("pk")
        )
        leads = list(
            Lead.objects.filter(
                party__owner=owner,
                status__in=[LeadStatus.NEW, LeadStatus.ASSIGNED, LeadStatus.QUALIFIED],
            )
            .select_related("party")
            .order_by("pk")
        )
        deals = list(
            Opportunity.objects.filter(owner=owner, closed_at__isnull=True)
            .select_related("account")
            .order_by("pk")
        )
        if not contacts:
            return

        def count(n: int) -> int:
            return max(1, round(n * share))

        # Calls logged after the fact, a few planned, one of those called off.
        for _ in range(count(14)):
            about, name = self.about(contacts, leads, deals)
            subjects = demo_data.LEAD_CALL_SUBJECTS if "lead" in about else demo_data.CALL_SUBJECTS
            self.event(
                owner,
                EventKind.CALL,
                self.rng.choice(subjects).format(name=name),
                self.at(self.past_day(1, 42)),
                minutes=self.rng.choice([10, 15, 20, 30, 45]),
                outcome=EventStatus.COMPLETED,
                description=self.rng.choice(demo_data.CALL_NOTES),
                **about,
            )
        for index in range(count(3)):
            about, name = self.about(contacts, leads, deals)
            self.event(
                owner,
                EventKind.CALL,
                self.rng.choice(demo_data.CALL_SUBJECTS).format(name=name),
                self.at(self.future_day(1, 14)),
                minutes=15,
                outcome=EventStatus.CANCELLED if index == 0 else EventStatus.SCHEDULED,
                **about,
            )
        # Meetings with one or two contacts and often a teammate, held or coming up.
        for index in range(count(8)):
            contact = self.rng.choice(contacts)
            guests = [contact, self.rng.choice(contacts)] if self.rng.random() < 0.5 else [contact]
            users = teammates if teammates and self.rng.random() < 0.6 else []
            past = index % 2 == 0
            day = self.past_day(1, 42) if past else self.future_day(1, 21)
            if past:
                outcome = EventStatus.COMPLETED
            else:
                outcome = EventStatus.CANCELLED if index == 1 else EventStatus.SCHEDULED
            self.event(
                owner,
                EventKind.MEETING,
                self.rng.choice(demo_data.MEETING_SUBJECTS).format(name=self.first_name(contact)),
                self.at(day, self.rng.randint(9, 15)),
                minutes=self.rng.choice([30, 60, 90]),
                outcome=outcome,
                accepted_by=tuple(u for u in users if self.rng.random() < 0.7),
                participant_users=users,
                participant_parties=list(dict.fromkeys(guests)),
                location=self.rng.choice(demo_data.MEETING_LOCATIONS),
                party=contact,
            )
        # Tasks: overdue, due this week, done, later, and one no longer needed.
        end_of_week = 6 - self.today.weekday()
        plans = (
            [
                (self.today - datetime.timedelta(days=self.rng.randint(1, 10)), "open")
                for _ in range(count(2))
            ]
            + [
                (self.today + datetime.timedelta(days=self.rng.randint(0, end_of_week)), "open")
                for _ in range(count(3))
            ]
            + [(self.past_day(2, 40), "done") for _ in range(count(4))]
            + [(self.future_day(8, 21), "open") for _ in range(count(2))]
            + [(self.future_day(2, 10), "cancelled")]
        )
        for due, state in plans:
            about, name = self.about(contacts, leads, deals)
            self.event(
                owner,
                EventKind.TASK,
                self.rng.choice(demo_data.TASK_SUBJECTS).format(name=name),
                floating(due),
                outcome={"open": EventStatus.SCHEDULED, "done": EventStatus.COMPLETED}.get(
                    state, EventStatus.CANCELLED
                ),
                priority=self.rng.choice([1, 2, 2, 2, 3]),
                **about,
            )

    def pipeline_reviews(self, manager: User, team: list[User]) -> None:
        """The manager's weekly pipeline review with the team, Monday mornings."""
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        for week in range(-6, 4):
            day = monday + datetime.timedelta(weeks=week)
            starts_at = self.at(day, 9).replace(minute=0)
            held = starts_at < self.now
            self.event(
                manager,
                EventKind.MEETING,
                demo_data.TEAM_MEETING_SUBJECTS[0],
                starts_at,
                minutes=60,
                outcome=EventStatus.COMPLETED if held else EventStatus.SCHEDULED,
                accepted_by=tuple(team),
                participant_users=team,
                location="Our office, room 2",
            )
        for rep in team:
            self.event(
                manager,
                EventKind.MEETING,
                demo_data.TEAM_MEETING_SUBJECTS[1],
                self.at(self.future_day(1, 10), 14).replace(minute=0),
                minutes=30,
                accepted_by=(rep,),
                participant_users=[rep],
            )

    def customer_service_events(self, csr: User) -> None:
        """Customer service's calls with customers and the follow-ups they led to."""
        customers = list(with_role(Party.objects.all(), RoleType.CUSTOMER).order_by("pk"))
        for _ in range(10):
            customer = self.rng.choice(customers)
            self.event(
                csr,
                EventKind.CALL,
                self.rng.choice(demo_data.CUSTOMER_CALL_SUBJECTS).format(
                    name=self.first_name(customer)
                ),
                self.at(self.past_day(1, 42)),
                minutes=self.rng.choice([5, 10, 15]),
                outcome=EventStatus.COMPLETED,
                party=customer,
            )
        end_of_week = 6 - self.today.weekday()
        for due, outcome in (
            (self.today - datetime.timedelta(days=2), EventStatus.SCHEDULED),
            (self.today - datetime.timedelta(days=5), EventStatus.SCHEDULED),
            (self.today + datetime.timedelta(days=min(1, end_of_week)), EventStatus.SCHEDULED),
            (self.today + datetime.timedelta(days=end_of_week), EventStatus.SCHEDULED),
            (self.past_day(3, 30), EventStatus.COMPLETED),
            (self.past_day(3, 30), EventStatus.COMPLETED),
            (self.past_day(3, 30), EventStatus.COMPLETED),
            (self.future_day(1, 5), EventStatus.CANCELLED),
        ):
            customer = self.rng.choice(customers)
            self.event(
                csr,
                EventKind.TASK,
                self.rng.choice(demo_data.CUSTOMER_TASK_SUBJECTS).format(
                    name=self.first_name(customer)
                ),
                floating(due),
                outcome=outcome,
                party=customer,
            )

    def demo_next_tuesday(self, rep: User, teammate: User) -> None:
        """A product demo next Tuesday with two people of one of the rep's accounts and a
        teammate."""
        staff: dict[Party, list[Party]] = {}
        for job in (
            PartyRelationship.objects.filter(
                kind=RelationshipKind.EMPLOYMENT,
                thru_date__isnull=True,
                from_party__owner=rep,
                to_party__owner=rep,
            )
            .select_related("from_party", "to_party")
            .order_by("to_party_id", "from_party_id")
        ):
            staff.setdefault(job.to_party, []).append(job.from_party)
        account, people = next(((a, p) for a, p in staff.items() if len(p) >= 2), (None, []))
        if account is None:
            return
        tuesday = self.today + datetime.timedelta(days=(1 - self.today.weekday()) % 7 or 7)
        self.event(
            rep,
            EventKind.MEETING,
            f"Product demo for {account.display_name}",
            self.at(tuesday, 10).replace(minute=0),
            minutes=90,
            accepted_by=(teammate,),
            participant_users=[teammate],
            participant_parties=people[:2],
            location=f"{account.display_name}, meeting room",
            description="Walk through the pipeline board and the forecasts with their team.",
            party=account,
        )


class Command(BaseCommand):
    help = (
        "Load demo users (password “demo”) and demo accounts, contacts and customers. "
        "Does nothing when the demo data is already there."
    )

    def add_arguments(self, parser):
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
        taken = list(
            User.objects.filter(username__in=[u[0] for u in USERS]).values_list(
                "username", flat=True
            )
        )
        if taken:
            # Someone made these users by hand: leave the database alone rather than fail
            # `make run`.
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data not loaded: user(s) {', '.join(sorted(taken))} already exist."
                )
            )
            return
        with transaction.atomic():
            summary = DemoLoader(random.Random(SEED)).load()
        usernames = ", ".join(username for username, *_ in USERS)
        customers = summary.customers_b2c + summary.customers_b2b
        lines = [
            self.style.SUCCESS("Demo data loaded."),
            f"  users:      {summary.users} ({usernames}; password “{PASSWORD}”)",
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
        ]
        self.stdout.write("\n".join(lines))
