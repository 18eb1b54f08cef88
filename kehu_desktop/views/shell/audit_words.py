"""The audit records in words: the names of the actions an administrator looks for most, and a
record's change in one line. Actions without a name here are shown by their code (as stored);
either way the code is in the tooltip, and the filters and the export use the codes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP

ACTION_LABELS: dict[str, str] = {
    "sign_in": QT_TRANSLATE_NOOP("AuditActions", "Signed in"),
    "sign_in_refused": QT_TRANSLATE_NOOP("AuditActions", "Sign-in refused"),
    "access_refused": QT_TRANSLATE_NOOP("AuditActions", "Access refused"),
    "password_changed": QT_TRANSLATE_NOOP("AuditActions", "Password changed"),
    "password_change_refused": QT_TRANSLATE_NOOP("AuditActions", "Password change refused"),
    "password_reset": QT_TRANSLATE_NOOP("AuditActions", "Password reset"),
    "user_added": QT_TRANSLATE_NOOP("AuditActions", "User added"),
    "roles_changed": QT_TRANSLATE_NOOP("AuditActions", "Roles changed"),
    "user_disabled": QT_TRANSLATE_NOOP("AuditActions", "User locked"),
    "user_enabled": QT_TRANSLATE_NOOP("AuditActions", "User unlocked"),
    "setting_changed": QT_TRANSLATE_NOOP("AuditActions", "Setting changed"),
    "printer_profile_saved": QT_TRANSLATE_NOOP("AuditActions", "Printer profile saved"),
    "printer_profile_deleted": QT_TRANSLATE_NOOP("AuditActions", "Printer profile deleted"),
    "audit_exported": QT_TRANSLATE_NOOP("AuditActions", "Audit records exported"),
    "backup_taken": QT_TRANSLATE_NOOP("AuditActions", "Backup taken"),
    "backup_restored": QT_TRANSLATE_NOOP("AuditActions", "Backup restored"),
    "slip_issued": QT_TRANSLATE_NOOP("AuditActions", "Slip issued"),
    "slip_voided": QT_TRANSLATE_NOOP("AuditActions", "Slip voided"),
    "payment_recorded": QT_TRANSLATE_NOOP("AuditActions", "Payment recorded"),
    "payment_reversed": QT_TRANSLATE_NOOP("AuditActions", "Payment reversed"),
    "customer_created": QT_TRANSLATE_NOOP("AuditActions", "Customer created"),
    "customer_updated": QT_TRANSLATE_NOOP("AuditActions", "Customer changed"),
    "customers_imported": QT_TRANSLATE_NOOP("AuditActions", "Customers imported"),
    "dispatch_requested": QT_TRANSLATE_NOOP("AuditActions", "Dispatch requested"),
    "visit_recorded": QT_TRANSLATE_NOOP("AuditActions", "Visit recorded"),
}


def action_label(code: str) -> str:
    """The action's name in the UI language, else its code."""
    source = ACTION_LABELS.get(code)
    return QCoreApplication.translate("AuditActions", source) if source else code


def change_text(
    before: dict[str, Any] | None, after: dict[str, Any] | None, detail: str | None
) -> str:
    """An audit record's change in one line: "roles: [...] → [...]", then the detail."""
    parts = []
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    for key in keys:
        old, new = (before or {}).get(key), (after or {}).get(key)
        if before and after:
            parts.append(f"{key}: {_short(old)} → {_short(new)}")
        else:
            parts.append(f"{key}: {_short(new if after else old)}")
    if detail:
        parts.append(detail)
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "" if value is None else str(value)
