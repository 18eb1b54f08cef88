<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AddUserDialog</name>
        <message>
            <source>Add</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>Add a user</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>初始密码</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>大区</translation>
        </message>
        <message>
            <source>Region code, for regional roles</source>
            <translation>大区代码（大区角色需要）</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>The user must change the password given here at the first sign-in.</source>
            <translation>用户首次登录时必须修改这里设定的初始密码。</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
    </context>
    <context>
        <name>AdminDialog</name>
        <message>
            <source>Administration</source>
            <translation>系统管理</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>审计日志</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Printers</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>参数设置</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>用户</translation>
        </message>
    </context>
    <context>
        <name>AllocationColumns</name>
        <message>
            <source>Date</source>
            <translation>开单日期</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>逾期天数</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>到期日</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Outstanding</source>
            <translation>未付金额</translation>
        </message>
        <message>
            <source>Slip number</source>
            <translation>单号</translation>
        </message>
        <message>
            <source>This payment</source>
            <translation>本次核销</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>单据金额</translation>
        </message>
    </context>
    <context>
        <name>AppController</name>
        <message>
            <source>New:</source>
            <translation>本次新增：</translation>
        </message>
        <message>
            <source>Nobody used the program for %1 minutes: you were signed out.</source>
            <translation>您已有%1分钟未操作，已自动退出登录。</translation>
        </message>
        <message>
            <source>The database as it was before is kept in %1.</source>
            <translation>升级前的数据库副本保存在：%1。</translation>
        </message>
        <message>
            <source>The program was updated: the database went from version %1 to %2.</source>
            <translation>程序已更新：数据库已从版本%1升级到%2。</translation>
        </message>
        <message>
            <source>This is head office's database and it has no users yet. Add them on the server with: kehu-hq user add NAME --role ROLE</source>
            <extracomment>the database :meth:`open` opened (set on the worker, before ``db``) bench/startup.py's probe (views/shell/probe.py), None in normal use.</extracomment>
            <translation>这是总部的数据库，还没有用户。请在服务器上添加：kehu-hq user add 用户名 --role 角色</translation>
        </message>
        <message>
            <source>You were signed out: %1</source>
            <translation>您已退出登录：%1</translation>
        </message>
    </context>
    <context>
        <name>ApprovalMode</name>
        <message>
            <source>Phone approval · signature owed</source>
            <translation>电话批准·待补签</translation>
        </message>
        <message>
            <source>Phone approval · signed since</source>
            <translation>电话批准·已补签</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>签字</translation>
        </message>
    </context>
    <context>
        <name>ApprovalQueueModel</name>
        <message>
            <source>Branch</source>
            <translation>分支机构</translation>
        </message>
        <message>
            <source>Last change</source>
            <translation>最后修改</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
    </context>
    <context>
        <name>ApprovalsView</name>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Awaiting my approval</source>
            <translation>待我批准</translation>
        </message>
        <message>
            <source>Awaiting my proposal</source>
            <translation>待我提名</translation>
        </message>
        <message>
            <source>Awaiting my review</source>
            <translation>待我审核</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>Customer change form saved ({count} entries): {path}</source>
            <translation>客户增减变动表已保存（共{count}条）：{path}</translation>
        </message>
        <message>
            <source>Customers proposed by the sales manager. Approving passes them to head office; rejecting or sending back needs a comment.</source>
            <translation>销售经理提名的客户。批准后报总部；否决或退回须填写意见。</translation>
        </message>
        <message>
            <source>Customers reviewed by the branch GM. Approving selects them (within the region's number of customers) and adds them to the customer change form.</source>
            <translation>分支机构总经理已审核的客户。批准即选定（不超过大区客户数量），并记入客户增减变动表。</translation>
        </message>
        <message>
            <source>Customers reviewed by their branch GM. Your approval reaches the branch at its next sync, which selects the customer (within the region's number of customers) and adds it to the customer change form; until then it leaves this list.</source>
            <translation>各分支机构总经理已审核的客户。您的批准在该分支机构下次同步时送达，由分支机构选定该客户（不超过大区客户数量）并记入客户增减变动表；在此之前该客户不再列在这里。</translation>
        </message>
        <message>
            <source>No selection step is yours to decide. You can still print the customer change form.</source>
            <translation>您没有需要审批的客户选择环节，但可以打印客户增减变动表。</translation>
        </message>
        <message>
            <source>Open it to preview or print</source>
            <translation>打开预览或打印</translation>
        </message>
        <message>
            <source>Proposals of the sales manager to withdraw a dealership (the reason is in the history). Approving passes them to head office; rejecting or sending back needs a comment.</source>
            <translation>销售经理提出的取消经销提议（理由见审批记录）。批准即报总部；否决或退回须填写意见。</translation>
        </message>
        <message>
            <source>Proposals to withdraw a dealership, passed by the branch GM (the reason is in the history). Approving terminates the customer and adds a line to the customer change form, with your comment or else the proposal's reason; rejecting needs a comment and the customer stays selected.</source>
            <translation>分支机构总经理已审核通过的取消经销提议（理由见审批记录）。批准即终止该客户，并在客户增减变动表中增加一行（原因为您的意见，未填则为提议的理由）；否决须填写意见，客户仍为已选定。</translation>
        </message>
        <message>
            <source>Proposals to withdraw a dealership, passed by the branch GM (the reason is in the history). Approving terminates the customer; it reaches the branch at its next sync, which ends the relationship and adds a line to the customer change form. Rejecting needs a comment; the customer stays selected.</source>
            <translation>分支机构总经理已审核通过的取消经销提议（理由见审批记录）。批准即终止该客户，在该分支机构下次同步时送达，由分支机构终止合作并在客户增减变动表中增加一行。否决须填写意见，客户仍为已选定。</translation>
        </message>
        <message>
            <source>Propose</source>
            <translation>提名</translation>
        </message>
        <message>
            <source>Propose withdrawal</source>
            <translation>提议取消经销</translation>
        </message>
        <message>
            <source>Prospects and customers sent back or rejected. Proposing passes them to the branch GM for review.</source>
            <translation>待提名、已退回和已否决的客户。提名后交分支机构总经理审核。</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>否决</translation>
        </message>
        <message>
            <source>Required to reject, send back or terminate; recorded with the decision</source>
            <translation>否决、退回或终止时必填，随决定一并记录</translation>
        </message>
        <message>
            <source>Select a customer to see its history.</source>
            <translation>请选择一个客户查看其审批记录。</translation>
        </message>
        <message>
            <source>Selected customers (to propose withdrawal)</source>
            <translation>已选定的客户（提议取消经销）</translation>
        </message>
        <message>
            <source>Selected customers (to terminate)</source>
            <translation>已选定客户（可终止）</translation>
        </message>
        <message>
            <source>Selected customers with no withdrawal proposal under way. Proposing to withdraw the dealership needs the reason (in the box below) and passes it to the branch GM; the customer stays selected until head office terminates it. From the plans screen a proposal starts with the months below plan.</source>
            <translation>没有取消经销提议在审批中的已选定客户。提议取消经销须在下方写明理由，提议交分支机构总经理审核；总部终止之前客户仍为已选定。从分销计划界面提议时，理由预先填好低于计划的月份。</translation>
        </message>
        <message>
            <source>Selected customers. A termination (with its reason) reaches the branch at its next sync, which ends the relationship and adds a line to the customer change form; until then the customer leaves this list.</source>
            <translation>已选定的客户。终止（连同原因）在该分支机构下次同步时送达，由分支机构终止合作并在客户增减变动表中增加一行；在此之前该客户不再列在这里。</translation>
        </message>
        <message>
            <source>Selected customers. Terminating ends the relationship, needs a reason and adds a line to the customer change form.</source>
            <translation>已选定的客户。终止即结束合作，须填写原因，并记入客户增减变动表。</translation>
        </message>
        <message>
            <source>Selection history</source>
            <translation>审批记录</translation>
        </message>
        <message>
            <source>Selection history: {name}</source>
            <translation>审批记录：{name}</translation>
        </message>
        <message>
            <source>Send back</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Terminate</source>
            <translation>终止</translation>
        </message>
        <message>
            <source>Terminate customers</source>
            <translation>终止客户</translation>
        </message>
        <message>
            <source>Terminate {count} customer(s)? They will no longer receive goods, and the customer change form records the removal.</source>
            <translation>确定终止这{count}家客户吗？终止后不再向其发货，并在客户增减变动表中记为减少。</translation>
        </message>
        <message>
            <source>The reason for withdrawing the dealership (required)</source>
            <translation>取消经销的理由（必填）</translation>
        </message>
        <message>
            <source>Withdrawal proposals awaiting my decision</source>
            <translation>待我决定的取消经销提议</translation>
        </message>
        <message>
            <source>Withdrawal proposals awaiting my review</source>
            <translation>待我审核的取消经销提议</translation>
        </message>
        <message>
            <source>{action}: {names}</source>
            <translation>已{action}：{names}</translation>
        </message>
        <message>
            <source>{count} customer(s)</source>
            <translation>共{count}家客户</translation>
        </message>
        <message>
            <source>{done} of {total} decided. Not decided:</source>
            <translation>共{total}家，已处理{done}家。以下客户未处理：</translation>
        </message>
    </context>
    <context>
        <name>AssignDriverDialog</name>
        <message>
            <source>Assign</source>
            <translation>安排</translation>
        </message>
        <message>
            <source>Assign driver and route: {number}</source>
            <translation>安排送货员和路线：{number}</translation>
        </message>
        <message>
            <source>Driver</source>
            <translation>送货员</translation>
        </message>
        <message>
            <source>Now</source>
            <translation>当前</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>路线</translation>
        </message>
        <message>
            <source>The driver's user name</source>
            <translation>送货员的用户名</translation>
        </message>
        <message>
            <source>e.g. Pudong line</source>
            <translation>例如：浦东线</translation>
        </message>
    </context>
    <context>
        <name>AuditActions</name>
        <message>
            <source>Access refused</source>
            <translation>拒绝访问</translation>
        </message>
        <message>
            <source>Audit records exported</source>
            <translation>导出审计记录</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>从备份恢复</translation>
        </message>
        <message>
            <source>Backup taken</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Customer changed</source>
            <translation>修改客户</translation>
        </message>
        <message>
            <source>Customer created</source>
            <translation>新建客户</translation>
        </message>
        <message>
            <source>Customers imported</source>
            <translation>导入客户</translation>
        </message>
        <message>
            <source>Dispatch requested</source>
            <translation>申请发货</translation>
        </message>
        <message>
            <source>Password change refused</source>
            <translation>修改密码被拒绝</translation>
        </message>
        <message>
            <source>Password changed</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>Password reset</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Payment recorded</source>
            <translation>登记收款</translation>
        </message>
        <message>
            <source>Payment reversed</source>
            <translation>冲销收款</translation>
        </message>
        <message>
            <source>Printer profile deleted</source>
            <translation>删除打印机配置</translation>
        </message>
        <message>
            <source>Printer profile saved</source>
            <translation>保存打印机配置</translation>
        </message>
        <message>
            <source>Roles changed</source>
            <translation>修改角色</translation>
        </message>
        <message>
            <source>Setting changed</source>
            <translation>修改参数</translation>
        </message>
        <message>
            <source>Sign-in refused</source>
            <translation>登录被拒绝</translation>
        </message>
        <message>
            <source>Signed in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Slip issued</source>
            <translation>开具单据</translation>
        </message>
        <message>
            <source>Slip voided</source>
            <translation>作废单据</translation>
        </message>
        <message>
            <source>User added</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>User locked</source>
            <translation>锁定用户</translation>
        </message>
        <message>
            <source>User unlocked</source>
            <translation>解锁用户</translation>
        </message>
        <message>
            <source>Visit recorded</source>
            <translation>登记拜访</translation>
        </message>
    </context>
    <context>
        <name>AuditTab</name>
        <message>
            <source>%1 records exported to %2.</source>
            <translation>已将 %1 条审计记录导出到 %2。</translation>
        </message>
        <message>
            <source>%1 records.</source>
            <translation>共 %1 条记录。</translation>
        </message>
        <message>
            <source>(all)</source>
            <translation>（全部）</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>Entity</source>
            <translation>对象</translation>
        </message>
        <message>
            <source>Excel (*.xlsx)</source>
            <translation>Excel 文件 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export the audit records</source>
            <translation>导出审计记录</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>导出到Excel…</translation>
        </message>
        <message>
            <source>From</source>
            <extracomment>Asks where to save; a test answers instead of the file dialog.</extracomment>
            <translation>日期从</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>对象编号</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>The newest %1 of %2 records are shown; narrow the filter to see older ones, or export them all.</source>
            <translation>共 %2 条记录，只显示最新的 %1 条；请缩小筛选范围查看更早的记录，或全部导出。</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <source>%1 (default)</source>
            <translation>%1（默认）</translation>
        </message>
        <message>
            <source>A USB disk or a network share; it must be there when a backup is taken.</source>
            <translation>U盘或网络共享文件夹；备份时必须已连接。</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <source>Backed up and checked: %1 (%2)</source>
            <translation>已备份并检查：%1（%2）</translation>
        </message>
        <message>
            <source>Backup and restore</source>
            <extracomment>The first look for today's backup: once the first screen has been read. Asks before a restore; a test answers instead of a person. Picks a folder or a file; a test answers instead of the file dialog.</extracomment>
            <translation>备份与恢复</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <source>Backups</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Backups (*.sqlite3 *.db)</source>
            <translation>备份文件 (*.sqlite3 *.db)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>检查</translation>
        </message>
        <message>
            <source>Checking and restoring %1…</source>
            <translation>正在检查并恢复 %1…</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Keep</source>
            <translation>保留份数</translation>
        </message>
        <message>
            <source>No backup yet.</source>
            <translation>还没有备份。</translation>
        </message>
        <message>
            <source>PostgreSQL</source>
            <translation>PostgreSQL</translation>
        </message>
        <message>
            <source>Replace the database with the backup %1?

Everything recorded since that backup is no longer in use (the current database is kept aside in the data folder). Everyone signs in again afterwards.</source>
            <translation>用备份 %1 替换当前数据库吗？

该备份之后登记的内容将不再使用（当前数据库另存在数据文件夹中）。恢复后所有人需重新登录。</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>从备份恢复</translation>
        </message>
        <message>
            <source>Restore from a file</source>
            <translation>从文件恢复</translation>
        </message>
        <message>
            <source>Restore from a file…</source>
            <translation>从文件恢复…</translation>
        </message>
        <message>
            <source>Restored from %1.</source>
            <translation>已从 %1 恢复。</translation>
        </message>
        <message>
            <source>Restore…</source>
            <translation>恢复…</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>数据库版本</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Taken</source>
            <translation>备份时间</translation>
        </message>
        <message>
            <source>The backup folder cannot be reached: %1</source>
            <translation>无法访问备份文件夹：%1</translation>
        </message>
        <message>
            <source>The database is backed up every day the program is used and when it closes, while people go on working. Each backup is checked before it is listed; old ones are removed as the rotation below says.</source>
            <translation>每天使用本程序时和关闭程序时自动备份数据库，备份时可照常工作。每份备份都经过完整性检查后才列出；旧备份按下面的保留份数自动删除。</translation>
        </message>
        <message>
            <source>The folder 'backups' beside the database</source>
            <translation>数据库文件旁的 backups 文件夹</translation>
        </message>
        <message>
            <source>This database runs on a PostgreSQL server: backing it up is the server's job, not this program's. Ask the server's administrator to run, e.g. every night:</source>
            <translation>本数据库运行在PostgreSQL服务器上，备份由数据库服务器负责，不由本程序进行。请服务器管理员定期（例如每晚）运行：</translation>
        </message>
        <message>
            <source>Where and how many</source>
            <translation>备份位置与保留份数</translation>
        </message>
        <message>
            <source>daily</source>
            <translation>每日</translation>
        </message>
        <message>
            <source>monthly</source>
            <translation>每月</translation>
        </message>
        <message>
            <source>not checked</source>
            <translation>未检查</translation>
        </message>
        <message>
            <source>pg_restore puts such a dump back into an empty database.</source>
            <translation>用 pg_restore 可把这样的备份恢复到一个空数据库中。</translation>
        </message>
        <message>
            <source>weekly</source>
            <translation>每周</translation>
        </message>
        <message>
            <source>✓ checked</source>
            <translation>✓ 已检查</translation>
        </message>
    </context>
    <context>
        <name>BatchDialog</name>
        <message>
            <source>Batch number</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Expiry</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>New batch</source>
            <translation>新增批号</translation>
        </message>
        <message>
            <source>{code} {name}</source>
            <translation>{code} {name}</translation>
        </message>
    </context>
    <context>
        <name>BranchFilter</name>
        <message>
            <source>All branches</source>
            <translation>全部分支机构</translation>
        </message>
    </context>
    <context>
        <name>BranchStatusColumns</name>
        <message>
            <source>Acked seq</source>
            <translation>已确认序号</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>分支机构</translation>
        </message>
        <message>
            <source>Code</source>
            <extracomment>(name, title, cell text, right-aligned)</extracomment>
            <translation>代码</translation>
        </message>
        <message>
            <source>Lag</source>
            <translation>滞后</translation>
        </message>
        <message>
            <source>Last error</source>
            <translation>最近错误</translation>
        </message>
        <message>
            <source>Last pull</source>
            <translation>最近下载</translation>
        </message>
        <message>
            <source>Last push</source>
            <translation>最近上传</translation>
        </message>
        <message>
            <source>Never synced</source>
            <translation>从未同步</translation>
        </message>
        <message>
            <source>Not registered</source>
            <translation>未注册</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Pending (reported)</source>
            <translation>待上传（上报）</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>大区</translation>
        </message>
        <message>
            <source>Registered</source>
            <extracomment>What a cell shows where there is nothing to show (no push yet, no lag before a first pull).</extracomment>
            <translation>已注册</translation>
        </message>
        <message>
            <source>Registration</source>
            <translation>注册</translation>
        </message>
        <message>
            <source>Revoked</source>
            <translation>已吊销</translation>
        </message>
        <message>
            <source>Silent for over a day</source>
            <translation>超过一天未同步</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
        </message>
    </context>
    <context>
        <name>BranchStatusView</name>
        <message>
            <source>%1 branches, %2 registered</source>
            <translation>%1 个分支机构，%2 个已注册</translation>
        </message>
        <message>
            <source>; %1 silent (red)</source>
            <translation>；%1 个未按时同步（红色）</translation>
        </message>
        <message>
            <source>Branch sync status</source>
            <translation>分支机构同步状态</translation>
        </message>
        <message>
            <source>Every branch head office serves: its registration, when it last sent its records (push) and fetched head office's (pull), and its last error. A red row is a branch that has not synced for more than a day, or never since it registered.</source>
            <translation>总部服务的每个分支机构：注册情况、最近一次上传本机构记录（上传）和下载总部数据（下载）的时间，以及最近的错误。红色行表示该分支机构超过一天未同步，或注册后从未同步。</translation>
        </message>
    </context>
    <context>
        <name>CashierDeskView</name>
        <message>
            <source>Awaiting release</source>
            <translation>待放行</translation>
        </message>
        <message>
            <source>Awaiting release ({count})</source>
            <translation>待放行（{count}）</translation>
        </message>
        <message>
            <source>Cashier's release desk</source>
            <translation>出纳放行台</translation>
        </message>
        <message>
            <source>Find a note: number or customer name</source>
            <translation>查找发运单：单号或客户名称</translation>
        </message>
        <message>
            <source>Goods per market office</source>
            <translation>市场部领货登记</translation>
        </message>
        <message>
            <source>Not released: the check at the moment of release refused {number}. The situation changed since the preview; the reasons are shown below.</source>
            <translation>未放行：放行时的复核拒绝了{number}。预览之后情况已有变化，原因见下方。</translation>
        </message>
        <message>
            <source>Notes out (to return)</source>
            <translation>待交回发运单</translation>
        </message>
        <message>
            <source>Only the cashier releases goods.</source>
            <translation>只有出纳可以放行。</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Release</source>
            <translation>放行</translation>
        </message>
        <message>
            <source>Release is not possible: the cashier may not override the credit check. Please have the authorised approver adjust the limit.</source>
            <translation>不能放行：出纳无权越权放行；请由有权审批人调整额度。</translation>
        </message>
        <message>
            <source>Release is not possible: the cashier may not override the credit check. The customer must first pay what it still owes.</source>
            <translation>不能放行：出纳无权越权放行；客户须先结清欠款。</translation>
        </message>
        <message>
            <source>Release {number}</source>
            <translation>放行 {number}</translation>
        </message>
        <message>
            <source>Released {number} ({customer}, {amount}). Hand the goods to the driver {driver}.</source>
            <translation>已放行{number}（{customer}，{amount}）。请将货物交给送货员{driver}。</translation>
        </message>
        <message>
            <source>Releasing checks the credit again at that moment; the result is shown here.</source>
            <translation>放行时系统会再次核查信用，结果显示在此。</translation>
        </message>
        <message>
            <source>Select a dispatch note to see the credit check.</source>
            <translation>请选择一张发运单，查看信用核查结果。</translation>
        </message>
        <message>
            <source>Signatures owed</source>
            <translation>待补签</translation>
        </message>
        <message>
            <source>Signatures owed ({count})</source>
            <translation>待补签（{count}）</translation>
        </message>
        <message>
            <source>The credit check could not be run: {reason}</source>
            <translation>无法进行信用核查：{reason}</translation>
        </message>
    </context>
    <context>
        <name>ChangeFormPrinter</name>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Print customer change form</source>
            <translation>打印客户增减变动表</translation>
        </message>
        <message>
            <source>Save the customer change form</source>
            <translation>保存客户增减变动表</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年度</translation>
        </message>
        <message>
            <source>customer change form {year}.pdf</source>
            <translation>客户增减变动表{year}.pdf</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message>
            <source>Enter a new password.</source>
            <translation>请输入新密码。</translation>
        </message>
        <message>
            <source>Enter your current password.</source>
            <translation>请输入当前密码。</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>Signed in as {name}.</source>
            <translation>当前用户：{name}</translation>
        </message>
        <message>
            <source>The current password is wrong.</source>
            <translation>当前密码不正确。</translation>
        </message>
        <message>
            <source>The two new passwords are not the same.</source>
            <translation>两次输入的新密码不一致。</translation>
        </message>
    </context>
    <context>
        <name>ColumnWidths</name>
        <message>
            <source>Automatic column widths</source>
            <translation>自动调整列宽</translation>
        </message>
    </context>
    <context>
        <name>ContractDialog</name>
        <message>
            <source>1-365; required for agreed payment</source>
            <translation>1至365天；约定付款必填</translation>
        </message>
        <message>
            <source>Agreed payment terms</source>
            <translation>约定付款</translation>
        </message>
        <message>
            <source>Cash on delivery</source>
            <translation>现款现货</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Clear-before-credit terms</source>
            <translation>前清后欠</translation>
        </message>
        <message>
            <source>Contract number</source>
            <translation>合同编号</translation>
        </message>
        <message>
            <source>Credit customers need a signed contract before any credit sale. The branch GM signs, or the sales manager with the GM's written authorisation.</source>
            <translation>赊销客户须先签订合同方可赊销。由分支机构总经理签约，或由销售经理凭总经理的书面授权签约（谁签字，谁负责）。</translation>
        </message>
        <message>
            <source>Month-end receivable cap</source>
            <translation>月末应收款限额</translation>
        </message>
        <message>
            <source>No scan attached</source>
            <translation>未附扫描件</translation>
        </message>
        <message>
            <source>Payment days</source>
            <translation>账期天数</translation>
        </message>
        <message>
            <source>Payment terms</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Record a contract</source>
            <translation>登记合同</translation>
        </message>
        <message>
            <source>Required when the sales manager signs: the GM's written authorisation</source>
            <translation>销售经理签约时必填：总经理的书面授权</translation>
        </message>
        <message>
            <source>Scan</source>
            <translation>扫描件</translation>
        </message>
        <message>
            <source>Scanned contract</source>
            <translation>合同扫描件</translation>
        </message>
        <message>
            <source>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
            <translation>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Signed as</source>
            <translation>签约身份</translation>
        </message>
        <message>
            <source>Signed on</source>
            <translation>签订日期</translation>
        </message>
        <message>
            <source>Signer</source>
            <translation>签约人</translation>
        </message>
        <message>
            <source>The scan could not be read: {reason}</source>
            <translation>无法读取扫描件：{reason}</translation>
        </message>
        <message>
            <source>The signer's user name</source>
            <translation>签约人的用户名</translation>
        </message>
        <message>
            <source>Valid from</source>
            <translation>生效日期</translation>
        </message>
        <message>
            <source>Valid to</source>
            <translation>到期日期</translation>
        </message>
        <message>
            <source>Written authorisation</source>
            <translation>书面授权</translation>
        </message>
        <message>
            <source>Yuan, e.g. 300,000</source>
            <translation>元，如300,000</translation>
        </message>
    </context>
    <context>
        <name>CreditCheckPanel</name>
        <message>
            <source>Amount (¥)</source>
            <translation>金额（¥）</translation>
        </message>
        <message>
            <source>Cash on delivery: not checked against the credit limit (it still counts in the exposure until paid).</source>
            <translation>现款现货：不占用授信额度（未收款前仍计入敞口）。</translation>
        </message>
        <message>
            <source>Checking the credit of {customer}…</source>
            <translation>正在核查{customer}的信用…</translation>
        </message>
        <message>
            <source>Contract</source>
            <translation>合同</translation>
        </message>
        <message>
            <source>Credit grade</source>
            <translation>资信等级</translation>
        </message>
        <message>
            <source>Credit position</source>
            <translation>信用状况</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>单据</translation>
        </message>
        <message>
            <source>Exposure after release</source>
            <translation>放行后敞口</translation>
        </message>
        <message>
            <source>Exposure breakdown</source>
            <translation>敞口明细</translation>
        </message>
        <message>
            <source>Exposure now</source>
            <translation>当前敞口</translation>
        </message>
        <message>
            <source>Grade {grade}</source>
            <translation>{grade}级</translation>
        </message>
        <message>
            <source>Headroom after release</source>
            <translation>放行后可用额度</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>本月额度</translation>
        </message>
        <message>
            <source>Month-end receivable cap</source>
            <translation>月末应收款限额</translation>
        </message>
        <message>
            <source>No limit (cash only)</source>
            <translation>无额度（仅现款）</translation>
        </message>
        <message>
            <source>No open documents: the exposure is ¥0.00.</source>
            <translation>没有未结单据：敞口为 ¥0.00。</translation>
        </message>
        <message>
            <source>None agreed (no credit)</source>
            <translation>未约定（不能赊销）</translation>
        </message>
        <message>
            <source>None on file</source>
            <translation>无有效合同</translation>
        </message>
        <message>
            <source>Not graded (cash only)</source>
            <translation>未评级（仅现款）</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>单号</translation>
        </message>
        <message>
            <source>Payment terms</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Released, not slipped</source>
            <translation>已放行未开单</translation>
        </message>
        <message>
            <source>Released, not yet slipped</source>
            <translation>已放行未开单合计</translation>
        </message>
        <message>
            <source>Select a dispatch note to see the credit check.</source>
            <translation>请选择一张发运单，查看信用核查结果。</translation>
        </message>
        <message>
            <source>The cashier has no authority to override the credit check. Please have the authorised approver adjust the limit.</source>
            <translation>出纳无权越权放行；请由有权审批人调整额度。</translation>
        </message>
        <message>
            <source>The cashier has no authority to override the credit check. The customer must first pay what it still owes.</source>
            <translation>出纳无权越权放行；客户须先结清欠款。</translation>
        </message>
        <message>
            <source>This month's credit limit</source>
            <translation>本月授信额度</translation>
        </message>
        <message>
            <source>This note</source>
            <translation>本单金额</translation>
        </message>
        <message>
            <source>Unlimited</source>
            <translation>无限额</translation>
        </message>
        <message>
            <source>Unpaid slip</source>
            <translation>未付单据</translation>
        </message>
        <message>
            <source>Unpaid slips</source>
            <translation>未付单据合计</translation>
        </message>
        <message>
            <source>{number} · {customer} · {kind} · {amount}</source>
            <translation>{number} · {customer} · {kind} · {amount}</translation>
        </message>
        <message>
            <source>{number}, valid to {date}</source>
            <translation>{number}，有效期至{date}</translation>
        </message>
        <message>
            <source>{terms}, {days} days</source>
            <translation>{terms}，{days}天</translation>
        </message>
        <message>
            <source>✔ Within credit: may be released</source>
            <translation>✔ 信用核查通过：可以放行</translation>
        </message>
        <message>
            <source>✖ Release blocked ({count} reason(s))</source>
            <translation>✖ 不能放行（{count}项原因）</translation>
        </message>
    </context>
    <context>
        <name>CreditFailure</name>
        <message>
            <source>Near the credit limit: after release the exposure is {after}, at or above the {percent} warning line ({threshold}) of the limit {limit}</source>
            <translation>接近授信额度：放行后敞口 {after}，已达额度 {limit} 的 {percent} 预警线（{threshold}）</translation>
        </message>
        <message>
            <source>Over this month's credit limit: exposure {exposure} + this note {amount} = {after} &gt; limit {limit} (over by {over})</source>
            <translation>超出本月授信额度：敞口 {exposure} + 本单 {amount} = {after} &gt; 额度 {limit}（超出 {over}）</translation>
        </message>
    </context>
    <context>
        <name>CreditPanel</name>
        <message>
            <source>, {days} days</source>
            <translation>，账期{days}天</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>; month-end receivable cap {cap}</source>
            <translation>；月末应收款限额{cap}</translation>
        </message>
        <message>
            <source>; no month-end receivable cap agreed: no credit</source>
            <translation>；未约定月末应收款限额，不能赊销</translation>
        </message>
        <message>
            <source>Apply for limit</source>
            <translation>申请额度</translation>
        </message>
        <message>
            <source>Clear before next delivery</source>
            <translation>前清后送</translation>
        </message>
        <message>
            <source>Contract ended.</source>
            <translation>合同已终止。</translation>
        </message>
        <message>
            <source>Contract recorded.</source>
            <translation>合同已登记。</translation>
        </message>
        <message>
            <source>Credit eligibility</source>
            <translation>赊销资格</translation>
        </message>
        <message>
            <source>Credit evaluation…</source>
            <translation>资信评估…</translation>
        </message>
        <message>
            <source>Credit exception granted.</source>
            <translation>赊销例外已批准。</translation>
        </message>
        <message>
            <source>Credit exception revoked.</source>
            <translation>赊销例外已撤销。</translation>
        </message>
        <message>
            <source>Credit grade</source>
            <translation>资信等级</translation>
        </message>
        <message>
            <source>Credit of {name} on {day}</source>
            <translation>{name}：{day}信用状况</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>具备</translation>
        </message>
        <message>
            <source>End contract</source>
            <translation>终止合同</translation>
        </message>
        <message>
            <source>End contract {number}</source>
            <translation>终止合同{number}</translation>
        </message>
        <message>
            <source>Evaluation filed; the branch GM reviews it, then the marketing director.</source>
            <translation>评估表已提交，先由总经理审核，再由营销总监批准。</translation>
        </message>
        <message>
            <source>Exposure</source>
            <translation>敞口</translation>
        </message>
        <message>
            <source>From today the contract no longer counts for credit sales.</source>
            <translation>自今日起该合同不再作为赊销依据。</translation>
        </message>
        <message>
            <source>From today the customer buys for cash only again.</source>
            <translation>自今日起该客户恢复现款现货。</translation>
        </message>
        <message>
            <source>Grant credit exception</source>
            <translation>批准赊销例外</translation>
        </message>
        <message>
            <source>Headroom</source>
            <translation>可用额度</translation>
        </message>
        <message>
            <source>Limit application filed; it awaits the approver's decision.</source>
            <translation>额度申请已提交，等待审批。</translation>
        </message>
        <message>
            <source>Limit this month</source>
            <translation>本月授信额度</translation>
        </message>
        <message>
            <source>No program opens this file; it was saved as {path}</source>
            <translation>没有程序能打开该文件，已保存为{path}</translation>
        </message>
        <message>
            <source>Not eligible</source>
            <translation>不具备</translation>
        </message>
        <message>
            <source>Not graded</source>
            <translation>未评级</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>已结清</translation>
        </message>
        <message>
            <source>Payment terms</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Record contract</source>
            <translation>登记合同</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Revoke</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Revoke credit exception</source>
            <translation>撤销赊销例外</translation>
        </message>
        <message>
            <source>State-owned customers need no exception</source>
            <translation>国有客户无需赊销例外</translation>
        </message>
        <message>
            <source>This contract has no scan on file.</source>
            <translation>该合同没有扫描件。</translation>
        </message>
        <message>
            <source>Why:</source>
            <translation>依据：</translation>
        </message>
        <message>
            <source>cash on delivery until graded</source>
            <translation>评级前仅限现款现货</translation>
        </message>
        <message>
            <source>contract {number}{days}, {start} to {end}, signed by {signer} ({role})</source>
            <translation>合同{number}{days}，{start}至{end}，签约人{signer}（{role}）</translation>
        </message>
        <message>
            <source>customer not selected: no goods are released</source>
            <translation>客户未选定：不能发货</translation>
        </message>
        <message>
            <source>customer on hold</source>
            <translation>客户已暂停发货</translation>
        </message>
        <message>
            <source>no valid contract</source>
            <translation>无有效合同</translation>
        </message>
        <message>
            <source>not state-owned, no exception</source>
            <translation>非国有客户，无赊销例外</translation>
        </message>
        <message>
            <source>not state-owned: the branch GM's exception applies</source>
            <translation>非国有客户：总经理已批准赊销例外</translation>
        </message>
        <message>
            <source>only for agreed-payment customers</source>
            <translation>仅适用于约定付款客户</translation>
        </message>
        <message>
            <source>since {day}</source>
            <translation>自{day}起</translation>
        </message>
        <message>
            <source>the previous delivery ({date}) still owes {amount}</source>
            <translation>上一笔发货（{date}）尚欠{amount}</translation>
        </message>
        <message>
            <source>unpaid slips {slips} + released, not yet slipped {released}</source>
            <translation>未付单据 {slips} + 已放行未开单 {released}</translation>
        </message>
        <message>
            <source>warning at {percent}% of the limit (exposure {amount})</source>
            <translation>敞口达额度的{percent}%（{amount}）时预警</translation>
        </message>
    </context>
    <context>
        <name>CreditQuotaDialog</name>
        <message>
            <source>%1: the limits approved for a month may not add up to more than this (every quarter).</source>
            <translation>%1：每月批准的授信额度合计不得超过此数（每个季度相同）。</translation>
        </message>
        <message>
            <source>Credit quota</source>
            <translation>大区授信限额</translation>
        </message>
        <message>
            <source>Credit quota (yuan)</source>
            <translation>授信限额（元）</translation>
        </message>
    </context>
    <context>
        <name>CreditRecords</name>
        <message>
            <source>Contracts</source>
            <translation>合同</translation>
        </message>
        <message>
            <source>Credit exceptions</source>
            <translation>赊销例外</translation>
        </message>
        <message>
            <source>End contract</source>
            <translation>终止合同</translation>
        </message>
        <message>
            <source>Ended {at}</source>
            <translation>已于{at}终止</translation>
        </message>
        <message>
            <source>Exposure documents</source>
            <translation>敞口明细</translation>
        </message>
        <message>
            <source>Exposure documents ({count})</source>
            <translation>敞口明细（{count}）</translation>
        </message>
        <message>
            <source>Grade history</source>
            <translation>等级历史</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>In force</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>授信额度</translation>
        </message>
        <message>
            <source>Revoke exception</source>
            <translation>撤销例外</translation>
        </message>
        <message>
            <source>Revoked {at}</source>
            <translation>已于{at}撤销</translation>
        </message>
        <message>
            <source>View scan</source>
            <translation>查看扫描件</translation>
        </message>
        <message>
            <source>{terms}, {days} days</source>
            <translation>{terms}，{days}天</translation>
        </message>
    </context>
    <context>
        <name>CreditWords</name>
        <message>
            <source>Agreed payment terms</source>
            <translation>约定付款</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Amount bought</source>
            <translation>实际金额</translation>
        </message>
        <message>
            <source>Answer by</source>
            <translation>答复期限</translation>
        </message>
        <message>
            <source>Applied at</source>
            <translation>申请时间</translation>
        </message>
        <message>
            <source>Applied by</source>
            <translation>申请人</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>As</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Awaiting decision</source>
            <translation>待审批</translation>
        </message>
        <message>
            <source>Bought</source>
            <translation>实际进货</translation>
        </message>
        <message>
            <source>Cap</source>
            <translation>上限</translation>
        </message>
        <message>
            <source>Cash on delivery</source>
            <translation>现款现货</translation>
        </message>
        <message>
            <source>Clear-before-credit terms</source>
            <translation>前清后欠</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>申请说明</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>预警情况</translation>
        </message>
        <message>
            <source>Credit evaluation</source>
            <translation>资信评估</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>逾期天数</translation>
        </message>
        <message>
            <source>Dealership</source>
            <translation>经销资格</translation>
        </message>
        <message>
            <source>Decided at</source>
            <translation>审批时间</translation>
        </message>
        <message>
            <source>Decided by</source>
            <translation>审批人</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>单据</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>应拜访日期</translation>
        </message>
        <message>
            <source>Due within a week</source>
            <translation>一周内到期</translation>
        </message>
        <message>
            <source>Effective from</source>
            <translation>生效日期</translation>
        </message>
        <message>
            <source>Filled in at</source>
            <translation>填写时间</translation>
        </message>
        <message>
            <source>Filled in by</source>
            <translation>填写人</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>等级</translation>
        </message>
        <message>
            <source>Grade {grade}</source>
            <translation>{grade}级</translation>
        </message>
        <message>
            <source>Granted at</source>
            <translation>批准时间</translation>
        </message>
        <message>
            <source>Granted by</source>
            <translation>批准人</translation>
        </message>
        <message>
            <source>Last rated</source>
            <translation>上次评级</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>上次拜访</translation>
        </message>
        <message>
            <source>Limit</source>
            <translation>额度</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Months below plan</source>
            <translation>连续未完成月数</translation>
        </message>
        <message>
            <source>Most days overdue</source>
            <translation>最长逾期天数</translation>
        </message>
        <message>
            <source>No cap</source>
            <translation>不设上限</translation>
        </message>
        <message>
            <source>No limit: cash on delivery only</source>
            <translation>无额度：仅现款现货</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Opened</source>
            <translation>发出时间</translation>
        </message>
        <message>
            <source>Outlets reached/planned</source>
            <translation>铺货网点（已完成/计划）</translation>
        </message>
        <message>
            <source>Overdue visits</source>
            <translation>逾期拜访</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>负责人</translation>
        </message>
        <message>
            <source>Paid</source>
            <translation>实际回款</translation>
        </message>
        <message>
            <source>Payment plan</source>
            <translation>回款计划</translation>
        </message>
        <message>
            <source>Payment terms</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>Planned amount</source>
            <translation>计划金额</translation>
        </message>
        <message>
            <source>Planned quantity</source>
            <translation>计划数量</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Purchase plan</source>
            <translation>进货计划</translation>
        </message>
        <message>
            <source>Quantity bought</source>
            <translation>实际数量</translation>
        </message>
        <message>
            <source>Rate by</source>
            <translation>评级截止</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评级结论</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已否决</translation>
        </message>
        <message>
            <source>Released, not yet slipped</source>
            <translation>已放行未开单</translation>
        </message>
        <message>
            <source>Response</source>
            <translation>处理情况</translation>
        </message>
        <message>
            <source>Scan</source>
            <translation>扫描件</translation>
        </message>
        <message>
            <source>Set at</source>
            <translation>设定时间</translation>
        </message>
        <message>
            <source>Set by</source>
            <translation>设定人</translation>
        </message>
        <message>
            <source>Set by hand (legacy)</source>
            <translation>手工设定（旧）</translation>
        </message>
        <message>
            <source>Signer</source>
            <translation>签约人</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Superseded</source>
            <translation>已被取代</translation>
        </message>
        <message>
            <source>Unlimited (grade 1)</source>
            <translation>无限额（1级）</translation>
        </message>
        <message>
            <source>Unpaid slip</source>
            <translation>未付单据</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效期</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>频次</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>预警类别</translation>
        </message>
        <message>
            <source>Written authorisation</source>
            <translation>书面授权</translation>
        </message>
    </context>
    <context>
        <name>CustomerChannel</name>
        <message>
            <source>Large pharmacy</source>
            <translation>大型药店</translation>
        </message>
        <message>
            <source>Pharmacy chain</source>
            <translation>连锁药店</translation>
        </message>
        <message>
            <source>Private</source>
            <translation>私营</translation>
        </message>
        <message>
            <source>State-owned</source>
            <translation>国有</translation>
        </message>
    </context>
    <context>
        <name>CustomerColumns</name>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>分支机构</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>渠道类型</translation>
        </message>
        <message>
            <source>Customer name</source>
            <translation>客户名称</translation>
        </message>
        <message>
            <source>Market office</source>
            <translation>市场部</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Unified social credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
    </context>
    <context>
        <name>CustomerEditor</name>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Credit</source>
            <translation>信用</translation>
        </message>
        <message>
            <source>Customer file</source>
            <translation>客户档案</translation>
        </message>
        <message>
            <source>Customer file: {name}</source>
            <translation>客户档案：{name}</translation>
        </message>
        <message>
            <source>New customer file</source>
            <translation>新建客户档案</translation>
        </message>
        <message>
            <source>Not saved. Please correct the fields marked in red:</source>
            <translation>未保存。请更正以下标红的项目：</translation>
        </message>
        <message>
            <source>Not saved: {reason}</source>
            <translation>未保存：{reason}</translation>
        </message>
        <message>
            <source>Not saved: {reason}. Your changes are still on screen.</source>
            <translation>未保存：{reason}。您的修改仍保留在窗口中。</translation>
        </message>
        <message>
            <source>Read only: your role can look at customer files but not change them.</source>
            <translation>只读：您的角色可以查看客户档案，但不能修改。</translation>
        </message>
        <message>
            <source>Reload the saved version (your changes here will be lost)</source>
            <translation>重新载入已保存的版本（此处的修改将丢失）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save the customer file (Ctrl+S)</source>
            <translation>保存客户档案（Ctrl+S）</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>Saved. Please check:</source>
            <translation>已保存。请注意：</translation>
        </message>
        <message>
            <source>The customer file could not be opened: {reason}</source>
            <translation>无法打开客户档案：{reason}</translation>
        </message>
        <message>
            <source>This customer file has changes that are not saved yet. Save them?</source>
            <translation>客户档案有尚未保存的修改，是否保存？</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <source>{name} — {status}</source>
            <translation>{name} — {status}</translation>
        </message>
    </context>
    <context>
        <name>CustomerFields</name>
        <message>
            <source>Account number</source>
            <translation>账号</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Annual sales scale</source>
            <translation>年销售规模</translation>
        </message>
        <message>
            <source>Bank</source>
            <translation>开户银行</translation>
        </message>
        <message>
            <source>Business nature</source>
            <translation>经营性质</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>渠道类型</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>Customer name</source>
            <translation>客户名称</translation>
        </message>
        <message>
            <source>Founding date</source>
            <translation>创办时间</translation>
        </message>
        <message>
            <source>Goods flow</source>
            <translation>货物流向</translation>
        </message>
        <message>
            <source>Legal representative</source>
            <translation>法人代表</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>证照情况</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>经营管理者</translation>
        </message>
        <message>
            <source>Market office</source>
            <translation>市场部</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>所有者</translation>
        </message>
        <message>
            <source>Payment method</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Payment reputation</source>
            <translation>付款信誉</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Postcode</source>
            <translation>邮编</translation>
        </message>
        <message>
            <source>Registration</source>
            <translation>户口情况</translation>
        </message>
        <message>
            <source>Sales amount</source>
            <translation>月销售额</translation>
        </message>
        <message>
            <source>Sales data</source>
            <translation>销售资料</translation>
        </message>
        <message>
            <source>Sales data row {row}: {column}</source>
            <translation>销售资料第{row}行：{column}</translation>
        </message>
        <message>
            <source>Sales volume</source>
            <translation>月销售量</translation>
        </message>
        <message>
            <source>Stock</source>
            <translation>月库存量</translation>
        </message>
        <message>
            <source>Total product sales</source>
            <translation>汇总产品销售额</translation>
        </message>
        <message>
            <source>Unified social credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
        <message>
            <source>Years in business</source>
            <translation>经营年数</translation>
        </message>
    </context>
    <context>
        <name>CustomerForm</name>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>(not set)</source>
            <translation>（未填）</translation>
        </message>
        <message>
            <source>* required. Codes, phone numbers and amounts are checked when you leave the field.</source>
            <translation>* 为必填项。信用代码、电话、邮编和金额在离开输入框时即检查。</translation>
        </message>
        <message>
            <source>Add month</source>
            <translation>添加月份</translation>
        </message>
        <message>
            <source>Annual sales scale (yuan)</source>
            <translation>年销售规模（元）</translation>
        </message>
        <message>
            <source>Basic data</source>
            <translation>基础资料</translation>
        </message>
        <message>
            <source>Credit data</source>
            <translation>资信资料</translation>
        </message>
        <message>
            <source>One row per month: sales volume and stock in pieces, sales amount in yuan. Double-click a cell to edit it.</source>
            <translation>每月一行：月销售量和月库存量以件计，月销售额以元计。双击单元格即可修改。</translation>
        </message>
        <message>
            <source>Remove selected rows</source>
            <translation>删除所选行</translation>
        </message>
        <message>
            <source>Required</source>
            <translation>必填</translation>
        </message>
        <message>
            <source>Sales data</source>
            <translation>销售资料</translation>
        </message>
        <message>
            <source>Sales data row {row}: {message}</source>
            <translation>销售资料第{row}行：{message}</translation>
        </message>
        <message>
            <source>Status and history</source>
            <translation>状态与审批记录</translation>
        </message>
        <message>
            <source>Total product sales (yuan)</source>
            <translation>汇总产品销售额（元）</translation>
        </message>
    </context>
    <context>
        <name>CustomerListView</name>
        <message>
            <source>%1 customers</source>
            <translation>共 %1 个客户</translation>
        </message>
        <message>
            <source>1 customer</source>
            <translation>共 1 个客户</translation>
        </message>
        <message>
            <source>All channels</source>
            <translation>全部渠道</translation>
        </message>
        <message>
            <source>All market offices</source>
            <translation>全部市场部</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>CSV file (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Counting…</source>
            <translation>正在统计…</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export customers</source>
            <translation>导出客户</translation>
        </message>
        <message>
            <source>Exported %1 customers to %2</source>
            <translation>已导出 %1 个客户到 %2</translation>
        </message>
        <message>
            <source>Exporting is not available yet.</source>
            <translation>导出功能暂不可用。</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>Importing is not available yet.</source>
            <translation>导入功能暂不可用。</translation>
        </message>
        <message>
            <source>No customer matches the search and filters.</source>
            <translation>没有符合搜索和筛选条件的客户。</translation>
        </message>
        <message>
            <source>Search: name, pinyin initials (e.g. %1), credit code or phone</source>
            <translation>搜索：客户名称、拼音首字母（如 %1）、信用代码或电话</translation>
        </message>
        <message>
            <source>The customer editor is not available yet.</source>
            <translation>客户档案编辑暂不可用。</translation>
        </message>
        <message>
            <source>There are no customers yet.</source>
            <translation>还没有客户。</translation>
        </message>
        <message>
            <source>customers-%1.xlsx</source>
            <translation>客户-%1.xlsx</translation>
        </message>
    </context>
    <context>
        <name>CustomerStatus</name>
        <message>
            <source> (on hold)</source>
            <translation>（暂停发货）</translation>
        </message>
        <message>
            <source>Awaiting branch GM review</source>
            <translation>待总经理审核</translation>
        </message>
        <message>
            <source>Awaiting head-office approval</source>
            <translation>待总部批准</translation>
        </message>
        <message>
            <source>Prospect</source>
            <translation>待提名</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已否决</translation>
        </message>
        <message>
            <source>Selected</source>
            <translation>已选定</translation>
        </message>
        <message>
            <source>Sent back</source>
            <translation>已退回</translation>
        </message>
        <message>
            <source>Terminated</source>
            <translation>已终止</translation>
        </message>
    </context>
    <context>
        <name>CustomerTableModel</name>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
    </context>
    <context>
        <name>DateField</name>
        <message>
            <source>Calendar</source>
            <translation>日历</translation>
        </message>
        <message>
            <source>Pick the date on a calendar</source>
            <translation>在日历上选择日期</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>年-月-日</translation>
        </message>
    </context>
    <context>
        <name>DeliveryDialog</name>
        <message>
            <source>Confirm delivery and issue the slip</source>
            <translation>确认送达并开具单据</translation>
        </message>
        <message>
            <source>Confirm delivery: {number}</source>
            <translation>确认送达：{number}</translation>
        </message>
        <message>
            <source>Delivered</source>
            <translation>实收数量</translation>
        </message>
        <message>
            <source>Delivered on</source>
            <translation>送达日期</translation>
        </message>
        <message>
            <source>Delivery date</source>
            <translation>送达日期</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Lines not fully received go back to the branch: type what the customer received (0 leaves the line off the slip).</source>
            <translation>客户未全部收下的货物退回分支机构：请填写客户实际收到的数量（填0则该行不开入单据）。</translation>
        </message>
        <message>
            <source>Ordered</source>
            <translation>发运数量</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>品名</translation>
        </message>
    </context>
    <context>
        <name>DispatchColumns</name>
        <message>
            <source>Amount (¥)</source>
            <translation>金额（¥）</translation>
        </message>
        <message>
            <source>Approval</source>
            <translation>审批</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Driver</source>
            <translation>送货员</translation>
        </message>
        <message>
            <source>Note number</source>
            <translation>发运单号</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>申请时间</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>路线</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>销售方式</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
    </context>
    <context>
        <name>DispatchDetail</name>
        <message>
            <source> (cancelled {when})</source>
            <translation>（已于{when}注销）</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Amount (¥)</source>
            <translation>金额（¥）</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>审批</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>编码</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Delivered</source>
            <translation>送达</translation>
        </message>
        <message>
            <source>Driver and route</source>
            <translation>送货员和路线</translation>
        </message>
        <message>
            <source>Expiry</source>
            <translation>有效期</translation>
        </message>
        <message>
            <source>Line</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Note returned</source>
            <translation>交回</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>品名</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>实收</translation>
        </message>
        <message>
            <source>Released</source>
            <translation>放行</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>申请</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>销售方式</translation>
        </message>
        <message>
            <source>Select a dispatch note to see it here.</source>
            <translation>请选择一张发运单，在此查看详情。</translation>
        </message>
        <message>
            <source>Slips</source>
            <translation>单据</translation>
        </message>
        <message>
            <source>Specification</source>
            <translation>规格</translation>
        </message>
        <message>
            <source>Temporary receipt</source>
            <translation>临时收条</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Unit price (¥)</source>
            <translation>单价（¥）</translation>
        </message>
        <message>
            <source>{mode}: {who}, {when}</source>
            <translation>{mode}：{who}，{when}</translation>
        </message>
        <message>
            <source>{number} · {status}</source>
            <translation>{number} · {status}</translation>
        </message>
        <message>
            <source>{number}, {office}, issued by {who} {when}</source>
            <translation>{number}，{office}，{who}于{when}开具</translation>
        </message>
        <message>
            <source>{when}: {reason}</source>
            <translation>{when}：{reason}</translation>
        </message>
        <message>
            <source>{who}, {when}</source>
            <translation>{who}，{when}</translation>
        </message>
    </context>
    <context>
        <name>DispatchDialogs</name>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>DispatchNotesView</name>
        <message>
            <source>All notes</source>
            <translation>全部发运单</translation>
        </message>
        <message>
            <source>Approve (signed)</source>
            <translation>签字批准</translation>
        </message>
        <message>
            <source>Approve by phone</source>
            <translation>电话批准</translation>
        </message>
        <message>
            <source>Assign driver and route…</source>
            <translation>安排送货员和路线…</translation>
        </message>
        <message>
            <source>Cancel dispatch note</source>
            <translation>取消发运单</translation>
        </message>
        <message>
            <source>Cancel note…</source>
            <translation>取消发运单…</translation>
        </message>
        <message>
            <source>Cancel the note</source>
            <translation>取消发运单</translation>
        </message>
        <message>
            <source>Cancel {number} ({customer}, {amount})? Only possible before release; the number is kept.</source>
            <translation>取消{number}（{customer}，{amount}）？只能在放行前取消；单号保留。</translation>
        </message>
        <message>
            <source>Confirm delivery…</source>
            <translation>确认送达…</translation>
        </message>
        <message>
            <source>Dispatch note {number} requested for {customer} ({amount}); it awaits approval.</source>
            <translation>已为{customer}申请发运单{number}（{amount}），等待审批。</translation>
        </message>
        <message>
            <source>Dispatch notes</source>
            <translation>发运单</translation>
        </message>
        <message>
            <source>Loading {number}…</source>
            <translation>正在读取{number}…</translation>
        </message>
        <message>
            <source>Note number or customer name</source>
            <translation>发运单号或客户名称</translation>
        </message>
        <message>
            <source>Only when both the sales manager and the GM are out: the signature is then owed and listed until it is completed.</source>
            <translation>仅限销售经理和总经理均不在时使用：签字须事后补签，补签前列入待补签清单。</translation>
        </message>
        <message>
            <source>Open notes</source>
            <translation>未完结发运单</translation>
        </message>
        <message>
            <source>Park at market office</source>
            <translation>暂存市场部</translation>
        </message>
        <message>
            <source>Park at market office…</source>
            <translation>暂存市场部…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Request goods…</source>
            <translation>申请发货…</translation>
        </message>
        <message>
            <source>Select a dispatch note to see it here.</source>
            <translation>请选择一张发运单，在此查看详情。</translation>
        </message>
        <message>
            <source>Signature completed</source>
            <translation>已补签</translation>
        </message>
        <message>
            <source>Signature of {number} completed.</source>
            <translation>{number}已补签。</translation>
        </message>
        <message>
            <source>The customer cannot receive {number}? The goods stay at the market office against a temporary receipt, cancelled on final delivery.</source>
            <translation>客户暂时无法收货{number}？货物凭临时收条暂存市场部，最终送达时注销收条。</translation>
        </message>
        <message>
            <source>{number} approved (signed).</source>
            <translation>{number}已签字批准。</translation>
        </message>
        <message>
            <source>{number} approved by phone: the signature is owed until completed.</source>
            <translation>{number}已电话批准：须事后补签。</translation>
        </message>
        <message>
            <source>{number} cancelled.</source>
            <translation>{number}已取消。</translation>
        </message>
        <message>
            <source>{number} parked at the market office: temporary receipt {receipt}.</source>
            <translation>{number}已暂存市场部：临时收条{receipt}。</translation>
        </message>
        <message>
            <source>{number}: driver {driver}, route {route}.</source>
            <translation>{number}：送货员{driver}，路线{route}。</translation>
        </message>
    </context>
    <context>
        <name>DispatchRequestDialog</name>
        <message>
            <source>Add line</source>
            <translation>添加一行</translation>
        </message>
        <message>
            <source>Choose a customer</source>
            <translation>请选择客户</translation>
        </message>
        <message>
            <source>Choose cash or credit</source>
            <translation>请选择现款或赊销</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Optional: for the managers and the driver</source>
            <translation>选填：给经理和送货员的说明</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Remove line</source>
            <translation>删除所选行</translation>
        </message>
        <message>
            <source>Request goods (dispatch note)</source>
            <translation>申请发货（货物发运单）</translation>
        </message>
        <message>
            <source>Sale</source>
            <translation>销售方式</translation>
        </message>
        <message>
            <source>Search products: code, name or pinyin</source>
            <translation>搜索产品：编码、品名或拼音</translation>
        </message>
        <message>
            <source>Search selected customers: name or pinyin initials</source>
            <translation>搜索已选定客户：名称或拼音首字母</translation>
        </message>
        <message>
            <source>Submit request</source>
            <translation>提交申请</translation>
        </message>
        <message>
            <source>The request was not saved. Please correct the marked fields.</source>
            <translation>申请未保存，请更正标红的内容。</translation>
        </message>
        <message>
            <source>Total: {amount}</source>
            <translation>合计：{amount}</translation>
        </message>
        <message>
            <source>{code} {name}{spec} · factory price {price}</source>
            <translation>{code} {name}{spec} · 厂价 {price}</translation>
        </message>
    </context>
    <context>
        <name>DispatchStatus</name>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Awaiting approval</source>
            <translation>待审批</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Delivered</source>
            <translation>已送达</translation>
        </message>
        <message>
            <source>Driver assigned</source>
            <translation>已派车</translation>
        </message>
        <message>
            <source>Note returned</source>
            <translation>已交回</translation>
        </message>
        <message>
            <source>Parked at market office</source>
            <translation>暂存市场部</translation>
        </message>
        <message>
            <source>Released</source>
            <translation>已放行</translation>
        </message>
    </context>
    <context>
        <name>ErrorMessages</name>
        <message>
            <source>
The log file: %1</source>
            <translation>
日志文件：%1</translation>
        </message>
        <message>
            <source>A file or folder was not found (moved, renamed or deleted?).</source>
            <translation>找不到文件或文件夹（是否已被移动、改名或删除？）。</translation>
        </message>
        <message>
            <source>Access was refused: the file or folder is protected, or another program is using it.</source>
            <translation>访问被拒绝：该文件或文件夹受保护，或正被其他程序使用。</translation>
        </message>
        <message>
            <source>An unexpected error occurred. Please tell your administrator (the details are in the log).</source>
            <translation>发生了意外错误，请告知系统管理员（详细信息已记入日志）。</translation>
        </message>
        <message>
            <source>An unexpected error occurred. Please tell your administrator.</source>
            <translation>发生了意外错误，请告知系统管理员。</translation>
        </message>
        <message>
            <source>Copy details</source>
            <translation>复制详细信息</translation>
        </message>
        <message>
            <source>Kehu</source>
            <translation>客户管理系统</translation>
        </message>
        <message>
            <source>The computer reported a problem with a file, a device or the network. Please try again; if it persists, tell your administrator.</source>
            <translation>计算机报告文件、设备或网络出现问题。请重试；如问题持续，请告知系统管理员。</translation>
        </message>
        <message>
            <source>The connection failed or did not answer in time. Please try again.</source>
            <translation>连接失败或超时，请重试。</translation>
        </message>
        <message>
            <source>The disk is full.</source>
            <translation>磁盘已满。</translation>
        </message>
    </context>
    <context>
        <name>Evaluation</name>
        <message>
            <source>Annual sales scale</source>
            <extracomment>The indicators' names on the form (English source; zh_CN in evaluation_dialogs.tsv).</extracomment>
            <translation>年销售规模</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>已批准</translation>
        </message>
        <message>
            <source>Awaiting the branch GM's review</source>
            <translation>待总经理审核</translation>
        </message>
        <message>
            <source>Awaiting the marketing director</source>
            <translation>待营销总监批准</translation>
        </message>
        <message>
            <source>Business nature</source>
            <translation>经营性质</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>Credit evaluation: {name}</source>
            <translation>资信等级评估表：{name}</translation>
        </message>
        <message>
            <source>Credit evaluation: {name}, {month}</source>
            <translation>资信等级评估表：{name}，{month}</translation>
        </message>
        <message>
            <source>Current grade: {grade}. Rule table version {version}.</source>
            <translation>现行等级：{grade}。评级规则表第{version}版。</translation>
        </message>
        <message>
            <source>Decided at head office; the branch applies it at its next sync</source>
            <translation>总部已决定，分支机构下次同步后生效</translation>
        </message>
        <message>
            <source>Filed by {name} on {at}</source>
            <translation>{name}于{at}填写</translation>
        </message>
        <message>
            <source>Goods flow</source>
            <translation>货物流向</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>等级</translation>
        </message>
        <message>
            <source>Key indicators</source>
            <translation>关键指标</translation>
        </message>
        <message>
            <source>Licences</source>
            <translation>证照情况</translation>
        </message>
        <message>
            <source>Month rated</source>
            <translation>评级月份</translation>
        </message>
        <message>
            <source>Monthly sales amount</source>
            <translation>月销售额</translation>
        </message>
        <message>
            <source>Other indicators</source>
            <translation>其他指标</translation>
        </message>
        <message>
            <source>Pass to the marketing director</source>
            <translation>审核通过，报营销总监</translation>
        </message>
        <message>
            <source>Payment method</source>
            <translation>付款方式</translation>
        </message>
        <message>
            <source>Payment reputation</source>
            <translation>付款信誉</translation>
        </message>
        <message>
            <source>Registration</source>
            <translation>户口情况</translation>
        </message>
        <message>
            <source>Required to send back; recorded with the decision</source>
            <translation>退回时必填；随决定一并记录</translation>
        </message>
        <message>
            <source>Send back</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>Sent back</source>
            <translation>已退回</translation>
        </message>
        <message>
            <source>Status: {status}</source>
            <translation>状态：{status}</translation>
        </message>
        <message>
            <source>Submit for review</source>
            <translation>提交审核</translation>
        </message>
        <message>
            <source>The payment record suggests {level} for payment reputation.</source>
            <translation>按付款记录，付款信誉建议评{level}。</translation>
        </message>
        <message>
            <source>Total product sales</source>
            <translation>汇总产品销售额</translation>
        </message>
        <message>
            <source>What the reviewer should know (optional)</source>
            <translation>需要审核人知道的情况（可不填）</translation>
        </message>
        <message>
            <source>Years in business</source>
            <translation>经营年数</translation>
        </message>
        <message>
            <source>decided by {name} on {at}</source>
            <translation>{name}于{at}决定</translation>
        </message>
        <message>
            <source>not graded</source>
            <translation>未评级</translation>
        </message>
        <message>
            <source>reviewed by {name} on {at}</source>
            <translation>{name}于{at}审核</translation>
        </message>
        <message>
            <source>{count} indicators still to score</source>
            <translation>还有{count}项未评</translation>
        </message>
        <message>
            <source>{explanation} (rule {rule}, table version {version})</source>
            <translation>{explanation}（第{rule}条规则，规则表第{version}版）</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— 请选择 —</translation>
        </message>
    </context>
    <context>
        <name>EvaluationsView</name>
        <message>
            <source>Credit ratings</source>
            <translation>资信评级</translation>
        </message>
        <message>
            <source>Every selected customer is rated each month: the sales manager fills the form, the branch GM reviews it, the marketing director approves it. Only an approved evaluation changes the grade, and the cashier's next release follows it.</source>
            <translation>已入选客户每月评级一次：销售经理填写评估表，总经理审核，营销总监批准。只有批准的评估表才改变资信等级，出纳的下一次放行即按新等级执行。</translation>
        </message>
        <message>
            <source>Fill in the evaluation…</source>
            <translation>填写评估表…</translation>
        </message>
        <message>
            <source>No credit evaluations are yours to fill in or decide.</source>
            <translation>没有需要您填写或决定的资信评估表。</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Print the form…</source>
            <translation>打印评估表…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Review / approve…</source>
            <translation>审核/批准…</translation>
        </message>
        <message>
            <source>Save the evaluation form</source>
            <translation>保存资信等级评估表</translation>
        </message>
        <message>
            <source>Saved as {path}</source>
            <translation>已保存为{path}</translation>
        </message>
        <message>
            <source>This month's evaluations</source>
            <translation>本月评估表</translation>
        </message>
        <message>
            <source>To rate this month</source>
            <translation>本月待评</translation>
        </message>
        <message>
            <source>To rate this month ({n})</source>
            <translation>本月待评（{n}）</translation>
        </message>
        <message>
            <source>Waiting for me</source>
            <translation>待我处理</translation>
        </message>
        <message>
            <source>Waiting for me ({n})</source>
            <translation>待我处理（{n}）</translation>
        </message>
        <message>
            <source>credit evaluation {customer} {month}.pdf</source>
            <translation>资信等级评估表 {customer} {month}.pdf</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未评级</translation>
        </message>
        <message>
            <source>not filed</source>
            <translation>未填写</translation>
        </message>
        <message>
            <source>not graded</source>
            <translation>未评级</translation>
        </message>
        <message>
            <source>{customer}, {month}: {explanation} — {status}</source>
            <translation>{customer}，{month}：{explanation}——{status}</translation>
        </message>
        <message>
            <source>{waiting} waiting for me; {due} to rate this month, {overdue} overdue</source>
            <translation>待我处理{waiting}份；本月待评{due}户，逾期{overdue}户</translation>
        </message>
    </context>
    <context>
        <name>ExceptionDialog</name>
        <message>
            <source>Customers that are not state-owned buy for cash unless the branch GM grants an exception for a period.</source>
            <translation>非国有客户一律现款现货，除非分支机构总经理批准一段时期内的赊销例外。</translation>
        </message>
        <message>
            <source>Grant a credit exception</source>
            <translation>批准赊销例外</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>例外理由</translation>
        </message>
        <message>
            <source>Valid from</source>
            <translation>生效日期</translation>
        </message>
        <message>
            <source>Valid to</source>
            <translation>到期日期</translation>
        </message>
    </context>
    <context>
        <name>FileDialogWords</name>
        <message>
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>A sample branch with customers and one user for each role, to try the program out. Nothing in it is real.</source>
            <translation>一个示例分支机构，含若干客户和每个角色各一名用户，供试用本程序。其中数据均为虚构。</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>Administrator user name</source>
            <translation>管理员用户名</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Branch address</source>
            <translation>分支机构地址</translation>
        </message>
        <message>
            <source>Branch code</source>
            <translation>分支机构代码</translation>
        </message>
        <message>
            <source>Branch name</source>
            <translation>分支机构名称</translation>
        </message>
        <message>
            <source>Branch phone</source>
            <translation>分支机构电话</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>公司名称</translation>
        </message>
        <message>
            <source>Creating the demo branch, please wait…</source>
            <translation>正在创建演示分支机构，请稍候…</translation>
        </message>
        <message>
            <source>Drug-trade licence no.</source>
            <translation>药品经营许可证号</translation>
        </message>
        <message>
            <source>Enter your branch and its first administrator. Other users are added afterwards by the administrator.</source>
            <translation>填写本分支机构及第一位管理员。其他用户之后由管理员添加。</translation>
        </message>
        <message>
            <source>Market offices</source>
            <translation>市场部</translation>
        </message>
        <message>
            <source>Open the demo branch</source>
            <translation>打开演示分支机构</translation>
        </message>
        <message>
            <source>Optional. One per line: code and name, e.g.
PD Pudong market office</source>
            <translation>可选。每行一个：代码和名称，例如
PD 浦东市场部</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>确认密码</translation>
        </message>
        <message>
            <source>Printed on every slip as the seller (随货同行单):</source>
            <translation>作为供货单位印在每张单据（随货同行单）上：</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>营销大区</translation>
        </message>
        <message>
            <source>Set up</source>
            <translation>完成设置</translation>
        </message>
        <message>
            <source>Set up my branch</source>
            <translation>设置我的分支机构</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop creating the demo branch; the database stays empty.</source>
            <translation>停止创建演示分支，数据库保持为空。</translation>
        </message>
        <message>
            <source>Stopping; removing what was created…</source>
            <translation>正在停止，并删除已创建的内容…</translation>
        </message>
        <message>
            <source>The demo branch is not part of this build.</source>
            <translation>此版本不含演示分支机构。</translation>
        </message>
        <message>
            <source>The first administrator:</source>
            <translation>第一位系统管理员：</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>This database is empty. How would you like to start?</source>
            <translation>数据库中还没有任何数据。您想如何开始？</translation>
        </message>
        <message>
            <source>Use letters and digits only, e.g. SH.</source>
            <translation>只能使用字母和数字，例如 SH。</translation>
        </message>
        <message>
            <source>Welcome to Kehu</source>
            <translation>欢迎使用客户管理系统</translation>
        </message>
        <message>
            <source>Welcome to Kehu customer management</source>
            <translation>欢迎使用客户管理系统</translation>
        </message>
        <message>
            <source>e.g. East China region</source>
            <translation>例如：华东大区</translation>
        </message>
        <message>
            <source>e.g. SH (letters or digits)</source>
            <translation>例如：SH（字母或数字）</translation>
        </message>
        <message>
            <source>e.g. Shanghai branch</source>
            <translation>例如：上海分公司</translation>
        </message>
        <message>
            <source>e.g. 华东康健医药股份有限公司</source>
            <translation>例如：华东康健医药股份有限公司</translation>
        </message>
        <message>
            <source>e.g. 沪AA0210001</source>
            <translation>例如：沪AA0210001</translation>
        </message>
        <message>
            <source>with area code, e.g. 021-56781234</source>
            <translation>含区号，例如：021-56781234</translation>
        </message>
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>(whole row)</source>
            <translation>（整行）</translation>
        </message>
        <message>
            <source>After correcting the file, check it again</source>
            <translation>改正文件后重新检查</translation>
        </message>
        <message>
            <source>Check again</source>
            <translation>重新检查</translation>
        </message>
        <message>
            <source>Checking the file…</source>
            <translation>正在检查文件…</translation>
        </message>
        <message>
            <source>Choose file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <source>Choose the customer file to import</source>
            <translation>选择要导入的客户文件</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Customer lists (*.csv *.xlsx);;All files (*)</source>
            <translation>客户清单 (*.csv *.xlsx);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
            <translation>Excel工作簿 (*.xlsx);;CSV文件 (*.csv)</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Import customers</source>
            <translation>导入客户</translation>
        </message>
        <message>
            <source>Import customers from a CSV or Excel (.xlsx) file; new ones become prospects. The whole file is checked first; nothing is imported until every row is correct. Rows that repeat a customer you already have are skipped, unless you choose to update that customer's file from them.</source>
            <translation>从CSV或Excel（.xlsx）文件导入客户，新客户的状态为待提名。导入前先检查整个文件，所有行都正确后才会导入。与已有客户重复的行会被跳过，也可以选择用这些行更新已有客户的档案。</translation>
        </message>
        <message>
            <source>Imported: {created} new customer(s) (prospects), {updated} updated, {skipped} duplicate row(s) skipped.</source>
            <translation>导入完成：新建{created}位客户（待提名），更新{updated}位，跳过{skipped}行重复。</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>No file chosen</source>
            <translation>尚未选择文件</translation>
        </message>
        <message>
            <source>Nothing to import: all {skipped} row(s) repeat customers you already have (or earlier rows).</source>
            <translation>没有需要导入的内容：全部{skipped}行都与已有客户（或文件中前面的行）重复。</translation>
        </message>
        <message>
            <source>Nothing was imported. Check the file again and retry.</source>
            <translation>未导入任何客户。请重新检查文件后再试。</translation>
        </message>
        <message>
            <source>Open the template</source>
            <translation>打开模板</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Problems to correct in the file</source>
            <translation>文件中须改正的问题</translation>
        </message>
        <message>
            <source>Ready: {created} new customer(s), {updated} to update, {skipped} duplicate row(s) skipped. Click Import to write them.</source>
            <translation>检查完毕：将新建{created}位客户，更新{updated}位，跳过{skipped}行重复。点击“导入”写入。</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Rows are numbered as Excel and WPS show them (the header is usually row 1).</source>
            <translation>行号与Excel、WPS中显示的一致（表头通常是第1行）。</translation>
        </message>
        <message>
            <source>Save the import template</source>
            <translation>保存导入模板</translation>
        </message>
        <message>
            <source>Save the import template…</source>
            <translation>保存导入模板…</translation>
        </message>
        <message>
            <source>Skipped (duplicate)</source>
            <translation>跳过（重复）</translation>
        </message>
        <message>
            <source>Some rows repeat customers you already have and will be skipped. To update those customers' files from the file instead, tick “Update the existing customer files”.</source>
            <translation>部分行与已有客户重复，将被跳过。如要改为用这些行更新已有客户的档案，请勾选“用重复的行更新已有客户档案”。</translation>
        </message>
        <message>
            <source>Template saved: {path}</source>
            <translation>模板已保存：{path}</translation>
        </message>
        <message>
            <source>The file holds no customer rows.</source>
            <translation>文件中没有客户数据行。</translation>
        </message>
        <message>
            <source>Update</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Update the existing customer files from duplicate rows instead of skipping them (filled cells only; the status never changes)</source>
            <translation>用重复的行更新已有客户档案，而不是跳过（只更新填写了内容的单元格；客户状态不会改变）</translation>
        </message>
        <message>
            <source>What happens to each row</source>
            <translation>各行的处理结果</translation>
        </message>
        <message>
            <source>Your role cannot import customers; ask a clerk or the sales manager.</source>
            <translation>您的角色不能导入客户，请联系文员或销售经理。</translation>
        </message>
        <message>
            <source>customer import template.xlsx</source>
            <translation>客户导入模板.xlsx</translation>
        </message>
        <message>
            <source>{column} (header)</source>
            <translation>{column}（表头）</translation>
        </message>
        <message>
            <source>{ok} row(s) are correct. {problems} problem(s) must be corrected in the file before anything can be imported.</source>
            <translation>{ok}行正确。文件中有{problems}处问题，改正后才能导入。</translation>
        </message>
    </context>
    <context>
        <name>KehuApp</name>
        <message>
            <source>Kehu</source>
            <translation>客户管理系统</translation>
        </message>
        <message>
            <source>The database cannot be opened.</source>
            <translation>无法打开数据库。</translation>
        </message>
    </context>
    <context>
        <name>LimitDialog</name>
        <message>
            <source>Amount (yuan)</source>
            <translation>额度（元）</translation>
        </message>
        <message>
            <source>Apply for a credit limit</source>
            <translation>申请授信额度</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>申请说明</translation>
        </message>
        <message>
            <source>Grade 5: no credit, cash on delivery only.</source>
            <translation>5级：不予授信，仅限现款现货。</translation>
        </message>
        <message>
            <source>Grade and cap</source>
            <translation>等级与上限</translation>
        </message>
        <message>
            <source>Grade {grade}: at most {cap}</source>
            <translation>{grade}级：最高{cap}</translation>
        </message>
        <message>
            <source>Grade {grade}: no cap; the unlimited mode may be chosen.</source>
            <translation>{grade}级：不设上限，可申请无限额。</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Not graded yet: no limit can be applied for.</source>
            <translation>尚未评定资信等级，不能申请授信额度。</translation>
        </message>
        <message>
            <source>Unlimited (grade 1 only)</source>
            <translation>无限额（仅限1级）</translation>
        </message>
        <message>
            <source>Why this amount (sales plan, payment record…)</source>
            <translation>申请理由（销售计划、回款记录等）</translation>
        </message>
        <message>
            <source>e.g. 100,000.00</source>
            <translation>如 100,000.00</translation>
        </message>
        <message>
            <source>{month} (next month)</source>
            <translation>{month}（下月）</translation>
        </message>
        <message>
            <source>{month} (this month: first limit or a raise)</source>
            <translation>{month}（本月：首次授信或调整额度）</translation>
        </message>
    </context>
    <context>
        <name>LimitsView</name>
        <message>
            <source>Applications whose grade is under your authority: grade 1 regional manager, 2 marketing director, 3 branch GM, 4 sales manager. Approving re-checks the cap and the region quota; rejecting needs a comment.</source>
            <translation>资信等级属于您审批权限的授信申请：1级由大区经理、2级由营销总监、3级由分支机构总经理、4级由销售经理审批。批准时重新核对设定基准和大区限额；否决须填写意见。</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Credit limit decisions</source>
            <translation>授信审批</translation>
        </message>
        <message>
            <source>Decided here</source>
            <translation>本次已审批</translation>
        </message>
        <message>
            <source>Decision comment</source>
            <translation>审批意见</translation>
        </message>
        <message>
            <source>Limits of {name}</source>
            <translation>{name}的额度记录</translation>
        </message>
        <message>
            <source>No credit limit decisions are yours to make.</source>
            <translation>您没有需要审批的授信额度。</translation>
        </message>
        <message>
            <source>Not decided: {reason}</source>
            <translation>未审批：{reason}</translation>
        </message>
        <message>
            <source>Overdue: the answer was due on {day}</source>
            <translation>已逾期：应于{day}前答复</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>否决</translation>
        </message>
        <message>
            <source>Required to reject; recorded with the decision</source>
            <translation>否决时必填，随审批结果一并记录</translation>
        </message>
        <message>
            <source>This customer's limits</source>
            <translation>该客户的额度记录</translation>
        </message>
        <message>
            <source>{count} awaiting</source>
            <translation>{count}项待审批</translation>
        </message>
        <message>
            <source>{status}: {customer}, {month}, {amount}</source>
            <translation>{status}：{customer}，{month}，{amount}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>&amp;About Kehu</source>
            <translation>关于客户管理系统(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Administration…</source>
            <translation>系统管理(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Backup and restore…</source>
            <translation>备份与恢复(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Customers</source>
            <translation>客户(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Export customers…</source>
            <translation>导出客户(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Find customer</source>
            <translation>查找客户(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Head-office sync…</source>
            <translation>总部同步(&amp;H)…</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Import customers…</source>
            <translation>导入客户(&amp;I)…</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;New customer…</source>
            <translation>新建客户(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Open customer</source>
            <translation>打开客户(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Settings</source>
            <translation>设置(&amp;S)</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Kehu customer management %1&lt;/h3&gt;&lt;p&gt;Customer files, selection, credit and dispatch for branch offices, following the ten steps of customer management.&lt;/p&gt;&lt;p&gt;Python %2, Qt for Python %3. Chinese text uses the WenQuanYi Micro Hei font (Apache-2.0).&lt;/p&gt;</source>
            <translation>&lt;h3&gt;客户管理系统 %1&lt;/h3&gt;&lt;p&gt;面向分支机构的客户档案、客户选择、授信与发货管理，依据“管理客户的十步法则”。&lt;/p&gt;&lt;p&gt;Python %2，Qt for Python %3。中文字体：文泉驿微米黑（Apache-2.0）。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A sync is already on its way.</source>
            <translation>正在同步，请稍候。</translation>
        </message>
        <message>
            <source>About Kehu</source>
            <translation>关于客户管理系统</translation>
        </message>
        <message>
            <source>Approvals</source>
            <translation>审批</translation>
        </message>
        <message>
            <source>Backed up: %1</source>
            <translation>已备份：%1</translation>
        </message>
        <message>
            <source>Branch sync</source>
            <translation>分支机构同步</translation>
        </message>
        <message>
            <source>Cashier desk</source>
            <translation>出纳放行</translation>
        </message>
        <message>
            <source>Change &amp;password…</source>
            <translation>修改密码(&amp;P)…</translation>
        </message>
        <message>
            <source>Changing the password is not available yet.</source>
            <translation>修改密码功能暂不可用。</translation>
        </message>
        <message>
            <source>Credit limits</source>
            <translation>授信审批</translation>
        </message>
        <message>
            <source>Credit ratings</source>
            <translation>资信评级</translation>
        </message>
        <message>
            <source>Customers</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Database in use: %1</source>
            <translation>当前使用的数据库：%1</translation>
        </message>
        <message>
            <source>Dispatch notes</source>
            <translation>发运单</translation>
        </message>
        <message>
            <source>Distribution plans</source>
            <translation>分销计划</translation>
        </message>
        <message>
            <source>Early warnings</source>
            <translation>预警</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Head office</source>
            <translation>总部</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Kehu customer management</source>
            <extracomment>A backup was restored: everyone signs in again (the notice says why).</extracomment>
            <translation>客户管理系统</translation>
        </message>
        <message>
            <source>Kehu customer management — %1</source>
            <translation>客户管理系统 — %1</translation>
        </message>
        <message>
            <source>Main toolbar</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <source>Monthly sales report</source>
            <translation>客户销售月报表</translation>
        </message>
        <message>
            <source>My work</source>
            <translation>我的待办</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Payments</source>
            <translation>回款</translation>
        </message>
        <message>
            <source>Products</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Rating rules</source>
            <translation>评级规则表</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Region quotas</source>
            <translation>大区限额</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>退出登录(&amp;O)</translation>
        </message>
        <message>
            <source>Slips</source>
            <translation>单据</translation>
        </message>
        <message>
            <source>Sync with head office &amp;now</source>
            <translation>立即同步(&amp;N)</translation>
        </message>
        <message>
            <source>The daily backup failed: %1</source>
            <translation>每日备份失败：%1</translation>
        </message>
        <message>
            <source>The database was restored from the backup %1. Please sign in again.</source>
            <translation>数据库已从备份 %1 恢复，请重新登录。</translation>
        </message>
        <message>
            <source>This screen is not available yet.</source>
            <translation>此功能暂不可用。</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>拜访</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>正在处理…</translation>
        </message>
        <message>
            <source>{title} ({count})</source>
            <translation>{title}（{count}）</translation>
        </message>
    </context>
    <context>
        <name>MarketGoodsTab</name>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Amount (¥)</source>
            <translation>金额（¥）</translation>
        </message>
        <message>
            <source>Delivered from</source>
            <translation>送达日期从</translation>
        </message>
        <message>
            <source>Goods of returned notes, by market office and product (delivered quantities).</source>
            <translation>已交回发运单的货物，按市场部和产品汇总（实际送达数量）。</translation>
        </message>
        <message>
            <source>Market office</source>
            <translation>市场部</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>发运单数</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>品名</translation>
        </message>
        <message>
            <source>Product code</source>
            <translation>产品编码</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Total: {amount}</source>
            <translation>合计：{amount}</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
    </context>
    <context>
        <name>MaxCustomersDialog</name>
        <message>
            <source>%1: approvals stop once this many of its customers are selected.</source>
            <translation>%1：已选定客户达到此数后，不能再批准新客户。</translation>
        </message>
        <message>
            <source>Customers allowed</source>
            <translation>客户数量</translation>
        </message>
        <message>
            <source>empty: no limit</source>
            <translation>留空：不限</translation>
        </message>
    </context>
    <context>
        <name>MessageBoxWords</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>放弃</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>MonthlySalesModel</name>
        <message>
            <source>Sales amount (yuan)</source>
            <translation>月销售额（元）</translation>
        </message>
        <message>
            <source>The month {month} is entered twice (rows {first} and {row})</source>
            <translation>月份{month}重复填写（第{first}行和第{row}行）</translation>
        </message>
    </context>
    <context>
        <name>NotesOutTab</name>
        <message>
            <source>Goods released and not yet confirmed as returned. When the driver brings back the note signed on delivery, record it here: the goods then count as taken by the customer's market office.</source>
            <translation>已放行、发运单尚未交回。送货员交回客户签收的发运单时在此登记，货物即计入该客户所属市场部的领货。</translation>
        </message>
        <message>
            <source>Note {number} recorded as returned; the goods count for {office}.</source>
            <translation>发运单{number}已登记交回，货物计入{office}。</translation>
        </message>
        <message>
            <source>Record signed note returned</source>
            <translation>登记交回</translation>
        </message>
        <message>
            <source>{number} is not delivered yet.</source>
            <translation>{number}尚未送达，不能登记交回。</translation>
        </message>
    </context>
    <context>
        <name>PaymentForm</name>
        <message>
            <source>%1 open slip(s), outstanding %2; credit (prepaid) %3; balance %4</source>
            <translation>未付单据 %1 张，未付合计 %2；预收款 %3；余额 %4</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <source>Amount (yuan):</source>
            <translation>收款金额（元）：</translation>
        </message>
        <message>
            <source>Bank draft</source>
            <translation>银行汇票</translation>
        </message>
        <message>
            <source>Bank serial or draft number (required for bank money)</source>
            <translation>银行流水号或汇票号（银行收款必填）</translation>
        </message>
        <message>
            <source>Bank transfer</source>
            <translation>银行转账</translation>
        </message>
        <message>
            <source>Cash</source>
            <translation>现金</translation>
        </message>
        <message>
            <source>Choose the amount per slip</source>
            <translation>逐张指定金额</translation>
        </message>
        <message>
            <source>Customer:</source>
            <translation>客户：</translation>
        </message>
        <message>
            <source>Date received:</source>
            <translation>收款日期：</translation>
        </message>
        <message>
            <source>Find: name or pinyin initials</source>
            <translation>查找：名称或拼音首字母</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>收款方式：</translation>
        </message>
        <message>
            <source>New payment</source>
            <translation>新的收款</translation>
        </message>
        <message>
            <source>Not recorded: please correct the fields.</source>
            <translation>未登记：请修改标红的项目。</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <source>Oldest slips first</source>
            <translation>按开单先后（默认）</translation>
        </message>
        <message>
            <source>Only the cashier and the accountant record payments.</source>
            <translation>只有出纳和会计可以登记回款。</translation>
        </message>
        <message>
            <source>Payment %1 recorded: %2 from %3. Credit left: %4.</source>
            <translation>已登记回款 %1：%3 付款 %2。剩余预收款 %4。</translation>
        </message>
        <message>
            <source>Preview: the service decides when it records</source>
            <translation>预览：以登记时系统核销为准</translation>
        </message>
        <message>
            <source>Print receipt…</source>
            <translation>打印收据…</translation>
        </message>
        <message>
            <source>Record payment</source>
            <translation>登记回款</translation>
        </message>
        <message>
            <source>Reference:</source>
            <translation>票据号/流水号：</translation>
        </message>
        <message>
            <source>Set against slips: %1 of %2</source>
            <translation>已指定核销 %1 / 收款 %2</translation>
        </message>
        <message>
            <source>Set against:</source>
            <translation>核销方式：</translation>
        </message>
        <message>
            <source>e.g. 12,345.60</source>
            <translation>例如 12,345.60</translation>
        </message>
        <message>
            <source>— choose a customer —</source>
            <translation>— 请选择客户 —</translation>
        </message>
    </context>
    <context>
        <name>PaymentTerms</name>
        <message>
            <source>Agreed payment</source>
            <translation>约定付款</translation>
        </message>
        <message>
            <source>Cash on delivery</source>
            <translation>现款现货</translation>
        </message>
        <message>
            <source>Clear before credit</source>
            <translation>前清后欠</translation>
        </message>
    </context>
    <context>
        <name>PaymentsListPanel</name>
        <message>
            <source>%1 reversed by %2.</source>
            <translation>%1 已冲销，冲销单号 %2。</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Bank draft</source>
            <translation>银行汇票</translation>
        </message>
        <message>
            <source>Bank transfer</source>
            <translation>银行转账</translation>
        </message>
        <message>
            <source>Cash</source>
            <translation>现金</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Date received</source>
            <translation>收款日期</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>收款方式</translation>
        </message>
        <message>
            <source>Payment number</source>
            <translation>回款单号</translation>
        </message>
        <message>
            <source>Receipt…</source>
            <translation>收据…</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>票据号/流水号</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reversal</source>
            <translation>冲销单</translation>
        </message>
        <message>
            <source>Reverse</source>
            <translation>冲销</translation>
        </message>
        <message>
            <source>Reverse %1 (%2, ¥%3)? A reversing payment dated today takes the amount back; the slips it paid owe again. Money already remitted to head office cannot be reversed here.</source>
            <translation>冲销 %1（%2，¥%3）？系统将以今天的日期登记一笔负数冲销单，原来核销的单据恢复为未付。已汇往总部的款项不能在此冲销。</translation>
        </message>
        <message>
            <source>Reverse payment %1</source>
            <translation>冲销回款 %1</translation>
        </message>
        <message>
            <source>Reversed</source>
            <translation>已冲销</translation>
        </message>
        <message>
            <source>Reverse…</source>
            <translation>冲销…</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
    </context>
    <context>
        <name>PaymentsView</name>
        <message>
            <source>Payments</source>
            <translation>回款记录</translation>
        </message>
        <message>
            <source>Receivables</source>
            <translation>应收款</translation>
        </message>
        <message>
            <source>Record payment</source>
            <translation>登记回款</translation>
        </message>
        <message>
            <source>Remittances</source>
            <translation>汇款</translation>
        </message>
        <message>
            <source>Your role does not see payments and receivables.</source>
            <translation>您的角色无权查看回款和应收款。</translation>
        </message>
    </context>
    <context>
        <name>PdfPreview</name>
        <message>
            <source>100%</source>
            <translation>100%</translation>
        </message>
        <message>
            <source>Fit width</source>
            <translation>适合宽度</translation>
        </message>
        <message>
            <source>Next page (PgDown)</source>
            <translation>下一页（PgDown）</translation>
        </message>
        <message>
            <source>Page %1 of %2</source>
            <translation>第 %1 页 / 共 %2 页</translation>
        </message>
        <message>
            <source>Preparing the preview…</source>
            <translation>正在生成预览…</translation>
        </message>
        <message>
            <source>Previous page (PgUp)</source>
            <extracomment>Serialises every PDFium call of the process (PDFium is not thread-safe).</extracomment>
            <translation>上一页（PgUp）</translation>
        </message>
        <message>
            <source>The document has no pages.</source>
            <translation>文档没有页面。</translation>
        </message>
        <message>
            <source>The preview could not be shown: %1</source>
            <translation>无法显示预览：%1</translation>
        </message>
        <message>
            <source>Whole page</source>
            <translation>整页</translation>
        </message>
    </context>
    <context>
        <name>PlanLinesDialog</name>
        <message>
            <source>Add a line</source>
            <translation>添加一行</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Purchase plan by product: {customer}</source>
            <translation>按产品的进货计划：{customer}</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Remove the line</source>
            <translation>删除该行</translation>
        </message>
        <message>
            <source>The customer's purchase plan becomes the total of these lines. A line left blank is dropped; the plans' save checks every line.</source>
            <translation>该客户的进货计划为以下各行金额之和。空行不计；保存分销计划时逐行检查。</translation>
        </message>
        <message>
            <source>Total: {amount}</source>
            <translation>合计：{amount}</translation>
        </message>
    </context>
    <context>
        <name>PlansView</name>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Distribution plans</source>
            <extracomment>The grid's columns, in order after the customer's name; all typed but the product lines. The product list offered for a plan's lines (a branch's catalogue is a few hundred).</extracomment>
            <translation>分销计划</translation>
        </message>
        <message>
            <source>Double-click to plan the purchases by product</source>
            <translation>双击按产品填写进货计划</translation>
        </message>
        <message>
            <source>From last month's plan: save to file it</source>
            <translation>取自上月计划：保存后才算填报</translation>
        </message>
        <message>
            <source>Grey values come from last month's plan.</source>
            <translation>灰色数字取自上月计划。</translation>
        </message>
        <message>
            <source>Line {n}: {reason}</source>
            <translation>第{n}行：{reason}</translation>
        </message>
        <message>
            <source>Log progress</source>
            <translation>登记进展</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Nothing was saved:</source>
            <translation>未保存：</translation>
        </message>
        <message>
            <source>Outlets reached</source>
            <translation>已铺货网点</translation>
        </message>
        <message>
            <source>Outlets to cover</source>
            <translation>铺货网点数</translation>
        </message>
        <message>
            <source>Payment plan</source>
            <translation>回款计划</translation>
        </message>
        <message>
            <source>Plan against actual</source>
            <translation>计划完成情况</translation>
        </message>
        <message>
            <source>Plans</source>
            <translation>计划表</translation>
        </message>
        <message>
            <source>Plans for {month} saved.</source>
            <translation>{month}分销计划已保存。</translation>
        </message>
        <message>
            <source>Products</source>
            <translation>按产品</translation>
        </message>
        <message>
            <source>Products…</source>
            <translation>按产品计划…</translation>
        </message>
        <message>
            <source>Progress logged.</source>
            <translation>进展已登记。</translation>
        </message>
        <message>
            <source>Propose withdrawal…</source>
            <translation>提议取消经销…</translation>
        </message>
        <message>
            <source>Purchase plan</source>
            <translation>进货计划</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Sales target</source>
            <translation>销售目标</translation>
        </message>
        <message>
            <source>Save the plans</source>
            <translation>保存计划</translation>
        </message>
        <message>
            <source>Select a customer whose plan gives products to compare them.</source>
            <translation>选择按产品填报了计划的客户，可逐个产品对比。</translation>
        </message>
        <message>
            <source>Stocking (outlets or areas)</source>
            <translation>铺货要求（网点或区域）</translation>
        </message>
        <message>
            <source>The selected customer's purchase plan by product (optional)</source>
            <translation>所选客户按产品的进货计划（可不填）</translation>
        </message>
        <message>
            <source>The total of the product lines</source>
            <translation>各产品金额之和</translation>
        </message>
        <message>
            <source>This month has begun: its plans can no longer change.</source>
            <translation>该月已开始，计划不能再修改。</translation>
        </message>
        <message>
            <source>Withdrawal of {name} proposed: the branch GM reviews it in approvals.</source>
            <translation>已提议取消“{name}”的经销资格，由分支机构总经理在客户审批中审核。</translation>
        </message>
        <message>
            <source>product line {n}: {reason}</source>
            <translation>产品第{n}行：{reason}</translation>
        </message>
        <message>
            <source>propose withdrawal</source>
            <translation>建议取消经销</translation>
        </message>
        <message>
            <source>withdrawal proposed (GM to review)</source>
            <translation>已提议取消经销（待总经理审核）</translation>
        </message>
        <message>
            <source>withdrawal proposed (head office to decide)</source>
            <translation>已提议取消经销（待总部决定）</translation>
        </message>
        <message>
            <source>{count} credit customers; {filed} plans filed for {month}.</source>
            <translation>赊销客户{count}户；{month}已填报{filed}户。</translation>
        </message>
        <message>
            <source>{count} products</source>
            <translation>{count}种产品</translation>
        </message>
        <message>
            <source>{customer}: products planned against the month's slips</source>
            <translation>{customer}：各产品计划与本月单据对比</translation>
        </message>
    </context>
    <context>
        <name>PreviewDialog</name>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Not printed: %1</source>
            <translation>未打印：%1</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>重新打印</translation>
        </message>
        <message>
            <source>Print preview</source>
            <translation>打印预览</translation>
        </message>
        <message>
            <source>Printer profile:</source>
            <translation>打印机配置：</translation>
        </message>
        <message>
            <source>Save as PDF…</source>
            <translation>另存为PDF…</translation>
        </message>
    </context>
    <context>
        <name>PrintHistoryDialog</name>
        <message>
            <source>%1 copies out, %2 of them reprints (补印).</source>
            <translation>已出 %1 份，其中补印 %2 份。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误信息</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>打印失败</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Print history of %1</source>
            <translation>%1 的打印记录</translation>
        </message>
        <message>
            <source>Printed</source>
            <translation>已打印</translation>
        </message>
        <message>
            <source>Reprint (补印)</source>
            <translation>补印</translation>
        </message>
        <message>
            <source>Saved as PDF</source>
            <translation>另存为PDF</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
    </context>
    <context>
        <name>PrinterProfilesDialog</name>
        <message>
            <source> mm</source>
            <translation> 毫米</translation>
        </message>
        <message>
            <source>%1 (unknown)</source>
            <translation>%1（无法识别）</translation>
        </message>
        <message>
            <source>(new profile)</source>
            <translation>（新配置）</translation>
        </message>
        <message>
            <source>An offset must be between −%1 and +%1 mm.</source>
            <translation>偏移量必须在 −%1 到 +%1 毫米之间。</translation>
        </message>
        <message>
            <source>At most %1 characters.</source>
            <translation>不能超过 %1 个字符。</translation>
        </message>
        <message>
            <source>Calibration page (with the offsets above)</source>
            <translation>校准页（已应用上方的偏移量）</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Delete the printer profile “%1”? Slips already printed keep its name in their print records.</source>
            <translation>删除打印机配置“%1”？已打印单据的打印记录仍保留其名称。</translation>
        </message>
        <message>
            <source>Delete the profile</source>
            <translation>删除配置</translation>
        </message>
        <message>
            <source>Enter a name for this profile.</source>
            <translation>请填写配置名称。</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>配置名称</translation>
        </message>
        <message>
            <source>New profile</source>
            <extracomment>Asks before a profile is deleted; a test answers instead of a person.</extracomment>
            <translation>新建配置</translation>
        </message>
        <message>
            <source>Not deleted: %1</source>
            <translation>未删除：%1</translation>
        </message>
        <message>
            <source>Not saved. Please correct the fields marked in red.</source>
            <translation>未保存。请更正标红的项目。</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Offset X</source>
            <translation>水平偏移 X</translation>
        </message>
        <message>
            <source>Offset Y</source>
            <translation>垂直偏移 Y</translation>
        </message>
        <message>
            <source>Only an administrator can change printer profiles. You can print a calibration page.</source>
            <translation>只有管理员可以修改打印机配置；您可以打印校准页。</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>纸张</translation>
        </message>
        <message>
            <source>Positive X moves the print right, positive Y moves it down. New offset = current offset − deviation measured on the calibration page.</source>
            <translation>向右、向下为正。新偏移量 = 当前偏移量 − 在校准页上量得的偏差。</translation>
        </message>
        <message>
            <source>Print calibration page</source>
            <translation>打印校准页</translation>
        </message>
        <message>
            <source>Print mode</source>
            <translation>打印方式</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>Printer profiles</source>
            <translation>打印机配置</translation>
        </message>
        <message>
            <source>Printing the calibration page…</source>
            <translation>正在打印校准页…</translation>
        </message>
        <message>
            <source>Profile “%1” deleted.</source>
            <translation>已删除配置“%1”。</translation>
        </message>
        <message>
            <source>Profile “%1” saved.</source>
            <translation>打印机配置“%1”已保存。</translation>
        </message>
        <message>
            <source>Profiles</source>
            <translation>配置</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>System default printer</source>
            <translation>系统默认打印机</translation>
        </message>
        <message>
            <source>The calibration page was not printed: %1</source>
            <translation>校准页未打印：%1</translation>
        </message>
        <message>
            <source>The calibration page was sent to the printer.</source>
            <translation>校准页已发送到打印机。</translation>
        </message>
        <message>
            <source>The printer profiles could not be loaded: %1</source>
            <translation>无法读取打印机配置：%1</translation>
        </message>
        <message>
            <source>The profile on the form has changes that are not saved yet. Save them?</source>
            <translation>当前打印机配置有尚未保存的修改，是否保存？</translation>
        </message>
        <message>
            <source>There is already a profile with this name; choose it in the list to change it.</source>
            <translation>已有同名配置；如要修改，请在左侧列表中选择它。</translation>
        </message>
        <message>
            <source>Unknown paper “%1”: choose a paper from the list.</source>
            <translation>无法识别的纸张“%1”，请从列表中选择纸张。</translation>
        </message>
        <message>
            <source>Unknown print mode “%1”: choose a mode from the list.</source>
            <translation>无法识别的打印方式“%1”，请从列表中选择。</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <source>Use this profile unless another one is chosen</source>
            <translation>设为默认配置（未另选时使用）</translation>
        </message>
    </context>
    <context>
        <name>PrinterWords</name>
        <message>
            <source>%1 (default)</source>
            <translation>%1（默认）</translation>
        </message>
        <message>
            <source>241 × 139.7 mm continuous (1/2)</source>
            <translation>241×139.7 毫米连续纸（二等分）</translation>
        </message>
        <message>
            <source>241 × 279.4 mm continuous (full)</source>
            <translation>241×279.4 毫米连续纸（整张）</translation>
        </message>
        <message>
            <source>241 × 93.1 mm continuous (1/3)</source>
            <translation>241×93.1 毫米连续纸（三等分）</translation>
        </message>
        <message>
            <source>A4 landscape</source>
            <translation>A4 横向</translation>
        </message>
        <message>
            <source>A5 landscape</source>
            <translation>A5 横向</translation>
        </message>
        <message>
            <source>Multi-part form</source>
            <translation>多联套打</translation>
        </message>
        <message>
            <source>Plain paper, four copies</source>
            <translation>普通纸四联</translation>
        </message>
    </context>
    <context>
        <name>PrintersTab</name>
        <message>
            <source>Printer profiles say which printer, paper and print mode each slip uses and how far the print is moved to fit a pre-printed form (calibration). An administrator adds, changes and deletes them; everyone may print a calibration page.</source>
            <extracomment>Who sees 系统管理 in the 设置 menu: whoever may use one of its tabs beyond reading.</extracomment>
            <translation>打印机配置规定每种单据使用哪台打印机、哪种纸张和打印方式，以及套打时整体移动的距离（校准）。由管理员新增、修改和删除；所有人都可以打印校准页。</translation>
        </message>
        <message>
            <source>Printer profiles…</source>
            <translation>打印机配置…</translation>
        </message>
    </context>
    <context>
        <name>ProductColumns</name>
        <message>
            <source>Active</source>
            <translation>在售</translation>
        </message>
        <message>
            <source>Batch number</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Batch required</source>
            <translation>需批号</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>编码</translation>
        </message>
        <message>
            <source>Dosage form</source>
            <translation>剂型</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Expiry</source>
            <translation>有效期至</translation>
        </message>
        <message>
            <source>Factory price</source>
            <translation>厂价</translation>
        </message>
        <message>
            <source>Good</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>Inactive</source>
            <translation>停售</translation>
        </message>
        <message>
            <source>Manufacturer</source>
            <translation>生产厂商</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>品名</translation>
        </message>
        <message>
            <source>Specification</source>
            <translation>规格</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
    </context>
    <context>
        <name>ProductDialog</name>
        <message>
            <source>A-Z, 0-9 and . _ / -, e.g. YP-001</source>
            <translation>字母、数字及 . _ / -，如 YP-001</translation>
        </message>
        <message>
            <source>Batch required</source>
            <translation>需批号</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>产品编码</translation>
        </message>
        <message>
            <source>Dosage form</source>
            <translation>剂型</translation>
        </message>
        <message>
            <source>Edit product</source>
            <translation>编辑产品</translation>
        </message>
        <message>
            <source>Every sale needs a batch and its expiry</source>
            <translation>每次销售须填写批号和有效期</translation>
        </message>
        <message>
            <source>Factory price (yuan)</source>
            <translation>厂价（元）</translation>
        </message>
        <message>
            <source>Head-office data: sync will bring products once it exists.</source>
            <translation>产品为总部数据：同步功能上线后将由总部下发。</translation>
        </message>
        <message>
            <source>Manufacturer</source>
            <translation>生产厂商</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>品名</translation>
        </message>
        <message>
            <source>New product</source>
            <translation>新增产品</translation>
        </message>
        <message>
            <source>On sale</source>
            <translation>在售</translation>
        </message>
        <message>
            <source>Printed on the slip</source>
            <translation>印在单据上</translation>
        </message>
        <message>
            <source>Specification</source>
            <translation>规格</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>at least 0.01, e.g. 12.50</source>
            <translation>不低于0.01，如 12.50</translation>
        </message>
    </context>
    <context>
        <name>ProductsView</name>
        <message>
            <source>Batch {number} recorded.</source>
            <translation>批号{number}已记录。</translation>
        </message>
        <message>
            <source>Batches</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Batches of {name}</source>
            <translation>批号：{name}</translation>
        </message>
        <message>
            <source>Edit product</source>
            <translation>编辑产品</translation>
        </message>
        <message>
            <source>New batch</source>
            <translation>新增批号</translation>
        </message>
        <message>
            <source>New product</source>
            <translation>新增产品</translation>
        </message>
        <message>
            <source>Read only: head office keeps products and factory prices.</source>
            <translation>只读：产品和厂价由总部维护。</translation>
        </message>
        <message>
            <source>Saved: {code} {name}</source>
            <translation>已保存：{code} {name}</translation>
        </message>
        <message>
            <source>Search: code, name or pinyin initials (e.g. amxl)</source>
            <translation>搜索：编码、品名或拼音首字母（如 amxl）</translation>
        </message>
        <message>
            <source>Show products no longer on sale</source>
            <translation>显示停售产品</translation>
        </message>
        <message>
            <source>{count} products</source>
            <translation>{count}个产品</translation>
        </message>
        <message>
            <source>{count}+ products</source>
            <translation>{count}+个产品</translation>
        </message>
    </context>
    <context>
        <name>RatingRulesView</name>
        <message>
            <source>Add a rule</source>
            <translation>添加规则</translation>
        </message>
        <message>
            <source>Discard changes</source>
            <translation>放弃修改</translation>
        </message>
        <message>
            <source>Edited, not saved (version {version} in force: {count} inversions).</source>
            <translation>已修改，尚未保存（现行第{version}版：倒挂{count}种）。</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>等级</translation>
        </message>
        <message>
            <source>In force: the default table (version 0, domain rules), never edited.</source>
            <translation>现行：默认规则表（第0版，按制度整理），尚未修改。</translation>
        </message>
        <message>
            <source>In force: version {version}, saved by {who} at {when}: {note}</source>
            <translation>现行：第{version}版，{who}于{when}保存：{note}</translation>
        </message>
        <message>
            <source>Inversions</source>
            <translation>倒挂情形</translation>
        </message>
        <message>
            <source>Key indicators</source>
            <translation>关键指标</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>下移</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>上移</translation>
        </message>
        <message>
            <source>No case where a better evaluation gets a worse grade.</source>
            <translation>没有“指标更好、等级反而更低”的情形。</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Nothing was saved:</source>
            <translation>未保存：</translation>
        </message>
        <message>
            <source>Other indicators</source>
            <translation>其他指标</translation>
        </message>
        <message>
            <source>Rating rule table</source>
            <extracomment>How many inversions the editor spells out (all of them are counted).</extracomment>
            <translation>资信评级规则表</translation>
        </message>
        <message>
            <source>Reading</source>
            <translation>规则含义</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Rules</source>
            <translation>规则</translation>
        </message>
        <message>
            <source>Save as a new version</source>
            <translation>另存为新版本</translation>
        </message>
        <message>
            <source>Saved at</source>
            <translation>保存时间</translation>
        </message>
        <message>
            <source>Saved by</source>
            <translation>保存人</translation>
        </message>
        <message>
            <source>The default table</source>
            <translation>默认规则表</translation>
        </message>
        <message>
            <source>The edited table cannot be saved: {reason}</source>
            <translation>修改后的规则表不能保存：{reason}</translation>
        </message>
        <message>
            <source>The first rule whose two conditions hold gives the grade; the last rule must hold for anything, so that every evaluation gets a grade.</source>
            <translation>自上而下，第一条两项条件都符合的规则决定等级；最后一条规则须对任何情形都成立，使每份评估都有等级。</translation>
        </message>
        <message>
            <source>This branch is registered with head office: the table is edited at head office and each version arrives with the next sync.</source>
            <translation>本分支机构已接入总部：规则表在总部修改，每个新版本随下次同步下达。</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Version {version} saved.</source>
            <translation>第{version}版已保存。</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>历史版本</translation>
        </message>
        <message>
            <source>Why the table changes (required)</source>
            <translation>修改规则表的原因（必填）</translation>
        </message>
        <message>
            <source>key {better_key} / others {better_other} → grade {worse_grade}, while key {key} / others {other} → grade {grade}</source>
            <translation>关键指标{better_key}／其他指标{better_other} → {worse_grade}级，而关键指标{key}／其他指标{other} → {grade}级</translation>
        </message>
        <message>
            <source>{count} cases where one indicator one level better gives a worse grade, for example:</source>
            <translation>有{count}种情形，某项指标提高一档，等级反而更低，例如：</translation>
        </message>
        <message>
            <source>{version} (in force)</source>
            <translation>{version}（现行）</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Reason (required):</source>
            <translation>原因（必填）：</translation>
        </message>
    </context>
    <context>
        <name>ReceiptPrinting</name>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Printing %1…</source>
            <translation>正在打印 %1…</translation>
        </message>
        <message>
            <source>Receipt %1</source>
            <translation>收款收据 %1</translation>
        </message>
        <message>
            <source>Receipt %1 printed.</source>
            <translation>收据 %1 已打印。</translation>
        </message>
        <message>
            <source>Receipt on A5 landscape</source>
            <translation>收款收据 · A5 横向</translation>
        </message>
        <message>
            <source>Save receipt as PDF</source>
            <translation>收据另存为PDF</translation>
        </message>
        <message>
            <source>Saved as %1</source>
            <translation>已保存为 %1</translation>
        </message>
    </context>
    <context>
        <name>ReceivablesView</name>
        <message>
            <source>1–30 days</source>
            <translation>1-30天</translation>
        </message>
        <message>
            <source>31–60 days</source>
            <translation>31-60天</translation>
        </message>
        <message>
            <source>61–90 days</source>
            <translation>61-90天</translation>
        </message>
        <message>
            <source>Aged on</source>
            <translation>账龄日期</translation>
        </message>
        <message>
            <source>Aged on:</source>
            <translation>账龄截至：</translation>
        </message>
        <message>
            <source>Ageing</source>
            <translation>账龄</translation>
        </message>
        <message>
            <source>Bad debts</source>
            <translation>坏账</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>余额</translation>
        </message>
        <message>
            <source>Credit (prepaid)</source>
            <translation>预收款</translation>
        </message>
        <message>
            <source>Current</source>
            <translation>当期</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Days since</source>
            <translation>已停止天数</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export receivables</source>
            <translation>导出应收款</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>导出Excel…</translation>
        </message>
        <message>
            <source>Exported to %1</source>
            <translation>已导出到 %1</translation>
        </message>
        <message>
            <source>Month-end receivable</source>
            <translation>月末应收款</translation>
        </message>
        <message>
            <source>Month-end receivables</source>
            <translation>月末应收款</translation>
        </message>
        <message>
            <source>Month-end receivables of %1 taken: %2 customer(s), %3.</source>
            <translation>%1 月末应收款已结转：%2 个客户，合计 %3。</translation>
        </message>
        <message>
            <source>Month:</source>
            <translation>月份：</translation>
        </message>
        <message>
            <source>Not taken yet: a preview of the balances at the closing date %1.</source>
            <translation>尚未结转：以下为按结账日 %1 计算的预览。</translation>
        </message>
        <message>
            <source>Oldest due</source>
            <translation>最早到期日</translation>
        </message>
        <message>
            <source>Open slips</source>
            <translation>未付单据</translation>
        </message>
        <message>
            <source>Outstanding</source>
            <translation>应收合计</translation>
        </message>
        <message>
            <source>Over 90 days</source>
            <translation>90天以上</translation>
        </message>
        <message>
            <source>Receivables</source>
            <translation>应收款</translation>
        </message>
        <message>
            <source>Receivables %1.xlsx</source>
            <translation>应收款 %1.xlsx</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>Stopped on</source>
            <translation>停止合作日期</translation>
        </message>
        <message>
            <source>Store the month-end receivables of %1 now? They are taken once, as the ledger stands at the closing date, and sent to head office.</source>
            <translation>现在结转 %1 的月末应收款？按结账日的账面余额保存，只能结转一次，并上报总部。</translation>
        </message>
        <message>
            <source>Take month-end receivables…</source>
            <translation>结转月末应收款…</translation>
        </message>
        <message>
            <source>Taken %1 by %2 (closing date %3).</source>
            <translation>已于 %1 由 %2 结转（结账日 %3）。</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Total (%1 customers)</source>
            <translation>合计（%1 个客户）</translation>
        </message>
    </context>
    <context>
        <name>RegionQuotaColumns</name>
        <message>
            <source>Approved this month (¥)</source>
            <translation>本月已批准额度（¥）</translation>
        </message>
        <message>
            <source>Branches</source>
            <translation>分支机构数</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>Credit quota (¥)</source>
            <translation>授信限额（¥）</translation>
        </message>
        <message>
            <source>Customers allowed</source>
            <translation>客户数量</translation>
        </message>
        <message>
            <source>No limit</source>
            <translation>不限</translation>
        </message>
        <message>
            <source>Quarter</source>
            <translation>季度</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>大区</translation>
        </message>
        <message>
            <source>Selected customers</source>
            <translation>已选定客户</translation>
        </message>
    </context>
    <context>
        <name>RegionQuotasView</name>
        <message>
            <source>Head office sets how many customers each region may have selected and the quota of credit limits its branches may have approved; beside them, what the region uses now.</source>
            <translation>总部设定每个大区可选定的客户数量和其分支机构可批准的授信额度限额；旁边是大区目前的使用情况。</translation>
        </message>
        <message>
            <source>Region quotas</source>
            <translation>大区限额</translation>
        </message>
        <message>
            <source>Set credit quota…</source>
            <translation>设置授信限额…</translation>
        </message>
        <message>
            <source>Set customers allowed…</source>
            <translation>设置客户数量…</translation>
        </message>
    </context>
    <context>
        <name>RemittancesView</name>
        <message>
            <source>%1 and above: %2 h</source>
            <translation>%1以上，%2小时</translation>
        </message>
        <message>
            <source>%1 h left</source>
            <translation>剩余 %1 小时</translation>
        </message>
        <message>
            <source>%1 payment(s), %2</source>
            <translation>%1 笔，%2</translation>
        </message>
        <message>
            <source>%1 payment(s), %2 to remit; %3 overdue</source>
            <translation>%1 笔待汇，合计 %2；逾期 %3 笔</translation>
        </message>
        <message>
            <source>All money not yet remitted</source>
            <translation>全部未汇款项</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <source>Amount (yuan):</source>
            <translation>汇款金额（元）：</translation>
        </message>
        <message>
            <source>Bank draft</source>
            <translation>银行汇票</translation>
        </message>
        <message>
            <source>Bank serial or draft number</source>
            <translation>银行流水号或汇票号</translation>
        </message>
        <message>
            <source>Bank transfer</source>
            <translation>银行转账</translation>
        </message>
        <message>
            <source>Below every threshold</source>
            <translation>未达限额</translation>
        </message>
        <message>
            <source>Cash</source>
            <translation>现金</translation>
        </message>
        <message>
            <source>Cash deposit</source>
            <translation>现金解款</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>汇款时限</translation>
        </message>
        <message>
            <source>Due (within its hours)</source>
            <translation>待汇（时限内）</translation>
        </message>
        <message>
            <source>Empty: all that the selected payments owe</source>
            <translation>不填：所选回款的全部未汇金额</translation>
        </message>
        <message>
            <source>Hand in (no deadline)</source>
            <translation>随交（无时限）</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>汇款方式：</translation>
        </message>
        <message>
            <source>Not recorded: please correct the fields.</source>
            <translation>未登记：请修改标红的项目。</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>Overdue by %1 h</source>
            <translation>逾期 %1 小时</translation>
        </message>
        <message>
            <source>Payment number</source>
            <translation>回款单号</translation>
        </message>
        <message>
            <source>Payments</source>
            <translation>所含回款</translation>
        </message>
        <message>
            <source>Received at</source>
            <translation>收款时间</translation>
        </message>
        <message>
            <source>Record a remittance to head office</source>
            <translation>登记汇往总部的款项</translation>
        </message>
        <message>
            <source>Record remittance</source>
            <translation>登记汇款</translation>
        </message>
        <message>
            <source>Recorded by</source>
            <translation>登记人</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>流水号/票号</translation>
        </message>
        <message>
            <source>Reference:</source>
            <translation>流水号/票号：</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Remittance %1 recorded: %2.</source>
            <translation>已登记汇款 %1：%2。</translation>
        </message>
        <message>
            <source>Remittance number</source>
            <translation>汇款单号</translation>
        </message>
        <message>
            <source>Remittances to head office</source>
            <translation>汇往总部的款项</translation>
        </message>
        <message>
            <source>Remitted</source>
            <translation>已汇</translation>
        </message>
        <message>
            <source>Remitted at</source>
            <translation>汇款时间</translation>
        </message>
        <message>
            <source>Remitted at:</source>
            <translation>汇款时间：</translation>
        </message>
        <message>
            <source>Rule</source>
            <translation>时限规则</translation>
        </message>
        <message>
            <source>Selected:</source>
            <translation>已选：</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>To remit</source>
            <translation>待汇</translation>
        </message>
    </context>
    <context>
        <name>RequestLinesTable</name>
        <message>
            <source>(no batch)</source>
            <translation>（无需批号）</translation>
        </message>
        <message>
            <source>Amount (¥)</source>
            <translation>金额（¥）</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>批号</translation>
        </message>
        <message>
            <source>Below the factory price {price}</source>
            <translation>低于厂价 {price}</translation>
        </message>
        <message>
            <source>Factory price (¥)</source>
            <translation>厂价（¥）</translation>
        </message>
        <message>
            <source>Line {n} quantity</source>
            <translation>第{n}行数量</translation>
        </message>
        <message>
            <source>Line {n} unit price</source>
            <translation>第{n}行单价</translation>
        </message>
        <message>
            <source>Loading batches…</source>
            <translation>正在读取批号…</translation>
        </message>
        <message>
            <source>No usable batch</source>
            <translation>没有可用批号</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Product</source>
            <translation>产品</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Unit price (¥)</source>
            <translation>单价（¥）</translation>
        </message>
        <message>
            <source>{batch} · expires {expiry}</source>
            <translation>{batch} · 效期至{expiry}</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordDialog</name>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Reset the password of %1</source>
            <translation>重置 %1 的密码</translation>
        </message>
        <message>
            <source>The user signs in with this password once and must then choose a new one. A lock-out after wrong passwords is lifted.</source>
            <translation>用户用此密码登录一次后必须设置新密码。因密码错误造成的锁定同时解除。</translation>
        </message>
    </context>
    <context>
        <name>Roles</name>
        <message>
            <source>Accountant</source>
            <translation>会计</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>系统管理员</translation>
        </message>
        <message>
            <source>Branch GM</source>
            <translation>分支机构总经理</translation>
        </message>
        <message>
            <source>Cashier</source>
            <extracomment>language code -&gt; name shown in the language choice, written in that language on purpose</extracomment>
            <translation>出纳</translation>
        </message>
        <message>
            <source>Clerk</source>
            <translation>文员</translation>
        </message>
        <message>
            <source>Driver</source>
            <translation>送货员</translation>
        </message>
        <message>
            <source>Finance</source>
            <translation>财务部</translation>
        </message>
        <message>
            <source>Marketing director</source>
            <translation>营销总监</translation>
        </message>
        <message>
            <source>Marketing head</source>
            <translation>营销部部长</translation>
        </message>
        <message>
            <source>Regional manager</source>
            <translation>大区经理</translation>
        </message>
        <message>
            <source>Sales manager</source>
            <translation>销售经理</translation>
        </message>
        <message>
            <source>Sales rep</source>
            <translation>业务经理</translation>
        </message>
    </context>
    <context>
        <name>RolesDialog</name>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Roles of %1</source>
            <translation>%1 的角色</translation>
        </message>
    </context>
    <context>
        <name>SaleKind</name>
        <message>
            <source>Cash</source>
            <translation>现款</translation>
        </message>
        <message>
            <source>Cash on delivery</source>
            <translation>现款现货</translation>
        </message>
        <message>
            <source>Credit</source>
            <translation>赊销</translation>
        </message>
        <message>
            <source>Credit sale</source>
            <translation>赊销</translation>
        </message>
    </context>
    <context>
        <name>SalesReportView</name>
        <message>
            <source>(corrected)</source>
            <translation>（已更正）</translation>
        </message>
        <message>
            <source>Bought from us (¥)</source>
            <translation>本月从我司进货（元）</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>审阅意见</translation>
        </message>
        <message>
            <source>Correct the review</source>
            <translation>更正审阅</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export the monthly sales report</source>
            <translation>导出客户销售月报表</translation>
        </message>
        <message>
            <source>Export to Excel…</source>
            <translation>导出Excel…</translation>
        </message>
        <message>
            <source>Mark reviewed</source>
            <translation>标记为已审阅</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Month-end stock (pieces)</source>
            <translation>月末库存（件）</translation>
        </message>
        <message>
            <source>Monthly sales report</source>
            <extracomment>How many months the month list offers (this month and the ones before it). The columns holding numbers (right-aligned).</extracomment>
            <translation>客户销售月报表</translation>
        </message>
        <message>
            <source>Open the folder</source>
            <translation>打开所在文件夹</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reported</source>
            <translation>报送</translation>
        </message>
        <message>
            <source>Required; printed on the exported sheet</source>
            <translation>必填，将印在导出的报表上</translation>
        </message>
        <message>
            <source>Review: choose a branch to see its review</source>
            <translation>审阅：请选择分支机构以查看其审阅</translation>
        </message>
        <message>
            <source>Review: not reviewed</source>
            <translation>审阅：未审阅</translation>
        </message>
        <message>
            <source>Review: {line}</source>
            <translation>审阅：{line}</translation>
        </message>
        <message>
            <source>Sales amount (¥)</source>
            <translation>本月销售额（元）</translation>
        </message>
        <message>
            <source>Sales volume (pieces)</source>
            <translation>本月销售量（件）</translation>
        </message>
        <message>
            <source>Slips</source>
            <translation>进货单据（张）</translation>
        </message>
        <message>
            <source>The report of {month} is marked reviewed.</source>
            <translation>{month}的客户销售月报表已审阅。</translation>
        </message>
        <message>
            <source>This month has not ended: it can be reviewed after its end.</source>
            <translation>本月尚未结束，月末之后才能审阅。</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Written to {path}</source>
            <translation>已导出到 {path}</translation>
        </message>
        <message>
            <source>not reported</source>
            <translation>未报送</translation>
        </message>
        <message>
            <source>reported</source>
            <translation>已报送</translation>
        </message>
        <message>
            <source>sales report {month}.xlsx</source>
            <translation>客户销售月报表 {month}.xlsx</translation>
        </message>
        <message>
            <source>{count} selected customers; {reported} reported their sales.</source>
            <translation>共{count}户合作客户，{reported}户已报送销售资料。</translation>
        </message>
        <message>
            <source>{reported}/{count} reported</source>
            <translation>{reported}/{count}已报送</translation>
        </message>
    </context>
    <context>
        <name>ScheduleDialog</name>
        <message>
            <source>Grade %1</source>
            <translation>%1级客户</translation>
        </message>
        <message>
            <source>How often each role visits a customer of each grade: a number of days (15d) or months (3m); empty: that role does not visit that grade.</source>
            <translation>各角色拜访各级客户的频次：天数（如15d）或月数（如3m）；留空表示该角色不拜访该级客户。</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>SelectionHistoryPanel</name>
        <message>
            <source>By and when</source>
            <translation>经办人与时间</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>No decisions yet.</source>
            <translation>尚无审批记录。</translation>
        </message>
        <message>
            <source>Status: new customer file (not saved yet)</source>
            <translation>状态：新建客户档案（尚未保存）</translation>
        </message>
        <message>
            <source>Status: {status}</source>
            <translation>状态：{status}</translation>
        </message>
        <message>
            <source>Step and decision</source>
            <translation>环节与决定</translation>
        </message>
        <message>
            <source>{step}: {decision}</source>
            <translation>{step}：{decision}</translation>
        </message>
    </context>
    <context>
        <name>SelectionWords</name>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Passed</source>
            <translation>通过</translation>
        </message>
        <message>
            <source>Propose</source>
            <translation>提名</translation>
        </message>
        <message>
            <source>Propose withdrawal</source>
            <translation>提议取消经销</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>否决</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Review withdrawal</source>
            <translation>审核取消经销</translation>
        </message>
        <message>
            <source>Sent back</source>
            <translation>退回</translation>
        </message>
        <message>
            <source>Terminate</source>
            <translation>终止</translation>
        </message>
    </context>
    <context>
        <name>SellerDialog</name>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>公司名称</translation>
        </message>
        <message>
            <source>Drug-trade licence no.</source>
            <translation>药品经营许可证号</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Printed at the top of every slip (随货同行单) issued from now on. Slips already issued keep what they printed.</source>
            <translation>印在此后开具的每张单据（随货同行单）顶部。已开具的单据保持原样。</translation>
        </message>
        <message>
            <source>Seller on the slips</source>
            <translation>供货单位信息</translation>
        </message>
        <message>
            <source>e.g. 华东康健医药股份有限公司</source>
            <translation>例如：华东康健医药股份有限公司</translation>
        </message>
        <message>
            <source>e.g. 沪AA0210001</source>
            <translation>例如：沪AA0210001</translation>
        </message>
        <message>
            <source>with area code, e.g. 021-56781234</source>
            <translation>含区号，例如：021-56781234</translation>
        </message>
    </context>
    <context>
        <name>ServiceDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
    </context>
    <context>
        <name>SettingsTab</name>
        <message>
            <source>%1 is now %2.</source>
            <translation>%1 已改为 %2。</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>分支机构</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认值</translation>
        </message>
        <message>
            <source>Double-click a value to change it. Only the settings owned by %1 can be changed here; the others are shown read-only (grey).</source>
            <translation>双击数值即可修改。这里只能修改由%1设定的参数，其余参数只读（灰色显示）。</translation>
        </message>
        <message>
            <source>Head office</source>
            <translation>总部</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>提示</translation>
        </message>
        <message>
            <source>Only an administrator can change the settings.</source>
            <translation>只有管理员可以修改参数。</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>已保存</translation>
        </message>
        <message>
            <source>Set by</source>
            <translation>设定方</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>当前值</translation>
        </message>
        <message>
            <source>Visit schedule…</source>
            <translation>拜访频次表…</translation>
        </message>
        <message>
            <source>head office</source>
            <translation>总部</translation>
        </message>
        <message>
            <source>this branch</source>
            <translation>本分支机构</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>Change password and sign in</source>
            <translation>修改密码并登录</translation>
        </message>
        <message>
            <source>Enter a new password.</source>
            <translation>请输入新密码。</translation>
        </message>
        <message>
            <source>Every demo user's password is %1.</source>
            <translation>所有演示用户的密码都是 %1。</translation>
        </message>
        <message>
            <source>Kehu customer management</source>
            <translation>客户管理系统</translation>
        </message>
        <message>
            <source>Kehu customer management — head office</source>
            <translation>客户管理系统 — 总部</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言 Language</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>Opening…</source>
            <translation>正在打开…</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Please enter your user name.</source>
            <translation>请输入用户名。</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Sign in</source>
            <extracomment>(user name, role, password) as services.demo.demo_credentials() gives them the database is open: the button signs in (at once when the dialog was made with one)</extracomment>
            <translation>登录</translation>
        </message>
        <message>
            <source>The two new passwords are not the same.</source>
            <translation>两次输入的新密码不一致。</translation>
        </message>
        <message>
            <source>This is the demo branch. Click a user to fill in the form:</source>
            <translation>这是演示分支机构。点击用户名即可填入：</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Version %1</source>
            <translation>版本 %1</translation>
        </message>
    </context>
    <context>
        <name>SignaturesOwedTab</name>
        <message>
            <source>Approved by phone while both managers were out. The sales manager or the branch GM must still sign these notes (on the Dispatch notes screen).</source>
            <translation>两位经理均不在时电话批准的发运单，须由销售经理或总经理补签（在“发运单”界面办理）。</translation>
        </message>
    </context>
    <context>
        <name>SlipColumns</name>
        <message>
            <source>Copy ③</source>
            <translation>记账联</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>开单日期</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>到期日</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Printed</source>
            <translation>打印/补印</translation>
        </message>
        <message>
            <source>Slip number</source>
            <translation>单号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>金额</translation>
        </message>
    </context>
    <context>
        <name>SlipIssuedBar</name>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Preview…</source>
            <translation>预览…</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>Print again</source>
            <translation>再打印一份</translation>
        </message>
        <message>
            <source>Print on the default printer profile</source>
            <translation>用默认打印设置打印</translation>
        </message>
        <message>
            <source>Printing {slip}…</source>
            <translation>正在打印 {slip}…</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>{number} delivered. Issued {kind} {slip} for {amount}: print it and have the customer sign; copy ③ goes back to the accountant.</source>
            <translation>{number}已送达。已开具{kind} {slip}，金额{amount}：请打印并由客户签收，第三联（记账联）交回会计。</translation>
        </message>
        <message>
            <source>{slip} printed on “{profile}”.</source>
            <translation>{slip} 已在“{profile}”上打印。</translation>
        </message>
    </context>
    <context>
        <name>SlipKind</name>
        <message>
            <source>Credit-sale slip</source>
            <translation>赊销单</translation>
        </message>
        <message>
            <source>Delivery slip</source>
            <translation>送货单</translation>
        </message>
    </context>
    <context>
        <name>SlipPrinting</name>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Printed on “%1”.</source>
            <translation>已用“%1”打印。</translation>
        </message>
        <message>
            <source>Printing %1…</source>
            <translation>正在打印 %1…</translation>
        </message>
        <message>
            <source>Save slip as PDF</source>
            <translation>单据另存为PDF</translation>
        </message>
        <message>
            <source>Saved as %1</source>
            <translation>已保存为 %1</translation>
        </message>
        <message>
            <source>Slip %1</source>
            <translation>单据 %1</translation>
        </message>
        <message>
            <source>This copy is marked as reprint no. %1.</source>
            <translation>本份标记为第%1次补印。</translation>
        </message>
    </context>
    <context>
        <name>SlipTableModel</name>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
    </context>
    <context>
        <name>SlipWords</name>
        <message>
            <source>%1 (reprints: %2)</source>
            <translation>%1 份（补印 %2 份）</translation>
        </message>
        <message>
            <source>%1 copies</source>
            <translation>%1 份</translation>
        </message>
        <message>
            <source>Credit-sale slip</source>
            <translation>赊销单</translation>
        </message>
        <message>
            <source>Delivery slip</source>
            <translation>送货单</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>已开</translation>
        </message>
        <message>
            <source>Not printed</source>
            <translation>未打印</translation>
        </message>
        <message>
            <source>Not returned</source>
            <translation>未交回</translation>
        </message>
        <message>
            <source>Returned %1</source>
            <translation>已交回 %1</translation>
        </message>
        <message>
            <source>Void</source>
            <translation>作废</translation>
        </message>
    </context>
    <context>
        <name>SlipsView</name>
        <message>
            <source>%1 is void. Its number is kept.</source>
            <translation>%1 已作废，单号保留。</translation>
        </message>
        <message>
            <source>%1 slip(s)</source>
            <translation>共 %1 张</translation>
        </message>
        <message>
            <source>All kinds</source>
            <translation>全部类型</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Copy ③ overdue</source>
            <translation>记账联逾期未交回</translation>
        </message>
        <message>
            <source>Copy ③ recorded for %1 of %2 slip(s). Not recorded:</source>
            <translation>已登记 %1 张（共 %2 张）记账联交回。未登记的：</translation>
        </message>
        <message>
            <source>Copy ③ returned</source>
            <translation>记账联交回</translation>
        </message>
        <message>
            <source>Copy ③ returned: %1</source>
            <translation>记账联已交回：%1</translation>
        </message>
        <message>
            <source>Issued slips whose accounting copy has not come back after the set days</source>
            <translation>已开单据中，记账联超过规定天数仍未交回的</translation>
        </message>
        <message>
            <source>Preview / print…</source>
            <translation>预览/打印…</translation>
        </message>
        <message>
            <source>Preview…</source>
            <translation>预览…</translation>
        </message>
        <message>
            <source>Print history</source>
            <translation>打印记录</translation>
        </message>
        <message>
            <source>Printer settings…</source>
            <translation>打印机设置…</translation>
        </message>
        <message>
            <source>Record that the signed accounting copy of %1 came back today?</source>
            <translation>登记 %1 的记账联（客户已签收）今天交回？</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Save as PDF…</source>
            <translation>另存为PDF…</translation>
        </message>
        <message>
            <source>Save slip as PDF</source>
            <translation>单据另存为PDF</translation>
        </message>
        <message>
            <source>Saved as %1</source>
            <translation>已保存为 %1</translation>
        </message>
        <message>
            <source>Saved on the default printer profile; counts as a copy (the next one says 补印)</source>
            <translation>按默认打印机配置保存；计为一份（之后再打印或保存都标注补印）</translation>
        </message>
        <message>
            <source>Seller on the slips…</source>
            <translation>供货单位信息…</translation>
        </message>
        <message>
            <source>Slip number or customer (name, pinyin)</source>
            <translation>单号或客户（名称、拼音首字母）</translation>
        </message>
        <message>
            <source>The seller details are saved: new slips print them.</source>
            <translation>供货单位信息已保存，此后开具的单据将印出新信息。</translation>
        </message>
        <message>
            <source>Void %1 (%2, %3, %4)? The slip keeps its number and prints 作废; it no longer counts in the customer's exposure, and money paid on it becomes the customer's credit. This cannot be undone.</source>
            <translation>作废 %1（%2，%3，%4）？作废后单号保留，单据打印“作废”字样；不再计入客户的信用占用，已核销到该单的回款转为客户的预收款。此操作不能撤销。</translation>
        </message>
        <message>
            <source>Void slip</source>
            <translation>作废</translation>
        </message>
        <message>
            <source>Void slip %1</source>
            <translation>作废单据 %1</translation>
        </message>
        <message>
            <source>Void…</source>
            <translation>作废…</translation>
        </message>
    </context>
    <context>
        <name>SyncIndicator</name>
        <message>
            <source>Got it</source>
            <translation>知道了</translation>
        </message>
        <message>
            <source>Head office did not take these records. Correct each one and save it again: the corrected record goes up with the next sync.</source>
            <translation>总部没有接受以下记录。请逐条更正后重新保存，更正后的记录会在下次同步时上传。</translation>
        </message>
        <message>
            <source>Head office: %1 (branch %2)</source>
            <translation>总部：%1（分支机构 %2）</translation>
        </message>
        <message>
            <source>Head-office sync: not registered</source>
            <translation>总部同步：未注册</translation>
        </message>
        <message>
            <source>Head-office sync: …</source>
            <extracomment>The error is cut to this width (a long server message must not push the user's name off a 1366-pixel screen); the tooltip shows it whole.</extracomment>
            <translation>总部同步：…</translation>
        </message>
        <message>
            <source>Last sync: %1 · pending: %2</source>
            <translation>上次同步：%1 · 待上传：%2</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>稍后再看</translation>
        </message>
        <message>
            <source>Records returned by head office</source>
            <translation>总部退回的记录</translation>
        </message>
        <message>
            <source>Returned by head office: %1</source>
            <translation>总部退回：%1 条</translation>
        </message>
        <message>
            <source>Sync failed: %1</source>
            <translation>同步出错：%1</translation>
        </message>
        <message>
            <source>Syncing… · pending: %2</source>
            <translation>正在同步… · 待上传：%2</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>A sync is already on its way.</source>
            <translation>正在同步，请稍候。</translation>
        </message>
        <message>
            <source>Automatic sync</source>
            <translation>自动同步</translation>
        </message>
        <message>
            <source>Branch code</source>
            <translation>分支机构代码</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Every (minutes)</source>
            <translation>同步间隔（分钟）</translation>
        </message>
        <message>
            <source>Head-office address</source>
            <translation>总部地址</translation>
        </message>
        <message>
            <source>Head-office sync</source>
            <extracomment>Registration refusals (kehu_desktop.sync.registration) by the field they are about.</extracomment>
            <translation>总部同步</translation>
        </message>
        <message>
            <source>Last error</source>
            <translation>最近错误</translation>
        </message>
        <message>
            <source>Last successful sync</source>
            <translation>上次成功同步</translation>
        </message>
        <message>
            <source>Never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>Not registered</source>
            <translation>未注册</translation>
        </message>
        <message>
            <source>Only an administrator can register this branch with head office.</source>
            <translation>只有系统管理员可以向总部注册本分支机构。</translation>
        </message>
        <message>
            <source>Records waiting to be sent</source>
            <translation>待上传记录</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>注册</translation>
        </message>
        <message>
            <source>Register again (with a new code from head office)</source>
            <translation>重新注册（使用总部发放的新注册码）</translation>
        </message>
        <message>
            <source>Register with head office</source>
            <translation>向总部注册</translation>
        </message>
        <message>
            <source>Register with head office first.</source>
            <translation>请先向总部注册。</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>已注册</translation>
        </message>
        <message>
            <source>Registered with head office at %1 as branch %2.</source>
            <translation>已向总部 %1 注册，分支机构“%2”。</translation>
        </message>
        <message>
            <source>Registration</source>
            <translation>注册状态</translation>
        </message>
        <message>
            <source>Registration code</source>
            <translation>注册码</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>立即同步</translation>
        </message>
        <message>
            <source>Synced: %1 records sent, %2 received.</source>
            <translation>同步完成：上传 %1 条，下载 %2 条。</translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>正在同步…</translation>
        </message>
        <message>
            <source>The branch now syncs every %1 minutes.</source>
            <translation>现在每 %1 分钟自动同步一次。</translation>
        </message>
        <message>
            <source>The branch sends its records to head office and receives head office's products, settings and decisions (customer approvals, grades, limits). It syncs on its own every few minutes while someone is signed in.</source>
            <translation>本分支机构把自己的记录上传到总部，并从总部下载产品、设置和决定（客户审批、资信等级、授信额度）。有人登录时每隔几分钟自动同步一次。</translation>
        </message>
        <message>
            <source>e.g. https://hq.example.com</source>
            <translation>例如：https://hq.example.com</translation>
        </message>
        <message>
            <source>the one-time code head office gave, e.g. SH-…</source>
            <translation>总部发放的一次性注册码，例如：SH-…</translation>
        </message>
    </context>
    <context>
        <name>UsersTab</name>
        <message>
            <source>%1 is locked.</source>
            <translation>已锁定 %1。</translation>
        </message>
        <message>
            <source>%1 is unlocked.</source>
            <translation>已解锁 %1。</translation>
        </message>
        <message>
            <source>(no role)</source>
            <translation>（无角色）</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Active; must change the password</source>
            <translation>正常；须修改密码</translation>
        </message>
        <message>
            <source>Add user…</source>
            <translation>新增用户…</translation>
        </message>
        <message>
            <source>By</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>Change roles…</source>
            <translation>修改角色…</translation>
        </message>
        <message>
            <source>History of the selected user</source>
            <translation>所选用户的审计记录</translation>
        </message>
        <message>
            <source>Last sign-in</source>
            <translation>最后登录</translation>
        </message>
        <message>
            <source>Lock</source>
            <translation>锁定</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Locked out until %1 (wrong passwords)</source>
            <translation>密码错误锁定至 %1</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Reset password…</source>
            <translation>重置密码…</translation>
        </message>
        <message>
            <source>Roles</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>The password of %1 is reset: it must be changed at the next sign-in.</source>
            <translation>已重置 %1 的密码：下次登录时必须修改。</translation>
        </message>
        <message>
            <source>The roles of %1 are changed.</source>
            <translation>已修改 %1 的角色。</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>User %1 added.</source>
            <translation>已新增用户 %1。</translation>
        </message>
        <message>
            <source>User name</source>
            <extracomment>Opens a form; a test takes the dialog instead of a person (see open_form).</extracomment>
            <translation>用户名</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未登录</translation>
        </message>
    </context>
    <context>
        <name>VisitDialog</name>
        <message>
            <source>Findings</source>
            <translation>拜访发现</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>后续跟进</translation>
        </message>
        <message>
            <source>Purpose</source>
            <translation>拜访目的</translation>
        </message>
        <message>
            <source>Visit to {name}</source>
            <translation>拜访{name}</translation>
        </message>
        <message>
            <source>Visited on</source>
            <translation>拜访日期</translation>
        </message>
        <message>
            <source>What happens next (optional)</source>
            <translation>下一步安排（可不填）</translation>
        </message>
        <message>
            <source>What you found: sales, stock, credit, problems</source>
            <translation>了解到的情况：销售、库存、资信、问题</translation>
        </message>
    </context>
    <context>
        <name>Visits</name>
        <message>
            <source>Find problems in the channel and how to solve them</source>
            <translation>发现渠道问题并研究解决办法</translation>
        </message>
        <message>
            <source>Keep the relationship</source>
            <translation>保持联系，巩固关系</translation>
        </message>
        <message>
            <source>Learn the customer's credit and sales</source>
            <translation>了解客户资信和销售情况</translation>
        </message>
        <message>
            <source>every {n} days</source>
            <translation>每{n}天</translation>
        </message>
        <message>
            <source>every {n} months</source>
            <translation>每{n}个月</translation>
        </message>
    </context>
    <context>
        <name>VisitsView</name>
        <message>
            <source>Log a visit…</source>
            <translation>登记拜访…</translation>
        </message>
        <message>
            <source>My visits</source>
            <translation>我的拜访</translation>
        </message>
        <message>
            <source>Overdue by person</source>
            <translation>各人逾期情况</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Visit to {customer} on {day} logged.</source>
            <translation>已登记{day}对{customer}的拜访。</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>拜访</translation>
        </message>
        <message>
            <source>Whom to visit by the schedule for your role and each customer's grade, overdue first; customers due within a week are listed too.</source>
            <translation>按您的身份和客户资信等级的拜访频次列出应拜访的客户，逾期的在前；一周内到期的也一并列出。</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未拜访</translation>
        </message>
        <message>
            <source>not graded</source>
            <translation>未评级</translation>
        </message>
        <message>
            <source>{count} to visit, {overdue} overdue</source>
            <translation>应拜访{count}户，其中逾期{overdue}户</translation>
        </message>
    </context>
    <context>
        <name>WarningsView</name>
        <message>
            <source>Action taken</source>
            <translation>采取措施</translation>
        </message>
        <message>
            <source>All I can see</source>
            <translation>我能看到的全部</translation>
        </message>
        <message>
            <source>Check now</source>
            <translation>立即检查</translation>
        </message>
        <message>
            <source>Choose a warning.</source>
            <translation>请选择一条预警。</translation>
        </message>
        <message>
            <source>Close the warning</source>
            <translation>关闭预警</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已关闭</translation>
        </message>
        <message>
            <source>Closed: {customer}</source>
            <translation>已关闭：{customer}</translation>
        </message>
        <message>
            <source>Conclusion (to close)</source>
            <translation>结论（关闭时填写）</translation>
        </message>
        <message>
            <source>Condition gone since {at}</source>
            <translation>{at}起情况已消除</translation>
        </message>
        <message>
            <source>Early warnings</source>
            <translation>预警</translation>
        </message>
        <message>
            <source>Investigation</source>
            <translation>调查情况</translation>
        </message>
        <message>
            <source>Mine</source>
            <translation>我负责的</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>未关闭</translation>
        </message>
        <message>
            <source>Open again ({n}th time)</source>
            <translation>再次发出（第{n}次）</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Response saved: {customer}</source>
            <translation>处理情况已保存：{customer}</translation>
        </message>
        <message>
            <source>Save the response</source>
            <translation>保存处理情况</translation>
        </message>
        <message>
            <source>Warnings are routed by the customer's grade: 1 regional manager, 2 marketing director, 3 branch GM, 4 and 5 sales manager. The owner records the investigation and the action, then closes it; a closed warning opens again if its condition clears and comes back.</source>
            <translation>预警按客户资信等级分派：1级大区经理，2级营销总监，3级总经理，4、5级销售经理。负责人填写调查情况和采取的措施后关闭；已关闭的预警在情况消除后再次出现时会重新发出。</translation>
        </message>
        <message>
            <source>{count} warnings</source>
            <translation>共{count}条</translation>
        </message>
        <message>
            <source>{customers} customers checked: {opened} opened, {reopened} reopened, {cleared} cleared</source>
            <translation>已检查{customers}户客户：新发出{opened}条，重新发出{reopened}条，消除{cleared}条</translation>
        </message>
        <message>
            <source>{customer} — {kind}: {text}. Owner: {owner}; opened {at}.</source>
            <translation>{customer}——{kind}：{text}。负责人：{owner}；{at}发出。</translation>
        </message>
    </context>
    <context>
        <name>WithdrawalDialog</name>
        <message>
            <source>%1: the proposal goes to the branch GM for review, then to head office, whose approval terminates the customer. It stays selected until then.</source>
            <translation>%1：提议先由分支机构总经理审核，再报总部，总部批准即终止该客户；在此之前该客户仍为已选定。</translation>
        </message>
        <message>
            <source>Propose</source>
            <translation>提议</translation>
        </message>
        <message>
            <source>Propose withdrawing the dealership</source>
            <translation>提议取消经销资格</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Why the dealership should be withdrawn</source>
            <translation>为什么应取消其经销资格</translation>
        </message>
    </context>
    <context>
        <name>WorkView</name>
        <message>
            <source> — {count} overdue</source>
            <translation>——其中逾期{count}</translation>
        </message>
        <message>
            <source>My work</source>
            <translation>我的待办</translation>
        </message>
        <message>
            <source>Nothing waits for you.</source>
            <translation>目前没有待办事项。</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>{name}, this is what waits for you.</source>
            <translation>{name}，以下事项等待您处理。</translation>
        </message>
    </context>
</TS>
