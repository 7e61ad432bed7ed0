"""Users, roles and what each role may see.

Every library function that returns household data takes the acting ``User``
and filters by ``household_scope``; analysts get pseudonyms instead of names
and case numbers.
"""

from seiho.access.roles import ROLE_LABELS, Role
from seiho.access.scope import household_scope, require_role
from seiho.access.users import User, authenticate, create_demo_users, create_user, set_password
from seiho.access.pseudonym import pseudonym, pseudonym_key

__all__ = [
    "Role",
    "ROLE_LABELS",
    "User",
    "authenticate",
    "create_user",
    "create_demo_users",
    "set_password",
    "household_scope",
    "require_role",
    "pseudonym",
    "pseudonym_key",
]
