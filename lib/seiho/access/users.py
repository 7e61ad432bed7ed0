"""Workbench users: creation, passwords and login."""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

import duckdb

from seiho.access.roles import ROLE_LABELS, Role
from seiho.errors import LoginFailed, ParameterError, SeihoError
from seiho.store import Store, record_event

log = logging.getLogger(__name__)

# PBKDF2-HMAC-SHA256 work factor; OWASP's 2023 guidance for this hash is
# 600,000 iterations.
PBKDF2_ITERATIONS = 600_000


@dataclass(frozen=True)
class User:
    """The acting user, as every household query receives it."""

    user_id: str
    display_name: str
    role: Role
    office_code: str
    caseworker_id: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def hash_password(password: str, salt: str, iterations: int | None = None) -> str:
    """Return the PBKDF2 hash of ``password`` as 'pbkdf2_sha256$<iterations>$<hex>'."""
    iterations = iterations or PBKDF2_ITERATIONS
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${digest.hex()}"


def verify_password(password: str, salt: str, stored_hash: str) -> bool:
    """Check a password against a stored hash, with the iterations it was made with."""
    try:
        scheme, iterations, _ = stored_hash.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_password(password, salt, int(iterations)), stored_hash)


def create_user(
    connection: duckdb.DuckDBPyConnection,
    user_id: str,
    display_name: str,
    role: str,
    office_code: str,
    password: str,
    caseworker_id: str | None = None,
) -> User:
    """Insert a user with a salted password hash, in the caller's transaction."""
    role = Role(role)
    if role in (Role.CASEWORKER, Role.SUPERVISOR) and not caseworker_id:
        raise SeihoError(
            f"利用者 {user_id} は{ROLE_LABELS[role]}なので、職員番号（caseworker_id）を指定してください。",
            f"user {user_id} with role {role} needs a caseworker_id",
        )
    if not password:
        raise SeihoError(f"利用者 {user_id} のパスワードが空です。パスワードを指定してください。", "empty password")

    salt = secrets.token_hex(16)
    connection.execute(
        "INSERT INTO users (user_id, display_name, role, office_code, caseworker_id, password_salt, password_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [user_id, display_name, role.value, office_code, caseworker_id, salt, hash_password(password, salt)],
    )
    return User(user_id, display_name, role, office_code, caseworker_id)


def create_demo_users(connection: duckdb.DuckDBPyConnection, users: list[User], password: str) -> None:
    """Insert many demo users who share one password, hashing it only once.

    The shared salt makes equal passwords visible as equal hashes, which is
    acceptable only for the fictional demo office. Real users are added one by
    one with ``create_user``, each with a salt of their own.
    """
    salt = secrets.token_hex(16)
    password_hash = hash_password(password, salt)
    connection.executemany(
        "INSERT INTO users (user_id, display_name, role, office_code, caseworker_id, password_salt, password_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [[u.user_id, u.display_name, Role(u.role).value, u.office_code, u.caseworker_id, salt, password_hash] for u in users],
    )


def set_password(connection: duckdb.DuckDBPyConnection, user_id: str, password: str) -> None:
    """Replace a user's password."""
    if not password:
        raise SeihoError(f"利用者 {user_id} のパスワードが空です。パスワードを指定してください。", "empty password")
    salt = secrets.token_hex(16)
    updated = connection.execute(
        "UPDATE users SET password_salt = ?, password_hash = ? WHERE user_id = ? RETURNING user_id",
        [salt, hash_password(password, salt), user_id],
    ).fetchall()
    if not updated:
        raise SeihoError(f"利用者 {user_id} は登録されていません。利用者IDを確認してください。", f"unknown user {user_id}")


def load_user(connection: duckdb.DuckDBPyConnection, user_id: str) -> User | None:
    """Return the active user with this id, or None."""
    row = connection.execute(
        "SELECT user_id, display_name, role, office_code, caseworker_id FROM users WHERE user_id = ? AND active",
        [user_id],
    ).fetchone()
    if row is None:
        return None
    return User(row[0], row[1], Role(row[2]), row[3], row[4])


def acting_user(store: Store, user_id: str | None) -> User:
    """Return the user a command acts as (its ``--user``), or raise a Japanese error naming the fix.

    Commands run on the office's own server by staff who already logged in to
    it, so no password is asked. The role and scope checks still apply.
    """
    if not user_id:
        raise ParameterError("--user で操作する利用者IDを指定してください。", "missing --user")

    with store.connect() as connection:
        user = load_user(connection, user_id)

    if user is None:
        raise ParameterError(
            f"利用者 {user_id} は登録されていないか無効です。seiho user list で確認してください。",
            f"unknown user {user_id}",
        )
    return user


def authenticate(store: Store, user_id: str, password: str) -> User:
    """Check a login and return the user; write the attempt to the audit log.

    Raises ``LoginFailed`` with one message for an unknown user and a wrong
    password alike, so the screen does not reveal which user ids exist.
    """
    user_id = user_id.strip()
    with store.connect() as connection:
        row = connection.execute(
            "SELECT password_salt, password_hash FROM users WHERE user_id = ? AND active", [user_id]
        ).fetchone()
        valid = row is not None and verify_password(password, row[0], row[1])
        record_event(connection, user_id or "(空)", "login" if valid else "login_failed")
        if valid:
            return load_user(connection, user_id)

    log.info("login failed for a user id of length %d", len(user_id))
    raise LoginFailed(
        "利用者IDまたはパスワードが違います。もう一度入力してください。分からない場合は管理者に確認してください。",
        "login failed",
    )
