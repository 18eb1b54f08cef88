"""User-facing messages of the layers below the GUI, in the user's language.

The GUI translates its own strings with Qt (.ts/.qm). Errors raised by services also reach the CLI
and scripts, which have no Qt, so they carry a message *code* and parameters and are rendered here
from a small catalogue. The GUI calls :func:`set_language` together with installing its Qt
translator, so both speak the same language. zh_CN is the default.
"""

from __future__ import annotations

from typing import Any

_language = "zh_CN"

# code -> (zh_CN, en). Parameters use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    "required": ("{label}不能为空", "{label} is required"),
    "too_long": ("{label}不能超过{max}个字符", "{label} must be at most {max} characters"),
    "uscc.length": (
        "统一社会信用代码应为18位，现为{length}位",
        "The unified social credit code must have 18 characters, not {length}",
    ),
    "uscc.excel_mangled": (
        "统一社会信用代码只有15位数字，可能被Excel当作数字截断了，请把该列设为文本后重新导出",
        "The credit code has only 15 digits; Excel probably turned it into a number. "
        "Format the column as text and export again",
    ),
    "uscc.charset": (
        "统一社会信用代码第{position}位“{char}”不是有效字符（不可使用I、O、Z、S、V）",
        "Character {position} of the credit code, '{char}', is not allowed (I, O, Z, S, V are never used)",
    ),
    "uscc.first_char": (
        "统一社会信用代码第1位（登记管理部门）应为1–9、A、N或Y",
        "The first character of the credit code (registering authority) must be 1-9, A, N or Y",
    ),
    "uscc.division": (
        "统一社会信用代码第3–8位为行政区划码，应为数字，第{position}位却是“{char}”",
        "Characters 3-8 of the credit code are the administrative division and must be digits; "
        "character {position} is '{char}'",
    ),
    "uscc.check_char": (
        "统一社会信用代码校验位错误：应为“{expected}”，实为“{actual}”",
        "Wrong check character in the credit code: expected '{expected}', found '{actual}'",
    ),
    "uscc.duplicate": (
        "统一社会信用代码已被客户“{other}”使用",
        "This credit code is already used by customer '{other}'",
    ),
    "postcode.format": ("邮编应为6位数字", "The postcode must be 6 digits"),
    "phone.format": (
        "电话号码无效：请填写11位手机号（1开头）或带区号的固定电话（如021-12345678）",
        "Invalid phone number: enter an 11-digit mobile (starting with 1) or a landline "
        "with area code (e.g. 021-12345678)",
    ),
    "date.format": ("{label}日期格式无效，应为YYYY-MM-DD", "{label}: invalid date, use YYYY-MM-DD"),
    "date.future": ("{label}不能晚于今天", "{label} cannot be in the future"),
    "amount.format": ("{label}不是有效金额", "{label} is not a valid amount"),
    "amount.negative": ("{label}不能为负数", "{label} cannot be negative"),
    "amount.precision": ("{label}最多两位小数", "{label} can have at most two decimal places"),
    "number.format": ("{label}应为整数", "{label} must be a whole number"),
    "number.negative": ("{label}不能为负数", "{label} cannot be negative"),
    "choice.invalid": ("{label}“{value}”无效，可选：{choices}", "{label} '{value}' is invalid; choose one of: {choices}"),
    "month.format": ("月份格式无效，应为YYYY-MM", "Invalid month, use YYYY-MM"),
    "market_office.unknown": ("市场部“{value}”不存在", "Market office '{value}' does not exist"),
    "stale": (
        "该记录已被{user}于{at}修改，请重新打开后再保存",
        "This record was changed by {user} at {at}; reopen it before saving",
    ),
    "auth.bad_credentials": ("用户名或密码错误", "Wrong user name or password"),
    "auth.locked": (
        "账户因多次密码错误已被锁定，请在{minutes}分钟后重试或联系管理员",
        "The account is locked after repeated wrong passwords; try again in {minutes} minutes "
        "or ask an administrator",
    ),
    "auth.disabled": ("账户已停用", "This account is disabled"),
    "auth.weak_password": ("新密码至少需要{min}个字符", "The new password needs at least {min} characters"),
    "auth.forbidden": (
        "您没有权限执行“{action}”（需要角色：{roles}）",
        "You are not allowed to {action} (needs role: {roles})",
    ),
    "user.exists": ("用户名“{name}”已存在", "User name '{name}' already exists"),
    "user.unknown": ("用户“{name}”不存在", "User '{name}' does not exist"),
    "role.unknown": ("角色“{value}”不存在", "Unknown role '{value}'"),
    "customer.not_found": ("客户不存在", "Customer not found"),
    "selection.bad_state": (
        "客户当前状态为“{status}”，不能执行“{action}”",
        "The customer is '{status}'; cannot {action}",
    ),
    "selection.quota": (
        "大区“{region}”已选定{count}家客户，达到总部设定的上限{limit}家",
        "Region '{region}' already has {count} selected customers, the limit set by head office is {limit}",
    ),
    "selection.comment_required": ("退回或否决时必须填写意见", "A comment is required to reject or send back"),
    "import.encoding": (
        "无法识别文件编码（支持UTF-8和GBK/GB18030）",
        "Cannot read the file's encoding (UTF-8 and GBK/GB18030 are supported)",
    ),
    "import.no_header": ("文件没有表头行", "The file has no header row"),
    "import.missing_column": ("缺少必需的列“{column}”", "Missing required column '{column}'"),
    "import.unknown_column": ("无法识别的列“{column}”", "Unknown column '{column}'"),
    "import.duplicate_in_file": (
        "与第{other}行的统一社会信用代码重复",
        "Same credit code as row {other}",
    ),
    "import.format": ("不支持的文件类型“{suffix}”（支持.csv和.xlsx）", "Unsupported file type '{suffix}' (use .csv or .xlsx)"),
    "import.unreadable": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "import.duplicate_column": (
        "列“{column}”与列“{other}”是同一项，请删去其中一列",
        "Column '{column}' is the same as column '{other}'; delete one of them",
    ),
    "import.excel_number": (
        "{label}被Excel保存成了数字，超过15位的数字已丢失，请把该列设为文本后重新录入",
        "{label} was stored by Excel as a number, which loses digits beyond 15; "
        "format the column as text and enter it again",
    ),
    "import.cell_without_column": (
        "第{column}列有内容但没有列名（可能是地址中含有未加引号的逗号）",
        "Column {column} has a value but no header (an unquoted comma in an address?)",
    ),
    "export.unwritable": (
        "无法写入导出文件：{detail}",
        "Cannot write the export file: {detail}",
    ),
    "db.newer": (
        "数据库由更新版本的程序创建（版本{db}），请升级本程序后再打开",
        "The database was written by a newer version of the app (revision {db}); upgrade the app",
    ),
    "db.locked": (
        "数据库正被另一个程序占用，请稍后重试",
        "The database is busy in another program; try again shortly",
    ),
    "db.readonly": (
        "数据库文件是只读的，无法保存：{path}",
        "The database file is read-only, nothing can be saved: {path}",
    ),
    "similar_name": (
        "已有名称相近的客户：{names}",
        "There are customers with a similar name: {names}",
    ),
}


def set_language(language: str) -> None:
    """Select "zh_CN" (default) or "en" for messages rendered from now on."""
    global _language
    _language = "en" if language.lower().startswith("en") else "zh_CN"


def language() -> str:
    return _language


def render(code: str, **params: Any) -> str:
    """The message for ``code`` in the current language; unknown codes are shown as they are."""
    pair = CATALOGUE.get(code)
    if pair is None:
        return code
    template = pair[1] if _language == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
