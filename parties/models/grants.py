"""Per-object permission rows on parties (django-guardian direct foreign keys)."""

from django.db import models

from crm.models import GroupGrant, UserGrant
from parties.models.parties import Party


class PartyUserObjectPermission(UserGrant):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)


class PartyGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)
