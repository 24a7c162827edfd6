"""seed_scale's users: managers and reps in numbered teams, and one customer service user."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from crm.access import CUSTOMER_SERVICE, SALES_MANAGER, SALES_REP
from crm.models import Team, UserProfile

PASSWORD = "demo"


@dataclass
class ScaleUsers:
    """Who owns and sees the records: bench/run.py signs in as these."""

    reps: list[User]
    teams: list[Team]
    managers: list[User]
    csr: User
    team_of: dict[int, Team]  # rep id -> home team


def make_users(reps: int, teams: int) -> ScaleUsers:
    """`teams` teams, each with a manager, and `reps` reps dealt round them. Existing users
    of these names are reused (a run on top of another)."""
    password = make_password(PASSWORD)
    groups = {
        g.name: g
        for g in Group.objects.filter(name__in=[SALES_REP, SALES_MANAGER, CUSTOMER_SERVICE])
    }

    def user(username: str, role: str, team: Team | None) -> User:
        obj, _ = User.objects.get_or_create(
            username=username, defaults={"password": password, "first_name": username.title()}
        )
        obj.groups.add(groups[role])
        if team:
            obj.groups.add(team.group)
            UserProfile.objects.update_or_create(user=obj, defaults={"home_team": team})
        else:
            # The CSR's home team is a support team (demo.scale.support): a later run
            # leaves it.
            UserProfile.objects.get_or_create(user=obj)
        return obj

    team_list, managers, rep_users = [], [], []
    for t in range(1, teams + 1):
        group, _ = Group.objects.get_or_create(name=f"Scale Team {t:02d}")
        team, _ = Team.objects.get_or_create(group=group)
        manager = user(f"manager{t:02d}", SALES_MANAGER, team)
        team.manager = manager
        team.save(update_fields=["manager"])
        team_list.append(team)
        managers.append(manager)
    for r in range(1, reps + 1):
        rep_users.append(user(f"rep{r:02d}", SALES_REP, team_list[(r - 1) % teams]))
    csr = user("csr01", CUSTOMER_SERVICE, None)
    team_of = {rep.pk: team_list[i % teams] for i, rep in enumerate(rep_users)}
    return ScaleUsers(reps=rep_users, teams=team_list, managers=managers, csr=csr, team_of=team_of)
