"""The demo's accounts, contacts and customers, their jobs, consents and shares."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User

from crm.access import CHANGE, VIEW
from demo import data as demo_data
from demo.builders.common import Demo, DemoAccount, company_domain, email_local_part
from demo.data import CITIES
from parties import services
from parties.models import (
    ConsentPurpose,
    ConsentSource,
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyKind,
    PaymentPreference,
)

# How many of each kind of record every owner gets.
ACCOUNT_OWNERS = {"alice": 14, "bob": 13, "dan": 14, "carol": 9}
CUSTOMER_OWNERS = {"alice": 7, "bob": 6, "dan": 7, "carol": 5, "erin": 5}
CONTACT_COUNT = 200
B2C_CUSTOMER_COUNT = 24
ENDED_EMPLOYMENT_COUNT = 12


def build(demo: Demo) -> None:
    create_accounts(demo)
    create_contacts(demo)
    end_some_employments(demo)
    create_customers(demo)
    record_consents(demo)
    share_some_records(demo)


def create_accounts(demo: Demo) -> None:
    rng = demo.rng
    owners = demo.owners(ACCOUNT_OWNERS)
    for (name, industry, city_name), owner in zip(demo_data.ACCOUNTS, owners, strict=True):
        city = CITIES[city_name]
        domain = company_domain(name)
        phone = demo.phone(city)
        employees = demo.employee_count()
        party = services.account_create(
            actor=owner,
            owner=owner,
            name=name,
            industry=industry,
            employee_count=employees,
            annual_revenue=Decimal(employees * rng.randint(90, 260) * 1000),
            preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
            description=rng.choice(demo_data.ACCOUNT_DESCRIPTIONS),
            email=f"info@{domain}" if rng.random() < 0.7 else "",
            phone=phone,
            website=f"https://www.{domain}",
        )
        if rng.random() < 0.6:
            services.contact_mech_add(
                actor=owner,
                party=party,
                kind=ContactMechKind.POSTAL_ADDRESS,
                purposes=[ContactMechPurpose.GENERAL_LOCATION],
                **demo.address(city, to_name=name),
            )
        titles = list(demo_data.JOB_TITLES)
        rng.shuffle(titles)
        demo.accounts.append(DemoAccount(party, city, domain, phone, titles))
    demo.summary.accounts = len(demo.accounts)


def create_contacts(demo: Demo) -> None:
    rng = demo.rng
    # Every account gets two people; the rest are spread at random.
    employers = demo.accounts * 2
    employers += rng.choices(demo.accounts, k=CONTACT_COUNT - len(employers))
    sales = [demo.users[name] for name in ACCOUNT_OWNERS]
    for account in employers:
        owner = account.party.owner if rng.random() < 0.85 else rng.choice(sales)
        first_name, last_name = demo.person_name(account.city.country)
        title = account.titles.pop() if account.titles else "Consultant"
        contact = services.contact_create(
            actor=owner,
            owner=owner,
            salutation="Dr." if rng.random() < 0.05 else "",
            first_name=first_name,
            last_name=last_name,
            job_title=title,
            email=demo.email(email_local_part(first_name, last_name), account.domain),
            phone=demo.phone(account.city),
            account=account.party,
        )
        if rng.random() < 0.2:
            services.contact_mech_add(
                actor=owner,
                party=contact,
                kind=ContactMechKind.PHONE,
                value=account.phone,
                extension=str(rng.randint(100, 899)),
                purposes=[ContactMechPurpose.WORK_PHONE],
            )
        demo.contacts.append(contact)
    demo.summary.contacts = len(demo.contacts)


def end_some_employments(demo: Demo) -> None:
    """A few people worked somewhere else before: an ended employment each."""
    rng = demo.rng
    for contact in rng.sample(demo.contacts, ENDED_EMPLOYMENT_COUNT):
        current = contact.relationships_from.get().to_party_id
        previous = rng.choice([a.party for a in demo.accounts if a.party.pk != current])
        started = demo.date(2010, 2017)
        employment = services.employment_start(
            actor=contact.owner,
            person=contact,
            organization=previous,
            title=rng.choice(demo_data.PREVIOUS_TITLES),
            from_date=started,
        )
        services.relationship_end(
            actor=contact.owner,
            relationship=employment,
            thru_date=demo.date(started.year + 2, 2024),
        )
    demo.summary.ended_employments = ENDED_EMPLOYMENT_COUNT


def create_customers(demo: Demo) -> None:
    owners = demo.owners(CUSTOMER_OWNERS)
    demo.customers = [create_person_customer(demo, o) for o in owners[:B2C_CUSTOMER_COUNT]]
    demo.summary.customers_b2c = len(demo.customers)
    for owner, (name, industry, city_name) in zip(
        owners[B2C_CUSTOMER_COUNT:], demo_data.B2B_CUSTOMERS, strict=True
    ):
        demo.customers.append(create_organization_customer(demo, owner, name, industry, city_name))
    demo.summary.customers_b2b = len(demo.customers) - demo.summary.customers_b2c


def create_person_customer(demo: Demo, owner: User) -> Party:
    rng = demo.rng
    city = rng.choice(list(CITIES.values()))
    first_name, last_name = demo.person_name(city.country)
    full_name = f"{first_name} {last_name}"
    billing = None
    if rng.random() < 0.3:
        office = rng.choice([c for c in CITIES.values() if c.country == city.country])
        billing = demo.address(office, to_name=full_name, line2_chance=0.6)
    return services.customer_create(
        actor=owner,
        owner=owner,
        kind=PartyKind.PERSON,
        first_name=first_name,
        last_name=last_name,
        birth_date=demo.date(1950, 2003) if rng.random() < 0.6 else None,
        email=demo.email(
            email_local_part(first_name, last_name),
            rng.choice(demo_data.PERSONAL_EMAIL_DOMAINS),
        ),
        phone=demo.phone(city),
        payment_preference=rng.choice(PaymentPreference.values),
        preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
        shipping_address=demo.address(city, to_name=full_name, line2_chance=0.2),
        billing_address=billing,
    )


def create_organization_customer(
    demo: Demo, owner: User, name: str, industry: str, city_name: str
) -> Party:
    rng = demo.rng
    city = CITIES[city_name]
    domain = company_domain(name)
    billing = None
    if rng.random() < 0.7:
        billing = demo.address(city, to_name=f"{name}, accounts payable", line2_chance=0)
    return services.customer_create(
        actor=owner,
        owner=owner,
        kind=PartyKind.ORGANIZATION,
        name=name,
        industry=industry,
        employee_count=rng.randint(6, 120),
        email=demo.email("orders", domain),
        phone=demo.phone(city),
        payment_preference=rng.choice(
            [PaymentPreference.CREDIT_CARD, PaymentPreference.INSTALLMENTS]
        ),
        preferred_currency=demo_data.CURRENCY_BY_COUNTRY[city.country],
        shipping_address=demo.address(city, to_name=name, line2_chance=0),
        billing_address=billing,
    )


def consent(demo: Demo, party: Party, purpose: str, granted: bool, source: str, **extra) -> None:
    """A consent given or withdrawn, by the party's owner unless `actor` says otherwise."""
    extra.setdefault("actor", party.owner)
    services.consent_record(party=party, purpose=purpose, granted=granted, source=source, **extra)
    demo.summary.consents += 1


def record_consents(demo: Demo) -> None:
    rng = demo.rng
    erin = demo.users["erin"]
    for customer in demo.customers:
        if rng.random() < 0.7:
            email = ContactMech.objects.filter(
                parties__party=customer, kind=ContactMechKind.EMAIL
            ).first()
            consent(
                demo,
                customer,
                ConsentPurpose.MARKETING_EMAIL,
                True,
                ConsentSource.WEB_FORM,
                contact_mech=email,
                note="Ticked the newsletter box at checkout.",
            )
            if rng.random() < 0.25:
                consent(
                    demo,
                    customer,
                    ConsentPurpose.MARKETING_EMAIL,
                    False,
                    ConsentSource.PHONE,
                    contact_mech=email,
                    actor=erin,
                    note="Asked to stop the newsletter during a support call.",
                )
        if rng.random() < 0.3:
            consent(
                demo,
                customer,
                ConsentPurpose.POST,
                True,
                ConsentSource.PAPER,
                note="Signed the catalogue request card.",
            )
        if rng.random() < 0.25:
            consent(demo, customer, ConsentPurpose.SMS, True, ConsentSource.IN_PERSON)
            if rng.random() < 0.4:
                consent(demo, customer, ConsentPurpose.SMS, False, ConsentSource.WEB_FORM)
        if rng.random() < 0.15:
            consent(
                demo,
                customer,
                ConsentPurpose.PROFILING,
                False,
                ConsentSource.WEB_FORM,
                note="Opted out of personalised offers.",
            )
    for contact in demo.contacts:
        if rng.random() < 0.25:
            source = rng.choice([ConsentSource.IN_PERSON, ConsentSource.IMPORT])
            note = (
                "Met at the spring trade show."
                if source == ConsentSource.IN_PERSON
                else "Imported from the webinar sign-up list."
            )
            consent(demo, contact, ConsentPurpose.MARKETING_EMAIL, True, source, note=note)
            if rng.random() < 0.2:
                consent(
                    demo, contact, ConsentPurpose.MARKETING_EMAIL, False, ConsentSource.WEB_FORM
                )
        if rng.random() < 0.08:
            consent(demo, contact, ConsentPurpose.MARKETING_PHONE, True, ConsentSource.PHONE)


def share_some_records(demo: Demo) -> None:
    """Shares the tests and the tour rely on: alice's contacts with dan, one of bob's
    accounts with alice to change, two of dan's accounts with team East."""
    rng = demo.rng
    alice, bob, dan = demo.users["alice"], demo.users["bob"], demo.users["dan"]
    alices_contacts = [c for c in demo.contacts if c.owner_id == alice.pk]
    bobs_accounts = [a.party for a in demo.accounts if a.party.owner_id == bob.pk]
    dans_accounts = [a.party for a in demo.accounts if a.party.owner_id == dan.pk]
    shares = [(alice, contact, VIEW, {"user": dan}) for contact in rng.sample(alices_contacts, 3)]
    shares.append((bob, rng.choice(bobs_accounts), CHANGE, {"user": alice}))
    shares += [
        (dan, account, VIEW, {"team": demo.teams["East"]})
        for account in rng.sample(dans_accounts, 2)
    ]
    for actor, party, action, audience in shares:
        services.party_share(actor=actor, party=party, action=action, **audience)
    demo.summary.shares = len(shares)
