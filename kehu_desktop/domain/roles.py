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
    "change_form.print": _EVERYONE - {Role.DRIVER},
    "region.set_quota": frozenset({Role.MARKETING_HEAD}),
    "user.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.BRANCH_GM, Role.ACCOUNTANT}),
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
    "change_form.print": "打印客户增减变动表",
    "region.set_quota": "设置大区客户数量",
    "user.manage": "管理用户",
    "audit.view": "查看审计记录",
}


def allowed(roles: frozenset[Role] | set[Role], action: str) -> bool:
    return bool(PERMISSIONS[action] & set(roles))
