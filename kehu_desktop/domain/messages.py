"""User-facing messages of the layers below the GUI, in the user's language.

The GUI translates its own strings with Qt (.ts/.qm). Errors raised by services also reach the CLI
and scripts, which have no Qt, so they carry a message *code* and parameters and are rendered here
from a small catalogue. The GUI calls :func:`set_language` together with installing its Qt
translator, so both speak the same language. zh_CN is the default.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    "amount.too_large": (
        "{label}超出可记录的最大金额（9999亿元）",
        "{label} is larger than the largest amount that can be recorded",
    ),
    "amount.precision": ("{label}最多两位小数", "{label} can have at most two decimal places"),
    "number.format": ("{label}应为整数", "{label} must be a whole number"),
    "number.negative": ("{label}不能为负数", "{label} cannot be negative"),
    "choice.invalid": (
        "{label}“{value}”无效，可选：{choices}",
        "{label} '{value}' is invalid; choose one of: {choices}",
    ),
    "month.format": ("月份格式无效，应为YYYY-MM", "Invalid month, use YYYY-MM"),
    "market_office.unknown": ("市场部“{value}”不存在", "Market office '{value}' does not exist"),
    "stale": (
        "该记录已被{user}于{at}修改，请重新打开后再保存",
        "This record was changed by {user} at {at}; reopen it before saving",
    ),
    "setup.branch_code": (
        "分支机构代码应为1–10位字母或数字（如SH），用作单据编号前缀",
        "The branch code must be 1-10 letters or digits (e.g. SH); it prefixes every document number",
    ),
    "setup.branch_name": ("请填写分支机构名称", "Enter the branch's name"),
    "setup.region_name": ("请填写营销大区", "Enter the marketing region"),
    "setup.admin_username": ("请填写管理员用户名", "Enter the administrator's user name"),
    "auth.bad_credentials": ("用户名或密码错误", "Wrong user name or password"),
    "auth.locked": (
        "账户因多次密码错误已被锁定，请在{minutes}分钟后重试或联系管理员",
        "The account is locked after repeated wrong passwords; try again in {minutes} minutes "
        "or ask an administrator",
    ),
    "auth.disabled": ("账户已停用", "This account is disabled"),
    "auth.weak_password": (
        "新密码至少需要{min}个字符",
        "The new password needs at least {min} characters",
    ),
    "auth.forbidden": (
        "您没有权限执行“{action}”（需要角色：{roles}）",
        "You are not allowed to {action} (needs role: {roles})",
    ),
    "auth.must_change_password": (
        "管理员已重置您的密码：请先设置新密码再登录",
        "An administrator reset your password: choose a new one to sign in",
    ),
    "auth.same_password": (
        "新密码不能与当前密码相同",
        "The new password must differ from the current one",
    ),
    "auth.withdrawn_disabled": (
        "您的账户已被停用，访问权限已收回。请联系管理员",
        "Your account has been disabled and your access withdrawn. Please ask an administrator",
    ),
    "auth.withdrawn_locked": (
        "您的账户已被锁定，访问权限已收回。请联系管理员",
        "Your account has been locked and your access withdrawn. Please ask an administrator",
    ),
    "auth.withdrawn_no_roles": (
        "您的全部角色已被收回，不能再使用本系统。请联系管理员",
        "All your roles have been taken away: you can no longer use the system. Please ask an "
        "administrator",
    ),
    "auth.withdrawn_unknown": (
        "您的账户已不存在，访问权限已收回",
        "Your account no longer exists and your access has been withdrawn",
    ),
    "cli.password_option": (
        "密码不能写在命令行上（会留在命令历史和进程列表中）：请按提示输入，或用--password-stdin从标准输入读取",
        "A password never goes on the command line (it stays in the shell history and the "
        "process list): type it when asked, or pass --password-stdin and give it on standard input",
    ),
    "cli.password_stdin_empty": (
        "标准输入中没有密码（--password-stdin）",
        "No password on standard input (--password-stdin)",
    ),
    "cli.must_change_noninteractive": (
        "管理员已重置该用户的密码：请不带--password-stdin运行一次，按提示设置新密码",
        "An administrator reset this user's password: run once without --password-stdin and "
        "choose a new one when asked",
    ),
    "cli.passwords_differ": ("两次输入的新密码不一致", "The two new passwords are not the same"),
    # Head-office sync, the branch side (kehu_desktop.sync): registration.
    "sync.no_branch": (
        "本数据库尚未设置分支机构，不能向总部注册",
        "This database has no branch set up yet, so it cannot register with head office",
    ),
    "sync.bad_url": (
        "总部服务器地址“{url}”无效，应以 http:// 或 https:// 开头",
        "The head-office server address '{url}' is not valid: it must start with http:// or https://",
    ),
    "sync.other_branch": (
        "该注册码属于分支机构“{theirs}”，本数据库是分支机构“{own}”：未注册，未保存任何内容",
        "This registration code is for branch '{theirs}', but this database is branch '{own}': "
        "not registered, nothing was stored",
    ),
    "sync.unreachable": (
        "无法连接总部服务器 {url}（{reason}），请检查地址和网络后重试",
        "Cannot reach the head-office server at {url} ({reason}); check the address and the "
        "network and try again",
    ),
    "sync.not_a_server": (
        "{url} 不是总部同步服务（找不到注册接口），请检查地址",
        "{url} is not the head-office sync service (no registration endpoint there); check the "
        "address",
    ),
    "sync.code_used": (
        "该注册码已经使用过，请向总部申请新的注册码",
        "This registration code has been used already; ask head office for a new one",
    ),
    "sync.code_expired": (
        "该注册码已过期，请向总部申请新的注册码",
        "This registration code has expired; ask head office for a new one",
    ),
    "sync.code_unknown": (
        "总部不认识该注册码（输入有误或已被撤销），请核对后重试",
        "Head office does not know this registration code (mistyped or revoked); check it and "
        "try again",
    ),
    "sync.code_refused": (
        "总部拒绝了该注册码，请向总部申请新的注册码",
        "Head office refused this registration code; ask head office for a new one",
    ),
    "sync.bad_reply": (
        "总部服务器 {url} 的回复无法识别（状态 {status}），请稍后重试或联系总部",
        "The head-office server at {url} gave a reply that cannot be read (status {status}); "
        "try again later or contact head office",
    ),
    "sync.not_registered": (
        "本分支机构尚未向总部注册（设置 → 总部同步，或 kehu sync register），不能同步",
        "This branch is not registered with head office (Settings → Head-office sync, or kehu "
        "sync register), so it cannot sync",
    ),
    "sync.secret_refused": (
        "总部拒绝了本分支机构的密钥（已撤销或无效），请向总部申请新的注册码后重新注册",
        "Head office refused this branch's secret (revoked or unknown); ask head office for a "
        "new registration code and register again",
    ),
    "sync.forbidden": (
        "总部拒绝了这批数据：{detail}。数据未被接收，请联系总部",
        "Head office refused this batch: {detail}. Nothing was taken; contact head office",
    ),
    "sync.too_large": (
        "总部拒绝了过大的数据包：{detail}",
        "Head office refused a batch that is too large: {detail}",
    ),
    "sync.upgrade_needed": (
        "总部不再接受本版本的数据（{detail}）：请升级 kehu-desktop。升级前本机可以照常离线工作，"
        "数据会保留到升级后再同步",
        "Head office no longer accepts this version's data ({detail}): upgrade kehu-desktop. "
        "Until then this PC works offline as usual and keeps its changes for the next sync",
    ),
    "sync.server_error": (
        "总部服务器 {url} 出错（状态 {status}）：{detail}。稍后会自动重试",
        "The head-office server at {url} failed (status {status}): {detail}. It will be "
        "tried again later",
    ),
    "sync.bad_page": (
        "总部发来的数据无法应用（{detail}），本次同步未写入任何内容，请联系总部",
        "Head office sent changes that cannot be applied ({detail}); this sync wrote nothing; "
        "contact head office",
    ),
    "sync.head_office_owned": (
        "本分支机构已向总部注册，“{table}”由总部维护，不能在分支机构修改",
        "This branch is registered with head office, which keeps '{table}': it cannot be "
        "changed at the branch",
    ),
    "selection.awaiting_branch": (
        "总部已对该客户作出决定，正等待分支机构同步后生效，不能再次决定",
        "Head office has decided on this customer already; the decision takes effect when the "
        "branch next syncs, so it cannot be decided again",
    ),
    "sync.restore_needs_code": (
        "恢复需要总部发给本分支机构的新注册码（kehu-hq branch add）",
        "A restore needs a new registration code for this branch from head office (kehu-hq "
        "branch add)",
    ),
    "sync.restore_not_empty": (
        "本数据库已有分支机构的数据，只能恢复到空的数据文件夹",
        "This database already holds a branch: a restore goes into an empty data folder only",
    ),
    "sync.restored": (
        "已从总部恢复分支机构“{branch}”：{records} 条记录。各类单据最后的编号：{numbers}。"
        "之后开出的纸质单据请重新录入。用户需重新设置密码：{users}",
        "Branch '{branch}' restored from head office: {records} records. The last numbers per "
        "kind: {numbers}. Enter again any paper slip issued after them. Users must be given a "
        "password again: {users}",
    ),
    "limit.awaiting_branch": (
        "总部已对该额度申请作出决定，正等待分支机构同步后生效，不能再次决定",
        "Head office has decided on this limit application already; the decision takes effect "
        "when the branch next syncs, so it cannot be decided again",
    ),
    "sync.done": (
        "同步完成：上传 {pushed} 条，下载 {pulled} 条，待上传 {pending} 条，被总部拒收 {rejections} 条",
        "Synced: {pushed} pushed, {pulled} pulled, {pending} pending, {rejections} refused by "
        "head office",
    ),
    "sync.verified_equal": (
        "核对一致：总部保存的本分支机构数据与本机相同",
        "Equal: what head office holds of this branch is the same as here",
    ),
    "sync.verified_different": (
        "核对不一致：标 ≠ 的表与总部不同，请先同步后再核对，仍不一致请联系总部",
        "Different: the tables marked ≠ differ from head office; sync and verify again, and "
        "contact head office if they still differ",
    ),
    "sync.registered": (
        "已向总部 {url} 注册，分支机构“{branch}”；密钥保存在 {path}",
        "Registered with head office at {url} as branch '{branch}'; the secret is kept in {path}",
    ),
    "user.own_roles": (
        "管理员不能修改自己的角色，请由另一位管理员修改",
        "An administrator cannot change his own roles; another administrator must",
    ),
    "role.off_branch": (
        "“{role}”属于总部或营销大区，不能在分支机构创建；这类用户由总部建立",
        "'{role}' belongs to head office or a region and cannot be created at a branch; head "
        "office creates these users",
    ),
    "role.admin_alone": (
        "系统管理员不能同时担任业务角色（{roles}）：管理用户的人不能给自己业务权力",
        "The administrator cannot also hold business roles ({roles}): whoever keeps the users "
        "must not hold business powers",
    ),
    "role.none": ("至少需要一个角色", "At least one role is needed"),
    "role.branch_only": (
        "“{role}”属于分支机构，总部不能创建；这类用户由分支机构的管理员建立",
        "'{role}' belongs to a branch and cannot be created at head office; the branch's "
        "administrator creates these users",
    ),
    "user.head_office_only": (
        "只有总部的数据库能用这种方式创建总部和大区用户",
        "Only head office's database creates head-office and regional users this way",
    ),
    "user.region_required": (
        "“{role}”属于营销大区：请指定大区（--region）",
        "'{role}' works in a marketing region: give the region (--region)",
    ),
    "user.region_unknown": ("大区“{region}”不存在", "Region '{region}' does not exist"),
    "user.region_not_needed": (
        "只有营销总监和大区经理属于大区；总部用户不指定大区",
        "Only marketing directors and regional managers belong to a region; head-office "
        "users have none",
    ),
    "user.demo_only": (
        "总部和大区的用户只能在创建演示分支时建立",
        "Head-office and regional users can only be created while the demo branch is built",
    ),
    "setting.unknown": ("没有名为“{key}”的设置", "There is no setting '{key}'"),
    "setting.head_office_only": (
        "“{label}”由总部设定，分支机构不能修改（将随总部同步下发）",
        "'{label}' is set by head office; a branch cannot change it (it comes with head-office "
        "sync)",
    ),
    "setting.branch_only": (
        "“{label}”由各分支机构自行设定，总部不能修改",
        "'{label}' is each branch's own setting; head office cannot change it",
    ),
    "setting.whole_range": (
        "{label}应为{min}到{max}之间的整数",
        "{label} must be a whole number from {min} to {max}",
    ),
    "setting.ratio": (
        "{label}应为大于0且不超过1的小数（如0.80或80%）",
        "{label} must be a fraction above 0 and at most 1 (such as 0.80 or 80%)",
    ),
    "setting.levels": ("{label}格式有误：{detail}", "{label} is not valid: {detail}"),
    "setting.benchmark_order": (
        "设定基准须满足 最高≥一般≥最低（现为 最高¥{high}、一般¥{general}、最低¥{low}）",
        "The benchmarks must be high ≥ general ≥ low (now high ¥{high}, general ¥{general}, "
        "low ¥{low})",
    ),
    "user.last_admin": (
        "“{name}”是最后一位系统管理员，不能取消其管理员角色：请先设立另一位管理员",
        "'{name}' is the last administrator and cannot lose the role: make another "
        "administrator first",
    ),
    "user.last_admin_lock": (
        "“{name}”是最后一位系统管理员，不能锁定：请先设立另一位管理员",
        "'{name}' is the last administrator and cannot be locked: make another administrator first",
    ),
    "audit.date_order": (
        "开始日期不能晚于结束日期",
        "The start date cannot be after the end date",
    ),
    "audit.export_failed": (
        "审计记录未能导出：{detail}",
        "The audit records could not be exported: {detail}",
    ),
    "user.exists": ("用户名“{name}”已存在", "User name '{name}' already exists"),
    "user.unknown": ("用户“{name}”不存在", "User '{name}' does not exist"),
    "role.unknown": ("角色“{value}”不存在", "Unknown role '{value}'"),
    "customer.not_found": ("客户不存在", "Customer not found"),
    "branch.not_in_scope": (
        "分支机构“{branch}”不存在或不在您的范围内",
        "Branch '{branch}' does not exist or is outside your scope",
    ),
    "selection.bad_state": (
        "客户当前状态为“{status}”，不能执行“{action}”",
        "The customer is '{status}'; cannot {action}",
    ),
    "selection.quota": (
        "大区“{region}”已选定{count}家客户，达到总部设定的上限{limit}家",
        "Region '{region}' already has {count} selected customers, the limit set by head office is {limit}",
    ),
    "selection.comment_required": (
        "退回或否决时必须填写意见",
        "A comment is required to reject or send back",
    ),
    "change_form.all_branches": ("全部分支机构", "All branches"),
    "withdrawal.reason_required": (
        "提议取消经销必须写明理由",
        "A withdrawal proposal needs its reason",
    ),
    "withdrawal.open": (
        "该客户已有取消经销的提议在审批中",
        "A proposal to withdraw this customer's dealership is already under way",
    ),
    "withdrawal.not_waiting": (
        "该客户没有等待“{action}”的取消经销提议",
        "This customer has no withdrawal proposal waiting to {action}",
    ),
    "withdrawal.no_send_back": (
        "总部对取消经销提议只能批准或否决",
        "Head office approves or rejects a withdrawal proposal; it is not sent back",
    ),
    # Printing (printing.spool): CUPS's English output is kept only as the detail of the log.
    "print.cups_missing": (
        "未找到打印命令“{command}”，请安装 CUPS 打印系统（cups-client）",
        "The print command '{command}' was not found; install CUPS (cups-client)",
    ),
    "print.cups_not_running": (
        "打印服务（CUPS）未运行或无法连接，请启动打印服务后重试",
        "The print service (CUPS) is not running or cannot be reached",
    ),
    "print.no_default_queue": (
        "没有设置默认打印机，请在打印机配置中选择打印队列",
        "No default printer is set; choose a print queue in the printer profile",
    ),
    "print.queue_missing": (
        "打印队列“{queue}”不存在，请检查打印机配置",
        "The print queue '{queue}' does not exist; check the printer profile",
    ),
    "print.queue_disabled": (
        "打印机“{queue}”已停用（脱机）{reason}，请在打印机恢复后重试",
        "The printer '{queue}' is disabled (offline){reason}; retry when it is back",
    ),
    "print.queue_rejecting": (
        "打印机“{queue}”不接受新的打印任务{reason}，请检查打印机后重试",
        "The printer '{queue}' is not accepting jobs{reason}; check it and retry",
    ),
    "print.printer_alert": (
        "打印机“{queue}”{problem}，请处理后重试",
        "The printer '{queue}' reports: {problem}; fix it and retry",
    ),
    "print.timeout": (
        "打印服务无响应（超过{seconds:g}秒），请检查打印机后重试",
        "The print service did not answer within {seconds:g} s; check the printer and retry",
    ),
    "print.lp_failed": (
        "打印服务没有接受这份打印任务，请检查打印机配置后重试",
        "The print service did not take the job; check the printer profile and retry",
    ),
    "print.os_error": (
        "无法把文档交给打印服务，请检查打印机后重试",
        "The document could not be handed to the print service; check the printer and retry",
    ),
    "print.problem.offline": ("离线", "offline"),
    "print.problem.media-empty": ("缺纸", "out of paper"),
    "print.problem.media-needed": ("缺纸", "out of paper"),
    "print.problem.media-jam": ("卡纸", "paper jam"),
    "print.problem.cover-open": ("机盖未关", "cover open"),
    "print.problem.door-open": ("机门未关", "door open"),
    "print.problem.toner-empty": ("墨粉用尽", "out of toner"),
    "print.problem.marker-supply-empty": ("色带/墨水用尽", "out of ribbon or ink"),
    "print.problem.shutdown": ("已关机", "switched off"),
    "seller.licence_format": (
        "许可证号应为省份简称加两个字母和七位数字，如沪AA0210001",
        "The drug-trade licence number is the province's abbreviation, two letters and seven digits, e.g. 沪AA0210001",
    ),
    "seller.no_branch": ("尚未设置分支机构", "No branch has been set up yet"),
    "import.encoding": (
        "无法识别文件编码（支持UTF-8和GBK/GB18030）；请在Excel或WPS中另存为“CSV UTF-8”或.xlsx",
        "Cannot read the file's encoding (UTF-8 and GBK/GB18030 are supported); save it as "
        "'CSV UTF-8' or .xlsx in Excel or WPS",
    ),
    "import.no_header": ("文件没有表头行", "The file has no header row"),
    "import.missing_column": ("缺少必需的列“{column}”", "Missing required column '{column}'"),
    "import.unknown_column": ("无法识别的列“{column}”", "Unknown column '{column}'"),
    "import.format": (
        "不支持的文件类型“{suffix}”（支持.csv和.xlsx）",
        "Unsupported file type '{suffix}' (use .csv or .xlsx)",
    ),
    "import.missing_file": (
        "找不到文件“{file}”，可能已被移动、改名或删除",
        "File '{file}' was not found; it may have been moved, renamed or deleted",
    ),
    "import.is_directory": (
        "“{file}”是一个文件夹，请选择其中的.csv或.xlsx文件",
        "'{file}' is a folder; choose a .csv or .xlsx file in it",
    ),
    "import.locked": (
        "无法打开文件“{file}”：文件正被其他程序（如Excel、WPS）占用，或您没有读取权限。请关闭该文件后重试",
        "Cannot open '{file}': another program (Excel, WPS...) is using it, or you may not read it. "
        "Close the file and try again",
    ),
    "import.os_error": (
        "读取文件“{file}”时出错（系统错误{errno}），请把文件复制到本机后重试",
        "Error reading '{file}' (system error {errno}); copy the file to this computer and try again",
    ),
    "import.empty_file": ("文件“{file}”是空的（0字节）", "File '{file}' is empty (0 bytes)"),
    "import.not_xlsx": (
        "文件“{file}”不是Excel工作簿，只是扩展名为.xlsx（可能是改了扩展名的CSV或其他文件）；请在Excel或WPS中打开后另存为.xlsx",
        "'{file}' is not an Excel workbook, only named .xlsx (a renamed CSV or other file?); "
        "open it in Excel or WPS and save it as .xlsx",
    ),
    "import.xlsx_is_ole": (
        "文件“{file}”是旧版Excel（.xls）格式或设置了打开密码的工作簿；请在Excel或WPS中另存为不加密码的.xlsx",
        "'{file}' is an old Excel (.xls) file or a password-protected workbook; save it as .xlsx "
        "without a password in Excel or WPS",
    ),
    "import.damaged_xlsx": (
        "Excel文件“{file}”已损坏或不完整（可能没有下载或复制完），无法读取；请在Excel或WPS中打开并重新保存",
        "The Excel file '{file}' is damaged or incomplete (an unfinished download or copy?); "
        "open it in Excel or WPS and save it again",
    ),
    "import.csv_is_workbook": (
        "文件“{file}”是Excel工作簿，不是文本格式的CSV；请把扩展名改回.xlsx，或在Excel或WPS中另存为CSV",
        "'{file}' is an Excel workbook, not a CSV text file; rename it to .xlsx, or save it as CSV "
        "in Excel or WPS",
    ),
    "import.csv_damaged": (
        "CSV文件“{file}”第{row}行附近格式有误（可能缺少配对的引号），无法读取",
        "The CSV file '{file}' is malformed near line {row} (a missing closing quote?)",
    ),
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
    "import.reason.uscc": ("统一社会信用代码相同", "same credit code"),
    "import.reason.name_phone": ("客户名称和电话相同", "same name and phone"),
    "import.reason.name_address": ("客户名称和地址相同", "same name and address"),
    "import.duplicate_of_customer": (
        "与已有客户“{name}”重复（{reason}）",
        "Duplicate of the existing customer '{name}' ({reason})",
    ),
    "import.duplicate_of_row": (
        "与本文件第{other}行重复（{reason}）",
        "Duplicate of row {other} of this file ({reason})",
    ),
    "import.changes": ("更新：{fields}", "changes: {fields}"),
    "import.up_to_date": (
        "档案内容相同，无需更新",
        "the file already says this; nothing to update",
    ),
    "import.detail_separator": ("；", "; "),
    "import.ambiguous": (
        "与多位已有客户重复（{names}），无法确定更新哪一位；请在文件中填写统一社会信用代码",
        "Matches several existing customers ({names}); cannot tell which to update: "
        "fill in the credit code",
    ),
    "import.stale": (
        "客户“{name}”在检查文件后已被{user}于{at}修改；请重新检查文件后再导入",
        "Customer '{name}' was changed by {user} at {at} after the file was checked; "
        "check the file again before importing",
    ),
    "demo.not_empty": (
        "该数据库中已有用户，演示分支只能建在空数据库中（请另选一个数据库文件）",
        "This database already has users; the demo branch is only created in an empty "
        "database (choose another database file)",
    ),
    "demo.cancelled": (
        "已取消创建演示分支，数据库已恢复为空",
        "Creating the demo branch was cancelled; the database is empty again",
    ),
    "export.unwritable": (
        "无法写入导出文件：{detail}",
        "Cannot write the export file: {detail}",
    ),
    "import.where": ("第{row}行 {field}", "Row {row} {field}"),
    "import.where_row": ("第{row}行", "Row {row}"),
    "import.line": ("{where}：{message}", "{where}: {message}"),
    "import.line_detail": ("{line}——{detail}", "{line} - {detail}"),
    "import.where_header": ("第{row}行（表头）", "Row {row} (header)"),
    "import.action.create": ("新建", "new"),
    "import.action.update": ("更新", "update"),
    "import.action.skip": ("跳过（重复）", "skipped (duplicate)"),
    "import.refused": (
        "文件有{errors}处错误，未导入任何客户（{ok}行无误）",
        "{errors} problems in the file; nothing was imported ({ok} rows were fine)",
    ),
    "import.checked": (
        "检查完毕（未写入）：{file}中将新建{created}位客户，更新{updated}位，跳过{skipped}行重复",
        "Checked (nothing written): {file} would create {created} customers, update {updated}, "
        "skip {skipped} duplicate rows",
    ),
    "import.done": (
        "已从{file}导入：新建{created}位客户，更新{updated}位，跳过{skipped}行重复",
        "Imported {file}: {created} customers created, {updated} updated, "
        "{skipped} duplicate rows skipped",
    ),
    "export.done": ("已导出{count}位客户到{file}", "Exported {count} customers to {file}"),
    "db.newer": (
        "数据库由更新版本的程序创建（版本{db}），请升级本程序后再打开",
        "The database was written by a newer version of the app (revision {db}); upgrade the app",
    ),
    "backup.corrupt": (
        "备份文件已损坏或不是数据库文件，不能恢复：{file}（{detail}）",
        "The backup file is damaged or not a database and cannot be restored: {file} ({detail})",
    ),
    "backup.not_kehu": (
        "该文件不是本程序的数据库备份：{file}",
        "The file is not a backup of this program's database: {file}",
    ),
    "backup.newer": (
        "该备份由更新版本的程序创建（数据库版本{revision}，本程序为{head}），请先升级本程序再恢复",
        "The backup was made by a newer version of the program (revision {revision}, this "
        "program is at {head}); upgrade the program before restoring it",
    ),
    "backup.not_found": ("找不到备份文件：{file}", "There is no backup file {file}"),
    "backup.folder_missing": (
        "备份文件夹不存在或无法访问：{folder}（U盘或网络共享是否已连接？）",
        "The backup folder does not exist or cannot be reached: {folder} (is the USB disk or "
        "the network share connected?)",
    ),
    "backup.write_failed": (
        "无法写入备份文件夹{folder}：{detail}",
        "Cannot write to the backup folder {folder}: {detail}",
    ),
    "backup.postgres": (
        "PostgreSQL数据库由数据库服务器负责备份，本程序不做备份。请在服务器上定期运行：{command}",
        "A PostgreSQL database is backed up by its server, not by this program. Run on the "
        "server, e.g. daily: {command}",
    ),
    "backup.swap_failed": (
        "无法替换当前数据库（可能仍被另一个程序打开），当前数据库未改变：{detail}",
        "The current database could not be replaced (another program may have it open); it is "
        "unchanged: {detail}",
    ),
    "backup.not_confirmed": (
        "未恢复：请在确认后输入 yes，或使用 --yes",
        "Nothing restored: answer yes to confirm, or pass --yes",
    ),
    "setting.folder": (
        "{label}须为完整路径，例如 D:\\备份 或 /media/usb/备份",
        "{label} must be a full path, e.g. D:\\Backups or /media/usb/backups",
    ),
    # What each schema revision brought, as the user is told after an upgrade
    # (migrations.upgrade_notes); a revision without a note brings nothing to tell.
    "upgrade.0012": (
        "资信评级：按月填写资信等级评估表，经审核、审批后生效",
        "Credit evaluations: the monthly rating form, reviewed and approved",
    ),
    "upgrade.0013": (
        "预警：接近额度、逾期、销售下滑、停止进货、合同到期、记账联未回",
        "Early warnings: near the limit, overdue, falling sales, churn, contracts ending, copy ③ missing",
    ),
    "upgrade.0014": (
        "拜访：按等级和职务的拜访频次、待拜访客户、拜访记录",
        "Visits: the schedule by grade and role, customers due, the visit log",
    ),
    "upgrade.0015": (
        "分销计划：下月计划、进展、计划完成情况",
        "Distribution plans: next month's plan, progress, plan against actual",
    ),
    "upgrade.0016": (
        "总部对预警的处理意见下发到分支机构",
        "Head office's answers to warnings reach the branch",
    ),
    "upgrade.0017": (
        "总部模式下可登记拜访（大区经理、营销总监）",
        "Visits can be logged in head-office mode (regional manager, marketing director)",
    ),
    "upgrade.0018": (
        "客户销售月报表及营销总监审阅",
        "The monthly sales report and the marketing director's review",
    ),
    "upgrade.0019": (
        "客户搜索更快：常用字词按名称顺序直接查到",
        "Customer search is quicker: common words are found in name order directly",
    ),
    "upgrade.0020": (
        "客户搜索更快：首字母、信用代码和电话的常见开头直接查到",
        "Customer search is quicker: common first letters, credit-code and phone starts",
    ),
    "db.locked": (
        "数据库正被另一个程序占用，请稍后重试",
        "The database is busy in another program; try again shortly",
    ),
    "db.readonly": (
        "数据库文件是只读的，无法保存：{path}",
        "The database file is read-only, nothing can be saved: {path}",
    ),
    "db.full": (
        "磁盘已满，未能保存（数据未丢失，已撤回本次操作）。请清理磁盘空间后重试：{path}",
        "The disk is full: nothing was saved (the operation was undone, no data lost). Free "
        "some space and try again: {path}",
    ),
    "db.corrupt": (
        "数据库文件已损坏，无法打开：{path}。请从备份恢复（设置 → 备份与恢复，"
        "或 kehu backup restore 备份文件）",
        "The database file is damaged and cannot be opened: {path}. Restore it from a backup "
        "(Settings → Backups, or kehu backup restore FILE)",
    ),
    "similar_name": (
        "已有名称相近的客户：{names}",
        "There are customers with a similar name: {names}",
    ),
    # dispatch notes, release, slips (step 6)
    # Words of the vocabularies that appear inside messages (through Term): never the raw code.
    "customer.status.prospect": ("待提名", "a prospect, not yet proposed"),
    "customer.status.proposed": ("待总经理审核", "proposed, awaiting the branch GM's review"),
    "customer.status.reviewed": ("待总部批准", "reviewed, awaiting head office's approval"),
    "customer.status.selected": ("已选定", "selected"),
    "customer.status.sent_back": ("已退回", "sent back"),
    "customer.status.rejected": ("已否决", "rejected"),
    "customer.status.terminated": ("已终止", "terminated"),
    "selection.step.propose": ("提名", "propose"),
    "selection.step.review": ("审核", "review"),
    "selection.step.approve": ("批准", "approve"),
    "selection.step.terminate": ("终止", "terminate"),
    "selection.step.withdraw_propose": ("提议取消经销", "propose withdrawal"),
    "selection.step.withdraw_review": ("审核取消经销", "review the withdrawal"),
    "channel.state_owned": ("国有", "state-owned"),
    "channel.private": ("私营", "private"),
    "channel.pharmacy_chain": ("连锁药店", "pharmacy chain"),
    "channel.large_pharmacy": ("大型药店", "large pharmacy"),
    "dispatch.status.requested": ("待审批", "requested"),
    "dispatch.status.approved": ("已批准", "approved"),
    "dispatch.status.assigned": ("已派车", "assigned a driver"),
    "dispatch.status.released": ("已放行", "released"),
    "dispatch.status.parked": ("暂存市场部", "parked at the market office"),
    "dispatch.status.delivered": ("已送达", "delivered"),
    "dispatch.status.returned": ("已交回", "returned"),
    "dispatch.status.cancelled": ("已取消", "cancelled"),
    "dispatch.action.approve": ("审批", "approve it"),
    "dispatch.action.assign": ("安排送货员", "assign a driver"),
    "dispatch.action.release": ("放行", "release it"),
    "dispatch.action.park": ("暂存市场部", "park it at the market office"),
    "dispatch.action.deliver": ("确认送达", "confirm its delivery"),
    "dispatch.action.return": ("登记交回", "record its return"),
    "dispatch.action.cancel": ("取消", "cancel it"),
    "dispatch.action.sign": ("补签", "complete its signature"),
    "dispatch.not_found": ("发运单不存在", "Dispatch note not found"),
    "dispatch.bad_state": (
        "发运单{note}当前状态为“{status}”，不能{action}",
        "Dispatch note {note} is '{status}'; cannot {action}",
    ),
    "dispatch.cancel_released": (
        "已放行的发运单不能取消",
        "A released dispatch note cannot be cancelled",
    ),
    "dispatch.already_cancelled": (
        "发运单{note}已取消",
        "Dispatch note {note} is already cancelled",
    ),
    "dispatch.customer_required": ("请选择客户", "Choose a customer"),
    "dispatch.customer_not_selected": (
        "客户“{customer}”尚未选定（当前状态：{status}），不能申请发货",
        "Customer '{customer}' is not selected (status: {status}); goods cannot be requested",
    ),
    "dispatch.no_lines": ("发运单至少需要一行货物", "A dispatch note needs at least one line"),
    "dispatch.unknown_product": ("第{line}行：产品不存在", "Line {line}: unknown product"),
    "dispatch.product_inactive": (
        "第{line}行：产品“{product}”已停用",
        "Line {line}: product '{product}' is no longer sold",
    ),
    "dispatch.quantity_positive": (
        "第{line}行：数量必须大于0",
        "Line {line}: the quantity must be greater than 0",
    ),
    "dispatch.below_factory_price": (
        "第{line}行：单价低于厂价（单价{unit_price}，厂价{factory_price}）",
        "Line {line}: unit price below factory price (price {unit_price}, factory price {factory_price})",
    ),
    "dispatch.batch_required": (
        "第{line}行：“{product}”必须填写批号",
        "Line {line}: '{product}' needs a batch number",
    ),
    "dispatch.unknown_batch": (
        "第{line}行：批号不存在或不属于该产品",
        "Line {line}: the batch does not exist or belongs to another product",
    ),
    "dispatch.batch_expired": (
        "第{line}行：批号{batch}已于{expiry}过期",
        "Line {line}: batch {batch} expired on {expiry}",
    ),
    "dispatch.not_a_driver": (
        "“{name}”不是本分支机构的送货员",
        "'{name}' is not a driver of this branch",
    ),
    "dispatch.no_signature_owed": (
        "发运单{note}没有待补的签字",
        "Dispatch note {note} owes no signature",
    ),
    "dispatch.unknown_line": ("发运单没有第{line}行", "The dispatch note has no line {line}"),
    "dispatch.delivered_quantity": (
        "第{line}行：送达数量应为0到{quantity}之间的整数",
        "Line {line}: the delivered quantity must be a whole number from 0 to {quantity}",
    ),
    "dispatch.nothing_delivered": (
        "没有送达任何货物，不能开具单据",
        "Nothing was delivered; no slip can be issued",
    ),
    "release.customer_not_selected": (
        "客户“{customer}”未选定（当前状态：{status}）",
        "Customer '{customer}' is not selected (status: {status})",
    ),
    "release.customer_on_hold": (
        "客户“{customer}”已被暂停发货",
        "Customer '{customer}' is on hold",
    ),
    "release.not_approved": (
        "发运单{note}未经销售经理或总经理批准签字",
        "Dispatch note {note} is not signed by the sales manager or the GM",
    ),
    "release.signature_owed": (
        "发运单{note}为电话批准，签字待补",
        "Dispatch note {note} was approved by phone; the signature is still owed",
    ),
    "release.no_driver": (
        "发运单{note}尚未安排送货员",
        "Dispatch note {note} has no driver assigned",
    ),
    "release.below_factory_price": (
        "第{line}行“{product}”单价{unit_price}低于厂价{factory_price}",
        "Line {line} '{product}': unit price {unit_price} is below the factory price {factory_price}",
    ),
    "release.no_contract": (
        "客户“{customer}”没有有效的合同，不能赊销",
        "Customer '{customer}' has no valid contract on file; no credit sale",
    ),
    "release.contract_cash_terms": (
        "合同{contract}约定现款现货，不能赊销",
        "Contract {contract} is on cash terms; no credit sale",
    ),
    "release.no_grade": (
        "客户“{customer}”尚未评定资信等级，只能现款现货",
        "Customer '{customer}' has no credit grade: cash on delivery only",
    ),
    "release.grade_no_credit": (
        "资信等级为{grade}级，只能现款现货",
        "Credit grade {grade}: cash on delivery only",
    ),
    "release.channel_no_credit": (
        "客户“{customer}”为{channel}渠道，非国有且无总经理批准的例外，只能现款现货",
        "Customer '{customer}' is a {channel} channel, not state-owned and without the GM's exception: cash on delivery only",
    ),
    "release.credit_not_allowed": (
        "客户“{customer}”不能赊销：{reasons}",
        "Customer '{customer}' cannot buy on credit: {reasons}",
    ),
    "release.previous_unpaid": (
        "前清后送：客户“{customer}”上一笔发货{document}（{date}）尚欠{owed}，结清后才能再发货",
        "Clear before the next delivery: '{customer}' still owes {owed} on the previous delivery {document} ({date}); no more goods until it is paid",
    ),
    "release.slip_overdue": (
        "赊销单{slip}已逾期{days}天（到期日{due}，尚欠{owed}），逾期未清不得再赊销",
        "Credit-sale slip {slip} is {days} days overdue (due {due}, {owed} owing): no more credit until it is paid",
    ),
    "release.slips_overdue": (
        "赊销单{slip}已逾期{days}天（到期日{due}，尚欠{owed}），共{count}张赊销单逾期、合计{total}，逾期未清不得再赊销",
        "Credit-sale slip {slip} is {days} days overdue (due {due}, {owed} owing); {count} slips are overdue, {total} in all: no more credit until they are paid",
    ),
    "release.no_month_end_cap": (
        "合同{contract}未约定月末应收款限额，不能赊销",
        "Contract {contract} sets no month-end receivable cap: no credit sale",
    ),
    "release.over_month_end_cap": (
        "超出月末应收款限额：敞口{exposure}＋本单{amount}＝{after}，合同{contract}约定限额{cap}，超出{over}",
        "Over the month-end receivable cap: exposure {exposure} + this note {amount} = {after}, contract {contract} caps it at {cap}, over by {over}",
    ),
    "release.no_limit": (
        "客户“{customer}”{month}没有批准的授信额度，只能现款现货",
        "Customer '{customer}' has no approved credit limit for {month}: cash only",
    ),
    "release.over_limit": (
        "超出授信额度：敞口{exposure}＋本单{amount}＝{after}，本月额度{limit}，超出{over}",
        "Over the credit limit: exposure {exposure} + this note {amount} = {after}, this month's limit {limit}, over by {over}",
    ),
    "release.near_limit": (
        "接近授信额度：放行后敞口{after}，达到额度{limit}的预警线{percent}（{threshold}）",
        "Near the credit limit: exposure after release {after} reaches the {percent} warning line ({threshold}) of the limit {limit}",
    ),
    "slip.not_found": ("单据{number}不存在", "Slip {number} not found"),
    "slip.already_voided": ("单据{number}已作废", "Slip {number} is already void"),
    "slip.has_payments": (
        "单据{number}已核销回款{amount}，请先冲销回款再作废",
        "Slip {number} has {amount} of payments set against it; reverse them before voiding",
    ),
    "slip.copy3_already": (
        "单据{number}的记账联已于{at}交回",
        "Copy 3 of slip {number} was already returned at {at}",
    ),
    "slip.unknown_profile": ("打印机配置“{name}”不存在", "Printer profile '{name}' does not exist"),
    "slip.print_failed": (
        "单据{number}打印失败：{error}",
        "Printing slip {number} failed: {error}",
    ),
    "slip.profile_invalid": ("打印机配置无效：{detail}", "Invalid printer profile: {detail}"),
    # credit (steps 3-5, 7): grades, limits, contracts, exceptions, the credit position
    "credit.grade_range": ("资信等级应为1至5级", "The credit grade must be 1 to 5"),
    "rating.bad_file": (
        "规则表文件无法读取：{detail}",
        "The rule table file cannot be read: {detail}",
    ),
    "rating.no_rules": (
        "评级规则表至少要有一条规则",
        "A rating rule table needs at least one rule",
    ),
    "rating.bad_grade": (
        "第{rule}条规则的等级{grade}不在1至5级之间",
        "Rule {rule}: grade {grade} is not 1 to 5",
    ),
    "rating.bad_condition": (
        "第{rule}条规则的条件“{condition}”无法识别",
        "Rule {rule}: unknown condition '{condition}'",
    ),
    "rating.no_catch_all": (
        "最后一条规则须为“关键指标任意、其他指标任意”，使每份评估都有等级",
        "The last rule must hold for anything (any / any), so that every evaluation gets a grade",
    ),
    "rating.bad_rule": (
        "第{rule}条规则应写明等级、关键指标条件和其他指标条件",
        "Rule {rule} needs a grade, a key-indicator condition and an other-indicator condition",
    ),
    "rating.note_required": (
        "请写明修改规则表的原因",
        "Say why the rule table changes",
    ),
    "rating.edit_at_head_office": (
        "本分支机构已接入总部：评级规则表由总部营销负责人在总部修改",
        "This branch is registered with head office: head office's marketing head edits the "
        "rating rule table at head office",
    ),
    "credit.out_of_scope": (
        "您作为{role}无权处理其他分支机构或大区的客户",
        "As {role} you cannot act for a customer of another branch or region",
    ),
    "credit.exception_state_owned": (
        "国有客户按规定可以赊销，无需总经理批准例外",
        "State-owned customers may buy on credit; no exception is needed",
    ),
    "credit.exception_not_found": ("赊销例外记录不存在", "Credit exception not found"),
    "credit.exception_revoked": ("该赊销例外已撤销", "This credit exception is already revoked"),
    "credit.reason.no_grade": (
        "尚未评定资信等级，仅限现款现货",
        "No credit grade yet: cash on delivery only",
    ),
    "credit.reason.grade5": (
        "资信等级5级：不予赊销，仅限现款现货",
        "Credit grade 5: no credit, cash on delivery only",
    ),
    "credit.reason.no_contract": (
        "无有效合同，不能赊销",
        "No valid contract on file: no credit sales",
    ),
    "credit.reason.cash_contract": (
        "合同{number}约定现款现货，不能赊销",
        "Contract {number} is on cash terms: no credit sales",
    ),
    "credit.reason.non_state": (
        "非国有客户，未经总经理批准例外，仅限现款现货",
        "Not a state-owned customer and no exception from the branch GM: cash on delivery only",
    ),
    "credit.reason.exception": (
        "非国有客户，总经理已批准赊销例外",
        "Not a state-owned customer; the branch GM granted a credit exception",
    ),
    "credit.reason.no_limit": (
        "本月无已批准授信额度，仅限现款现货",
        "No approved credit limit this month: cash on delivery only",
    ),
    "credit.reason.unlimited": (
        "资信等级1级：不限额度（当前敞口{exposure}元）",
        "Credit grade 1: unlimited (exposure now {exposure} yuan)",
    ),
    "credit.reason.limit": (
        "本月授信额度{limit}元，敞口{exposure}元，可用{headroom}元",
        "Credit limit this month {limit} yuan, exposure {exposure} yuan, headroom {headroom} yuan",
    ),
    "credit.reason.limit_capped": (
        "本月额度按{approved}级批准，现评为{grade}级：额度以{grade}级上限为限",
        "This month's limit was approved on grade {approved}; the customer is now grade {grade}, "
        "so the limit counts up to grade {grade}'s cap",
    ),
    "credit.reason.over_limit": (
        "敞口{exposure}元已超过本月授信额度{limit}元（超出{headroom}元）",
        "Exposure {exposure} yuan is over this month's limit of {limit} yuan ({headroom} yuan)",
    ),
    "credit.reason.near_limit": (
        "预警：敞口已达授信额度的{percent}%以上",
        "Warning: exposure is at or above {percent}% of the limit",
    ),
    "credit.reason.previous_unpaid": (
        "前清后送：上一笔发货{number}（{date}）尚欠{owed}元，结清后才能再发货",
        "Clear before the next delivery: the previous delivery {number} ({date}) still owes {owed} yuan",
    ),
    "credit.reason.overdue": (
        "逾期：赊销单{number}已逾期{days}天（到期日{due}），共{count}张逾期、合计{total}元，不得再赊销",
        "Overdue: credit-sale slip {number} is {days} days past its due date {due}; {count} overdue, {total} yuan in all: no more credit",
    ),
    "credit.reason.no_cap": (
        "合同{number}未约定月末应收款限额，不能赊销",
        "Contract {number} sets no month-end receivable cap: no credit sales",
    ),
    "credit.reason.cap": (
        "月末应收款限额{cap}元（合同{number}），当前敞口{exposure}元",
        "Month-end receivable cap {cap} yuan (contract {number}), exposure now {exposure} yuan",
    ),
    "limit.no_grade": (
        "客户尚未评定资信等级，不能申请授信额度",
        "The customer has no credit grade: no credit limit can be applied for",
    ),
    "limit.grade5": (
        "资信等级5级客户不予授信，仅限现款现货",
        "Grade 5 customers get no credit: cash on delivery only",
    ),
    "limit.unlimited_grade": (
        "只有资信等级1级客户可以不限额度（该客户为{grade}级）",
        "Only grade 1 customers can be unlimited (this customer is grade {grade})",
    ),
    "limit.unlimited_amount": (
        "不限额度时不能同时填写金额",
        "An unlimited limit has no amount",
    ),
    "limit.amount_required": ("请填写授信额度金额", "Enter the credit limit amount"),
    "limit.over_cap": (
        "授信额度{amount}元超过{grade}级客户的设定基准{cap}元",
        "The limit of {amount} yuan is above the benchmark for grade {grade}, {cap} yuan",
    ),
    "limit.past_month": (
        "不能为已经过去的月份申请授信额度",
        "A credit limit cannot be applied for a month that is over",
    ),
    "limit.pending": (
        "该客户{month}已有待审批的授信申请",
        "The customer already has an open limit application for {month}",
    ),
    "limit.not_found": ("授信申请不存在", "Credit limit application not found"),
    "limit.decided": ("该授信申请已{status}", "This application is already {status}"),
    "evaluation.status.submitted": ("待总经理审核", "awaiting the branch GM's review"),
    "evaluation.status.reviewed": ("待营销总监批准", "awaiting the marketing director"),
    "evaluation.status.approved": ("已批准", "approved"),
    "evaluation.status.sent_back": ("已退回", "sent back"),
    "evaluation.action.review": ("审核", "review"),
    "evaluation.action.decide": ("批准", "approve"),
    "evaluation.evidence.yuan": ("{amount}元", "{amount} yuan"),
    "evaluation.evidence.file": ("档案：{value}", "File: {value}"),
    "evaluation.evidence.not_reported": ("{month}客户未报送", "{month}: not reported"),
    "evaluation.evidence.reported": ("{month}客户报送{amount}", "{month}: reported {amount}"),
    "evaluation.evidence.bought": ("从我司进货{amount}", "bought from us {amount}"),
    "evaluation.evidence.contract": ("合同：{terms}", "Contract: {terms}"),
    "evaluation.evidence.no_contract": ("无有效合同", "No valid contract"),
    "evaluation.evidence.no_record": (
        "近{months}个月无到期单据",
        "No slip fell due in the last {months} months",
    ),
    "evaluation.evidence.record": (
        "近{months}个月到期{due}张，按期付清{on_time}张（{share}%），最长逾期{worst}天，"
        "现逾期{overdue}张",
        "Last {months} months: {due} slips due, {on_time} paid on time ({share}%), worst "
        "{worst} days late, {overdue} overdue now",
    ),
    "evaluation.evidence.last": ("上次（{month}）：{level}", "Last rated ({month}): {level}"),
    "contract.terms.cash": ("现款现货", "cash on delivery"),
    "contract.terms.agreed": ("约定付款", "agreed payment terms"),
    "contract.terms.clear_before_credit": ("前清后欠", "clear-before-credit terms"),
    "warning.text.near_limit": (
        "敞口{exposure}元，已达本月额度{limit}元的{percent}%",
        "Exposure {exposure} yuan is {percent}% of this month's limit of {limit} yuan",
    ),
    "warning.text.overdue": (
        "{slips}张赊销单逾期未付，共{amount}元，最长逾期{days}天",
        "{slips} credit slips overdue, {amount} yuan in all, the oldest {days} days",
    ),
    "warning.text.sales_falling.drop": (
        "近30天进货{last_30}元，不足前30天{prior_30}元的{ratio}",
        "Bought {last_30} yuan in the last 30 days, under {ratio} of the {prior_30} yuan of "
        "the 30 days before",
    ),
    "warning.text.sales_falling.interval": (
        "已{days}天未进货，超过平时进货间隔{usual}天的{factor}倍",
        "No purchase for {days} days, over {factor} times the usual {usual} days between purchases",
    ),
    "warning.text.sales_falling.plan": (
        "本月分销计划进货{planned}元，按进度到{day}日应达{pace}元，实际进货{bought}元，"
        "不足进度的{ratio}",
        "This month's plan is to buy {planned} yuan; by day {day} the pace is {pace} yuan, "
        "bought {bought} yuan, under {ratio} of the pace",
    ),
    "warning.text.churn": (
        "自{last}起已{days}天未进货",
        "No purchase for {days} days, since {last}",
    ),
    "warning.text.contract_expiring": (
        "合同将于{ends}到期（还有{days}天）",
        "The contract ends on {ends} ({days} days left)",
    ),
    "warning.text.copy3_missing": (
        "{slips}张单据的记账联超过{days}天未交回（最早{oldest}）",
        "Copy ③ of {slips} slips not back after {days} days (the oldest issued {oldest})",
    ),
    "warning.kind.near_limit": ("接近额度", "near the limit"),
    "warning.kind.overdue": ("应收逾期", "overdue receivables"),
    "warning.kind.sales_falling": ("销售下滑", "sales falling"),
    "warning.kind.churn": ("停止进货", "stopped buying"),
    "warning.kind.contract_expiring": ("合同到期", "contract expiring"),
    "warning.kind.copy3_missing": ("记账联未回", "copy ③ missing"),
    "warning.not_found": ("预警不存在", "Warning not found"),
    "warning.closed": ("该预警已关闭", "This warning is closed"),
    "warning.no_response": (
        "请先填写调查情况和采取的措施，再关闭预警",
        "Record the investigation and the action before closing the warning",
    ),
    "warning.not_owner": (
        "该预警由{role}负责，只有负责人可以处理",
        "This warning is the {role}'s: only its owner may answer it",
    ),
    "setting.schedule": (
        "{label}的“{cell}”一格应为天数（如15d）、月数（如2m）或空",
        "{label}: cell '{cell}' must be days (15d), months (2m) or empty",
    ),
    "visit.future": ("拜访日期不能晚于今天", "A visit cannot be dated after today"),
    "visit.no_purpose": ("请选择拜访目的", "Choose the purpose of the visit"),
    "visit.bad_purpose": ("拜访目的“{purpose}”无法识别", "Unknown purpose '{purpose}'"),
    "visit.not_visiting_role": (
        "{role}不在拜访频次表中",
        "The {role} has no place in the visit schedule",
    ),
    "visit.not_selected": (
        "只拜访已入选的客户（该客户状态为“{status}”）",
        "Only selected customers are visited (this one is {status})",
    ),
    "work.customers": ("{count}户客户待审批", "{count} customers await your decision"),
    "work.withdrawals": (
        "{count}份取消经销提议待审批",
        "{count} withdrawal proposals await your decision",
    ),
    "work.evaluations": ("{count}份资信评估表待处理", "{count} credit evaluations wait for you"),
    "work.rating_due": ("{count}户客户本月待评级", "{count} customers to rate this month"),
    "work.limits": ("{count}份授信额度申请待审批", "{count} limit applications to decide"),
    "work.dispatch_approvals": ("{count}张发运单待审批", "{count} dispatch notes to approve"),
    "work.releases": ("{count}张发运单待放行", "{count} dispatch notes ready to release"),
    "work.signatures": (
        "{count}张电话批准的发运单待补签字",
        "{count} phone-approved notes still to sign",
    ),
    "work.warnings": ("{count}条预警待处理", "{count} warnings to answer"),
    "work.visits": ("{count}户客户今天应拜访", "{count} customers due for a visit"),
    "work.copy3": ("{count}张单据记账联未交回", "{count} slips with copy ③ not back"),
    "work.remittances": ("{count}笔回款待汇总部", "{count} payments to remit to head office"),
    "plan.month_begun": (
        "{month}已开始（或已过去），不能再填报该月的分销计划",
        "{month} has begun (or is past): its distribution plans can no longer be filed",
    ),
    "plan.not_on_grid": (
        "只能为本分支机构的赊销客户填报分销计划",
        "Plans are filed for the branch's credit customers only",
    ),
    "plan.negative": ("{label}不能为负数", "{label} cannot be negative"),
    "plan.outlets": ("铺货网点数应为不小于0的整数", "Outlets must be a whole number, 0 or more"),
    "plan.line_product": ("请从产品目录中选择产品", "Choose a product from the product list"),
    "plan.line_unknown_product": (
        "产品“{code}”不在产品目录中",
        "Product '{code}' is not in the product list",
    ),
    "plan.line_product_twice": (
        "产品“{code}”在本客户的计划中出现了两次",
        "Product '{code}' is twice in this customer's plan",
    ),
    "plan.line_quantity": (
        "数量应为大于0的整数（可以不填）",
        "The quantity must be a whole number above 0 (or left empty)",
    ),
    "plan.line_amount": ("请填写该产品的进货金额（大于0）", "Give the product's amount (above 0)"),
    "plan.lines_sum": (
        "进货计划{typed}与各产品金额之和{total}不符",
        "The purchase plan {typed} differs from the products' total {total}",
    ),
    "plan.none": (
        "该客户{month}没有分销计划",
        "This customer has no distribution plan for {month}",
    ),
    "plan.withdrawal_reason": (
        "连续{count}个月进货低于分销计划：{months}",
        "Purchases below the distribution plan {count} months running: {months}",
    ),
    "plan.withdrawal_month": (
        "{month}计划进货{planned}元，实际进货{bought}元",
        "{month} planned {planned}, bought {bought}",
    ),
    "work.plans": (
        "{count}户客户下月分销计划待填报",
        "{count} customers' plans for next month to file",
    ),
    "evaluation.already_revised": (
        "该评估表已经重新填写过，请处理新的那份",
        "This evaluation has been filed again already: act on the new one",
    ),
    "evaluation.self_review": (
        "您填写的评估表须由另一位总经理审核",
        "An evaluation you filed is reviewed by someone else",
    ),
    "evaluation.not_found": ("资信评估表不存在", "Credit evaluation not found"),
    "evaluation.level_missing": ("请评定A、B或C", "Choose A, B or C"),
    "evaluation.past_month": (
        "不能评定已过去的月份",
        "A month already past cannot be rated",
    ),
    "evaluation.month_too_far": (
        "只能评定本月或下月",
        "Only this month or next month can be rated",
    ),
    "evaluation.not_selected": (
        "客户状态为“{status}”，只有已入选的客户才评定资信等级",
        "The customer is {status}; only selected customers are rated",
    ),
    "evaluation.open": (
        "该客户{month}的资信评估表正在审批中，不能再填一份",
        "This customer's evaluation of {month} is still in the workflow; another cannot be filed",
    ),
    "evaluation.revises_not_sent_back": (
        "只能修改本客户被退回的评估表",
        "Only this customer's evaluation that was sent back can be revised",
    ),
    "evaluation.bad_state": (
        "该评估表{status}，不能{action}",
        "This evaluation is {status}; it cannot be given the {action} step",
    ),
    "evaluation.comment_required": (
        "退回时请写明原因",
        "Say why when sending an evaluation back",
    ),
    "evaluation.decide_at_head_office": (
        "本分支机构已接入总部：资信评级由营销总监在总部批准",
        "This branch is registered with head office: the marketing director approves ratings "
        "at head office",
    ),
    "sales_review.month_not_ended": (
        "该月尚未结束，月末之后才能审阅该月的客户销售月报表",
        "The month has not ended yet: its sales report can be reviewed after the month's end",
    ),
    "sales_review.comment_required": (
        "请填写审阅意见",
        "Write the review's comment",
    ),
    "sales_review.branch_required": (
        "请选择要审阅的分支机构（您所辖范围内的一个）",
        "Choose the branch whose report you review (one in your scope)",
    ),
    "sales_review.at_head_office": (
        "本分支机构已接入总部：客户销售月报表由营销总监在总部审阅",
        "This branch is registered with head office: the marketing director reviews the sales "
        "report at head office",
    ),
    "sales_review.already_reviewed": (
        "{month}的客户销售月报表已由{name}审阅；如需修改，请更正审阅",
        "The sales report of {month} was reviewed by {name} already; correct that review instead",
    ),
    "sales_review.changed": (
        "该月报表的审阅刚被他人更改，请刷新后再试",
        "Someone else changed this report's review just now; refresh and try again",
    ),
    "work.sales_reviews": (
        "{count}份客户销售月报表待审阅",
        "{count} monthly sales reports to review",
    ),
    "evaluation.awaiting_branch": (
        "总部已对该评估表作出决定，正等待分支机构同步后生效，不能再次决定",
        "Head office has decided on this evaluation already; the decision takes effect when "
        "the branch next syncs, so it cannot be decided again",
    ),
    "limit.status.applied": ("待审批", "awaiting a decision"),
    "limit.status.approved": ("批准", "approved"),
    "limit.status.rejected": ("否决", "rejected"),
    "limit.status.superseded": ("被新额度取代", "superseded by a later limit"),
    "limit.wrong_approver": (
        "{grade}级客户的授信额度须由{role}审批",
        "A limit for a grade {grade} customer is decided by the {role}",
    ),
    "limit.self_approval": (
        "不能审批自己提交的{grade}级客户授信申请",
        "You cannot decide your own application for a grade {grade} customer",
    ),
    "limit.grade_changed": (
        "申请时资信等级为{applied}级，现为{now}级，请按新等级重新申请",
        "The grade was {applied} when applied for and is now {now}; apply again",
    ),
    "limit.comment_required": ("否决时必须填写意见", "A comment is required to reject"),
    "limit.month_over": (
        "{month}已过，该申请不能再批准",
        "{month} is over; the application can no longer be approved",
    ),
    "limit.over_quota": (
        "大区“{region}”{quarter}限额{quota}元：已批准{others}元，再批{amount}元将超出",
        "Region '{region}' quota for {quarter} is {quota} yuan: {others} yuan approved, "
        "{amount} yuan more would exceed it",
    ),
    "contract.term_days_required": (
        "约定付款必须填写账期天数",
        "Agreed payment terms need the number of days",
    ),
    "contract.term_days_cash": (
        "现款现货合同不设账期天数",
        "Cash terms have no payment days",
    ),
    "contract.term_days_range": ("账期天数应为1至365天", "Payment days must be 1 to 365"),
    "contract.cap_required": (
        "约定付款合同必须约定月末应收款限额",
        "An agreed-payment contract needs a month-end receivable cap",
    ),
    "contract.cap_cash": (
        "现款现货合同不设月末应收款限额",
        "Cash terms have no month-end receivable cap",
    ),
    "contract.authorisation_required": (
        "销售经理签约须有总经理的书面授权（谁签字，谁负责）",
        "A sales manager signs only with the GM's written authorisation (who signs, answers)",
    ),
    "contract.valid_range": ("到期日期不能早于生效日期", "The end date cannot be before the start"),
    "contract.scan_too_big": (
        "扫描件不能超过{max_mb}MB",
        "The scan cannot be larger than {max_mb} MB",
    ),
    "contract.signer_unknown": (
        "签约人“{name}”不是本分支机构的有效用户",
        "Signer '{name}' is not an active user of this branch",
    ),
    "contract.signer_role": ("{name}不是{role}，不能以该身份签约", "{name} is not {role}"),
    "contract.number_taken": ("合同编号{number}已存在", "Contract number {number} already exists"),
    "contract.not_found": ("合同不存在", "Contract not found"),
    "contract.ended": ("合同{number}已终止", "Contract {number} has already ended"),
    # products
    "product.code_format": (
        "产品编码只能包含字母、数字和 . _ / -",
        "A product code may contain only letters, digits and . _ / -",
    ),
    "product.code_taken": (
        "产品编码{product_code}已被“{name}”使用",
        "Product code {product_code} is already used by '{name}'",
    ),
    "product.price_min": ("厂价不能低于0.01元", "The factory price must be at least 0.01 yuan"),
    "product.price_max": ("厂价过大", "The factory price is too large"),
    "product.not_found": ("产品不存在", "Product not found"),
    "product.batch_taken": ("批号{batch_no}已存在", "Batch {batch_no} already exists"),
    "payment.amount_positive": ("{label}必须大于0", "{label} must be more than 0"),
    "payment.amount_too_large": ("{label}过大", "{label} is too large"),
    "payment.reference_required": (
        "{method}收款必须填写票据号或银行流水号",
        "A {method} payment needs the draft or bank reference number",
    ),
    "payment.duplicate_reference": (
        "该客户已有使用号码“{reference}”的收款{number}，请勿重复登记",
        "Payment {number} of this customer already has reference '{reference}'; do not record it twice",
    ),
    "payment.received_at_mismatch": (
        "收款时间与收款日期不是同一天",
        "The time received is not on the date received",
    ),
    "payment.slip_unknown": (
        "单据“{slip}”不存在或不属于该客户",
        "Slip '{slip}' does not exist or belongs to another customer",
    ),
    "payment.slip_voided": (
        "单据{slip}已作废，不能冲抵",
        "Slip {slip} is void; no payment can go to it",
    ),
    "payment.slip_duplicate": ("单据{slip}重复出现", "Slip {slip} is listed twice"),
    "payment.slip_over_allocated": (
        "单据{slip}尚欠{outstanding}元，不能冲抵{amount}元",
        "Slip {slip} owes {outstanding} yuan; {amount} yuan cannot go to it",
    ),
    "payment.over_allocated": (
        "分配合计{allocated}元超过收款金额{amount}元",
        "The allocations add up to {allocated} yuan, more than the payment of {amount} yuan",
    ),
    "payment.branch_only": (
        "只有分支机构的用户才能登记收款和汇款",
        "Only users of a branch can record payments and remittances",
    ),
    "payment.not_found": ("收款记录不存在", "Payment not found"),
    "payment.is_reversal": (
        "{number}是冲销记录，不能再冲销",
        "{number} is a reversal and cannot be reversed",
    ),
    "payment.already_reversed": (
        "收款{number}已被{by}冲销",
        "Payment {number} was already reversed by {by}",
    ),
    "payment.remitted": (
        "收款{number}已有{amount}元汇往总部，不能冲销，请联系总部财务部处理",
        "{amount} yuan of payment {number} has been remitted to head office; it cannot be reversed here, ask head office finance",
    ),
    "payment.reversal_before": (
        "冲销日期不能早于原收款日期",
        "A reversal cannot be dated before the payment it reverses",
    ),
    "remittance.reference_required": (
        "请填写汇款的银行流水号或票据号",
        "Enter the bank reference of the remittance",
    ),
    "remittance.before_receipt": (
        "汇款时间早于收款{number}的收款日期",
        "The remittance is dated before payment {number} was received",
    ),
    "remittance.payment_unknown": ("收款“{payment}”不存在", "Payment '{payment}' does not exist"),
    "remittance.nothing_to_remit": (
        "收款“{payment}”没有待汇款项（已汇清、已冲销或重复）",
        "Payment '{payment}' has nothing left to remit (already remitted, reversed or listed twice)",
    ),
    "remittance.item_exceeds": (
        "收款{number}待汇{unremitted}元，不能汇{amount}元",
        "Payment {number} has {unremitted} yuan to remit, not {amount} yuan",
    ),
    "remittance.items_sum": (
        "各笔合计{items}元与汇款金额{amount}元不符",
        "The items add up to {items} yuan, not the remittance amount of {amount} yuan",
    ),
    "remittance.exceeds_unremitted": (
        "汇款金额{amount}元超过待汇款项{unremitted}元",
        "The remittance of {amount} yuan is more than the {unremitted} yuan not yet remitted",
    ),
    "remittance.levels_invalid": (
        "回款时限设置有误：{detail}",
        "The remittance deadline settings are invalid: {detail}",
    ),
    "receivable.month_not_ended": (
        "{month}月尚未结束（结账日{closing}），不能结转月末应收款",
        "Month {month} has not ended (closing date {closing}); its receivables cannot be taken yet",
    ),
    "receivable.branch_only": (
        "只有分支机构的会计才能结转月末应收款",
        "Only a branch accountant can take the month-end receivables",
    ),
    "receivable.snapshot_exists": (
        "{month}月的月末应收款已经结转，不能重复结转",
        "The month-end receivables of {month} have already been taken",
    ),
}


@dataclass(frozen=True)
class Term:
    """A word of a vocabulary (a customer's or a note's status, a channel, an action) given to a
    message as a parameter: it keeps its code (for audit records and code) and is written in the
    language of the moment, from the catalogue entry ``<vocabulary>.<code>``, so a message never
    shows a raw code such as "terminated" in the Chinese text."""

    vocabulary: str  # customer.status, dispatch.status, dispatch.action, selection.step, channel...
    code: str

    def __str__(self) -> str:
        pair = CATALOGUE.get(f"{self.vocabulary}.{self.code}")
        if pair is None:
            return self.code or "—"
        return pair[1] if _language == "en" else pair[0]

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


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
