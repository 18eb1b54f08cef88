"""Rules of the issued slips that are settings: when copy ③ (记账联) counts as overdue.

Kept here, not in services.slips, because the settings registry (services.admin.settings) needs
the key and default too, and importing the slips package from admin would load slips, payments
and customers for every command that only signs in."""

from __future__ import annotations

#: Setting: copy ③ is listed as missing once the slip is older than this many days.
COPY3_DAYS_SETTING = "slip.copy3_overdue_days"
COPY3_DAYS_DEFAULT = 7
