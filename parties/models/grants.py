"""Per-object permission rows on parties (django-guardian direct foreign keys)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from crm.models import GrantMetadata
from parties.models.parties import Party


class PartyUserObjectPermission(UserObjectPermissionBase, GrantMetadata):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("party user permission")
        indexes = [
            models.Index(fields=["user", "cause", "-granted_at"], name="partyuserperm_shares_idx")
        ]


class PartyGroupObjectPermission(GroupObjectPermissionBase, GrantMetadata):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("party team permission")
        indexes = [
            models.Index(fields=["group", "cause", "-granted_at"], name="partygroupperm_shares_idx")
        ]
