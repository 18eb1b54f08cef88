"""Who writes each table: the branch, head office, either per record, or nobody else (local).

domain.md §3: "One writer owns each kind of record". Head office owns "products, factory prices,
settings, rating rule table, region quotas and benchmarks, approvals made at HQ (customer
approval, rating approval, grade-1/2 limits)"; the branch owns "customer files, evaluations and
applications, dispatch notes, slips, payments, visits, plans, warnings". design.md adds: "A
decision is owned by the side where the decider sits."

Data for the head-office sync (issue 8, docs/sync.md); nothing enforces it yet. A test keeps it
in step with the tables of ``kehu_desktop.models``.
"""

from __future__ import annotations

from enum import StrEnum


class TableOwner(StrEnum):
    #: Written only at the branch; pushed to head office, never pulled back except by a restore.
    BRANCH = "branch"
    #: Written only at head office; pulled by the branches (reference data and HQ decisions).
    HEAD_OFFICE = "head_office"
    #: Each row has one writer, read from the row (docs/sync.md says how, per table).
    PER_RECORD = "per_record"
    #: Never leaves the database it is written in (queues, counters, derived indexes).
    LOCAL = "local"


BRANCH = TableOwner.BRANCH
HEAD_OFFICE = TableOwner.HEAD_OFFICE
PER_RECORD = TableOwner.PER_RECORD
LOCAL = TableOwner.LOCAL

OWNERS: dict[str, TableOwner] = {
    # The organisation (domain.md §1): head office registers regions and branches
    # (`kehu-hq branch add`) and sets "region quotas" (regions.max_customers).
    "head_office": HEAD_OFFICE,
    "regions": HEAD_OFFICE,
    "branches": HEAD_OFFICE,
    # "a branch's local sub-offices" (§1): set up and kept by the branch.
    "market_offices": BRANCH,
    # The seller named on the branch's slips: "it knows its own address and licence".
    "seller_details": BRANCH,
    # A branch's users (branch_id set) are the branch's; head-office and regional users
    # (branch_id None, "head-office users to none", §1) are head office's. Credentials
    # (password hash, lock-out state) never travel.
    "users": PER_RECORD,
    "user_roles": PER_RECORD,  # the user's owner
    # "products, factory prices" (§3); batches belong to the product catalogue.
    "products": HEAD_OFFICE,
    "product_batches": HEAD_OFFICE,
    # "customer files" (§3): basic data, credit data, sales data.
    "customers": BRANCH,
    "customer_credit_data": BRANCH,
    "customer_monthly_sales": BRANCH,
    # "the branch files a monthly sales report that the marketing director reviews" (step 2):
    # he works at head office, so his review is head office's record, which flows down to the
    # branch the report is of (its ``branch_id``).
    "sales_report_reviews": HEAD_OFFICE,
    # Derived from a customer's name and phone and rebuilt wherever the customer is written or
    # applied (models.customers.keep_search_index): nothing to send.
    "customer_name_grams": LOCAL,
    "customer_search_keys": LOCAL,
    # The approval chain of step 1: propose / review / terminate are the branch's; the approve
    # step is "customer approval" made at HQ, its own record, which flows down.
    "selection_steps": PER_RECORD,
    # The change form is "produced and filed with HQ (via sync)": the branch writes it.
    "change_form_entries": BRANCH,
    # "rating approval" (§3): the marketing director, in head-office mode, sets the grade.
    "credit_grades": HEAD_OFFICE,
    # "evaluations" (§3) are the branch's: the sales manager fills, the branch GM reviews.
    "credit_evaluations": BRANCH,
    # The marketing director's decision, made at head office ("rating approval"): its own
    # record, which flows down with the grade it wrote.
    "evaluation_decisions": HEAD_OFFICE,
    # "rating rule table" (§3): head office edits it; each version flows down.
    "rating_rule_tables": HEAD_OFFICE,
    # "applications" (§3) are the branch's; the decision on a grade-1/2 limit is "approvals made
    # at HQ", which docs/sync.md moves out of this row into a decision record of its own.
    "credit_limits": BRANCH,
    # Head office's decision on a grade-1/2 application: its own record, which flows down.
    "limit_decisions": HEAD_OFFICE,
    # The branch GM signs contracts and grants credit exceptions (§1, step 7).
    "contracts": BRANCH,
    "credit_exceptions": BRANCH,
    # "dispatch notes, slips, payments" (§3), with their lines, prints and receipts.
    "dispatch_notes": BRANCH,
    "dispatch_lines": BRANCH,
    "temporary_receipts": BRANCH,
    "slips": BRANCH,
    "slip_lines": BRANCH,
    "slip_prints": BRANCH,
    "payments": BRANCH,
    "payment_allocations": BRANCH,
    "remittances": BRANCH,
    "remittance_items": BRANCH,
    "receivable_snapshots": BRANCH,
    # "plans" (§3): the sales manager files them, the sales rep logs progress.
    "distribution_plans": BRANCH,
    "plan_progress": BRANCH,
    # "visits" (§3): the branch's log; a visit logged in head-office mode (the regional
    # manager's, the marketing director's) is head office's record and flows down to the
    # customer's branch, like the decisions made for it. Read together as one log.
    "visits": BRANCH,
    "head_office_visits": HEAD_OFFICE,
    # "warnings" (§3): the branch's job opens them, its people answer and close them.
    "early_warnings": BRANCH,
    # An answer to a warning made at head office (grade 1-2: regional owners): its own record,
    # which flows down and the branch writes on its warning.
    "warning_answers": HEAD_OFFICE,
    # The printers of one branch's LAN: only the branch edits them and nobody else reads them.
    "printer_profiles": LOCAL,
    # Settings: per key, the owner in services.admin.settings.RULES ("settings" are head
    # office's, §3, except the branch's own day-to-day ones); keys that are not settings (the
    # local branch id, the demo marker) stay local.
    "settings": PER_RECORD,
    # Each database's own history of who did what; docs/sync.md leaves pushing it open.
    "audit_records": LOCAL,
    # The push queue and the gapless counters (document numbers, outbox seq) of this database.
    "outbox": LOCAL,
    "counters": LOCAL,
    # Head office's registry of the branches it serves (registration, hashed secret, sync
    # state) and its log of refused requests: written only by kehu_hq, never sent either way.
    "branch_sync": LOCAL,
    "sync_refusals": LOCAL,
    # Head office's change log (what branches pull) and its head; the branch's own sync state;
    # rejected pushes (logged at head office, shown to the author at the branch).
    "change_log": LOCAL,
    "change_log_head": LOCAL,
    "sync_state": LOCAL,
    "sync_rejections": LOCAL,
}


#: The settings a branch keeps for itself (services.admin.settings.RULES says the same, and a
#: test keeps the two in step); every other setting that travels is head office's.
BRANCH_SETTINGS = frozenset(
    {
        "auth.idle_minutes",
        "slip.copy3_overdue_days",
        "sync.interval_minutes",
        # Where this PC's backups go and how many are kept (a path of this machine).
        "backup.folder",
        "backup.keep_daily",
        "backup.keep_weekly",
        "backup.keep_monthly",
    }
)


def owner_of(table: str) -> TableOwner:
    """The owner of ``table``; a table nobody has decided about is an error, not a default."""
    try:
        return OWNERS[table]
    except KeyError:
        raise KeyError(f"no owner decided for table {table!r} (domain/ownership.py)") from None
