"""Roles of domain.md §1 and what each may do. Services check these; views only hide buttons."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASHIER = "cashier"
    CLERK = "clerk"
    ACCOUNTANT = "accountant"
    SALES_REP = "sales_rep"
    DRIVER = "driver"
    SALES_MANAGER = "sales_manager"
    BRANCH_GM = "branch_gm"
    MARKETING_DIRECTOR = "marketing_director"
    REGIONAL_MANAGER = "regional_manager"
    MARKETING_HEAD = "marketing_head"
    FINANCE = "finance"
    # Keeps users and settings of one installation; not a business role of the rule book.
    ADMIN = "admin"


ROLE_NAMES_ZH: dict[Role, str] = {
    Role.CASHIER: "出纳",
    Role.CLERK: "文员",
    Role.ACCOUNTANT: "会计",
    Role.SALES_REP: "业务经理",
    Role.DRIVER: "送货员",
    Role.SALES_MANAGER: "销售经理",
    Role.BRANCH_GM: "分支机构总经理",
    Role.MARKETING_DIRECTOR: "营销总监",
    Role.REGIONAL_MANAGER: "大区经理",
    Role.MARKETING_HEAD: "营销部部长",
    Role.FINANCE: "财务部",
    Role.ADMIN: "系统管理员",
}

HEAD_OFFICE_ROLES = frozenset({Role.MARKETING_HEAD, Role.FINANCE})
#: Roles that sit in a marketing region and act for the region's branches.
REGION_ROLES = frozenset({Role.MARKETING_DIRECTOR, Role.REGIONAL_MANAGER})
#: Roles whose users belong to no branch: a branch never creates them (they come from head
#: office; until sync exists only the demo's bootstrap writes them, see services.auth).
OFF_BRANCH_ROLES = HEAD_OFFICE_ROLES | REGION_ROLES
#: The rule book's roles: everything but the administrator, who keeps users and settings.
BUSINESS_ROLES = frozenset(Role) - {Role.ADMIN}

_EVERYONE = frozenset(Role)

# action -> roles allowed. One table so the whole permission model can be read at a glance.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "customer.view": _EVERYONE,
    "customer.edit": frozenset({Role.CLERK, Role.SALES_MANAGER, Role.ADMIN}),
    "customer.import": frozenset({Role.CLERK, Role.SALES_MANAGER, Role.ADMIN}),
    "customer.export": _EVERYONE,
    "customer.propose": frozenset({Role.SALES_MANAGER}),
    "customer.review": frozenset({Role.BRANCH_GM}),
    "customer.approve": frozenset({Role.MARKETING_HEAD}),
    "customer.terminate": frozenset({Role.MARKETING_HEAD}),
    "customer.propose_withdrawal": frozenset({Role.SALES_MANAGER}),
    "customer.review_withdrawal": frozenset({Role.BRANCH_GM}),
    "change_form.print": _EVERYONE - {Role.DRIVER},
    # The monthly sales report (客户销售月报表, step 2): "the branch files" it (those who keep
    # and use the customer files: clerk, sales manager, branch GM) and "the marketing director
    # reviews" it; the regional manager and head office's marketing head read it too, and the
    # administrator writes it from the command line. The review is the director's alone.
    "sales_report.view": frozenset(
        {
            Role.CLERK,
            Role.SALES_MANAGER,
            Role.BRANCH_GM,
            Role.MARKETING_DIRECTOR,
            Role.REGIONAL_MANAGER,
            Role.MARKETING_HEAD,
            Role.ADMIN,
        }
    ),
    "sales_report.review": frozenset({Role.MARKETING_DIRECTOR}),
    "region.set_quota": frozenset({Role.MARKETING_HEAD}),
    "user.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.BRANCH_GM, Role.ACCOUNTANT}),
    "settings.edit": frozenset({Role.ADMIN, Role.FINANCE}),
    # steps 3-7
    "product.view": _EVERYONE,
    "product.edit": frozenset({Role.ADMIN}),
    "credit.view": _EVERYONE - {Role.DRIVER},
    # The monthly evaluation (step 3): the sales manager fills it, the branch GM reviews, the
    # marketing director approves ("rating approval"); only an approved one changes the grade.
    "credit.evaluate": frozenset({Role.SALES_MANAGER}),
    "credit.review_evaluation": frozenset({Role.BRANCH_GM}),
    "credit.approve_evaluation": frozenset({Role.MARKETING_DIRECTOR}),
    # A grade typed in by hand: the way grades were kept before the evaluation; the desktop no
    # longer offers it (docs/decisions.md, "Issue 9 — the evaluation").
    "credit.set_grade": frozenset({Role.MARKETING_DIRECTOR}),
    # The rating's rule table is head office's (domain.md §3): its marketing head keeps it.
    "credit.edit_rules": frozenset({Role.MARKETING_HEAD}),
    "credit.apply_limit": frozenset({Role.SALES_MANAGER}),
    # Who may decide a given limit depends on the grade (domain.credit); this is the outer gate.
    "credit.approve_limit": frozenset(
        {Role.REGIONAL_MANAGER, Role.MARKETING_DIRECTOR, Role.BRANCH_GM, Role.SALES_MANAGER}
    ),
    # Early warnings (step 9): everyone who sees credit sees them and may run the job (it
    # decides nothing); the owner by grade (domain.warnings) answers and closes, and the roles
    # a grade can route to are these.
    "warning.view": _EVERYONE - {Role.DRIVER},
    "warning.respond": frozenset(
        {Role.REGIONAL_MANAGER, Role.MARKETING_DIRECTOR, Role.BRANCH_GM, Role.SALES_MANAGER}
    ),
    # Visits (step 10): the five roles of the rule book's schedule visit and log their visits;
    # the managers among them see who is behind.
    "visit.record": frozenset(
        {
            Role.REGIONAL_MANAGER,
            Role.MARKETING_DIRECTOR,
            Role.BRANCH_GM,
            Role.SALES_MANAGER,
            Role.SALES_REP,
        }
    ),
    "visit.overview": frozenset(
        {Role.REGIONAL_MANAGER, Role.MARKETING_DIRECTOR, Role.BRANCH_GM, Role.SALES_MANAGER}
    ),
    # Distribution plans (step 8): the sales manager files them, the sales rep logs progress.
    "plan.view": _EVERYONE - {Role.DRIVER},
    "plan.file": frozenset({Role.SALES_MANAGER}),
    "plan.progress": frozenset({Role.SALES_REP, Role.SALES_MANAGER}),
    "contract.edit": frozenset({Role.BRANCH_GM, Role.SALES_MANAGER, Role.CLERK}),
    "credit.exception": frozenset({Role.BRANCH_GM}),
    "dispatch.view": _EVERYONE,
    "dispatch.request": frozenset({Role.SALES_REP}),
    "dispatch.approve": frozenset({Role.SALES_MANAGER, Role.BRANCH_GM}),
    "dispatch.assign": frozenset({Role.BRANCH_GM}),
    "dispatch.release": frozenset({Role.CASHIER}),
    "dispatch.deliver": frozenset({Role.SALES_REP}),
    "dispatch.return": frozenset({Role.CASHIER}),
    "dispatch.cancel": frozenset({Role.SALES_MANAGER, Role.BRANCH_GM}),
    "slip.view": _EVERYONE - {Role.DRIVER},
    "slip.print": frozenset({Role.SALES_REP, Role.CASHIER, Role.ACCOUNTANT, Role.CLERK}),
    "slip.void": frozenset({Role.ACCOUNTANT, Role.BRANCH_GM}),
    "slip.copy3": frozenset({Role.ACCOUNTANT}),
    "printer.edit": frozenset({Role.ADMIN}),
    "seller.edit": frozenset({Role.ADMIN}),
    "payment.view": _EVERYONE - {Role.DRIVER, Role.CLERK},
    "payment.record": frozenset({Role.CASHIER, Role.ACCOUNTANT}),
    "remittance.record": frozenset({Role.CASHIER, Role.ACCOUNTANT}),
    "receivable.snapshot": frozenset({Role.ACCOUNTANT}),
    # Head office watches its branches' sync (issue 8): its business roles and administrator.
    "sync.view_branches": frozenset({Role.MARKETING_HEAD, Role.FINANCE, Role.ADMIN}),
    # Head-office sync (issue 8, docs/sync.md): registering binds the installation to head office
    # with a secret, an administrator's act like the settings. A sync only sends what was
    # already written and fetches head office's decisions; it decides nothing, so whoever works
    # at the branch may start one now instead of waiting for the timer.
    "sync.register": frozenset({Role.ADMIN}),
    "sync.now": _EVERYONE,
    # Backups (issue 10): a backup copies the database to the folder the administrator chose
    # and decides nothing, so whoever is signed in may take one now (the daily one runs anyway);
    # a restore replaces every record of the branch: the administrator's.
    "backup.now": _EVERYONE,
    "backup.restore": frozenset({Role.ADMIN}),
}

ACTION_NAMES_ZH: dict[str, str] = {
    "customer.view": "查看客户",
    "customer.edit": "编辑客户档案",
    "customer.import": "导入客户",
    "customer.export": "导出客户",
    "customer.propose": "提名客户",
    "customer.review": "审核客户",
    "customer.approve": "批准客户",
    "customer.terminate": "终止客户",
    "customer.propose_withdrawal": "提议取消经销",
    "customer.review_withdrawal": "审核取消经销",
    "change_form.print": "打印客户增减变动表",
    "sales_report.view": "查看客户销售月报表",
    "sales_report.review": "审阅客户销售月报表",
    "region.set_quota": "设置大区客户数量",
    "user.manage": "管理用户",
    "audit.view": "查看审计记录",
    "settings.edit": "修改设置",
    "product.view": "查看产品",
    "product.edit": "编辑产品",
    "credit.view": "查看信用",
    "credit.evaluate": "填写资信等级评估表",
    "credit.review_evaluation": "审核资信等级评估表",
    "credit.approve_evaluation": "批准资信等级评估表",
    "credit.set_grade": "设定资信等级",
    "credit.edit_rules": "修改资信评级规则表",
    "credit.apply_limit": "申请授信额度",
    "credit.approve_limit": "审批授信额度",
    "warning.view": "查看预警",
    "warning.respond": "处理预警",
    "visit.record": "登记拜访",
    "visit.overview": "查看拜访完成情况",
    "plan.view": "查看分销计划",
    "plan.file": "填报分销计划",
    "plan.progress": "登记分销进展",
    "contract.edit": "登记合同",
    "credit.exception": "批准赊销例外",
    "dispatch.view": "查看发运单",
    "dispatch.request": "申请发货",
    "dispatch.approve": "审批发运单",
    "dispatch.assign": "安排送货员和路线",
    "dispatch.release": "放行发货",
    "dispatch.deliver": "确认送达",
    "dispatch.return": "登记发运单交回",
    "dispatch.cancel": "取消发运单",
    "slip.view": "查看单据",
    "slip.print": "打印单据",
    "slip.void": "作废单据",
    "slip.copy3": "登记记账联交回",
    "printer.edit": "设置打印机",
    "seller.edit": "修改供货单位信息",
    "payment.view": "查看回款",
    "payment.record": "登记回款",
    "remittance.record": "登记汇款",
    "receivable.snapshot": "月末应收款结转",
    "sync.view_branches": "查看分支机构同步状态",
    "sync.register": "总部同步注册",
    "sync.now": "立即同步",
    "backup.now": "立即备份",
    "backup.restore": "从备份恢复数据库",
}


def allowed(roles: frozenset[Role] | set[Role], action: str) -> bool:
    return bool(PERMISSIONS[action] & set(roles))
