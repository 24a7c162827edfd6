"""The Sharing page every guarded record has: who may see it and why, the history of access
changes; holders of `share` grant and revoke, the owner, the owner's manager and
administrators change the owner. Views that use it load the record first (404 / 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import ModelChoiceIterator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from crm import access, notifications
from crm.access import CHANGE, SHARE
from crm.forms import ReassignForm, RevokeForm, ShareForm, person_label


class SharingMixin:
    """Needs, set by the view before `get`/`post`: `self.record`, `self.actions`; and
    `sharing_url()`, `list_url()`, `visible_after_reassign()`, `reassign()`."""

    template_name = "crm/sharing.html"
    record: models.Model
    actions: set[str]

    def sharing_url(self) -> str:
        raise NotImplementedError

    def list_url(self) -> str:
        raise NotImplementedError

    def visible_after_reassign(self) -> bool:
        raise NotImplementedError

    def reassign(self, new_owner) -> None:
        raise NotImplementedError

    def share_form(self, data=None, user_grants=None, team_grants=None) -> ShareForm:
        """The share form, offering only people and teams who do not hold change yet; sharing
        what a team already has is refused next to the field, as for people."""
        if user_grants is None or team_grants is None:
            user_grants, team_grants = access.grants_for(self.record)
        held: dict[int, set[str]] = {}
        for row in user_grants:
            held.setdefault(row.user_id, set()).add(row.permission.codename.split("_", 1)[0])
        held_by_groups: dict[int, set[str]] = {}
        for row in team_grants:
            held_by_groups.setdefault(row.group_id, set()).add(
                row.permission.codename.split("_", 1)[0]
            )
        form = ShareForm(data, actor=self.request.user, held=held)
        team_field = form.fields["team"]
        offered = ModelChoiceIterator(team_field)
        offered.queryset = team_field.queryset.exclude(
            group_id__in=[pk for pk, actions in held_by_groups.items() if CHANGE in actions]
        )
        team_field.widget.choices = offered
        form.held_by_groups = held_by_groups
        return form

    @staticmethod
    def refuse_held_team(form: ShareForm) -> bool:
        """Sharing with a team what it already holds: said next to the team field."""
        team, action = form.cleaned_data.get("team"), form.cleaned_data.get("access")
        if team is not None and action in form.held_by_groups.get(team.group_id, set()):
            form.add_error("team", _("%(name)s already has this access.") % {"name": team})
            return True
        return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user_grants, team_grants = access.grants_for(self.record)
        context.update(
            record=self.record,
            user_grants=user_grants,
            team_grants=team_grants,
            access_changes=access.access_changes_for(self.record),
            share_form=kwargs.get("share_form")
            or self.share_form(user_grants=user_grants, team_grants=team_grants),
            reassign_form=kwargs.get("reassign_form") or ReassignForm(),
            can_share=SHARE in self.actions,
            can_reassign=access.can_reassign(self.request.user, self.record),
        )
        return context

    def post(self, request, *args, **kwargs):
        operation = request.POST.get("operation")
        if operation == "reassign":
            return self._reassign()
        access.require(self.actions, SHARE)
        if operation == "revoke":
            return self._revoke()
        form = self.share_form(request.POST)
        if not form.is_valid() or self.refuse_held_team(form):
            return self.render_to_response(self.get_context_data(share_form=form))
        audience = form.audience()
        with transaction.atomic():
            access.share(obj=self.record, actor=request.user, **audience)
            self.notify_shared(audience)
        name = person_label(audience["user"]) if audience["user"] else audience["group"].name
        messages.success(request, _("Access granted to %(name)s.") % {"name": name})
        return redirect(self.sharing_url())

    def detail_url(self) -> str:
        """The record's page: by the URL contract, its sharing page without "sharing/"."""
        return self.sharing_url().removesuffix("sharing/")

    def notify_shared(self, audience: dict) -> None:
        """Tell the user the record is now shared with (a team share tells nobody: the team's
        members did not ask for it and see it in their lists)."""
        user = audience["user"]
        if user is None:
            return
        notifications.notify_shared(
            recipient=user,
            actor=self.request.user,
            record=self.record,
            action=audience["action"],
            url=self.detail_url(),
        )

    def _revoke(self):
        form = RevokeForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Nothing was revoked: the request was incomplete."))
            return redirect(self.sharing_url())
        try:
            access.unshare(obj=self.record, actor=self.request.user, **form.audience())
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
        else:
            messages.success(self.request, _("Access revoked."))
        return redirect(self.sharing_url())

    def _reassign(self):
        if not access.can_reassign(self.request.user, self.record):
            raise PermissionDenied
        form = ReassignForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reassign_form=form))
        new_owner = form.cleaned_data["owner"]
        self.reassign(new_owner)
        messages.success(
            self.request,
            _("%(name)s is now owned by %(owner)s.")
            % {"name": str(self.record), "owner": person_label(new_owner)},
        )
        if not self.visible_after_reassign():
            return redirect(self.list_url())
        return redirect(self.sharing_url())
