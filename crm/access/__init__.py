"""The access layer: who may see and do what on a guarded record (DESIGN §4).

Record-level rights live in django-guardian's direct foreign-key tables
(`<Model>UserObjectPermission`, `<Model>GroupObjectPermission`, built on crm.models.UserGrant
and GroupGrant). This package is the only code that reads or writes them. Visibility is always
expressed as SQL (`pk IN (subquery)`, EXISTS probes), never as a Python list of ids.

- roles: the role groups, the actions, who manages whom;
- visibility: what a user may see, and do on one record;
- grants: granting, revoking, sharing, reassigning, bulk rows for seeders, the history.
"""

from crm.access.grants import (
    HOLDERS,
    access_changes_for,
    bulk_grant,
    bulk_grant_rows,
    can_reassign,
    copy_grants,
    grant,
    grant_initial,
    grant_table,
    grants_for,
    reassign,
    revoke,
    revoke_caused,
    share,
    unshare,
    validate_cause,
)
from crm.access.roles import (
    ACTION_LABELS,
    ADMINISTRATOR,
    CHANGE,
    CUSTOMER_SERVICE,
    DELETE,
    MARKETING,
    OWNER_ACTIONS,
    ROLE_GROUPS,
    SALES_MANAGER,
    SALES_REP,
    SHARE,
    SHAREABLE_ACTIONS,
    TEAM_MANAGERS,
    VIEW,
    codename,
    group_names,
    groups_holding,
    home_team,
    in_group,
    is_administrator,
    managed_q,
    managers_change,
    manages_a_team,
    manages_owner,
    require_perm,
    user_groups,
)
from crm.access.visibility import (
    changeable_q,
    get_or_404,
    granted_actions,
    granted_ids,
    granted_q,
    granted_set_q,
    holds_few_grants,
    permission_id_subquery,
    recently_shared_with,
    record_actions,
    require,
    visible_q,
)
