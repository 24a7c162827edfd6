"""The records the fuzz tests post against: one of each kind that alice owns (and mark's
marketing records), the same kinds owned by dan (ids that exist but that alice may not pick),
and an inactive user. Every named URL's arguments are filled from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commerce.services import review_post, shopping_list_create
from crm.models import Job
from crm.notifications import notify
from crm.saved_views import saved_view_save
from crm.timezones import user_time_zone_set
from events.services import event_complete, feed_token_regenerate
from forecasts.models import SalesForecast
from leads.services import contact_list_member_add
from notes.services import note_add
from opportunities.services import competitor_add, contact_role_add, opportunity_close
from opportunities.services.tags import opportunity_tag_add
from parties.models import LeadSource
from parties.services import employment_start, partner_create
from parties.services.tags import tag_add, tag_get_or_create
from support.services import case_assign
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_contact_list,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
    make_order,
    make_product,
    make_team,
    make_user,
)
from tests.notes.files import PDF, upload
from tests.support import make_case, make_levels, make_queue


@dataclass
class Party:
    party: object
    pcm: object  # one of its contact mechanisms
    relationship: object  # one of its relationships


@dataclass
class World:
    users: dict[str, int]  # persona -> user id
    records: dict[str, Party]  # page kind slug -> alice's record of that kind
    campaign: object
    lead_source: object
    contact_list: object
    member: object
    opportunity: object
    competitor_row: object
    contact_role_row: object
    event: object
    closed_opportunity: object  # alice's, won: its page has the reopen form
    completed_event: object  # alice's: its page has the reopen form
    forecast: object
    feed_token: str
    product: object
    order: object  # alice's customer's, created: its page has the status actions
    review: object  # the customer's, pending
    shopping_list: object  # the customer's, with the product on it
    case: object  # erin's case for alice's customer, accepted (its page has every action form)
    partner: object  # a reseller (a party) alice manages, current
    # Every id of the world (users, parties, leads, opportunities, events, periods...): ids that
    # exist, most of which a given persona may not pick.
    ids: list[int] = field(default_factory=list)
    tag: object = None  # on each of alice's records above: their pages have its remove form
    saved_view: object = None  # alice's view of the contacts, shared with her team
    notification: object = None  # alice's, unread: her notifications page has its forms
    note: object = None  # alice's note on her contact, with a file (`attachment`)
    attachment: object = None
    job: object = None  # alice's, queued: its page has the Cancel form


def build_world(personas: dict[str, User]) -> World:
    alice, bob, dan, mark = personas["alice"], personas["bob"], personas["dan"], personas["mark"]
    # Time zones at the ends of the world's offsets: a date at the calendar's end, made an
    # instant in them, falls out of the calendar in UTC.
    user_time_zone_set(user=alice, name="Pacific/Kiritimati")  # UTC+14
    user_time_zone_set(user=personas["carol"], name="Pacific/Pago_Pago")  # UTC-11
    account = make_account(alice, name="Globex", website="globex.example")
    contact = make_contact(
        alice, first_name="Hank", last_name="Scorpio", email="hank@globex.example", account=account
    )
    customer = make_customer(alice, first_name="Marge", last_name="Bouvier")
    customer_job = employment_start(actor=alice, person=customer, organization=account)
    lead = make_lead(
        alice,
        first_name="Lisa",
        last_name="Lead",
        company_name="Initech",
        email="l@initech.example",
    ).party
    lead_job = employment_start(actor=alice, person=lead, organization=account)
    campaign = make_campaign(mark, capture_enabled=True)
    contact_list = make_contact_list(mark)
    member = contact_list_member_add(actor=mark, contact_list=contact_list, party=lead)
    opportunity = make_opportunity(alice, account=account, amount=1234)
    rival = make_account(alice, name="Rival")
    competitor_row = competitor_add(actor=alice, opportunity=opportunity, competitor=rival)
    contact_role_row = contact_role_add(
        actor=alice, opportunity=opportunity, contact=contact, role="decision_maker"
    )
    forecast = SalesForecast.objects.get(
        owner=alice,
        period__kind="month",
        period__start_date__lte=opportunity.expected_close_date,
        period__end_date__gte=opportunity.expected_close_date,
    )
    event = make_event(alice, party=contact, participant_users=[bob], participant_parties=[contact])
    closed_opportunity = opportunity_close(
        actor=alice,
        opportunity=make_opportunity(alice, account=account, name="Globex - support"),
        won=True,
        reason="Best offer",
    )
    completed_event = event_complete(
        actor=alice, event=make_event(alice, kind="call", party=contact, subject="Call Hank")
    )
    product = make_product("BEANS-1", name="Arabica beans")
    order = make_order(alice, customer, products=[product, make_product("MUG-1", name="Mug")])
    review = review_post(actor=None, customer=customer, product=product, rating=4, title="Nice")
    shopping_list = shopping_list_create(
        actor=alice, customer=customer, name="Gifts", list_type="wish_list", items=[(product, 2)]
    )
    partner = partner_create(
        actor=personas["carol"],
        type="reseller",
        commission_rate=10,
        name="Channel Co",
        owner=alice,
    ).partner
    make_queue(make_team("Support"))
    make_levels()
    case = make_case(personas["erin"], customer, order=order, product=product)
    # erin's: she sees its sharing form and may hand it on.
    case = case_assign(actor=personas["erin"], case=case, owner=personas["erin"])
    make_case(personas["erin"], customer, subject="Another one, to merge into")
    # Records of another team: they exist, alice may not see or pick them.
    dan_account = make_account(dan, name="Umbrella")
    dan_contact = make_contact(dan, first_name="Albert", last_name="Wesker", account=dan_account)
    dan_lead = make_lead(dan, first_name="Jill", last_name="Valentine")
    dan_opportunity = make_opportunity(dan, account=dan_account, amount=99)
    dan_event = make_event(
        dan,
        kind="task",
        starts_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        party=dan_contact,
    )
    tag = tag_get_or_create(actor=alice, name="Fuzz")
    for tagged in (account, contact, customer, lead):
        tag_add(actor=alice, record=tagged, tag=tag)
    opportunity_tag_add(actor=alice, record=opportunity, tag=tag)
    saved_view = saved_view_save(
        owner=alice, list_key="contacts:list", name="Fuzz", query="scope=mine", shared=True
    )
    notification = notify(
        recipient=alice,
        kind="shared",
        actor=bob,
        record=account,
        text="Bob shared Globex with you (view).",
        url=f"/accounts/{account.pk}/",
    )
    # The file is stored under the module's MEDIA_ROOT (conftest.fuzz_db).
    note, attachment = note_add(
        actor=alice, record=contact, body="Call @bob", upload=upload("offer.pdf", PDF)
    )
    job = Job.objects.create(created_by=alice, kind="tests.fuzz", label="Import contacts.csv")
    gone = make_user("gone", is_active=False)
    ids = {user.pk for user in personas.values()} | {gone.pk}
    ids |= {p.pk for p in (account, contact, customer, lead, rival, dan_account, dan_contact)}
    ids |= {dan_lead.pk, dan_lead.party.pk, opportunity.pk, dan_opportunity.pk}
    ids |= {closed_opportunity.pk, completed_event.pk}
    ids |= {event.pk, dan_event.pk, forecast.pk, forecast.period.pk, forecast.period.parent.pk}
    ids |= {campaign.pk, contact_list.pk, member.pk, competitor_row.pk, contact_role_row.pk}
    ids |= {
        product.pk,
        order.pk,
        review.pk,
        shopping_list.pk,
        case.pk,
        partner.pk,
        *order.items.values_list("pk", flat=True),
    }
    return World(
        users={name: user.pk for name, user in personas.items()},
        records={
            "contacts": Party(
                contact, contact.contact_mechs.first(), contact.relationships_from.get()
            ),
            "accounts": Party(
                account, account.contact_mechs.first(), contact.relationships_from.get()
            ),
            "customers": Party(customer, customer.contact_mechs.first(), customer_job),
            "leads": Party(lead, lead.contact_mechs.first(), lead_job),
        },
        campaign=campaign,
        lead_source=LeadSource.objects.get(code="trade-show"),
        contact_list=contact_list,
        member=member,
        opportunity=opportunity,
        competitor_row=competitor_row,
        contact_role_row=contact_role_row,
        event=event,
        closed_opportunity=closed_opportunity,
        completed_event=completed_event,
        forecast=forecast,
        feed_token=feed_token_regenerate(user=alice).token,
        product=product,
        order=order,
        review=review,
        shopping_list=shopping_list,
        case=case,
        partner=partner,
        ids=sorted(ids | {tag.pk, saved_view.pk, note.pk, attachment.pk, job.pk}),
        tag=tag,
        saved_view=saved_view,
        notification=notification,
        note=note,
        attachment=attachment,
        job=job,
    )


def named_routes(patterns=None, namespace=""):
    """(view name, route pattern) of every named URL but the admin's."""
    if patterns is None:
        from django.urls import get_resolver

        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if str(pattern.pattern).startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def route_kwargs(view_name: str, argument_names, world: World) -> dict | None:
    """The URL arguments of a named route, for the world's records (None: unknown ones)."""
    namespace, _, name = view_name.rpartition(":")
    if view_name == "notification_open":
        return {"pk": world.notification.pk}
    if view_name in ("job_detail", "job_progress", "job_cancel"):
        return {"pk": world.job.pk}
    if view_name == "password_reset_confirm":
        return password_reset_kwargs(world)
    party = world.records.get(namespace)
    by_namespace = {
        "campaigns": world.campaign,
        "contact_lists": world.contact_list,
        "lead_sources": world.lead_source,
        "opportunities": world.opportunity,
        "events": world.event,
        "forecasts": world.forecast,
        "orders": world.order,
        "products": world.product,
        "reviews": world.review,
        "shopping_lists": world.shopping_list,
        "cases": world.case,
        "partners": world.partner,
        "saved_views": world.saved_view,
        # A note's pages, and its file's (files/<pk>/, files/<pk>/delete/).
        "notes": world.attachment if name.startswith("file") else world.note,
    }
    kwargs = {}
    for argument in argument_names:
        if argument == "pk":
            record = party.party if party else by_namespace.get(namespace)
            if record is None:
                return None
            kwargs["pk"] = record.pk
        elif argument == "pcm_pk" and party:
            kwargs[argument] = party.pcm.pk
        elif argument == "rel_pk" and party:
            kwargs[argument] = party.relationship.pk
        elif argument == "tag_pk" and world.tag is not None:
            kwargs[argument] = world.tag.pk
        elif argument == "member_pk":
            kwargs[argument] = world.member.pk
        elif argument == "row_pk":
            row = world.competitor_row if "competitor" in name else world.contact_role_row
            kwargs[argument] = row.pk
        elif argument == "field":  # an inline-editable column (crm/inline.py)
            kwargs[argument] = "status" if namespace == "leads" else "stage"
        elif argument == "token":
            kwargs[argument] = (
                world.campaign.capture_token if namespace == "capture" else (world.feed_token)
            )
        else:
            return None
    return kwargs


def password_reset_kwargs(world: World) -> dict:
    """The link of a reset e-mail to alice. Made when asked for: her token depends on when she
    last signed in (the clients sign in after the world is built)."""
    alice = User.objects.get(pk=world.users["alice"])
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(alice.pk)),
        "token": default_token_generator.make_token(alice),
    }
