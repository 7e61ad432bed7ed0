"""Functions other packages register to run after a case record is approved.

A package that must act on approval (the speech package deletes a record's
audio once the record is approved) calls ``register_approval_hook`` at import
time and is named in ``HOOK_MODULES``, so its hook runs whichever screen or
command approves the record. ``approve`` calls every hook after its transaction has committed, with
the store, the approving user and the approved record's id. A failing hook
does not undo the approval: the remaining hooks still run, and ``approve``
then raises ``ApprovalHookError`` naming the hooks that failed.
"""

import importlib
import logging
from typing import Callable

from seiho.access import User
from seiho.errors import SeihoError
from seiho.store import Store

log = logging.getLogger(__name__)

ApprovalHook = Callable[[Store, User, str], None]

_approval_hooks: list[ApprovalHook] = []

# Modules that register an approval hook when imported. They are imported
# before the hooks run, so a record approved from any screen or command gets
# the same treatment as one approved in the screen that drafted it.
HOOK_MODULES = ("seiho.speech_review.approval",)


class ApprovalHookError(SeihoError):
    """The record was approved, but a hook registered for approvals failed."""


def register_approval_hook(hook: ApprovalHook) -> ApprovalHook:
    """Add ``hook`` to the functions called after each approval; return it, so it works as a decorator.

    Registering the same function twice keeps one entry.
    """
    if hook not in _approval_hooks:
        _approval_hooks.append(hook)
    return hook


def unregister_approval_hook(hook: ApprovalHook) -> None:
    """Remove ``hook`` from the approval hooks; do nothing when it is not registered."""
    if hook in _approval_hooks:
        _approval_hooks.remove(hook)


def load_hook_modules() -> None:
    """Import every module in ``HOOK_MODULES``, so each registers its hook; a second call does nothing."""
    for module_name in HOOK_MODULES:
        importlib.import_module(module_name)


def run_approval_hooks(store: Store, user: User, record_id: str) -> None:
    """Call every approval hook in registration order; raise ``ApprovalHookError`` after all ran if any failed."""
    load_hook_modules()

    failed = []
    for hook in list(_approval_hooks):
        name = getattr(hook, "__qualname__", repr(hook))
        try:
            hook(store, user, record_id)
        except Exception as error:  # a hook's failure must not stop the other hooks
            log.error("approval hook %s failed for record %s: %s", name, record_id, error)
            failed.append(name)

    if failed:
        raise ApprovalHookError(
            f"記録 {record_id} は承認されましたが、承認後の処理（{'、'.join(failed)}）が失敗しました。"
            "承認は取り消されていません。管理者にログの確認を依頼してください。",
            f"approval hooks failed for record {record_id}: {', '.join(failed)}",
        )
