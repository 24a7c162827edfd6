"""Opportunities and the pipeline (OFBiz SalesOpportunity, stages, history, competitors)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.currencies import CURRENCY_CHOICES
from crm.models import GroupGrant, TimeStampedModel, UserGrant
from parties.models import Party, Tag
from parties.models.tags import TagLink


class StageKind(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Closed won")
    LOST = "lost", _("Closed lost")


class OpportunityStage(models.Model):
    """Seeded as in DESIGN.md, ordered by `position`, editable in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    probability = models.PositiveSmallIntegerField(
        _("default probability (%)"), validators=[MaxValueValidator(100)]
    )
    kind = models.CharField(_("kind"), max_length=4, choices=StageKind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("opportunity stage")
        constraints = [
            models.CheckConstraint(
                name="stage_probability_percent", condition=Q(probability__lte=100)
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind != StageKind.OPEN


class OpportunityType(models.TextChoices):
    NEW_BUSINESS = "new_business", _("New business")
    EXISTING_BUSINESS = "existing_business", _("Existing business")
    RENEWAL = "renewal", _("Renewal")


class Opportunity(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    account = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("account")
    )
    primary_contact = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_opportunities",
        verbose_name=_("primary contact"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_opportunities",
        verbose_name=_("owner"),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MaxValueValidator(100)]
    )
    expected_close_date = models.DateField(_("expected close date"))
    stage = models.ForeignKey(
        OpportunityStage, on_delete=models.PROTECT, related_name="+", verbose_name=_("stage")
    )
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    next_step_date = models.DateField(_("next step date"), null=True, blank=True)
    type = models.CharField(
        _("type"),
        max_length=20,
        choices=OpportunityType.choices,
        default=OpportunityType.NEW_BUSINESS,
    )
    lead = models.ForeignKey(
        "leads.Lead",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("lead"),
    )
    lead_source = models.ForeignKey(
        "parties.LeadSource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead source"),
    )
    campaign = models.ForeignKey(
        "leads.MarketingCampaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("marketing campaign"),
    )
    # The partner who brought the deal (parties.Partnership); its won amount earns the
    # partner's commission.
    partner = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # opp_partner_close_idx leads with it
        related_name="partner_opportunities",
        verbose_name=_("partner"),
    )
    description = models.TextField(_("description"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("won / lost reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        permissions = [("share_opportunity", _("Can share opportunity"))]
        constraints = [
            models.CheckConstraint(name="opportunity_amount_positive", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="opportunity_probability_percent", condition=Q(probability__lte=100)
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "expected_close_date"], name="opp_owner_close_idx"),
            models.Index(fields=["stage", "expected_close_date"], name="opp_stage_close_idx"),
            models.Index(fields=["expected_close_date", "id"], name="opp_close_sort_idx"),
            models.Index(fields=["amount", "id"], name="opp_amount_sort_idx"),
            models.Index(fields=["name", "id"], name="opp_name_sort_idx"),
            models.Index(fields=["-updated_at", "id"], name="opp_updated_sort_idx"),
            models.Index(fields=["owner", "next_step_date"], name="opp_owner_next_step_idx"),
            models.Index(fields=["partner", "expected_close_date"], name="opp_partner_close_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def weighted_amount(self) -> Decimal:
        return (self.amount * self.probability / 100).quantize(Decimal("0.01"))


class OpportunityUserObjectPermission(UserGrant):
    content_object = models.ForeignKey(Opportunity, on_delete=models.CASCADE)


class OpportunityGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Opportunity, on_delete=models.CASCADE)


class OpportunityHistory(models.Model):
    """Append-only: one row per changed field (stage, amount, probability, close date, ...)."""

    class Field(models.TextChoices):
        CREATED = "created", _("Created")
        STAGE = "stage", _("Stage")
        AMOUNT = "amount", _("Amount")
        PROBABILITY = "probability", _("Probability")
        EXPECTED_CLOSE_DATE = "expected_close_date", _("Expected close date")
        CURRENCY = "currency", _("Currency")
        OWNER = "owner", _("Owner")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="history")
    field = models.CharField(max_length=24, choices=Field.choices)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["opportunity", "-changed_at"], name="opphistory_opp_idx")]
        verbose_name = _("opportunity history")
        verbose_name_plural = _("opportunity history")

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_value} → {self.new_value}"


class OpportunityCompetitor(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="competitors"
    )
    competitor = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("competitor")
    )
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "competitor"], name="oppcompetitor_unique"
            )
        ]
        verbose_name = _("competitor")

    def __str__(self) -> str:
        return str(self.competitor)


class ContactRoleKind(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    EVALUATOR = "evaluator", _("Evaluator")
    USER = "user", _("User")
    OTHER = "other", _("Other")


class OpportunityContactRole(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="contact_roles"
    )
    contact = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )
    role = models.CharField(_("role"), max_length=16, choices=ContactRoleKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "contact", "role"], name="oppcontactrole_unique"
            )
        ]
        verbose_name = _("contact role")

    def __str__(self) -> str:
        return f"{self.contact} — {self.get_role_display()}"


class OpportunityTag(TagLink):
    """A tag (parties.Tag, the one vocabulary of parties and deals) on a deal."""

    record_field = "opportunity"

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="opportunity_tags"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="opportunity_links")

    class Meta:
        verbose_name = _("opportunity tag")
        constraints = [
            # Also the index of a deal's tags (the chips on its page and in the list).
            models.UniqueConstraint(fields=["opportunity", "tag"], name="opportunitytag_unique"),
        ]
        # The list's filter: EXISTS (a link with this tag for the row's deal).
        indexes = [models.Index(fields=["tag", "opportunity"], name="opptag_tag_opp_idx")]
