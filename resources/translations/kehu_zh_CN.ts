<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>ApprovalQueueModel</name>
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
            <source>No selection step is yours to decide. You can still print the customer change form.</source>
            <translation>您没有需要审批的客户选择环节，但可以打印客户增减变动表。</translation>
        </message>
        <message>
            <source>Open it to preview or print</source>
            <translation>打开预览或打印</translation>
        </message>
        <message>
            <source>Propose</source>
            <translation>提名</translation>
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
            <source>Selected customers (to terminate)</source>
            <translation>已选定客户（可终止）</translation>
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
        <name>ChangeFormPrinter</name>
        <message>
            <source>All branches</source>
            <translation>全部分支机构</translation>
        </message>
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
            <source>Search: name, pinyin initials (e.g. shyy), credit code or phone</source>
            <translation>搜索：客户名称、拼音首字母（如 shyy）、信用代码或电话</translation>
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
        <name>ErrorMessages</name>
        <message>
            <source>An unexpected error occurred. Please tell your administrator.</source>
            <translation>发生了意外错误，请告知系统管理员。</translation>
        </message>
        <message>
            <source>Kehu</source>
            <translation>客户管理系统</translation>
        </message>
        <message>
            <source>Something went wrong: %1</source>
            <translation>出错了：%1</translation>
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
            <source>Branch code</source>
            <translation>分支机构代码</translation>
        </message>
        <message>
            <source>Branch name</source>
            <translation>分支机构名称</translation>
        </message>
        <message>
            <source>Creating the demo branch, please wait…</source>
            <translation>正在创建演示分支机构，请稍候…</translation>
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
            <source>The demo branch is not part of this build.</source>
            <translation>此版本不含演示分支机构。</translation>
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
    </context>
    <context>
        <name>ImportDialog</name>
        <message>
            <source>(whole file)</source>
            <translation>（整个文件）</translation>
        </message>
        <message>
            <source>(whole row)</source>
            <translation>（整行）</translation>
        </message>
        <message>
            <source>After correcting the file, check it again</source>
            <translation>改正文件后重新检查</translation>
        </message>
        <message>
            <source>All {ok} row(s) are correct. Click Import to create them as prospects.</source>
            <translation>全部{ok}行均正确。点击“导入”即建立为待提名客户。</translation>
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
            <source>Customer lists (*.csv *.xlsx);;All files (*)</source>
            <translation>客户清单 (*.csv *.xlsx);;所有文件 (*)</translation>
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
            <source>Import new customers (as prospects) from a CSV or Excel (.xlsx) file. The whole file is checked first; nothing is imported until every row is correct.</source>
            <translation>从CSV或Excel（.xlsx）文件导入新客户（状态为待提名）。导入前先检查整个文件，所有行都正确后才会导入。</translation>
        </message>
        <message>
            <source>Imported {count} customer(s).</source>
            <translation>已导入{count}家客户。</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <source>No file chosen</source>
            <translation>尚未选择文件</translation>
        </message>
        <message>
            <source>Nothing was imported.</source>
            <translation>未导入任何客户。</translation>
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
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Row 1 is the first row under the header (row 2 in Excel); row 0 is the header or the file itself.</source>
            <translation>第1行是表头下的第一行（即Excel中的第2行）；第0行指表头或整个文件。</translation>
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
            <source>Template saved: {path}</source>
            <translation>模板已保存：{path}</translation>
        </message>
        <message>
            <source>The file holds no customer rows.</source>
            <translation>文件中没有客户数据行。</translation>
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
            <source>{count} customer(s) imported as prospects.</source>
            <translation>已导入{count}家客户，状态为待提名。</translation>
        </message>
        <message>
            <source>{ok} row(s) are correct. {problems} problem(s) must be corrected in the file before anything can be imported:</source>
            <translation>{ok}行正确。文件中有{problems}处问题，改正后才能导入：</translation>
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
            <source>About Kehu</source>
            <translation>关于客户管理系统</translation>
        </message>
        <message>
            <source>Approvals</source>
            <translation>审批</translation>
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
            <source>Customers</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Database in use</source>
            <translation>当前使用的数据库</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>Kehu customer management</source>
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
            <source>New</source>
            <translation>新建</translation>
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
            <source>Sign &amp;out</source>
            <translation>退出登录(&amp;O)</translation>
        </message>
        <message>
            <source>This screen is not available yet.</source>
            <translation>此功能暂不可用。</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>正在处理…</translation>
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
            <source>Enter a name for this profile.</source>
            <translation>请填写配置名称。</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>配置名称</translation>
        </message>
        <message>
            <source>New profile</source>
            <translation>新建配置</translation>
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
            <source>Rejected</source>
            <translation>否决</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
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
        <name>SignInDialog</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
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
            <source>Language</source>
            <translation>语言 Language</translation>
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
            <extracomment>(user name, role, password) as services.demo.demo_credentials() gives them</extracomment>
            <translation>登录</translation>
        </message>
        <message>
            <source>This is the demo branch. Click a user to fill in the form:</source>
            <translation>这是演示分支机构。点击用户名即可填入：</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
    </context>
    <context>
        <name>SlipPrinting</name>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
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
</TS>
