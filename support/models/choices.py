"""The vocabularies of a case (OFBiz CustRequest, Salesforce Case) and its legal status moves
(OFBiz StatusValidChange for CUSTREQ_STTS)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    PENDING_CUSTOMER = "pending_customer", _("Pending customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


S = CaseStatus
# From -> the statuses a case may move to. Taking or assigning a new case accepts it.
LEGAL_MOVES: dict[str, tuple[str, ...]] = {
    S.NEW: (S.ACCEPTED, S.REJECTED, S.CANCELLED),
    S.ACCEPTED: (S.IN_PROGRESS, S.PENDING_CUSTOMER, S.RESOLVED, S.REJECTED, S.CANCELLED),
    S.IN_PROGRESS: (S.PENDING_CUSTOMER, S.RESOLVED, S.CANCELLED),
    S.PENDING_CUSTOMER: (S.IN_PROGRESS, S.RESOLVED, S.CANCELLED),
    S.REOPENED: (S.IN_PROGRESS, S.PENDING_CUSTOMER, S.RESOLVED, S.CANCELLED),
    S.RESOLVED: (S.CLOSED, S.REOPENED),
    S.CLOSED: (S.REOPENED,),
    S.REJECTED: (),
    S.CANCELLED: (),
}
# Cases still to be worked (the service-level clocks run, unless pending the customer).
OPEN_STATUSES = (S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.PENDING_CUSTOMER, S.REOPENED)
CLOSED_STATUSES = (S.RESOLVED, S.CLOSED, S.REJECTED, S.CANCELLED)


class CasePriority(models.IntegerChoices):
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


class CaseType(models.TextChoices):
    QUESTION = "question", _("Question")
    PROBLEM = "problem", _("Problem")
    COMPLAINT = "complaint", _("Complaint")
    RETURN = "return", _("Return request")
    FEATURE = "feature", _("Feature request")


class CaseReason(models.TextChoices):
    INSTRUCTIONS = "instructions", _("Instructions not clear")
    NEW_PROBLEM = "new_problem", _("New problem")
    EXISTING_PROBLEM = "existing_problem", _("Existing problem")
    COMPLEX = "complex", _("Complex functionality")
    TRAINING = "training", _("User didn't attend training")
    OTHER = "other", _("Other")


class CaseChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web")
    PORTAL = "portal", _("Portal")
    IN_PERSON = "in_person", _("In person")


class CaseResolution(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    WORKS_AS_DESIGNED = "works_as_designed", _("Works as designed")
    WONT_FIX = "wont_fix", _("Won't fix")
    DUPLICATE = "duplicate", _("Duplicate")
    REJECTED = "rejected", _("Rejected")
