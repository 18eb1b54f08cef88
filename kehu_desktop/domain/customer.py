"""Customer vocabulary: channels, workflow states, field labels."""

from __future__ import annotations

CHANNELS: dict[str, str] = {
    "state_owned": "国有",
    "private": "私营",
    "pharmacy_chain": "连锁药店",
    "large_pharmacy": "大型药店",
}

# Workflow of step 1. "selected" is the only state goods may ever be released to.
STATUSES: dict[str, str] = {
    "prospect": "待提名",
    "proposed": "待总经理审核",
    "reviewed": "待总部批准",
    "selected": "已选定",
    "sent_back": "已退回",
    "rejected": "已否决",
    "terminated": "已终止",
}

FIELD_LABELS: dict[str, str] = {
    "name": "客户名称",
    "uscc": "统一社会信用代码",
    "address": "地址",
    "phone": "电话",
    "postcode": "邮编",
    "owner": "所有者",
    "manager": "经营管理者",
    "legal_representative": "法人代表",
    "founded": "创办时间",
    "bank": "开户银行",
    "bank_account": "账号",
    "channel": "渠道类型",
    "market_office": "市场部",
    "business_nature": "经营性质",
    "licences": "证照情况",
    "registration": "户口情况",
    "years_in_business": "经营年数",
    "annual_sales_scale": "年销售规模",
    "goods_flow": "货物流向",
    "total_product_sales": "汇总产品销售额",
    "payment_method": "付款方式",
    "payment_reputation": "付款信誉",
    "month": "月份",
    "volume": "月销售量",
    "amount": "月销售额",
    "stock": "月库存量",
}


def channel_code(value: str) -> str | None:
    """Accept the code name or the Chinese word; None if neither."""
    value = value.strip()
    if value in CHANNELS:
        return value
    for code, zh in CHANNELS.items():
        if value == zh:
            return code
    aliases = {"国营": "state_owned", "民营": "private", "连锁": "pharmacy_chain"}
    return aliases.get(value)
