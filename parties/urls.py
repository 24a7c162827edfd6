from django.urls import include, path

from crm.bulk import bulk_view
from parties import bulk, views  # noqa: F401 (bulk: registers the lists' bulk actions)
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, PageKind
from parties.views import tags as tag_views


def party_patterns(kind: PageKind) -> list:
    """The list, create, detail, edit and journey pages of contacts, accounts and customers."""
    return [
        path("", views.PartyListView.as_view(kind=kind), name="list"),
        path("bulk/", bulk_view, {"list_name": kind.slug}, name="bulk"),
        path("new/", views.PartyCreateView.as_view(kind=kind), name="new"),
        path("<int:pk>/", views.PartyDetailView.as_view(kind=kind), name="detail"),
        path("<int:pk>/edit/", views.PartyEditView.as_view(kind=kind), name="edit"),
        path("<int:pk>/journey/", views.JourneyView.as_view(kind=kind), name="journey"),
        *party_subpage_patterns(kind),
        *(
            [
                path(
                    "<int:pk>/payment/",
                    views.PaymentPreferenceView.as_view(kind=kind),
                    name="payment",
                )
            ]
            if kind == CUSTOMERS
            else []
        ),
    ]


def party_subpage_patterns(kind: PageKind) -> list:
    """What every party page kind shares, leads included: lookup, status, contact details,
    employment, consent, sharing and vCard."""
    bound = {"kind": kind.slug}
    return [
        path("lookup/", views.party_lookup, bound, name="lookup"),
        path(
            "<int:pk>/disable/",
            views.party_set_status,
            bound | {"status": "disabled"},
            name="disable",
        ),
        path(
            "<int:pk>/enable/", views.party_set_status, bound | {"status": "active"}, name="enable"
        ),
        path(
            "<int:pk>/contact-mechs/new/",
            views.ContactMechFormView.as_view(kind=kind),
            name="contact_mech_new",
        ),
        path(
            "<int:pk>/contact-mechs/<int:pcm_pk>/edit/",
            views.ContactMechFormView.as_view(kind=kind),
            name="contact_mech_edit",
        ),
        path(
            "<int:pk>/contact-mechs/<int:pcm_pk>/end/",
            views.contact_mech_end,
            bound,
            name="contact_mech_end",
        ),
        path(
            "<int:pk>/employment/new/",
            views.EmploymentFormView.as_view(kind=kind),
            name="employment_new",
        ),
        path(
            "<int:pk>/relationships/<int:rel_pk>/end/",
            views.relationship_end,
            bound,
            name="relationship_end",
        ),
        path("<int:pk>/consent/", views.consent_record, bound, name="consent"),
        path("<int:pk>/sharing/", views.SharingView.as_view(kind=kind), name="sharing"),
        path("<int:pk>/vcard/", views.contact_vcard, bound, name="vcard"),
        path("<int:pk>/tags/", tag_views.party_tag_add, bound, name="tag_add"),
        path(
            "<int:pk>/tags/<int:tag_pk>/remove/",
            tag_views.party_tag_remove,
            bound,
            name="tag_remove",
        ),
    ]


partner_patterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "partners"}, name="bulk"),
    path("new/", views.PartnerCreateView.as_view(), name="new"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PartnerEditView.as_view(), name="edit"),
    path("<int:pk>/end/", views.partner_end, name="end"),
]

urlpatterns = [
    *(
        path(f"{kind.slug}/", include((party_patterns(kind), kind.slug)))
        for kind in (CONTACTS, ACCOUNTS, CUSTOMERS)
    ),
    path("partners/", include((partner_patterns, "partners"))),
    path("tags/suggest/", include(([path("", tag_views.tag_suggest, name="suggest")], "tags"))),
]
