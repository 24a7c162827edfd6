"""Users help themselves: change their password (from /settings/), reset a forgotten one by
e-mail (from the sign-in page), and sign out their other sessions. Django's own auth views,
with the CRM's templates (templates/registration/) and what a changed password implies for
the user's other sessions (crm.sessions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crm import sessions


def reset_hours() -> int:
    """How long a reset link works, in hours (PASSWORD_RESET_TIMEOUT), as the pages say."""
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 3600))


class ResetHoursMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"reset_hours": reset_hours()}


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in user's new password. Their other sessions are signed out (Django keeps
    this one); back to their settings with a message."""

    success_url = reverse_lazy("user_settings")

    def form_valid(self, form):
        # Django gives this session a new key as it keeps it signed in; its record follows
        # after the response (crm.middleware), so "this one" is the key it came with.
        current_key = self.request.session.session_key
        response = super().form_valid(form)
        ended = sessions.sessions_end_others(user=self.request.user, current_key=current_key)
        text = _("Your password has been changed.")
        if ended:
            text += " " + ngettext(
                "Your other session was signed out.",
                "Your %(count)d other sessions were signed out.",
                ended,
            ) % {"count": ended}
        messages.success(self.request, text)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and sends a reset link to the active user with that
    address, if there is one; the answer is the same whether there is or not."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_extra_email_context(self):
        return {"reset_hours": reset_hours()}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(ResetHoursMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(ResetHoursMixin, auth_views.PasswordResetConfirmView):
    """The link from the e-mail: a new password, once. A link already used, expired or
    mangled says so (the template) and offers a new one. Setting the password signs the
    user out everywhere."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Where the reset happened stays (Django signs it out anyway if it was this user's).
        sessions.sessions_end_others(user=form.user, current_key=self.request.session.session_key)
        return response


@require_POST
def user_sessions_end_others(request: HttpRequest) -> HttpResponse:
    """ "Sign out other sessions" on /settings/: every session of the user but this one."""
    ended = sessions.sessions_end_others(user=request.user, current_key=request.session.session_key)
    if ended:
        messages.success(
            request,
            ngettext(
                "%(count)d other session was signed out.",
                "%(count)d other sessions were signed out.",
                ended,
            )
            % {"count": ended},
        )
    else:
        messages.info(request, _("You had no other sessions."))
    return redirect(f"{reverse_lazy('user_settings')}#sessions")
