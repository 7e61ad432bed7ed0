"""Pseudonyms for analysts: stable per office, not reversible without the key."""

import hashlib
import hmac
import secrets

import duckdb

PSEUDONYM_KEY_SETTING = "pseudonym_key"


def pseudonym_key(connection: duckdb.DuckDBPyConnection) -> str:
    """Return the office's pseudonymisation key, creating it on first use."""
    row = connection.execute("SELECT value FROM settings WHERE key = ?", [PSEUDONYM_KEY_SETTING]).fetchone()
    if row:
        return row[0]
    key = secrets.token_hex(32)
    connection.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [PSEUDONYM_KEY_SETTING, key])
    return key


def pseudonym(case_number: str, key: str) -> str:
    """Return the pseudonym of a case number, e.g. 'P-3f9a1c2b7e40'."""
    digest = hmac.new(bytes.fromhex(key), case_number.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P-" + digest[:12]
