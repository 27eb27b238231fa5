<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>添加补充说明</source>
        <translation>Add a supplement</translation>
    </message>
    <message>
        <source>补充时间</source>
        <translation>Added at</translation>
    </message>
    <message>
        <source>本保密库未登记使用人，请填写补充人姓名</source>
        <translation>This vault has no registered user: type the name of who adds it</translation>
    </message>
    <message>
        <source>补充人</source>
        <translation>Added by</translation>
    </message>
    <message>
        <source>谈话定稿后了解到的情况、谈话对象的补充或更正……</source>
        <translation>What came to light after the record was finalised, an addition or correction by the interviewee…</translation>
    </message>
    <message>
        <source>补充内容</source>
        <translation>Supplement</translation>
    </message>
    <message>
        <source>补充说明保存后不能修改或删除，并随谈话记录一并打印；原记录不变。</source>
        <translation>Once saved, a supplement cannot be changed or removed, and it prints with the interview record; the original record stays as it is.</translation>
    </message>
    <message>
        <source>保存补充说明</source>
        <translation>Save supplement</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>补充说明</source>
        <translation>Supplements</translation>
    </message>
    <message>
        <source>暂无补充说明</source>
        <translation>No supplements yet</translation>
    </message>
    <message>
        <source>已定稿，原文不可修改。之后了解到的情况请添加补充说明（注明时间和补充人，随记录打印）。</source>
        <translation>Finalised: the original record cannot be changed. Add what comes to light later as a supplement (dated, with its author; it prints with the record).</translation>
    </message>
    <message>
        <source>添加补充说明…</source>
        <translation>Add a supplement…</translation>
    </message>
    <message>
        <source>{0}&#x3000;补充人：{1}</source>
        <translation>{0}  added by {1}</translation>
    </message>
    <message>
        <source>正在保存补充说明…</source>
        <translation>Saving the supplement…</translation>
    </message>
    <message>
        <source>已添加补充说明</source>
        <translation>Supplement added</translation>
    </message>
    <message>
        <source>补充说明未保存</source>
        <translation>Supplement not saved</translation>
    </message>
</context>
<context>
    <name>AckDialog</name>
    <message>
        <source>确认软冲突</source>
        <translation>Acknowledge soft conflicts</translation>
    </message>
    <message>
        <source>分工方案中有以下软冲突。确认后将按方案写入，并在各单位的分工确认记录中记下确认人、时间和下面的确认说明。</source>
        <translation>The assignment plan has the soft conflicts below. Once acknowledged, the plan is written, and each unit&apos;s assignment notes record who acknowledged, when, and the note below.</translation>
    </message>
    <message>
        <source>确认说明（如“组织部门已审核”）：</source>
        <translation>Acknowledgement note (e.g. &quot;Reviewed by the organisation department&quot;):</translation>
    </message>
    <message>
        <source>确认并导入</source>
        <translation>Acknowledge and import</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>最后 {0} 次修改未能恢复。</source>
        <translation>The last {0} changes could not be recovered.</translation>
    </message>
    <message>
        <source>其中的修改未能恢复。</source>
        <translation>The changes in it could not be recovered.</translation>
    </message>
    <message>
        <source>上次异常退出后，保密库的预写日志已损坏。</source>
        <translation>The vault&apos;s write-ahead log was damaged when the program last stopped abnormally.</translation>
    </message>
    <message>
        <source>请核对最近的修改，必要时从备份恢复。

已保留其加密副本：
{0}</source>
        <translation>Please check your latest changes, and restore a backup if needed.

An encrypted copy of the log was kept:
{0}</translation>
    </message>
    <message>
        <source>巡察工作台</source>
        <translation>XunCha Workbench</translation>
    </message>
</context>
<context>
    <name>AssignmentCheck</name>
    <message>
        <source>分工冲突：硬冲突 {0} 处须回避（保存前须确认），软冲突 {1} 处（部署前须确认）</source>
        <translation>Assignment conflicts: {0} hard (recusal; confirm before saving), {1} soft (to be acknowledged before deployment)</translation>
    </message>
    <message>
        <source>【硬冲突】{0}</source>
        <translation>[Hard] {0}</translation>
    </message>
    <message>
        <source>【软冲突】{0}</source>
        <translation>[Soft] {0}</translation>
    </message>
    <message>
        <source>未能检查分工冲突：{0}</source>
        <translation>Could not check the assignment for conflicts: {0}</translation>
    </message>
    <message>
        <source>分工冲突</source>
        <translation>Assignment conflicts</translation>
    </message>
    <message>
        <source>以下为硬冲突，按规定应当回避：

{0}

确需保存的，保存后“plan --check”和部署检查仍会列出这些冲突，该组不能部署。</source>
        <translation>These are hard conflicts; the rules require recusal:

{0}

If you save anyway, &quot;plan --check&quot; and the deployment check will still list them, and the team cannot be deployed.</translation>
    </message>
    <message>
        <source>仍然保存</source>
        <translation>Save anyway</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Go back and edit</translation>
    </message>
</context>
<context>
    <name>AttachmentRecordPanel</name>
    <message>
        <source>由程序记录，不能修改</source>
        <translation>Recorded by the program; cannot be changed</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>查看附件 — {0}</source>
        <translation>Attachment — {0}</translation>
    </message>
    <message>
        <source>无法识别的图片</source>
        <translation>The image could not be read</translation>
    </message>
    <message>
        <source>只能在程序内查看图片和 PDF；其他文件请另存副本后查看</source>
        <translation>Only images and PDFs can be viewed in the program; save a copy to open other files</translation>
    </message>
</context>
<context>
    <name>AttachmentsModel</name>
    <message>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>添加时间</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>另存的副本是未加密的普通文件，离开了保密库的保护。
只应保存到登记的涉密存储介质，用后按规定清退或销毁。

仍要另存副本吗？</source>
        <translation>A saved copy is an ordinary, unencrypted file outside the vault&apos;s protection.
Save it only to registered media approved for classified material, and return or destroy it as the rules require after use.

Save a copy anyway?</translation>
    </message>
    <message>
        <source>附件（可拖入文件）</source>
        <translation>Attachments (drop files here)</translation>
    </message>
    <message>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>另存副本…</source>
        <translation>Save copy…</translation>
    </message>
    <message>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <source>已添加 {0} 个附件</source>
        <translation>Attachments added: {0}</translation>
    </message>
    <message>
        <source>正在添加…</source>
        <translation>Adding…</translation>
    </message>
    <message>
        <source>正在添加 {0}：{1}%</source>
        <translation>Adding {0}: {1}%</translation>
    </message>
    <message>
        <source>无法读取该 PDF：文件损坏或已加密</source>
        <translation>Cannot read this PDF: the file is damaged or encrypted</translation>
    </message>
    <message>
        <source>无法查看该附件</source>
        <translation>This attachment cannot be viewed</translation>
    </message>
    <message>
        <source>另存未加密副本</source>
        <translation>Save an unencrypted copy</translation>
    </message>
    <message>
        <source>另存副本</source>
        <translation>Save copy</translation>
    </message>
    <message>
        <source>正在另存：{0}%</source>
        <translation>Saving copy: {0}%</translation>
    </message>
    <message>
        <source>已另存未加密副本：{0}</source>
        <translation>Unencrypted copy saved: {0}</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{0} 等 {1} 项</source>
        <translation>{0} and more ({1} in all)</translation>
    </message>
    <message>
        <source>记录 {0}、写入 {1}、附件 {2}</source>
        <translation>{0} records, {1} writes, {2} attachments</translation>
    </message>
    <message>
        <source>份号 {0}</source>
        <translation>copy no. {0}</translation>
    </message>
    <message>
        <source>密级 {0}</source>
        <translation>classification {0}</translation>
    </message>
    <message>
        <source>{0} 页</source>
        <translation>pages {0}</translation>
    </message>
    <message>
        <source>{0} 份</source>
        <translation>copies {0}</translation>
    </message>
    <message>
        <source>第 {0} 号</source>
        <translation>no. {0}</translation>
    </message>
    <message>
        <source>接收方 {0}</source>
        <translation>for {0}</translation>
    </message>
    <message>
        <source>新写入 {0}、新记录 {1}、冲突 {2}</source>
        <translation>{0} new writes, {1} new records, {2} conflicts</translation>
    </message>
    <message>
        <source>来自 {0}</source>
        <translation>from {0}</translation>
    </message>
    <message>
        <source>超期 {0} 项</source>
        <translation>{0} overdue</translation>
    </message>
    <message>
        <source>新增 {0}、更新 {1}、相同 {2}、未导入 {3}</source>
        <translation>{0} new, {1} updated, {2} unchanged, {3} not imported</translation>
    </message>
    <message>
        <source>指纹 {0}</source>
        <translation>fingerprint {0}</translation>
    </message>
    <message>
        <source>备份到 {0}</source>
        <translation>backed up to {0}</translation>
    </message>
    <message>
        <source>未恢复的修改 {0} 次</source>
        <translation>{0} changes not recovered</translation>
    </message>
    <message>
        <source>升级到第 {0} 版，调整记录 {1} 条</source>
        <translation>Upgraded to version {0}, {1} records adjusted</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>份号</source>
        <translation>Copy number</translation>
    </message>
    <message>
        <source>密级</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>水印</source>
        <translation>Watermark</translation>
    </message>
    <message>
        <source>页数</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>Sequence</translation>
    </message>
    <message>
        <source>接收方</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>所有人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>新写入</source>
        <translation>New writes</translation>
    </message>
    <message>
        <source>新记录</source>
        <translation>New records</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>备份到</source>
        <translation>Backed up to</translation>
    </message>
    <message>
        <source>未恢复的修改</source>
        <translation>Changes not recovered</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>相同</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>{0}：{1} → {2}</source>
        <translation>{0}: {1} → {2}</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0}（已删除）</source>
        <translation>{0} (deleted)</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>记录修改</source>
        <translation>Record changes</translation>
    </message>
    <message>
        <source>打印与导出</source>
        <translation>Prints and exports</translation>
    </message>
    <message>
        <source>交接包</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>密钥与保密库</source>
        <translation>Keys and vault</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>筛选：操作人、对象、详情…</source>
        <translation>Filter: user, record, details…</translation>
    </message>
    <message>
        <source>校验审计链</source>
        <translation>Verify audit chain</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>类型：</source>
        <translation>Type:</translation>
    </message>
    <message>
        <source>选中一条，这里显示它的完整内容</source>
        <translation>Select an entry to see all of it here</translation>
    </message>
    <message>
        <source>加载更多</source>
        <translation>Load more</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>没有操作记录</source>
        <translation>No entries</translation>
    </message>
    <message>
        <source>共 {0} 条</source>
        <translation>{0} entries</translation>
    </message>
    <message>
        <source>显示 {0} / {1} 条</source>
        <translation>Showing {0} of {1} entries</translation>
    </message>
    <message>
        <source>{0}（只加载了最新的 {1} 条，更早的可点“加载更多”）</source>
        <translation>{0} (only the newest {1} are loaded; click “Load more” for older ones)</translation>
    </message>
    <message>
        <source>第 {0} 条 · {1} · {2}（设备 {3}）
{4}

{5}</source>
        <translation>Entry {0} · {1} · {2} (device {3})
{4}

{5}</translation>
    </message>
    <message>
        <source>正在校验审计链…</source>
        <translation>Verifying the audit chain…</translation>
    </message>
    <message>
        <source>审计链完整（共 {0} 条）</source>
        <translation>The audit chain is intact ({0} entries)</translation>
    </message>
    <message>
        <source>审计链有 {0} 处问题：
{1}</source>
        <translation>The audit chain has {0} problems:
{1}</translation>
    </message>
    <message>
        <source>……（其余见提示）</source>
        <translation>… (the tooltip lists the rest)</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>BrokenRecordsModel</name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>不符合的规则</source>
        <translation>Rule broken</translation>
    </message>
    <message>
        <source>需补全</source>
        <translation>Missing</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
</context>
<context>
    <name>ConfirmSignerDialog</name>
    <message>
        <source>核对签名者指纹</source>
        <translation>Check the signer&apos;s fingerprint</translation>
    </message>
    <message>
        <source>这是一个部署包，本库尚未信任签发它的巡察办密钥。请巡察办通过电话逐组读出其密钥指纹，或对照纸质部署通知上印的指纹，把它输入下框。只有与交接包签名者的指纹完全一致时才能信任；信任后导入部署包，本库从此接受该巡察办的交接包。</source>
        <translation>This is a deployment package, and this vault does not yet trust the office key that signed it. Ask the office to read out its key fingerprint group by group on the phone, or take it from the printed deployment notice, and type it below. It can be trusted only if it matches the package signer&apos;s fingerprint exactly; once trusted and imported, this vault accepts that office&apos;s packages.</translation>
    </message>
    <message>
        <source>制作方：</source>
        <translation>Made by:</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>设备：</source>
        <translation>Device:</translation>
    </message>
    <message>
        <source>对方读出（或通知上印）的指纹：</source>
        <translation>Fingerprint as read out (or printed on the notice):</translation>
    </message>
    <message>
        <source>信任</source>
        <translation>Trust</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>当前值</source>
        <translation>Current value</translation>
    </message>
    <message>
        <source>其他值</source>
        <translation>Other values</translation>
    </message>
    <message>
        <source>最近修改</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <source>{0}
—— {1}，{2}</source>
        <translation>{0}
— {1}, {2}</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>this computer</translation>
    </message>
    <message>
        <source>设备 {0}</source>
        <translation>device {0}</translation>
    </message>
    <message>
        <source>处理所选冲突</source>
        <translation>Settle the selected conflict</translation>
    </message>
    <message>
        <source>合并编辑（在下面写出采用的文字）：</source>
        <translation>Combine (write the text to keep below):</translation>
    </message>
    <message>
        <source>采用所选，解决冲突</source>
        <translation>Keep selected, settle conflict</translation>
    </message>
    <message>
        <source>打开记录</source>
        <translation>Open record</translation>
    </message>
    <message>
        <source>待处理冲突 {0} 处：两台设备在互不知情时改了同一字段。处理前以时间较晚的值为准；处理结果随下一个交接包发给其他保密库。</source>
        <translation>Open conflicts: {0}. Two devices changed the same field without knowing of each other. Until a conflict is settled, the later value counts; the settlement goes to the other vaults with the next package.</translation>
    </message>
    <message>
        <source>没有待处理的冲突。</source>
        <translation>No open conflicts.</translation>
    </message>
    <message>
        <source>在上面选择一处冲突。</source>
        <translation>Select a conflict above.</translation>
    </message>
    <message>
        <source>{0}“{1}”的“{2}”有 {3} 个不同的值，请选择采用哪一个：</source>
        <translation>{0} “{1}”: the field “{2}” has {3} different values. Choose the one to keep:</translation>
    </message>
    <message>
        <source>（当前显示）</source>
        <translation> (shown now)</translation>
    </message>
    <message>
        <source>{0}，{1}{2}</source>
        <translation>{0}, {1}{2}</translation>
    </message>
    <message>
        <source>已解决：{0}“{1}”的“{2}”采用“{3}”。这一处理会随下一个交接包发给其他保密库。</source>
        <translation>Settled: {0} “{1}”, field “{2}” keeps “{3}”. The settlement goes to the other vaults with the next package.</translation>
    </message>
    <message>
        <source>未能解决：{0}</source>
        <translation>Not settled: {0}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>巡察工作台 — 程序错误</source>
        <translation>XunCha Workbench — program error</translation>
    </message>
    <message>
        <source>程序遇到了一个错误。您的已保存数据不受影响。
请复制下面的信息，交给技术支持人员。</source>
        <translation>The program ran into an error. Your saved data is not affected.
Please copy the details below and give them to technical support.</translation>
    </message>
    <message>
        <source>复制错误信息</source>
        <translation>Copy error details</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>巡察工作台</source>
        <translation>XunCha Workbench</translation>
    </message>
</context>
<context>
    <name>CreateVaultDialog</name>
    <message>
        <source>请牢记口令。口令不会保存在任何地方，一旦遗忘，任何人（包括本软件的开发者）都无法找回，保密库中的全部内容将无法再打开。</source>
        <translation>Remember your passphrase. It is not stored anywhere: once it is forgotten, nobody (not even the developers of this program) can recover it, and nothing in the vault can be opened again.</translation>
    </message>
    <message>
        <source>太短</source>
        <translation>Too short</translation>
    </message>
    <message>
        <source>弱</source>
        <translation>Weak</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>较强</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>强</source>
        <translation>Strong</translation>
    </message>
    <message>
        <source>保密库</source>
        <translation>vault</translation>
    </message>
    <message>
        <source>巡察工作台 — 新建保密库</source>
        <translation>XunCha Workbench — new vault</translation>
    </message>
    <message>
        <source>保密库是一个加密文件，保存本组（或本办）的全部巡察记录。</source>
        <translation>A vault is one encrypted file that holds all the inspection records of your team (or office).</translation>
    </message>
    <message>
        <source>保存位置（.xcv 文件）</source>
        <translation>Where to save it (an .xcv file)</translation>
    </message>
    <message>
        <source>选择位置…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>保密库文件</source>
        <translation>Vault file</translation>
    </message>
    <message>
        <source>文件名和位置不加密：请勿以人名或案件命名。</source>
        <translation>File names and folders are not encrypted: do not name them after people or cases.</translation>
    </message>
    <message>
        <source>巡察组（组长、组员使用）</source>
        <translation>Team (leader and members)</translation>
    </message>
    <message>
        <source>巡察办（汇总各组）</source>
        <translation>Office (gathers all teams)</translation>
    </message>
    <message>
        <source>用途</source>
        <translation>Vault of</translation>
    </message>
    <message>
        <source>使用人姓名，记入修改历史</source>
        <translation>Your name, recorded in the change history</translation>
    </message>
    <message>
        <source>使用人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>至少 {0} 个字符，建议用一句话</source>
        <translation>At least {0} characters; a whole sentence is best</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>口令强度</source>
        <translation>Strength</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>打开已有保密库…</source>
        <translation>Open existing vault…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>新建保密库</source>
        <translation>New vault</translation>
    </message>
    <message>
        <source>两次输入的口令不一致</source>
        <translation>The two passphrases differ</translation>
    </message>
    <message>
        <source>正在创建保密库…</source>
        <translation>Creating the vault…</translation>
    </message>
    <message>
        <source>请选择保存位置</source>
        <translation>Choose where to save the vault</translation>
    </message>
    <message>
        <source>口令至少需要 {0} 个字符</source>
        <translation>The passphrase needs at least {0} characters</translation>
    </message>
</context>
<context>
    <name>DateInput</name>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>DeployPage</name>
    <message>
        <source>生成全部部署包…</source>
        <translation>Generate All Deployment Packages…</translation>
    </message>
    <message>
        <source>取消生成</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>选择一个巡察组，查看它是否就绪及全部原因。</source>
        <translation>Select a team to see whether it is ready, with every reason.</translation>
    </message>
    <message>
        <source>正在检查各巡察组是否就绪…</source>
        <translation>Checking whether each team is ready…</translation>
    </message>
    <message>
        <source>本轮次还没有巡察组。</source>
        <translation>This round has no teams yet.</translation>
    </message>
    <message>
        <source>巡察组 {0} 个，全部就绪，可以生成部署包。</source>
        <translation>{0} teams, all ready: the deployment packages can be generated.</translation>
    </message>
    <message>
        <source>巡察组 {0} 个：已就绪 {1} 个，未就绪 {2} 个（原因见“未就绪原因”列，选中一行可看全部原因）。</source>
        <translation>{0} teams: {1} ready, {2} not ready (see the column &quot;Why not ready&quot;; select a row to see every reason).</translation>
    </message>
    <message>
        <source>保密库中还没有巡察轮次。</source>
        <translation>The vault has no inspection round yet.</translation>
    </message>
    <message>
        <source>{0}：已就绪。</source>
        <translation>{0}: ready.</translation>
    </message>
    <message>
        <source>{0}：未就绪，原因 {1} 条：</source>
        <translation>{0}: not ready, {1} reason(s):</translation>
    </message>
    <message>
        <source>选择保存部署包的文件夹</source>
        <translation>Choose the folder for the deployment packages</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>……另有 {0} 条原因，见表中“未就绪原因”列。</source>
        <translation>… and {0} more reason(s); see the column &quot;Why not ready&quot;.</translation>
    </message>
    <message>
        <source>部分巡察组未就绪</source>
        <translation>Some teams are not ready</translation>
    </message>
    <message>
        <source>有 {0} 个巡察组未就绪，不能生成它们的部署包：

{1}</source>
        <translation>{0} team(s) are not ready; their deployment packages cannot be generated:

{1}</translation>
    </message>
    <message>
        <source>仅生成已就绪的 {0} 个组</source>
        <translation>Generate only the {0} ready team(s)</translation>
    </message>
    <message>
        <source>没有已就绪的巡察组，未生成部署包：
{0}</source>
        <translation>No team is ready; no deployment package was generated:
{0}</translation>
    </message>
    <message>
        <source>正在生成部署包，保存到 {0}…</source>
        <translation>Generating deployment packages into {0}…</translation>
    </message>
    <message>
        <source>{0} / {1} 个组</source>
        <translation>{0} / {1} teams</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已生成 {0} 个部署包，保存在：{1}</source>
        <translation>{0} deployment package(s) generated in: {1}</translation>
    </message>
    <message>
        <source>未就绪、未生成的巡察组 {0} 个：{1}</source>
        <translation>{0} team(s) not ready and not generated: {1}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>已取消，未生成任何部署包。</source>
        <translation>Cancelled; no deployment package was generated.</translation>
    </message>
    <message>
        <source>未生成部署包：{0}
{1}</source>
        <translation>No deployment package generated: {0}
{1}</translation>
    </message>
    <message>
        <source>未生成部署包：{0}</source>
        <translation>No deployment package generated: {0}</translation>
    </message>
    <message>
        <source>生成失败</source>
        <translation>Generation failed</translation>
    </message>
</context>
<context>
    <name>DeployTeamsModel</name>
    <message>
        <source>硬 {0} / 未确认 {1}</source>
        <translation>hard {0} / unacknowledged {1}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{0}/{1} 已签</source>
        <translation>{0}/{1} signed</translation>
    </message>
    <message>
        <source>序号 {0}</source>
        <translation>seq {0}</translation>
    </message>
    <message>
        <source>未部署</source>
        <translation>never</translation>
    </message>
    <message>
        <source>已就绪，可以生成部署包</source>
        <translation>Ready: its deployment package can be generated</translation>
    </message>
    <message>
        <source>未就绪：
{0}</source>
        <translation>Not ready:
{0}</translation>
    </message>
    <message>
        <source>组号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>巡察组</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>成员</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>接收密钥</source>
        <translation>Receiving key</translation>
    </message>
    <message>
        <source>组长授权文号</source>
        <translation>Leader authorisation</translation>
    </message>
    <message>
        <source>保密承诺书</source>
        <translation>Confidentiality pledges</translation>
    </message>
    <message>
        <source>回避申请书</source>
        <translation>Recusal forms</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>上次部署</source>
        <translation>Last deployment</translation>
    </message>
    <message>
        <source>就绪</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>未就绪原因</source>
        <translation>Why not ready</translation>
    </message>
</context>
<context>
    <name>DestinationStep</name>
    <message>
        <source>保存到（例如 U 盘）。交接包已加密，但仍请按涉密载体管理：</source>
        <translation>Save to (e.g. a USB drive). The package is encrypted, but handle the drive as classified media:</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>上次锁定时，以下 {0} 份修改未能保存，已加密保存在保密库中。勾选后可恢复到编辑窗口继续编辑，或者丢弃。</source>
        <translation>When the vault last locked, the {0} edits below could not be saved; they were kept encrypted in the vault. Tick them to restore them into an editor and carry on, or discard them.</translation>
    </message>
    <message>
        <source>恢复所选</source>
        <translation>Restore selected</translation>
    </message>
    <message>
        <source>丢弃所选…</source>
        <translation>Discard selected…</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>草稿留在保密库中，下次解锁时再提示</source>
        <translation>The drafts stay in the vault; you will be asked again at the next unlock</translation>
    </message>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>新建{0}：{1}</source>
        <translation>New {0}: {1}</translation>
    </message>
    <message>
        <source>锁定于 {0}&#x3000;修改了：{1}</source>
        <translation>Locked at {0}    changed: {1}</translation>
    </message>
    <message>
        <source>未能保存的原因：{0}</source>
        <translation>Why it could not be saved: {0}</translation>
    </message>
    <message>
        <source>⚠ 这条记录在此期间已被删除</source>
        <translation>⚠ This record has been deleted since</translation>
    </message>
    <message>
        <source>⚠ 这条记录在此期间已被修改，{0}两边都改过，恢复后请逐项核对</source>
        <translation>⚠ This record has been changed since; {0} changed on both sides — check each one after restoring</translation>
    </message>
    <message>
        <source>⚠ 这条记录在此期间已被修改（不涉及草稿修改的字段）</source>
        <translation>⚠ This record has been changed since (not in the fields the draft changes)</translation>
    </message>
    <message>
        <source>丢弃所选的 {0} 份修改？丢弃后无法找回。</source>
        <translation>Discard the {0} selected edits? They cannot be recovered.</translation>
    </message>
    <message>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>导出所选…</source>
        <translation>Export selected…</translation>
    </message>
    <message>
        <source>把选中的记录导出为{0}（只有巡察办保密库可以制作）</source>
        <translation>Export the selected records: {0} (only an inspection office vault can make one)</translation>
    </message>
    <message>
        <source>只有巡察办保密库可以制作{0}；本库是{1}保密库。</source>
        <translation>{0}s are made only by inspection office vaults; this vault&apos;s role: {1}.</translation>
    </message>
    <message>
        <source>请选择保存位置。</source>
        <translation>Choose where to save it.</translation>
    </message>
    <message>
        <source>文件夹不存在：{0}</source>
        <translation>The folder does not exist: {0}</translation>
    </message>
    <message>
        <source>该位置已有文件，不会覆盖：{0}</source>
        <translation>A file already exists there and will not be overwritten: {0}</translation>
    </message>
    <message>
        <source>不可用：{0}</source>
        <translation>Not available: {0}</translation>
    </message>
    <message>
        <source>导出交接包</source>
        <translation>Export package</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>本库尚未信任任何公钥：请先在“密钥与信任”中信任接收方的公钥，或在下面填写 age 接收方。</source>
        <translation>This vault trusts no keys yet: first trust the recipient&apos;s public keys under “Keys and trust”, or enter an age recipient below.</translation>
    </message>
    <message>
        <source>无法导出{0}。</source>
        <translation>Cannot export this kind of package: {0}.</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>加载失败</source>
        <translation>Loading failed</translation>
    </message>
    <message>
        <source>请至少选择一个接收方。</source>
        <translation>Choose at least one recipient.</translation>
    </message>
    <message>
        <source>接收方过多：已选 {0} 个，一个交接包最多 {1} 个。</source>
        <translation>Too many recipients: {0} chosen; a package has at most {1}.</translation>
    </message>
    <message>
        <source>注意：{0}的保密库无法导入{1}（{1}由{2}保密库导入）。</source>
        <translation>Note: {0}&apos;s vault cannot import “{1}” (a “{1}” goes to a vault of the {2}).</translation>
    </message>
    <message>
        <source>请改选{0}的公钥。</source>
        <translation> Choose the keys of an {0} vault instead.</translation>
    </message>
    <message>
        <source>已选 {0} 个接收方。</source>
        <translation>Recipients chosen: {0}.</translation>
    </message>
    <message>
        <source>完整：所选范围的全部记录和附件</source>
        <translation>Full: every record and attachment in the chosen scope</translation>
    </message>
    <message>
        <source>增量：只含上次发给该接收方的同类交接包之后的修改（新纳入范围的记录完整导出）</source>
        <translation>Incremental: only changes since this recipient&apos;s last package of this kind (records new to the scope go in whole)</translation>
    </message>
    <message>
        <source>完整：本库的全部记录和附件</source>
        <translation>Full: every record and attachment in this vault</translation>
    </message>
    <message>
        <source>增量：只含上次发给该接收方之后的修改</source>
        <translation>Incremental: only the changes since the last package for this recipient</translation>
    </message>
    <message>
        <source>尚未向 {0} 发过{1}，只能完整导出。</source>
        <translation>No “{1}” has been sent to {0} yet, so only a full one can be exported.</translation>
    </message>
    <message>
        <source>尚未向 {0} 发过交接包，只能导出完整交接包。</source>
        <translation>No package has been sent to {0} yet, so only a full package can be exported.</translation>
    </message>
    <message>
        <source>上次发给 {0} 的交接包：序号 {1}，{2}。增量交接包只含此后的修改；对方须已导入上次的交接包。</source>
        <translation>Last package for {0}: no. {1}, {2}. An incremental package holds only the changes since then; the recipient must have imported the last one.</translation>
    </message>
    <message>
        <source>巡察组：{0}（被巡察单位 {1} 个）</source>
        <translation>Inspection team: {0} (inspected units: {1})</translation>
    </message>
    <message>
        <source>所选记录 {0} 条</source>
        <translation>Records chosen: {0}</translation>
    </message>
    <message>
        <source>增量</source>
        <translation>incremental</translation>
    </message>
    <message>
        <source>完整</source>
        <translation>full</translation>
    </message>
    <message>
        <source>将导出{0}{1}，接收方：{2}。</source>
        <translation>To export: {1}, {0}; recipients: {2}.</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>巡察组</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>选择记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>接收方</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>保存位置</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>开始导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>保存交接包</source>
        <translation>Save package</translation>
    </message>
    <message>
        <source>交接包 (*{0})</source>
        <translation>Packages (*{0})</translation>
    </message>
    <message>
        <source>正在导出到 {0}…</source>
        <translation>Exporting to {0}…</translation>
    </message>
    <message>
        <source>取消导出</source>
        <translation>Cancel export</translation>
    </message>
    <message>
        <source>附件 {0} / {1}</source>
        <translation>Attachments {0} / {1}</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已导出{0}{1}。</source>
        <translation>Exported: {1}, {0}.</translation>
    </message>
    <message>
        <source>字段写入：{0} 条；附件内容：{1} 个
文件：{2}
大小：{3}
序号：{4}
接收方：{5} 个
交接包编号：{6}
SHA-256：{7}</source>
        <translation>Field writes: {0}; attachment contents: {1}
File: {2}
Size: {3}
Sequence number: {4}
Recipients: {5}
Package id: {6}
SHA-256: {7}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>未导出：{0}</source>
        <translation>Not exported: {0}</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ExportPanel</name>
    <message>
        <source>交接包是在保密库之间传递记录的唯一方式：签名并加密，只有选定的接收方能打开，对方导入时校验签名和内容。组员把记录交给组长用组员包，巡察组返回后交巡察办用移交包。

导出前，接收方的公钥须已在“密钥与信任”中信任（或提供其 age 接收方）。</source>
        <translation>Packages are the only way records move between vaults: signed and encrypted, they open only for the chosen recipients, and the receiving vault checks the signature and the contents on import. A member hands records to the team leader in a member package; back from the inspection, the team hands them to the office in a handoff package.

Before exporting, the recipient&apos;s public keys must be trusted under “Keys and trust” (or give their age recipient).</translation>
    </message>
    <message>
        <source>导出交接包…</source>
        <translation>Export package…</translation>
    </message>
    <message>
        <source>增量</source>
        <translation>incremental</translation>
    </message>
    <message>
        <source>完整</source>
        <translation>full</translation>
    </message>
    <message>
        <source>上次导出：{0}{1}，序号 {2}，{3}
{4}
{5}</source>
        <translation>Last export: {0} {1}, sequence number {2}, {3}
{4}
{5}</translation>
    </message>
</context>
<context>
    <name>FieldInput</name>
    <message>
        <source>（未填）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>（未选）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>FigureBars</name>
    <message>
        <source>暂无数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>FingerprintEntry</name>
    <message>
        <source>指纹只含数字 0–9 和字母 a–f。</source>
        <translation>A fingerprint contains only the digits 0–9 and the letters a–f.</translation>
    </message>
    <message>
        <source>请输入对方读出的 {0} 组指纹（空格可有可无）。</source>
        <translation>Type the {0} groups of the fingerprint read out to you (spaces optional).</translation>
    </message>
    <message>
        <source>输入的位数过多：应为 {0} 组。</source>
        <translation>Too many digits: it should be {0} groups.</translation>
    </message>
    <message>
        <source>第 {0} 组不一致。请再核对一遍；若确实不一致，不要信任，并与对方联系。</source>
        <translation>Group {0} differs. Check it again; if it really differs, do not trust the key and contact the other side.</translation>
    </message>
    <message>
        <source>指纹完全一致。</source>
        <translation>The fingerprint matches exactly.</translation>
    </message>
    <message>
        <source>前 {0} 组一致，还差 {1} 组。</source>
        <translation>The first {0} groups match; {1} to go.</translation>
    </message>
</context>
<context>
    <name>FormUndo</name>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>{0}：{1}（{2}）</source>
        <translation>{0}: {1} ({2})</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>有未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>修改“{0}”</source>
        <translation>Change “{0}”</translation>
    </message>
    <message>
        <source>修改{0}个字段</source>
        <translation>Change {0} fields</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>合并</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>解决冲突</source>
        <translation>Conflict settled</translation>
    </message>
    <message>
        <source>从 Excel 导入</source>
        <translation>Imported from Excel</translation>
    </message>
    <message>
        <source>打印反馈意见</source>
        <translation>Printed feedback opinion</translation>
    </message>
    <message>
        <source>打印谈话记录</source>
        <translation>Printed interview record</translation>
    </message>
    <message>
        <source>打印问题底稿</source>
        <translation>Printed working paper</translation>
    </message>
    <message>
        <source>打印移交清单</source>
        <translation>Printed handover list</translation>
    </message>
    <message>
        <source>打印巡察报告</source>
        <translation>Printed inspection report</translation>
    </message>
    <message>
        <source>导出台账</source>
        <translation>Exported ledger</translation>
    </message>
    <message>
        <source>导出交接包</source>
        <translation>Exported package</translation>
    </message>
    <message>
        <source>导入交接包</source>
        <translation>Imported package</translation>
    </message>
    <message>
        <source>信任公钥</source>
        <translation>Trusted a key</translation>
    </message>
    <message>
        <source>生成密钥</source>
        <translation>Created keys</translation>
    </message>
    <message>
        <source>备份保密库</source>
        <translation>Backed up vault</translation>
    </message>
    <message>
        <source>修改口令</source>
        <translation>Changed passphrase</translation>
    </message>
    <message>
        <source>创建保密库</source>
        <translation>Created vault</translation>
    </message>
    <message>
        <source>保留损坏的预写日志</source>
        <translation>Kept a damaged write-ahead log</translation>
    </message>
    <message>
        <source>升级数据</source>
        <translation>Upgrade data</translation>
    </message>
    <message>
        <source>删除标记</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>（已删除：{0}）</source>
        <translation>(deleted: {0})</translation>
    </message>
    <message>
        <source>修改历史 — {0}</source>
        <translation>Change history — {0}</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>共 {0} 次操作（删除的记录也保留在历史中）</source>
        <translation>Operations: {0} (deleted records stay in the history too)</translation>
    </message>
    <message>
        <source>没有历史记录</source>
        <translation>No history</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>原值 → 新值</source>
        <translation>Old → new</translation>
    </message>
    <message>
        <source>原值：{0}
新值：{1}</source>
        <translation>Old: {0}
New: {1}</translation>
    </message>
    <message>
        <source>{0}（设备 {1}）</source>
        <translation>{0} (device {1})</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>导入 {0} 次，导出 {1} 次（最近的在前）</source>
        <translation>Imports: {0}, exports: {1} (newest first)</translation>
    </message>
    <message>
        <source>尚未导入或导出交接包</source>
        <translation>No package has been imported or exported yet</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>选择收到的交接包。每个交接包先完整校验（签名、接收方、内容），并预演合并，显示导入后将新增、修改和产生冲突的记录数；确认后点“导入”，全部交接包在一次操作中导入：要么全部导入，要么都不导入。</source>
        <translation>Choose the packages you received. Each one is first checked in full (signature, recipients, contents) and its merge is rehearsed, to show how many records the import would add, change and put in conflict. Then click “Import”: all the packages are imported in one operation, all of them or none.</translation>
    </message>
    <message>
        <source>选择交接包…</source>
        <translation>Choose packages…</translation>
    </message>
    <message>
        <source>移出列表</source>
        <translation>Remove from list</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>取消校验</source>
        <translation>Cancel checks</translation>
    </message>
    <message>
        <source>所选交接包</source>
        <translation>Selected package</translation>
    </message>
    <message>
        <source>签名者的指纹（请与对方核对）：</source>
        <translation>Signer&apos;s fingerprint (compare it with the sender):</translation>
    </message>
    <message>
        <source>信任发送方的公钥并重试…</source>
        <translation>Trust the sender&apos;s keys and retry…</translation>
    </message>
    <message>
        <source>选择发送方用“导出本库公钥”写出的公钥文件，核对指纹后信任，再重新校验</source>
        <translation>Choose the public key file the sender wrote with “Export public keys”, compare the fingerprint, trust it, then check again</translation>
    </message>
    <message>
        <source>核对指纹后信任并导入…</source>
        <translation>Check fingerprint, trust and import…</translation>
    </message>
    <message>
        <source>输入巡察办读出或部署通知上印的指纹，与签名者的指纹完全一致时信任，再重新校验</source>
        <translation>Type the fingerprint the inspection office reads out or the deployment notice prints; if it matches the signer&apos;s exactly, trust it, then check again</translation>
    </message>
    <message>
        <source>查看冲突</source>
        <translation>Show conflicts</translation>
    </message>
    <message>
        <source>选择交接包</source>
        <translation>Choose packages</translation>
    </message>
    <message>
        <source>交接包 ({0});;所有文件 (*)</source>
        <translation>Packages ({0});;All files (*)</translation>
    </message>
    <message>
        <source>校验时出现内部错误</source>
        <translation>Internal error while checking</translation>
    </message>
    <message>
        <source>正在校验 {0} / {1}</source>
        <translation>Checking {0} / {1}</translation>
    </message>
    <message>
        <source>选择交接包后，这里显示校验结果和导入的预演。</source>
        <translation>Once packages are chosen, the result of each check and a preview of the import appear here.</translation>
    </message>
    <message>
        <source>指纹已核对，正在重新校验…</source>
        <translation>Fingerprint checked; checking again…</translation>
    </message>
    <message>
        <source>已信任：{0}（{1}），正在重新校验…</source>
        <translation>Trusted: {0} ({1}); checking again…</translation>
    </message>
    <message>
        <source>此前已信任：{0}（{1}），正在重新校验…</source>
        <translation>Already trusted: {0} ({1}); checking again…</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <source>一次只能确认一个新的签名者：请分别导入这些部署包。</source>
        <translation>Only one new signer can be confirmed at a time: import these deployment packages one by one.</translation>
    </message>
    <message>
        <source>正在导入… %v / %m</source>
        <translation>Importing… %v / %m</translation>
    </message>
    <message>
        <source>正在导入 {0} 个交接包…</source>
        <translation>Importing packages: {0}…</translation>
    </message>
    <message>
        <source>已导入 {0} 个交接包：新增记录 {1} 条，修改记录 {2} 条，新冲突 {3} 处，新附件 {4} 个。本库现有待处理冲突 {5} 处。</source>
        <translation>Packages imported: {0}. Records added {1}, changed {2}; new conflicts {3}; new attachments {4}. Open conflicts in this vault: {5}.</translation>
    </message>
    <message>
        <source>已信任签发部署包的巡察办的公钥。</source>
        <translation>The public keys of the inspection office that signed the deployment package are now trusted.</translation>
    </message>
    <message>
        <source>已取消导入：所有交接包均未写入本库。</source>
        <translation>Import cancelled: none of the packages was written to this vault.</translation>
    </message>
    <message>
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <source>未导入（所有交接包均未写入本库）：{0}</source>
        <translation>Not imported (none of the packages was written to this vault): {0}</translation>
    </message>
    <message>
        <source>{0}
这是一个部署包：请巡察办读出指纹（或对照纸质部署通知），点“核对指纹后信任并导入…”输入核对；也可取得巡察办的公钥文件后信任并重试。</source>
        <translation>{0}
This is a deployment package: have the inspection office read out the fingerprint (or take it from the paper deployment notice), click “Check fingerprint, trust and import…” and type it in; or get the inspection office&apos;s public key file, trust it and retry.</translation>
    </message>
    <message>
        <source>{0}
本库尚未信任签发此交接包的密钥。若确认来自对方，请取得对方的公钥文件，核对下面的指纹后信任，再重新校验。</source>
        <translation>{0}
This vault does not trust the key that signed this package. If you are sure it comes from the sender, get their public key file, compare the fingerprint below, trust it, then check again.</translation>
    </message>
    <message>
        <source>此交接包已导入（{0}），无需再次导入。</source>
        <translation>This package was already imported ({0}); there is nothing to import again.</translation>
    </message>
    <message>
        <source>未通过校验，不能导入：{0}</source>
        <translation>Check failed, cannot import: {0}</translation>
    </message>
    <message>
        <source>校验通过：{0}，来自 {1}（设备 {2}），序号 {3}。</source>
        <translation>Check passed: {0} from {1} (device {2}), no. {3}.</translation>
    </message>
    <message>
        <source>已导入：{0}，来自 {1}（设备 {2}），序号 {3}。</source>
        <translation>Imported: {0} from {1} (device {2}), no. {3}.</translation>
    </message>
    <message>
        <source>字段写入 {0} 条，其中本库没有的 {1} 条；新附件内容 {2} 个。</source>
        <translation>{0} field writes, {1} of them not yet in this vault; {2} new attachment contents.</translation>
    </message>
    <message>
        <source>下表只列出前 {0} 条记录。</source>
        <translation>The table lists only the first {0} records.</translation>
    </message>
    <message>
        <source>新冲突需在“冲突”页逐项处理；处理前以时间较晚的值为准。</source>
        <translation>New conflicts are settled one by one on the “Conflicts” page; until then the later value counts.</translation>
    </message>
    <message>
        <source>签名者的指纹已核对：导入时同时信任签发此部署包的巡察办。</source>
        <translation>The signer&apos;s fingerprint is checked: importing also trusts the inspection office that signed this deployment package.</translation>
    </message>
    <message>
        <source>注意：缺少同一来源的第 {0} 号包（可稍后导入，不影响本包）。</source>
        <translation>Note: package number {0} from the same sender is missing (it can be imported later; this one is not affected).</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>删除</source>
        <translation>Deletion</translation>
    </message>
    <message>
        <source>附件 {0} 个</source>
        <translation>{0} attachments</translation>
    </message>
    <message>
        <source>关联 {0} 条</source>
        <translation>{0} links</translation>
    </message>
    <message>
        <source>词表 {0} 项</source>
        <translation>{0} vocabulary entries</translation>
    </message>
    <message>
        <source>模板 {0} 个</source>
        <translation>{0} templates</translation>
    </message>
    <message>
        <source>设置 {0} 项</source>
        <translation>{0} settings</translation>
    </message>
    <message>
        <source>记录：{0} 条</source>
        <translation>Records: {0}</translation>
    </message>
    <message>
        <source>（{0}）</source>
        <translation> ({0})</translation>
    </message>
    <message>
        <source>另含：{0}</source>
        <translation>Also: {0}</translation>
    </message>
    <message>
        <source>导入后将新增记录 {0} 条，修改记录 {1} 条，产生新冲突 {2} 处。</source>
        <translation>Importing will add {0} records, change {1} and create {2} new conflicts.</translation>
    </message>
    <message>
        <source>新增记录 {0} 条，修改记录 {1} 条，新冲突 {2} 处。</source>
        <translation>Added {0} records, changed {1}, {2} new conflicts.</translation>
    </message>
    <message>
        <source>另有：{0}。</source>
        <translation> Also: {0}.</translation>
    </message>
</context>
<context>
    <name>ImportQueueModel</name>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>From</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>新增记录</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>修改记录</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>新冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>等待校验</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>正在校验</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>校验通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>签名者未被信任</source>
        <translation>Signer not trusted</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>此前已导入</source>
        <translation>Imported before</translation>
    </message>
    <message>
        <source>{0}（设备 {1}）</source>
        <translation>{0} (device {1})</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>从 Excel 导入</source>
        <translation>Import from Excel</translation>
    </message>
    <message>
        <source>选择 .xlsx 工作簿</source>
        <translation>Choose an .xlsx workbook</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>被巡察单位名单</source>
        <translation>List of inspected units</translation>
    </message>
    <message>
        <source>单位人员名册</source>
        <translation>Staff roster of a unit</translation>
    </message>
    <message>
        <source>调阅资料清单模板</source>
        <translation>Document request checklist template</translation>
    </message>
    <message>
        <source>巡察组及成员名册</source>
        <translation>Teams and members roster</translation>
    </message>
    <message>
        <source>移交问题线索处置情况反馈</source>
        <translation>Feedback on handed-over leads</translation>
    </message>
    <message>
        <source>整改台账</source>
        <translation>Rectification ledger</translation>
    </message>
    <message>
        <source>所在单位：</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <source>轮次：</source>
        <translation>Round:</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>内容：</source>
        <translation>Contents:</translation>
    </message>
    <message>
        <source>取消读取</source>
        <translation>Cancel reading</translation>
    </message>
    <message>
        <source>只显示未导入、更新和有提示的行</source>
        <translation>Show only rows not imported, updated or with notes</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>选择 Excel 工作簿</source>
        <translation>Choose an Excel workbook</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)</source>
        <translation>Excel workbooks (*.xlsx *.xlsm);;All files (*)</translation>
    </message>
    <message>
        <source>（库中唯一的轮次，或按表中“轮次”列）</source>
        <translation>(the vault&apos;s only round, or the sheet&apos;s round column)</translation>
    </message>
    <message>
        <source>（按表中“被巡察单位”列）</source>
        <translation>(by the sheet&apos;s inspected-unit column)</translation>
    </message>
    <message>
        <source>（按表中“所在单位”列）</source>
        <translation>(from the sheet&apos;s unit column)</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在核对：{0} / {1} 行</source>
        <translation>Checking: row {0} of {1}</translation>
    </message>
    <message>
        <source>已读到第 {0} 行</source>
        <translation>Read up to row {0}</translation>
    </message>
    <message>
        <source>已取消读取</source>
        <translation>Reading cancelled</translation>
    </message>
    <message>
        <source>工作表“{0}”，表头在第 {1} 行</source>
        <translation>Sheet “{0}”, header on row {1}</translation>
    </message>
    <message>
        <source>{0}。{1}</source>
        <translation>{0}. {1}</translation>
    </message>
    <message>
        <source>识别的列：</source>
        <translation>Columns recognised: </translation>
    </message>
    <message>
        <source>未使用的列：</source>
        <translation>Columns not used: </translation>
    </message>
    <message>
        <source>已导入：新增 {0}，更新 {1}，未变 {2}，未导入 {3}（共 {4} 行）</source>
        <translation>Imported: new {0}, updated {1}, unchanged {2}, not imported {3} (rows: {4})</translation>
    </message>
    <message>
        <source>将导入：新增 {0}，更新 {1}，未变 {2}，未导入 {3}（共 {4} 行）</source>
        <translation>To import: new {0}, updated {1}, unchanged {2}, not imported {3} (rows: {4})</translation>
    </message>
</context>
<context>
    <name>IntakeRowsModel</name>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>分组行</source>
        <translation>Group row</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>InterviewPanel</name>
    <message>
        <source>定稿条件</source>
        <translation>Conditions for finalising</translation>
    </message>
    <message>
        <source>指派须回避的人员时，由组长批准并写明理由</source>
        <translation>When a member who should recuse is assigned, the team leader approves it with a reason</translation>
    </message>
    <message>
        <source>定稿前还需：</source>
        <translation>Still needed before finalising: </translation>
    </message>
    <message>
        <source>☑ 已满足定稿条件（两名以上谈话人、记录人、谈话对象核对确认签字）</source>
        <translation>☑ Ready to finalise (two or more interviewers, a recorder, checked and signed by the interviewee)</translation>
    </message>
    <message>
        <source>批准回避例外</source>
        <translation>Approve a recusal exception</translation>
    </message>
    <message>
        <source>作为组长批准本次指派，请写明例外理由（保存在谈话记录中并打印在谈话笔录上）：

{0}</source>
        <translation>As team leader, approve this assignment: give the reason for the exception (kept with the interview and printed on its record):

{0}</translation>
    </message>
    <message>
        <source>回避</source>
        <translation>Recusal</translation>
    </message>
    <message>
        <source>以下申报的关系涉及本次谈话，须回避：

{0}

只有组长本人可以批准例外；本次指派未保留。</source>
        <translation>These declared relations concern this interview, so the member must recuse:

{0}

Only the team leader can approve an exception; the assignment was not kept.</translation>
    </message>
    <message>
        <source>回避提示</source>
        <translation>Recusal warning</translation>
    </message>
    <message>
        <source>以下申报的关系涉及本次谈话：

{0}

按规定应当回避。确需指派的，确认后将在备注中记录本次提示。</source>
        <translation>These declared relations concern this interview:

{0}

The rules call for recusal. If the assignment is really needed, confirm it and this warning will be recorded in the notes.</translation>
    </message>
    <message>
        <source>已知悉，仍然指派</source>
        <translation>Understood, assign anyway</translation>
    </message>
    <message>
        <source>取消指派</source>
        <translation>Do not assign</translation>
    </message>
</context>
<context>
    <name>KeyEnroller</name>
    <message>
        <source>选择对方的公钥文件</source>
        <translation>Choose the other side&apos;s public key file</translation>
    </message>
    <message>
        <source>公钥文件 (*.json *.txt);;所有文件 (*)</source>
        <translation>Public key files (*.json *.txt);;All files (*)</translation>
    </message>
</context>
<context>
    <name>KeysPage</name>
    <message>
        <source>本库的公钥</source>
        <translation>This vault&apos;s public keys</translation>
    </message>
    <message>
        <source>密钥指纹（对方信任本库时，在电话中逐组读给对方）</source>
        <translation>Key fingerprint (read it out group by group on the phone when the other side trusts this vault)</translation>
    </message>
    <message>
        <source>导出本库公钥…</source>
        <translation>Export public keys…</translation>
    </message>
    <message>
        <source>写出公钥文件（不含私钥），交给要向本库发送交接包或接收本库交接包的一方</source>
        <translation>Write a public key file (no private keys) for whoever sends packages to this vault or receives packages from it</translation>
    </message>
    <message>
        <source>信任的公钥</source>
        <translation>Trusted keys</translation>
    </message>
    <message>
        <source>只接受这些密钥签名的交接包；导出交接包时可从中选择接收方。</source>
        <translation>Only packages signed by these keys are accepted; an export&apos;s recipients are chosen from them.</translation>
    </message>
    <message>
        <source>信任新的密钥…</source>
        <translation>Trust a new key…</translation>
    </message>
    <message>
        <source>使用人：{0}&#x3000;角色：{1}&#x3000;设备：{2}</source>
        <translation>User: {0} · Role: {1} · Device: {2}</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>加密接收方：{0}</source>
        <translation>Encryption recipient: {0}</translation>
    </message>
    <message>
        <source>导出本库公钥</source>
        <translation>Export public keys</translation>
    </message>
    <message>
        <source>公钥文件 (*.json)</source>
        <translation>Public key files (*.json)</translation>
    </message>
    <message>
        <source>公钥-{0}-{1}.json</source>
        <translation>public-keys-{0}-{1}.json</translation>
    </message>
    <message>
        <source>已写出公钥：{0}（不含私钥）</source>
        <translation>Public keys written: {0} (no private keys)</translation>
    </message>
    <message>
        <source>已信任：{0}（{1}，设备 {2}）</source>
        <translation>Trusted: {0} ({1}, device {2})</translation>
    </message>
    <message>
        <source>此前已信任：{0}（{1}，设备 {2}）</source>
        <translation>Already trusted: {0} ({1}, device {2})</translation>
    </message>
</context>
<context>
    <name>KindListPage</name>
    <message>
        <source>筛选{0}…</source>
        <translation>Filter {0}…</translation>
    </message>
    <message>
        <source>新建{0}</source>
        <translation>New {0}</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>复制选中的行（Ctrl+C；锁定时或稍后自动清除）</source>
        <translation>Copy the selected rows (Ctrl+C; cleared on lock or after a while)</translation>
    </message>
    <message>
        <source>显示已删除</source>
        <translation>Show deleted</translation>
    </message>
    <message>
        <source>把已删除的记录（灰色、划线）也列出来，可选中后恢复</source>
        <translation>Also list deleted records (grey, struck through); select them to restore them</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>恢复选中的已删除记录（恢复也记入修改历史）</source>
        <translation>Restore the selected deleted records (the restore is recorded in the change history too)</translation>
    </message>
    <message>
        <source>删除选中的记录（Delete 键；先确认，删除后仍保留在修改历史中）</source>
        <translation>Delete the selected records (Delete key; asks first; deleted records stay in the change history)</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>共 {0} 条</source>
        <translation>Records: {0}</translation>
    </message>
    <message>
        <source>显示 {0} / {1} 条</source>
        <translation>Showing {0} of {1}</translation>
    </message>
    <message>
        <source>确认删除</source>
        <translation>Confirm deletion</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>等 {0} 条</source>
        <translation> … ({0} in all)</translation>
    </message>
    <message>
        <source>删除{0}：{1}{2}？

删除的记录从列表中移去，但保留在修改历史中。</source>
        <translation>Delete {0}: {1}{2}?

Deleted records leave the list but stay in the change history.</translation>
    </message>
</context>
<context>
    <name>KindStep</name>
    <message>
        <source>选择交接包的类型：</source>
        <translation>Choose the kind of package:</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>LinkPicker</name>
    <message>
        <source>添加关联</source>
        <translation>Add link</translation>
    </message>
    <message>
        <source>输入编号、姓名、标题或内容查找</source>
        <translation>Type a number, name, title or text to find</translation>
    </message>
    <message>
        <source>关联类型</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>关联</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>（{0}）</source>
        <translation> ({0})</translation>
    </message>
    <message>
        <source>&#x3000;已关联：{0}</source>
        <translation>  already linked: {0}</translation>
    </message>
    <message>
        <source>共 {0} 条，输入文字可缩小范围</source>
        <translation>{0} records; type to narrow them down</translation>
    </message>
    <message>
        <source>没有可关联的记录</source>
        <translation>No record to link to</translation>
    </message>
</context>
<context>
    <name>LinksBox</name>
    <message>
        <source>{0} · {1}：{2}</source>
        <translation>{0} · {1}: {2}</translation>
    </message>
    <message>
        <source>关联记录</source>
        <translation>Linked records</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>添加关联…</source>
        <translation>Add link…</translation>
    </message>
    <message>
        <source>查找一条记录，选择关联类型，与本记录关联</source>
        <translation>Find a record, choose the relation and link it to this one</translation>
    </message>
    <message>
        <source>新建并关联</source>
        <translation>New and linked</translation>
    </message>
    <message>
        <source>新建{0}（{1}）</source>
        <translation>New {0} ({1})</translation>
    </message>
    <message>
        <source>解除关联</source>
        <translation>Unlink</translation>
    </message>
    <message>
        <source>解除与“{0}”的关联（{1}）吗？两条记录本身都保留，解除会记入操作日志。</source>
        <translation>Unlink “{0}” ({1})? Both records stay; the unlinking is recorded in the audit log.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>巡察工作台 {0}</source>
        <translation>XunCha Workbench {0}</translation>
    </message>
    <message>
        <source>概览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>谈话记录</source>
        <translation>Interviews</translation>
    </message>
    <message>
        <source>信访登记</source>
        <translation>Petitions</translation>
    </message>
    <message>
        <source>问题线索</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>调阅资料</source>
        <translation>Document Requests</translation>
    </message>
    <message>
        <source>问题底稿</source>
        <translation>Working Papers</translation>
    </message>
    <message>
        <source>反馈问题与整改</source>
        <translation>Problems &amp; Rectification</translation>
    </message>
    <message>
        <source>移交</source>
        <translation>Handovers</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>People</translation>
    </message>
    <message>
        <source>规划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>部署</source>
        <translation>Deploy</translation>
    </message>
    <message>
        <source>汇总</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>交接包</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>文书与台账</source>
        <translation>Documents &amp; Ledgers</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>正在处理…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>工作台(&amp;W)</source>
        <translation>&amp;Workbench</translation>
    </message>
    <message>
        <source>锁定(&amp;L)</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>从 Excel 导入(&amp;I)…</source>
        <translation>&amp;Import from Excel…</translation>
    </message>
    <message>
        <source>操作日志(&amp;H)…</source>
        <translation>&amp;Audit log…</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>打印谈话记录</source>
        <translation>Print interview record</translation>
    </message>
    <message>
        <source>请先保存谈话记录，再打印。</source>
        <translation>Save the interview record first, then print it.</translation>
    </message>
    <message>
        <source>打印的是已保存的内容；未保存的修改不在其中</source>
        <translation>The saved record is printed; unsaved changes are not in it</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>NoChoices</name>
    <message>
        <source>尚无组员，请先在“人员”页添加组员</source>
        <translation>No team members yet: add them on the People page first</translation>
    </message>
    <message>
        <source>去添加组员…</source>
        <translation>Add members…</translation>
    </message>
</context>
<context>
    <name>OverdueLeadsModel</name>
    <message>
        <source>线索编号</source>
        <translation>Lead no.</translation>
    </message>
    <message>
        <source>被反映人</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>被巡察单位</source>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>接收单位</source>
        <translation>Receiving unit</translation>
    </message>
    <message>
        <source>移交时间</source>
        <translation>Transferred on</translation>
    </message>
    <message>
        <source>反馈期限</source>
        <translation>Feedback due</translation>
    </message>
    <message>
        <source>办结期限</source>
        <translation>Conclusion due</translation>
    </message>
    <message>
        <source>逾期情况</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <source>逾期未反馈</source>
        <translation>no feedback in time</translation>
    </message>
    <message>
        <source>逾期未办结</source>
        <translation>not concluded in time</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>（未填）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>未定时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>巡察办保密库</source>
        <translation>Office vault</translation>
    </message>
    <message>
        <source>巡察组保密库</source>
        <translation>Team vault</translation>
    </message>
    <message>
        <source>本轮巡察概览</source>
        <translation>This round at a glance</translation>
    </message>
    <message>
        <source>待处理冲突</source>
        <translation>Open Conflicts</translation>
    </message>
    <message>
        <source>谈话进度</source>
        <translation>Interview progress</translation>
    </message>
    <message>
        <source>调阅资料</source>
        <translation>Document Requests</translation>
    </message>
    <message>
        <source>问题线索</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>按线索状态</source>
        <translation>By lead status</translation>
    </message>
    <message>
        <source>按拟处置方式</source>
        <translation>By proposed disposal</translation>
    </message>
    <message>
        <source>问题底稿</source>
        <translation>Working Papers</translation>
    </message>
    <message>
        <source>按审核状态</source>
        <translation>By review state</translation>
    </message>
    <message>
        <source>整改事项</source>
        <translation>Rectification Items</translation>
    </message>
    <message>
        <source>按整改状态</source>
        <translation>By rectification status</translation>
    </message>
    <message>
        <source>按完成时限</source>
        <translation>By deadline</translation>
    </message>
    <message>
        <source>需补全的记录</source>
        <translation>Records to complete</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>正在更新…</source>
        <translation>Updating…</translation>
    </message>
    <message>
        <source>{0} 条记录的状态缺少相应的时间或对象，请补全（双击打开）</source>
        <translation>{0} records lack the date or recipient their status needs; please complete them (double-click to open)</translation>
    </message>
    <message>
        <source>{0}&#x3000;使用人：{1}</source>
        <translation>{0} · user: {1}</translation>
    </message>
    <message>
        <source>必谈对象已谈话 {0} 人，共 {1} 人</source>
        <translation>Mandatory interviewees interviewed: {0} of {1}</translation>
    </message>
    <message>
        <source>名册中尚未标记必谈对象</source>
        <translation>No mandatory interviewees are marked in the roster yet</translation>
    </message>
    <message>
        <source> 等 {0} 人</source>
        <translation> … ({0} in all)</translation>
    </message>
    <message>
        <source>尚未谈话：{0}</source>
        <translation>Not yet interviewed: {0}</translation>
    </message>
    <message>
        <source>必谈对象均已谈话</source>
        <translation>Every mandatory interviewee has been interviewed</translation>
    </message>
    <message>
        <source>谈话记录 {0} 份，已定稿 {1} 份</source>
        <translation>Interview records: {0}, finalised: {1}</translation>
    </message>
    <message>
        <source>未归还（含未提供）{0} 件，共调阅 {1} 件</source>
        <translation>Not returned (or not yet provided): {0} of {1} requested</translation>
    </message>
    <message>
        <source>整改事项 {0} 项：已逾期 {1} 项，即将到期 {2} 项（逾期的排在最前；双击打开）</source>
        <translation>Rectification items: {0}; overdue: {1}, due soon: {2} (overdue first; double-click to open)</translation>
    </message>
</context>
<context>
    <name>PackageHistoryModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>对方</source>
        <translation>Other party</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>新增记录 {0}，修改记录 {1}，新冲突 {2}，新附件 {3}</source>
        <translation>Records added {0}, changed {1}; new conflicts {2}; new attachments {3}</translation>
    </message>
    <message>
        <source>增量</source>
        <translation>Incremental</translation>
    </message>
    <message>
        <source>完整</source>
        <translation>Full</translation>
    </message>
    <message>
        <source>{0}：记录 {1}，写入 {2}，附件 {3}，{4}</source>
        <translation>{0}: records {1}, writes {2}, attachments {3}, {4}</translation>
    </message>
    <message>
        <source>交接包编号：{0}
制作时间：{1}</source>
        <translation>Package ID: {0}
Made: {1}</translation>
    </message>
    <message>
        <source>文件：{0}</source>
        <translation>File: {0}</translation>
    </message>
</context>
<context>
    <name>PackageTexts</name>
    <message>
        <source>巡察组</source>
        <translation>Inspection team</translation>
    </message>
    <message>
        <source>巡察办</source>
        <translation>Inspection office</translation>
    </message>
    <message>
        <source>移交包</source>
        <translation>Handoff package</translation>
    </message>
    <message>
        <source>组员包</source>
        <translation>Member package</translation>
    </message>
    <message>
        <source>部署包</source>
        <translation>Deployment package</translation>
    </message>
    <message>
        <source>上报包</source>
        <translation>Upward package</translation>
    </message>
    <message>
        <source>线索移交包</source>
        <translation>Lead-transfer package</translation>
    </message>
    <message>
        <source>巡察组交巡察办：本库的记录和附件，由巡察办保密库导入</source>
        <translation>Team to office: this vault&apos;s records and attachments, imported by the office&apos;s vault</translation>
    </message>
    <message>
        <source>组员交组长：本库的记录和附件，由组长的保密库导入合并</source>
        <translation>Member to team leader: this vault&apos;s records and attachments, merged into the leader&apos;s vault</translation>
    </message>
    <message>
        <source>巡察办交巡察组：轮次、巡察对象、模板和巡察办公钥</source>
        <translation>Office to team: rounds, inspected units, templates and the office&apos;s public keys</translation>
    </message>
    <message>
        <source>报上级巡察机构的成果</source>
        <translation>Results reported to the higher inspection body</translation>
    </message>
    <message>
        <source>移交纪委监委的问题线索</source>
        <translation>Leads handed over to the discipline inspection and supervision commission</translation>
    </message>
    <message>
        <source>{0} 字节</source>
        <translation>{0} bytes</translation>
    </message>
    <message>
        <source>（初始值）</source>
        <translation>(initial value)</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>无法读取或写入文件：{0}：{1}</source>
        <translation>Cannot read or write the file: {0}: {1}</translation>
    </message>
    <message>
        <source>无法读取或写入文件：{0}</source>
        <translation>Cannot read or write the file: {0}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>PackagesPage</name>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>密钥与信任</source>
        <translation>Keys and trust</translation>
    </message>
    <message>
        <source>往来记录</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>PaperPanel</name>
    <message>
        <source>审核流程</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>提交组务会审核</source>
        <translation>Submit for group review</translation>
    </message>
    <message>
        <source>组长签字…</source>
        <translation>Sign as team leader…</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>退回草稿</source>
        <translation>Back to draft</translation>
    </message>
    <message>
        <source>提交组长签字</source>
        <translation>Submit for the leader&apos;s signature</translation>
    </message>
    <message>
        <source>退回修改…</source>
        <translation>Return for correction…</translation>
    </message>
    <message>
        <source>按序编号</source>
        <translation>Next number</translation>
    </message>
    <message>
        <source>审核状态通过上方的流程按钮变更</source>
        <translation>The review state changes only through the buttons above</translation>
    </message>
    <message>
        <source>由组长输入口令签字时填写</source>
        <translation>Filled in when the team leader signs with the passphrase</translation>
    </message>
    <message>
        <source>正在读取本保密库的使用人…</source>
        <translation>Reading who uses this vault…</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <source>只有本组组长本人才能签字或退回：本保密库的使用人“{0}”不是本组的组长</source>
        <translation>Only the team&apos;s leader can sign or return: this vault&apos;s user “{0}” is not the team leader</translation>
    </message>
    <message>
        <source>已处于“{0}”</source>
        <translation>Already “{0}”</translation>
    </message>
    <message>
        <source>只有本组组长才能归档底稿</source>
        <translation>Only the team leader can archive a working paper</translation>
    </message>
    <message>
        <source>请先保存底稿的修改，再签字</source>
        <translation>Save the changes to the working paper before signing</translation>
    </message>
    <message>
        <source>不能变更审核状态：{0}</source>
        <translation>The review state cannot change: {0}</translation>
    </message>
    <message>
        <source>已提交组长签字，等待组长签字</source>
        <translation>Submitted for the leader&apos;s signature; waiting for the team leader to sign</translation>
    </message>
    <message>
        <source>请先保存底稿的修改，再提交</source>
        <translation>Save the changes to the working paper before submitting it</translation>
    </message>
    <message>
        <source>不能提交组长签字：{0}</source>
        <translation>Cannot submit for the leader&apos;s signature: {0}</translation>
    </message>
    <message>
        <source>请先保存或放弃底稿的修改，再退回</source>
        <translation>Save or discard the changes to the working paper before returning it</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>以组长“{0}”的名义签字：{1}
{2}
签字后事实、证据和定性即锁定，更正须由组长退回修改。</source>
        <translation>Sign as team leader “{0}”: {1}
{2}
Once signed, the facts, evidence and characterisation are locked; corrections need the team leader to return the paper.</translation>
    </message>
    <message>
        <source>退回修改</source>
        <translation>Return for correction</translation>
    </message>
    <message>
        <source>退回后底稿回到“草稿”，组长签字随之撤销。请写明退回修改的理由（记入底稿备注和操作日志）：</source>
        <translation>The working paper goes back to draft and the signature is withdrawn. Give the reason for returning it (written into the paper&apos;s notes and the audit log):</translation>
    </message>
    <message>
        <source>建议：{0}</source>
        <translation>Suggested: {0}</translation>
    </message>
    <message>
        <source>底稿编号已在组长签字后锁定</source>
        <translation>The number is locked since the team leader signed</translation>
    </message>
    <message>
        <source>当前状态：{0}</source>
        <translation>Current state: {0}</translation>
    </message>
    <message>
        <source>&#x3000;（编号已锁定）</source>
        <translation> (number locked)</translation>
    </message>
    <message>
        <source>组长签字：{0}&#x3000;{1}</source>
        <translation>Signed by team leader: {0}  {1}</translation>
    </message>
    <message>
        <source>请先保存底稿</source>
        <translation>Save the working paper first</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>交组长输入口令签字</source>
        <translation>Hand to the team leader, who signs with the passphrase</translation>
    </message>
    <message>
        <source>只有已经组长签字、尚未归档的底稿才能退回修改</source>
        <translation>Only a working paper signed by the team leader and not yet archived can be returned for correction</translation>
    </message>
    <message>
        <source>退回草稿以便更正，须写明理由</source>
        <translation>Return to draft for correction, with a reason</translation>
    </message>
    <message>
        <source>填入本组本轮的下一个编号：{0}</source>
        <translation>Fill in the team&apos;s next number in this round: {0}</translation>
    </message>
    <message>
        <source>底稿须属于有组号和轮次编号的巡察组</source>
        <translation>The paper must belong to a team with a team number in a numbered round</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>组长签字</source>
        <translation>Team leader&apos;s signature</translation>
    </message>
    <message>
        <source>输入本保密库的口令以确认签字</source>
        <translation>Type this vault&apos;s passphrase to confirm the signature</translation>
    </message>
    <message>
        <source>签字</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>缩小（Ctrl+滚轮）</source>
        <translation>Zoom out (Ctrl+wheel)</translation>
    </message>
    <message>
        <source>放大（Ctrl+滚轮）</source>
        <translation>Zoom in (Ctrl+wheel)</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>/ {0} 页</source>
        <translation>of {0}</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>第 {0} 页</source>
        <translation>Page {0}</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <source>检查分工</source>
        <translation>Check Assignment</translation>
    </message>
    <message>
        <source>生成分工建议…</source>
        <translation>Propose Assignment…</translation>
    </message>
    <message>
        <source>导入分工方案…</source>
        <translation>Import Assignment Plan…</translation>
    </message>
    <message>
        <source>巡察组：</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>巡察方式：</source>
        <translation>Mode:</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>只看有冲突的单位</source>
        <translation>Only units with conflicts</translation>
    </message>
    <message>
        <source>筛选单位、属地、巡察组或原因…</source>
        <translation>Filter by unit, jurisdiction, team or reason…</translation>
    </message>
    <message>
        <source>选择一个单位，查看它的全部冲突及原因。</source>
        <translation>Select a unit to see all its conflicts and their reasons.</translation>
    </message>
    <message>
        <source>正在检查分工…</source>
        <translation>Checking the assignment…</translation>
    </message>
    <message>
        <source>单位：{0} / 已分配：{1} / 交叉巡察：{2} / 硬冲突：{3} / 软冲突：{4}（未确认 {5}）</source>
        <translation>Units: {0} / assigned: {1} / cross-inspection: {2} / hard conflicts: {3} / soft conflicts: {4} ({5} unacknowledged)</translation>
    </message>
    <message>
        <source>问题：{0}</source>
        <translation>Problem: {0}</translation>
    </message>
    <message>
        <source>保密库中还没有巡察轮次。</source>
        <translation>The vault has no inspection round yet.</translation>
    </message>
    <message>
        <source>显示 {0} / {1}</source>
        <translation>Showing {0} / {1}</translation>
    </message>
    <message>
        <source>{0}（{1}，{2}）— {3}</source>
        <translation>{0} ({1}, {2}) — {3}</translation>
    </message>
    <message>
        <source>属地未填</source>
        <translation>jurisdiction not given</translation>
    </message>
    <message>
        <source>未分配</source>
        <translation>unassigned</translation>
    </message>
    <message>
        <source>没有冲突。</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <source>出错</source>
        <translation>an error occurred</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>检查完成。{0}</source>
        <translation>Check done. {0}</translation>
    </message>
    <message>
        <source>保存分工方案</source>
        <translation>Save Assignment Plan</translation>
    </message>
    <message>
        <source>正在生成分工建议…</source>
        <translation>Proposing an assignment…</translation>
    </message>
    <message>
        <source>未能生成分工建议</source>
        <translation>Could not propose an assignment</translation>
    </message>
    <message>
        <source>分工建议：单位 {0} / 已分配 {1} / 未分配 {2} / 软冲突提示 {3}</source>
        <translation>Proposal: units {0} / assigned {1} / unplaced {2} / soft-conflict warnings {3}</translation>
    </message>
    <message>
        <source>未分配：{0}，没有可承担的巡察组：</source>
        <translation>Unplaced: {0}, no team can take it:</translation>
    </message>
    <message>
        <source>……另有 {0} 个巡察组</source>
        <translation>… and {0} more team(s)</translation>
    </message>
    <message>
        <source>轮次</source>
        <translation>round</translation>
    </message>
    <message>
        <source>分工方案-{0}.xlsx</source>
        <translation>assignment-plan-{0}.xlsx</translation>
    </message>
    <message>
        <source>分工建议未保存（保密库未作任何改动）。</source>
        <translation>The proposal was not saved (nothing in the vault changed).</translation>
    </message>
    <message>
        <source>目标位置已有文件，不会覆盖：{0}</source>
        <translation>A file already exists there and will not be overwritten: {0}</translation>
    </message>
    <message>
        <source>已写出分工方案：{0}
{1}
保密库未作任何改动；审核后用“导入分工方案…”导入。</source>
        <translation>Assignment plan written: {0}
{1}
Nothing in the vault changed; after review, import it with &quot;Import Assignment Plan…&quot;.</translation>
    </message>
    <message>
        <source>未能写出分工方案</source>
        <translation>Could not write the assignment plan</translation>
    </message>
    <message>
        <source>导入分工方案</source>
        <translation>Import Assignment Plan</translation>
    </message>
    <message>
        <source>已导入分工方案：{0} 行，修改 {1} 个单位，记录软冲突确认 {2} 条。</source>
        <translation>Assignment plan imported: {0} rows, {1} units changed, {2} soft-conflict acknowledgements recorded.</translation>
    </message>
    <message>
        <source>未导入分工方案（软冲突未确认），保密库未作任何改动。</source>
        <translation>The assignment plan was not imported (soft conflicts not acknowledged); nothing in the vault changed.</translation>
    </message>
    <message>
        <source>未导入分工方案，保密库未作任何改动</source>
        <translation>The assignment plan was not imported; nothing in the vault changed</translation>
    </message>
    <message>
        <source>正在导入分工方案…</source>
        <translation>Importing the assignment plan…</translation>
    </message>
</context>
<context>
    <name>PlanUnitsModel</name>
    <message>
        <source>被巡察单位</source>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>单位层级</source>
        <translation>Unit level</translation>
    </message>
    <message>
        <source>属地</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <source>巡察方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>承担巡察组</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>硬冲突·{0}：{1}</source>
        <translation>Hard · {0}: {1}</translation>
    </message>
    <message>
        <source>软冲突·{0}（{1}）：{2}</source>
        <translation>Soft · {0} ({1}): {2}</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>acknowledged</translation>
    </message>
    <message>
        <source>未确认</source>
        <translation>unacknowledged</translation>
    </message>
    <message>
        <source>（未分配）</source>
        <translation>(unassigned)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>从不</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>无操作自动锁定：</source>
        <translation>Lock when idle for:</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source>仅在锁定和退出时</source>
        <translation>Only on lock and quit</translation>
    </message>
    <message>
        <source>清除复制的内容：</source>
        <translation>Clear copied text after:</translation>
    </message>
    <message>
        <source>锁定时关闭保密库、清空所有窗口中的记录内容；未保存的修改先保存，不能保存的作为加密草稿存入保密库，解锁后恢复。</source>
        <translation>Locking closes the vault and empties every window of record content; unsaved edits are saved first, and those that cannot be saved are kept in the vault as encrypted drafts and restored after unlocking.</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <source>界面语言在下次启动本程序时生效。</source>
        <translation>A new interface language takes effect the next time the program starts.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecipientsStep</name>
    <message>
        <source>勾选接收方（本库信任的公钥，最多 {0} 个）。只有接收方能解开交接包；增量交接包以第一个勾选的接收方为准。</source>
        <translation>Tick the recipients (keys this vault trusts, at most {0}). Only the recipients can open the package; an incremental package follows the first recipient ticked.</translation>
    </message>
    <message>
        <source>其他接收方（如备份用的 age 公钥），每行一个 age1…：</source>
        <translation>Other recipients (such as an age key for backups), one age1… per line:</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>新建{0}</source>
        <translation>New {0}</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>恢复锁定前未保存的修改</source>
        <translation>Restore the edits unsaved at lock time</translation>
    </message>
    <message>
        <source>保存后将与{0}“{1}”关联（{2}）</source>
        <translation>Will be linked to {0} “{1}” when saved ({2})</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>已保存；之后的修改尚未保存</source>
        <translation>Saved; later changes are not saved yet</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>已恢复锁定前未保存的修改，请检查后保存。</source>
        <translation>The unsaved changes from before the lock are back; check them, then save.</translation>
    </message>
    <message>
        <source>未能保存的原因：{0}</source>
        <translation>Why it could not be saved: {0}</translation>
    </message>
    <message>
        <source>注意：这条记录在此期间已被删除。保存后修改会写入，但记录仍处于删除状态。</source>
        <translation>Note: this record has been deleted since. Saving writes the changes, but the record stays deleted.</translation>
    </message>
    <message>
        <source>注意：这条记录在此期间已被修改（例如导入了交接包），{0}也被改过。框中显示的是你的草稿，保存将覆盖那边的修改，请逐项核对。</source>
        <translation>Note: this record has been changed since (for example by an imported package), and {0} changed there too. The boxes show your draft; saving overwrites the other change, so check each one.</translation>
    </message>
    <message>
        <source>注意：这条记录在此期间已被修改（例如导入了交接包），改动不涉及你修改的字段，已一并显示。</source>
        <translation>Note: this record has been changed since (for example by an imported package); the changes do not touch the fields you edited and are shown as well.</translation>
    </message>
    <message>
        <source>请填写：{0}</source>
        <translation>Please fill in: {0}</translation>
    </message>
    <message>
        <source>有未保存的修改，关闭并放弃这些修改吗？</source>
        <translation>There are unsaved changes. Close and discard them?</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>继续编辑</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>把本记录的内容复制到剪贴板（锁定时或稍后自动清除）</source>
        <translation>Copy this record to the clipboard (cleared on lock or after a while)</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>本记录的修改历史：谁、何时、改了什么</source>
        <translation>This record&apos;s change history: who changed what, and when</translation>
    </message>
    <message>
        <source>（已删除）{0}</source>
        <translation>(deleted) {0}</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>期限状态</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>（未知记录）</source>
        <translation>(unknown record)</translation>
    </message>
</context>
<context>
    <name>RecordsStep</name>
    <message>
        <source>筛选：编号、标题、单位、状态…</source>
        <translation>Filter: number, title, unit, status…</translation>
    </message>
    <message>
        <source>全选</source>
        <translation>Tick all</translation>
    </message>
    <message>
        <source>勾选列表中显示的全部记录（有筛选时只勾选筛选结果）</source>
        <translation>Tick every record the list shows (with a filter, only those it finds)</translation>
    </message>
    <message>
        <source>全不选</source>
        <translation>Tick none</translation>
    </message>
    <message>
        <source>取消列表中显示的全部勾选（有筛选时只取消筛选结果）</source>
        <translation>Untick every record the list shows (with a filter, only those it finds)</translation>
    </message>
    <message>
        <source>勾选要移交的问题线索。线索移交包将包含：所选线索，以及作为其来源或佐证的谈话记录、信访登记、调阅资料和问题底稿；不含被巡察单位、巡察组和名册。</source>
        <translation>Tick the leads to hand over. The lead-transfer package will hold the chosen leads and the interviews, petitions, document requests and working papers they come from or rest on; not the inspected units, the inspection team or the roster.</translation>
    </message>
    <message>
        <source>勾选要上报的反馈问题和问题线索。上报包将包含：所选记录，与之关联的问题底稿和整改事项，以及它们所属的被巡察单位和巡察组；不含谈话记录和信访登记。</source>
        <translation>Tick the feedback problems and leads to report. The upward package will hold the chosen records, the working papers and rectification items linked to them, and their inspected units and inspection teams; not interviews or petitions.</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>请至少勾选一条记录。</source>
        <translation>Tick at least one record.</translation>
    </message>
    <message>
        <source>最多选择 {0} 条，已选 {1} 条。</source>
        <translation>At most {0} records can be chosen; {1} are ticked.</translation>
    </message>
    <message>
        <source>已选 {0} 条，共 {1} 条</source>
        <translation>Ticked: {0} of {1}</translation>
    </message>
    <message>
        <source>（筛选后显示 {0} 条）</source>
        <translation> (shown by the filter: {0})</translation>
    </message>
</context>
<context>
    <name>RectificationModel</name>
    <message>
        <source>期限状态</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>整改事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>整改单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>完成时限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>整改状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>RefInput</name>
    <message>
        <source>（已删除或未同步：{0}）</source>
        <translation>(deleted or not synchronised: {0})</translation>
    </message>
</context>
<context>
    <name>RefsInput</name>
    <message>
        <source>（已删除或未同步：{0}）</source>
        <translation>(deleted or not synchronised: {0})</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>反馈意见</source>
        <translation>Feedback opinion</translation>
    </message>
    <message>
        <source>谈话记录</source>
        <translation>Interview record</translation>
    </message>
    <message>
        <source>问题底稿</source>
        <translation>Working paper</translation>
    </message>
    <message>
        <source>移交清单</source>
        <translation>Handover list</translation>
    </message>
    <message>
        <source>巡察报告</source>
        <translation>Inspection report</translation>
    </message>
    <message>
        <source>台账（Excel）</source>
        <translation>Ledger (Excel)</translation>
    </message>
    <message>
        <source>被巡察单位</source>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>移交事项</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>正在打印</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>无法打开打印机，未打印</source>
        <translation>The printer could not be opened; nothing was printed</translation>
    </message>
    <message>
        <source>无法记入操作日志，未打印</source>
        <translation>The print could not be recorded in the audit log; nothing was printed</translation>
    </message>
    <message>
        <source>已取消打印（已送出 {0} 页）</source>
        <translation>Printing cancelled (pages already sent: {0})</translation>
    </message>
    <message>
        <source>打印失败：{0}</source>
        <translation>Printing failed: {0}</translation>
    </message>
    <message>
        <source>已送打印 {0} 页</source>
        <translation>Pages sent to the printer: {0}</translation>
    </message>
    <message>
        <source>另存未加密副本</source>
        <translation>Save an unencrypted copy</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>保存副本</source>
        <translation>Save copy</translation>
    </message>
    <message>
        <source>{0} 行，逾期整改 {1} 项</source>
        <translation>rows: {0}, overdue rectification items: {1}</translation>
    </message>
    <message>
        <source>已保存未加密副本：{0}</source>
        <translation>Unencrypted copy saved: {0}</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>正在生成</source>
        <translation>Generating</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>系统没有能打开此文件的程序</source>
        <translation>No program on this computer opens this kind of file</translation>
    </message>
    <message>
        <source>文件夹不存在</source>
        <translation>the folder does not exist</translation>
    </message>
    <message>
        <source>没有写入权限</source>
        <translation>no permission to write</translation>
    </message>
    <message>
        <source>磁盘空间不足</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>介质只读</source>
        <translation>the medium is read-only</translation>
    </message>
    <message>
        <source>临时文件已存在</source>
        <translation>a temporary file of that name already exists</translation>
    </message>
    <message>
        <source>无法写入 {0}：{1}</source>
        <translation>Cannot write {0}: {1}</translation>
    </message>
    <message>
        <source>6 位数字，可不填</source>
        <translation>6 digits, optional</translation>
    </message>
    <message>
        <source>不标密级</source>
        <translation>No classification</translation>
    </message>
    <message>
        <source>每页加水印</source>
        <translation>Watermark every page</translation>
    </message>
    <message>
        <source>接收人，如：县委巡察办 张某</source>
        <translation>Recipient, e.g. County inspection office, Zhang</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>份号</source>
        <translation>Copy number</translation>
    </message>
    <message>
        <source>密级</source>
        <translation>Classification</translation>
    </message>
    <message>
        <source>水印接收人</source>
        <translation>Watermark recipient</translation>
    </message>
    <message>
        <source>文书与选项</source>
        <translation>Document and options</translation>
    </message>
    <message>
        <source>生成预览</source>
        <translation>Generate preview</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>保存副本…</source>
        <translation>Save copy…</translation>
    </message>
    <message>
        <source>用系统程序打开</source>
        <translation>Open in default app</translation>
    </message>
    <message>
        <source>打开刚才保存的副本（不另建临时文件）</source>
        <translation>Open the copy just saved (no temporary file is made)</translation>
    </message>
    <message>
        <source>文书只在内存中生成和预览；打印、保存副本都记入操作日志。</source>
        <translation>Documents are generated and previewed in memory only; every print and saved copy is recorded in the audit log.</translation>
    </message>
    <message>
        <source>台账是 Excel 文件，不在程序内预览。
点“保存副本…”选择位置后直接生成到该文件，并记入操作日志。</source>
        <translation>The ledger is an Excel file and is not previewed in the program.
Click “Save copy…” and choose where: it is written straight to that file and recorded in the audit log.</translation>
    </message>
    <message>
        <source>份号须为 6 位数字</source>
        <translation>The copy number must be 6 digits</translation>
    </message>
    <message>
        <source>请填写水印上的接收人，或不加水印</source>
        <translation>Fill in the recipient for the watermark, or turn the watermark off</translation>
    </message>
    <message>
        <source>请先选择{0}</source>
        <translation>First choose: {0}</translation>
    </message>
    <message>
        <source>正在排版…</source>
        <translation>Laying out…</translation>
    </message>
    <message>
        <source>正在读取记录…</source>
        <translation>Reading records…</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>已生成“{0}”，共 {1} 页（仅在内存中，未写入磁盘）</source>
        <translation>Generated “{0}”, pages: {1} (in memory only, nothing written to disk)</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>出错了，未完成</source>
        <translation>Something went wrong; not finished</translation>
    </message>
    <message>
        <source>选项已更改，请重新生成预览</source>
        <translation>The options changed; generate the preview again</translation>
    </message>
    <message>
        <source>{0}：{1} / {2}</source>
        <translation>{0}: {1} / {2}</translation>
    </message>
    <message>
        <source>打印谈话记录…</source>
        <translation>Print interview record…</translation>
    </message>
    <message>
        <source>在“文书与台账”中生成本谈话记录，预览后打印</source>
        <translation>Generate this interview record under “Documents &amp; Ledgers”, preview it, then print</translation>
    </message>
</context>
<context>
    <name>RoundPage</name>
    <message>
        <source>轮次：</source>
        <translation>Round:</translation>
    </message>
</context>
<context>
    <name>RowsInput</name>
    <message>
        <source>添加行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <source>删除行</source>
        <translation>Remove row</translation>
    </message>
</context>
<context>
    <name>ScopeStep</name>
    <message>
        <source>导出范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>完整：本库的全部记录和附件</source>
        <translation>Full: every record and attachment in this vault</translation>
    </message>
    <message>
        <source>增量：只含上次发给该接收方之后的修改</source>
        <translation>Incremental: only the changes since the last package for this recipient</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>&#x3000;{0}：</source>
        <translation>  {0}: </translation>
    </message>
    <message>
        <source>（{0}；来自{1}）</source>
        <translation> ({0}; from {1})</translation>
    </message>
    <message>
        <source>（{0}）</source>
        <translation> ({0})</translation>
    </message>
    <message>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>{0}（至少 {1}）</source>
        <translation>{0} (at least {1})</translation>
    </message>
    <message>
        <source>显示更多（还有 {0} 条）</source>
        <translation>Show more ({0} more)</translation>
    </message>
    <message>
        <source>显示更多</source>
        <translation>Show more</translation>
    </message>
    <message>
        <source>输入要检索的文字（一个字也可以），结果随输入显示；回车打开选中的记录</source>
        <translation>Type what to search for (one character is enough); results appear as you type; Enter opens the selected record</translation>
    </message>
    <message>
        <source>没有找到匹配的记录</source>
        <translation>No matching records</translation>
    </message>
    <message>
        <source>找到 {0} 条，分属 {1} 类记录</source>
        <translation>Found {0} in {1} kinds of record</translation>
    </message>
    <message>
        <source>找到至少 {0} 条，分属 {1} 类记录</source>
        <translation>Found at least {0} in {1} kinds of record</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>［{0}］{1}</source>
        <translation>[{0}] {1}</translation>
    </message>
</context>
<context>
    <name>SelectableRecordsModel</name>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>标题/摘要</source>
        <translation>Title / summary</translation>
    </message>
    <message>
        <source>状态/类别</source>
        <translation>Status / category</translation>
    </message>
</context>
<context>
    <name>SetupBox</name>
    <message>
        <source>从这里开始</source>
        <translation>Start here</translation>
    </message>
    <message>
        <source>这个保密库还没有本组的基本信息。谈话、线索、底稿都挂在巡察轮次、巡察组、组员和被巡察单位上，请先建立它们，任选一种方式：</source>
        <translation>This vault has no round, team, members or inspected units yet. Interviews, leads and working papers belong to them, so set them up first, in either way:</translation>
    </message>
    <message>
        <source>方式一：导入巡察办发来的部署包，本轮次、本组、组员和被巡察单位一次到位。</source>
        <translation>Either import the deployment package from the office: it brings the round, the team, its members and the inspected units at once.</translation>
    </message>
    <message>
        <source>导入部署包…</source>
        <translation>Import deployment package…</translation>
    </message>
    <message>
        <source>方式二：手工建立，按以下顺序：</source>
        <translation>Or set them up by hand, in this order:</translation>
    </message>
    <message>
        <source>{0}. 新建{1}</source>
        <translation>{0}. New {1}</translation>
    </message>
    <message>
        <source>已有 {0} 个</source>
        <translation>{0} so far</translation>
    </message>
    <message>
        <source>尚未建立</source>
        <translation>None yet</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>汇总</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>轮次：</source>
        <translation>Round:</translation>
    </message>
    <message>
        <source>各巡察组工作进度（双击查看该组的被巡察单位）</source>
        <translation>Progress of each team (double-click for the team&apos;s units)</translation>
    </message>
    <message>
        <source>问题线索</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>按线索来源</source>
        <translation>By source</translation>
    </message>
    <message>
        <source>按违纪类别</source>
        <translation>By discipline category</translation>
    </message>
    <message>
        <source>按干部层级</source>
        <translation>By cadre level</translation>
    </message>
    <message>
        <source>按处置方式</source>
        <translation>By disposal route</translation>
    </message>
    <message>
        <source>四个落实问题分布</source>
        <translation>Problems by the four headings</translation>
    </message>
    <message>
        <source>反馈问题按四个落实</source>
        <translation>Feedback problems by heading</translation>
    </message>
    <message>
        <source>交叉巡察与本级巡察对比</source>
        <translation>Cross versus own-level inspection</translation>
    </message>
    <message>
        <source>单位平均移交问题线索数</source>
        <translation>Leads handed over per unit</translation>
    </message>
    <message>
        <source>交叉巡察与本级巡察对比表</source>
        <translation>Cross versus own-level inspection: table</translation>
    </message>
    <message>
        <source>整改进度（逾期优先）</source>
        <translation>Rectification progress (overdue first)</translation>
    </message>
    <message>
        <source>问题线索分类统计</source>
        <translation>Leads by category</translation>
    </message>
    <message>
        <source>问题分类统计</source>
        <translation>Problems by category</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>正在更新…</source>
        <translation>Updating…</translation>
    </message>
    <message>
        <source>交叉 / 本级 = {0}</source>
        <translation>Cross / own level = {0}</translation>
    </message>
    <message>
        <source>交叉 / 本级：无法计算（缺少交叉或本级单位）</source>
        <translation>Cross / own level: cannot be computed (no cross or no own-level units)</translation>
    </message>
    <message>
        <source>{0} 的被巡察单位</source>
        <translation>Units inspected by {0}</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>全部轮次</source>
        <translation>All rounds</translation>
    </message>
    <message>
        <source>截至</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>移交线索</source>
        <translation>Handed-over leads</translation>
    </message>
    <message>
        <source>整改节点</source>
        <translation>Rectification milestones</translation>
    </message>
    <message>
        <source>不符合规则的记录</source>
        <translation>Records breaking a rule</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>移交线索逾期未反馈 {0} 条、逾期未办结 {1} 条；超过整改节点的单位 {2} 个（共 {3} 个单位在整改）；回头看发现整改不到位、重新整改的单位 {4} 个；不符合规则的记录 {5} 条。</source>
        <translation>Handed-over leads without feedback in time: {0}, not concluded in time: {1}; units past a rectification milestone: {2} (of {3} units under rectification); units rectifying again after a revisit found it not done: {4}; records breaking a rule: {5}.</translation>
    </message>
    <message>
        <source>（节假日设置有误，按无节假日计算工作日。）</source>
        <translation> (The holiday settings are invalid: working days are counted without holidays.)</translation>
    </message>
    <message>
        <source>移交线索（{0}）</source>
        <translation>Handed-over leads ({0})</translation>
    </message>
    <message>
        <source>整改节点（{0}）</source>
        <translation>Rectification milestones ({0})</translation>
    </message>
    <message>
        <source>不符合规则的记录（{0}）</source>
        <translation>Records breaking a rule ({0})</translation>
    </message>
</context>
<context>
    <name>TeamStep</name>
    <message>
        <source>选择要部署的巡察组。部署包含该组、所属轮次、组员、承担的被巡察单位及其人员名册，以及本库的字典、模板和设置；接收方应为该组组长的保密库。</source>
        <translation>Choose the inspection team to deploy. The deployment holds the team, its round, its members, the inspected units it takes on with their rosters, and this vault&apos;s vocabularies, templates and settings; the recipient should be the team leader&apos;s vault.</translation>
    </message>
    <message>
        <source>本库还没有巡察组：请先在“人员”中建立巡察组并安排被巡察单位。</source>
        <translation>This vault has no inspection team yet: first create one under “People” and assign it inspected units.</translation>
    </message>
    <message>
        <source>将部署{0}：被巡察单位 {1} 个，组员 {2} 人，名册人员 {3} 人。</source>
        <translation>To deploy: {0}; inspected units: {1}, members: {2}, people in the rosters: {3}.</translation>
    </message>
    <message>
        <source>请选择一个巡察组。</source>
        <translation>Choose an inspection team.</translation>
    </message>
</context>
<context>
    <name>TeamsModel</name>
    <message>
        <source>被巡察单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>组员</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>名册人员</source>
        <translation>Roster</translation>
    </message>
</context>
<context>
    <name>TrustKeyDialog</name>
    <message>
        <source>信任新的密钥</source>
        <translation>Trust a new key</translation>
    </message>
    <message>
        <source>更换已信任的密钥</source>
        <translation>Replace a trusted key</translation>
    </message>
    <message>
        <source>请通过电话或当面请对方逐组读出其密钥指纹，输入下框。只有完全一致时才能信任：信任之后，本库接受此密钥签名的交接包，并可向其发送交接包。</source>
        <translation>Ask the key&apos;s owner to read out its key fingerprint group by group, on the phone or in person, and type it below. Trust it only if it matches exactly: once trusted, this vault accepts packages signed with this key and can send packages to it.</translation>
    </message>
    <message>
        <source>注意：本库已信任同一签名公钥，但此文件的内容与之不同（原使用人 {0}，原角色 {1}，原指纹 {2}）。只有对方确认更换了密钥时才能继续；替换会记入操作日志。</source>
        <translation>Warning: this vault already trusts the same signing key, but this file says something else (was: user {0}, role {1}, fingerprint {2}). Go on only if the other side confirms that they changed their keys; the replacement is recorded in the audit log.</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>使用人：</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>角色：</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>设备：</source>
        <translation>Device:</translation>
    </message>
    <message>
        <source>这不是签发该交接包的密钥：两者的密钥指纹不同。</source>
        <translation>This is not the key that signed the package: their key fingerprints differ.</translation>
    </message>
    <message>
        <source>对方读出的密钥指纹：</source>
        <translation>Key fingerprint read out to you:</translation>
    </message>
    <message>
        <source>对方确认其为{0}</source>
        <translation>They confirm they are the {0}</translation>
    </message>
    <message>
        <source>信任</source>
        <translation>Trust</translation>
    </message>
    <message>
        <source>替换并信任</source>
        <translation>Replace and trust</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TrustedKeysModel</name>
    <message>
        <source>使用人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>核对</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>已核对</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>需重新核对</source>
        <translation>Needs confirming again</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>Unnamed</translation>
    </message>
    <message>
        <source>密钥指纹：{0}
签名公钥指纹：{1}
加密接收方：{2}
保密库：{3}
信任时间：{4}</source>
        <translation>Key fingerprint: {0}
Signing key fingerprint: {1}
Encryption recipient: {2}
Vault: {3}
Trusted: {4}</translation>
    </message>
    <message>
        <source>按旧方式信任：向其导出交接包之前，请用“信任新的密钥…”选择其公钥文件，与对方重新核对指纹</source>
        <translation>Trusted the old way: before exporting a package to it, choose its keys file with “Trust a new key…” and confirm the fingerprint with its owner again</translation>
    </message>
</context>
<context>
    <name>UnitHistoryModel</name>
    <message>
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>反馈问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>四个落实类别</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>回头看评估</source>
        <translation>Revisit finding</translation>
    </message>
    <message>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>未确认</source>
        <translation>not accepted</translation>
    </message>
    <message>
        <source>（无反馈问题）</source>
        <translation>(no problems)</translation>
    </message>
    <message>
        <source>上轮问题：{0}</source>
        <translation>Earlier problem: {0}</translation>
    </message>
</context>
<context>
    <name>UnitHistoryTab</name>
    <message>
        <source>确认重复发现</source>
        <translation>Accept as repeat</translation>
    </message>
    <message>
        <source>把所选的本轮问题关联到上轮的同一问题（关联类型：重复发现）</source>
        <translation>Link the selected problem to the same problem of the earlier round (relation: found again)</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>保存单位后显示历次巡察</source>
        <translation>Save the unit to see its earlier rounds</translation>
    </message>
    <message>
        <source>共 {0} 轮、{1} 个反馈问题；重复发现 {2} 个（纸面整改 {3} 个）</source>
        <translation>{0} rounds, {1} problems; {2} found again ({3} rectified on paper only)</translation>
    </message>
</context>
<context>
    <name>UnitPanel</name>
    <message>
        <source>单位信息</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>历次巡察</source>
        <translation>Earlier rounds</translation>
    </message>
</context>
<context>
    <name>UnitsFollowUpModel</name>
    <message>
        <source>被巡察单位</source>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>巡察组</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>反馈日期</source>
        <translation>Feedback date</translation>
    </message>
    <message>
        <source>整改方案</source>
        <translation>Rectification plan</translation>
    </message>
    <message>
        <source>专题民主生活会</source>
        <translation>Democratic life meeting</translation>
    </message>
    <message>
        <source>整改情况报告</source>
        <translation>Rectification report</translation>
    </message>
    <message>
        <source>主要负责人报告</source>
        <translation>Principal leader&apos;s report</translation>
    </message>
    <message>
        <source>整改事项（未完成/逾期）</source>
        <translation>Items (open/overdue)</translation>
    </message>
    <message>
        <source>回头看重新整改</source>
        <translation>Reopened by revisit</translation>
    </message>
    <message>
        <source>{0} 已报送（超期）</source>
        <translation>{0} received (late)</translation>
    </message>
    <message>
        <source>{0} 已报送</source>
        <translation>{0} received</translation>
    </message>
    <message>
        <source>逾期 {0} 天（{1}）</source>
        <translation>{0} days overdue ({1})</translation>
    </message>
    <message>
        <source>期限 {0}</source>
        <translation>due {0}</translation>
    </message>
    <message>
        <source>{0}（{1}/{2}）</source>
        <translation>{0} ({1}/{2})</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>巡察工作台保密库 (*.xcv);;所有文件 (*)</source>
        <translation>XunCha vaults (*.xcv);;All files (*)</translation>
    </message>
    <message>
        <source>记住此保密库的位置</source>
        <translation>Remember this vault&apos;s location</translation>
    </message>
    <message>
        <source>位置以明文保存在本机的程序设置中，下次启动时直接显示；不勾选则不保存</source>
        <translation>The location is kept in plain text in this computer&apos;s program settings and shown at the next start; unticked, nothing is kept</translation>
    </message>
    <message>
        <source>巡察工作台 — 解锁保密库</source>
        <translation>XunCha Workbench — unlock vault</translation>
    </message>
    <message>
        <source>巡察工作台</source>
        <translation>XunCha Workbench</translation>
    </message>
    <message>
        <source>输入口令，解锁保密库。</source>
        <translation>Enter the passphrase to unlock the vault.</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>保密库文件</source>
        <translation>Vault file</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>从本机的程序设置中删除记住的保密库位置</source>
        <translation>Delete the remembered vault location from this computer&apos;s program settings</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>新建保密库…</source>
        <translation>New vault…</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>选择保密库文件</source>
        <translation>Choose a vault file</translation>
    </message>
    <message>
        <source>正在解锁…</source>
        <translation>Unlocking…</translation>
    </message>
    <message>
        <source>请选择保密库文件</source>
        <translation>Choose a vault file</translation>
    </message>
    <message>
        <source>请输入口令</source>
        <translation>Enter the passphrase</translation>
    </message>
</context>
<context>
    <name>_Chart</name>
    <message>
        <source>暂无数据</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>默认文字</source>
        <translation>the default text</translation>
    </message>
    <message>
        <source>设置“{0}”的值无效，已按默认值 {1} 计算</source>
        <translation>The setting “{0}” has an invalid value; the default {1} is used</translation>
    </message>
    <message>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>report_error</name>
    <message>
        <source>巡察工作台</source>
        <translation>XunCha Workbench</translation>
    </message>
</context>
<context>
    <name>kinds</name>
    <message>
        <source>巡察轮次</source>
        <extracomment>kind round</extracomment>
        <translation>Inspection Round</translation>
    </message>
    <message>
        <source>巡察组</source>
        <extracomment>kind team</extracomment>
        <translation>Inspection Team</translation>
    </message>
    <message>
        <source>巡察组成员</source>
        <extracomment>kind member</extracomment>
        <translation>Team Member</translation>
    </message>
    <message>
        <source>被巡察单位</source>
        <extracomment>kind unit</extracomment>
        <translation>Inspected Unit</translation>
    </message>
    <message>
        <source>单位人员</source>
        <extracomment>kind person</extracomment>
        <translation>Staff Member</translation>
    </message>
    <message>
        <source>谈话记录</source>
        <extracomment>kind interview</extracomment>
        <translation>Interview</translation>
    </message>
    <message>
        <source>信访登记</source>
        <extracomment>kind petition</extracomment>
        <translation>Petition</translation>
    </message>
    <message>
        <source>问题线索</source>
        <extracomment>kind lead</extracomment>
        <translation>Lead</translation>
    </message>
    <message>
        <source>调阅资料</source>
        <extracomment>kind document</extracomment>
        <translation>Document Request</translation>
    </message>
    <message>
        <source>问题底稿</source>
        <extracomment>kind paper</extracomment>
        <translation>Working Paper</translation>
    </message>
    <message>
        <source>反馈问题</source>
        <extracomment>kind problem</extracomment>
        <translation>Feedback Problem</translation>
    </message>
    <message>
        <source>整改事项</source>
        <extracomment>kind rectification</extracomment>
        <translation>Rectification Item</translation>
    </message>
    <message>
        <source>问题线索移交</source>
        <extracomment>kind handover</extracomment>
        <translation>Handover</translation>
    </message>
    <message>
        <source>附件</source>
        <extracomment>kind attachment</extracomment>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>关联</source>
        <extracomment>kind link</extracomment>
        <translation>Link</translation>
    </message>
    <message>
        <source>词表条目</source>
        <extracomment>kind vocab</extracomment>
        <translation>Vocabulary Entry</translation>
    </message>
    <message>
        <source>工作模板</source>
        <extracomment>kind template</extracomment>
        <translation>Template</translation>
    </message>
    <message>
        <source>设置</source>
        <extracomment>kind setting</extracomment>
        <translation>Setting</translation>
    </message>
</context>
<context>
    <name>kinds (plural)</name>
    <message>
        <source>巡察轮次</source>
        <extracomment>kind round, as a heading over many (rounds)</extracomment>
        <translation>Inspection Rounds</translation>
    </message>
    <message>
        <source>巡察组</source>
        <extracomment>kind team, as a heading over many (teams)</extracomment>
        <translation>Inspection Teams</translation>
    </message>
    <message>
        <source>巡察组成员</source>
        <extracomment>kind member, as a heading over many (members)</extracomment>
        <translation>Team Members</translation>
    </message>
    <message>
        <source>被巡察单位</source>
        <extracomment>kind unit, as a heading over many (units)</extracomment>
        <translation>Inspected Units</translation>
    </message>
    <message>
        <source>单位人员</source>
        <extracomment>kind person, as a heading over many (people)</extracomment>
        <translation>Staff Members</translation>
    </message>
    <message>
        <source>谈话记录</source>
        <extracomment>kind interview, as a heading over many (interviews)</extracomment>
        <translation>Interviews</translation>
    </message>
    <message>
        <source>信访登记</source>
        <extracomment>kind petition, as a heading over many (petitions)</extracomment>
        <translation>Petitions</translation>
    </message>
    <message>
        <source>问题线索</source>
        <extracomment>kind lead, as a heading over many (leads)</extracomment>
        <translation>Leads</translation>
    </message>
    <message>
        <source>调阅资料</source>
        <extracomment>kind document, as a heading over many (documents)</extracomment>
        <translation>Document Requests</translation>
    </message>
    <message>
        <source>问题底稿</source>
        <extracomment>kind paper, as a heading over many (papers)</extracomment>
        <translation>Working Papers</translation>
    </message>
    <message>
        <source>反馈问题</source>
        <extracomment>kind problem, as a heading over many (problems)</extracomment>
        <translation>Feedback Problems</translation>
    </message>
    <message>
        <source>整改事项</source>
        <extracomment>kind rectification, as a heading over many (rectifications)</extracomment>
        <translation>Rectification Items</translation>
    </message>
    <message>
        <source>问题线索移交</source>
        <extracomment>kind handover, as a heading over many (handovers)</extracomment>
        <translation>Handovers</translation>
    </message>
    <message>
        <source>附件</source>
        <extracomment>kind attachment, as a heading over many (attachments)</extracomment>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>关联</source>
        <extracomment>kind link, as a heading over many (links)</extracomment>
        <translation>Links</translation>
    </message>
    <message>
        <source>词表条目</source>
        <extracomment>kind vocab, as a heading over many (vocabularies)</extracomment>
        <translation>Vocabulary Entries</translation>
    </message>
    <message>
        <source>工作模板</source>
        <extracomment>kind template, as a heading over many (templates)</extracomment>
        <translation>Templates</translation>
    </message>
    <message>
        <source>设置</source>
        <extracomment>kind setting, as a heading over many (settings)</extracomment>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>轮次名称</source>
        <extracomment>round.title</extracomment>
        <translation>Title</translation>
    </message>
    <message>
        <source>届次</source>
        <extracomment>round.session</extracomment>
        <translation>Committee term</translation>
    </message>
    <message>
        <source>轮次</source>
        <extracomment>round.number</extracomment>
        <translation>Round number</translation>
    </message>
    <message>
        <source>年度</source>
        <extracomment>round.year</extracomment>
        <translation>Year</translation>
    </message>
    <message>
        <source>巡察类型</source>
        <extracomment>round.kind</extracomment>
        <translation>Inspection type</translation>
    </message>
    <message>
        <source>授权党委</source>
        <extracomment>round.committee</extracomment>
        <translation>Authorising committee</translation>
    </message>
    <message>
        <source>授权文号</source>
        <extracomment>round.authorisation</extracomment>
        <translation>Authorisation reference</translation>
    </message>
    <message>
        <source>进驻日期</source>
        <extracomment>round.start_date; unit.entry_date</extracomment>
        <translation>Entry date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <extracomment>round.end_date</extracomment>
        <translation>End date</translation>
    </message>
    <message>
        <source>反馈日期</source>
        <extracomment>round.feedback_date; unit.feedback_date</extracomment>
        <translation>Feedback date</translation>
    </message>
    <message>
        <source>巡察层级</source>
        <extracomment>round.level</extracomment>
        <translation>Level</translation>
    </message>
    <message>
        <source>上级统一部署</source>
        <extracomment>round.parent_id</extracomment>
        <translation>Higher-level plan</translation>
    </message>
    <message>
        <source>回头看</source>
        <extracomment>round.revisit</extracomment>
        <translation>Revisit</translation>
    </message>
    <message>
        <source>专项主题</source>
        <extracomment>round.topic</extracomment>
        <translation>Special topic</translation>
    </message>
    <message>
        <source>备注</source>
        <extracomment>round.notes; team.notes; member.notes; unit.notes; person.notes; interview.notes; petition.notes; lead.notes; document.notes; paper.notes; problem.notes; rectification.notes; handover.notes</extracomment>
        <translation>Notes</translation>
    </message>
    <message>
        <source>组名</source>
        <extracomment>team.name</extracomment>
        <translation>Team name</translation>
    </message>
    <message>
        <source>所属轮次</source>
        <extracomment>team.round_id; unit.round_id</extracomment>
        <translation>Round</translation>
    </message>
    <message>
        <source>组号</source>
        <extracomment>team.number</extracomment>
        <translation>Team number</translation>
    </message>
    <message>
        <source>派出机关</source>
        <extracomment>team.office</extracomment>
        <translation>Sending office</translation>
    </message>
    <message>
        <source>举报电话</source>
        <extracomment>team.phone</extracomment>
        <translation>Reporting phone</translation>
    </message>
    <message>
        <source>举报信箱</source>
        <extracomment>team.mailbox</extracomment>
        <translation>Reporting mailbox</translation>
    </message>
    <message>
        <source>电子邮箱</source>
        <extracomment>team.email</extracomment>
        <translation>Email</translation>
    </message>
    <message>
        <source>组别</source>
        <extracomment>team.level</extracomment>
        <translation>Team level</translation>
    </message>
    <message>
        <source>派出地区</source>
        <extracomment>team.home_jurisdiction</extracomment>
        <translation>Home jurisdiction</translation>
    </message>
    <message>
        <source>组建方式</source>
        <extracomment>team.composition</extracomment>
        <translation>Composition</translation>
    </message>
    <message>
        <source>组长授权文号</source>
        <extracomment>team.leader_authorisation</extracomment>
        <translation>Leader&apos;s authorisation reference</translation>
    </message>
    <message>
        <source>本轮承担单位上限</source>
        <extracomment>team.capacity</extracomment>
        <translation>Most units this round</translation>
    </message>
    <message>
        <source>部署包接收密钥指纹</source>
        <extracomment>team.key_fingerprint</extracomment>
        <translation>Deployment key fingerprint</translation>
    </message>
    <message>
        <source>姓名</source>
        <extracomment>member.name; person.name</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>所在巡察组</source>
        <extracomment>member.team_id</extracomment>
        <translation>Team</translation>
    </message>
    <message>
        <source>组内职务</source>
        <extracomment>member.role</extracomment>
        <translation>Role in team</translation>
    </message>
    <message>
        <source>分工小组</source>
        <extracomment>member.sub_group</extracomment>
        <translation>Sub-group</translation>
    </message>
    <message>
        <source>工作单位及职务</source>
        <extracomment>member.employer</extracomment>
        <translation>Employer and post</translation>
    </message>
    <message>
        <source>籍贯/原任职地</source>
        <extracomment>member.home_jurisdiction</extracomment>
        <translation>Home town / former posting</translation>
    </message>
    <message>
        <source>联系电话</source>
        <extracomment>member.phone; person.phone</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>已签保密承诺书</source>
        <extracomment>member.pledge_signed</extracomment>
        <translation>Confidentiality pledge signed</translation>
    </message>
    <message>
        <source>已签回避申请书</source>
        <extracomment>member.recusal_signed</extracomment>
        <translation>Recusal declaration signed</translation>
    </message>
    <message>
        <source>回避申报</source>
        <extracomment>member.recusals</extracomment>
        <translation>Recusal declarations</translation>
    </message>
    <message>
        <source>亲属/相关人姓名</source>
        <extracomment>member.recusals column person</extracomment>
        <translation>Relative / related person</translation>
    </message>
    <message>
        <source>所在单位</source>
        <extracomment>member.recusals column unit; person.unit_id</extracomment>
        <translation>Unit</translation>
    </message>
    <message>
        <source>职务</source>
        <extracomment>member.recusals column post; person.post; interview.post</extracomment>
        <translation>Post</translation>
    </message>
    <message>
        <source>关系</source>
        <extracomment>member.recusals column relation</extracomment>
        <translation>Relation</translation>
    </message>
    <message>
        <source>回避类型</source>
        <extracomment>member.recusals column kind</extracomment>
        <translation>Recusal type</translation>
    </message>
    <message>
        <source>曾任职经历</source>
        <extracomment>member.past_posts</extracomment>
        <translation>Past posts</translation>
    </message>
    <message>
        <source>曾任职单位</source>
        <extracomment>member.past_posts column unit</extracomment>
        <translation>Former unit</translation>
    </message>
    <message>
        <source>地区</source>
        <extracomment>member.past_posts column region</extracomment>
        <translation>Region</translation>
    </message>
    <message>
        <source>起年</source>
        <extracomment>member.past_posts column from_year</extracomment>
        <translation>From year</translation>
    </message>
    <message>
        <source>止年</source>
        <extracomment>member.past_posts column to_year</extracomment>
        <translation>To year</translation>
    </message>
    <message>
        <source>人才库编号</source>
        <extracomment>member.staff_key</extracomment>
        <translation>Staff pool number</translation>
    </message>
    <message>
        <source>单位名称</source>
        <extracomment>unit.name</extracomment>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>承担巡察组</source>
        <extracomment>unit.team_id</extracomment>
        <translation>Inspecting team</translation>
    </message>
    <message>
        <source>党组织类型</source>
        <extracomment>unit.unit_type</extracomment>
        <translation>Party organisation type</translation>
    </message>
    <message>
        <source>所属地区</source>
        <extracomment>unit.jurisdiction</extracomment>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <source>主管部门</source>
        <extracomment>unit.supervisor</extracomment>
        <translation>Supervising department</translation>
    </message>
    <message>
        <source>地址</source>
        <extracomment>unit.address</extracomment>
        <translation>Address</translation>
    </message>
    <message>
        <source>联络员</source>
        <extracomment>unit.liaison</extracomment>
        <translation>Liaison</translation>
    </message>
    <message>
        <source>联络员电话</source>
        <extracomment>unit.liaison_phone</extracomment>
        <translation>Liaison phone</translation>
    </message>
    <message>
        <source>在编人数</source>
        <extracomment>unit.headcount</extracomment>
        <translation>Headcount</translation>
    </message>
    <message>
        <source>撤离日期</source>
        <extracomment>unit.exit_date</extracomment>
        <translation>Exit date</translation>
    </message>
    <message>
        <source>单位编码/统一社会信用代码</source>
        <extracomment>unit.org_key</extracomment>
        <translation>Unit code / credit code</translation>
    </message>
    <message>
        <source>巡察方式</source>
        <extracomment>unit.mode</extracomment>
        <translation>Inspection mode</translation>
    </message>
    <message>
        <source>行业系统</source>
        <extracomment>unit.sector</extracomment>
        <translation>Sector</translation>
    </message>
    <message>
        <source>单位层级</source>
        <extracomment>unit.unit_level</extracomment>
        <translation>Unit level</translation>
    </message>
    <message>
        <source>上级单位</source>
        <extracomment>unit.parent_unit_id</extracomment>
        <translation>Parent unit</translation>
    </message>
    <message>
        <source>属地党委授权文号（交叉巡察双授权）</source>
        <extracomment>unit.cross_authorisation</extracomment>
        <translation>Local committee&apos;s authorisation (cross)</translation>
    </message>
    <message>
        <source>整改方案报送日期</source>
        <extracomment>unit.plan_received_at</extracomment>
        <translation>Rectification plan received</translation>
    </message>
    <message>
        <source>专题民主生活会日期</source>
        <extracomment>unit.meeting_at</extracomment>
        <translation>Democratic life meeting</translation>
    </message>
    <message>
        <source>整改情况报告报送日期</source>
        <extracomment>unit.report_received_at</extracomment>
        <translation>Rectification report received</translation>
    </message>
    <message>
        <source>主要负责人组织落实情况报告报送日期</source>
        <extracomment>unit.leader_report_received_at</extracomment>
        <translation>Principal leader&apos;s report received</translation>
    </message>
    <message>
        <source>整改公开日期</source>
        <extracomment>unit.publicised_at</extracomment>
        <translation>Rectification made public</translation>
    </message>
    <message>
        <source>分工确认记录</source>
        <extracomment>unit.assignment_notes</extracomment>
        <translation>Accepted assignment conflicts</translation>
    </message>
    <message>
        <source>成员</source>
        <extracomment>unit.assignment_notes column member</extracomment>
        <translation>Member</translation>
    </message>
    <message>
        <source>冲突</source>
        <extracomment>unit.assignment_notes column conflict</extracomment>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>确认人</source>
        <extracomment>unit.assignment_notes column confirmed_by</extracomment>
        <translation>Confirmed by</translation>
    </message>
    <message>
        <source>确认时间</source>
        <extracomment>unit.assignment_notes column confirmed_at; interview.confirmed_at</extracomment>
        <translation>Confirmed at</translation>
    </message>
    <message>
        <source>干部层级</source>
        <extracomment>person.cadre_level; lead.cadre_level</extracomment>
        <translation>Cadre level</translation>
    </message>
    <message>
        <source>领导班子成员</source>
        <extracomment>person.leadership</extracomment>
        <translation>Leadership team member</translation>
    </message>
    <message>
        <source>必谈对象</source>
        <extracomment>person.mandatory</extracomment>
        <translation>Mandatory interviewee</translation>
    </message>
    <message>
        <source>性别</source>
        <extracomment>person.gender</extracomment>
        <translation>Gender</translation>
    </message>
    <message>
        <source>出生年份</source>
        <extracomment>person.birth_year</extracomment>
        <translation>Year of birth</translation>
    </message>
    <message>
        <source>谈话编号</source>
        <extracomment>interview.number</extracomment>
        <translation>Interview no.</translation>
    </message>
    <message>
        <source>被巡察单位</source>
        <extracomment>interview.unit_id; petition.unit_id; lead.unit_id; document.unit_id; paper.unit_id; problem.unit_id; handover.unit_id</extracomment>
        <translation>Inspected unit</translation>
    </message>
    <message>
        <source>巡察组</source>
        <extracomment>interview.team_id; petition.team_id; lead.team_id; document.team_id; paper.team_id; problem.team_id; handover.team_id</extracomment>
        <translation>Inspection team</translation>
    </message>
    <message>
        <source>谈话对象（名册）</source>
        <extracomment>interview.person_id</extracomment>
        <translation>Interviewee (roster)</translation>
    </message>
    <message>
        <source>谈话对象</source>
        <extracomment>interview.interviewee</extracomment>
        <translation>Interviewee</translation>
    </message>
    <message>
        <source>谈话对象单位</source>
        <extracomment>interview.interviewee_unit</extracomment>
        <translation>Interviewee&apos;s unit</translation>
    </message>
    <message>
        <source>谈话时间</source>
        <extracomment>interview.time</extracomment>
        <translation>Time</translation>
    </message>
    <message>
        <source>谈话地点</source>
        <extracomment>interview.place</extracomment>
        <translation>Place</translation>
    </message>
    <message>
        <source>谈话类型</source>
        <extracomment>interview.kind</extracomment>
        <translation>Interview type</translation>
    </message>
    <message>
        <source>谈话人</source>
        <extracomment>interview.interviewers</extracomment>
        <translation>Interviewers</translation>
    </message>
    <message>
        <source>记录人</source>
        <extracomment>interview.recorders</extracomment>
        <translation>Recorders</translation>
    </message>
    <message>
        <source>谈话提纲及回答</source>
        <extracomment>interview.outline</extracomment>
        <translation>Outline questions and answers</translation>
    </message>
    <message>
        <source>提纲类别</source>
        <extracomment>interview.outline column category</extracomment>
        <translation>Outline category</translation>
    </message>
    <message>
        <source>问题</source>
        <extracomment>interview.outline column question</extracomment>
        <translation>Question</translation>
    </message>
    <message>
        <source>回答</source>
        <extracomment>interview.outline column answer</extracomment>
        <translation>Answer</translation>
    </message>
    <message>
        <source>谈话摘要</source>
        <extracomment>interview.summary</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>谈话内容</source>
        <extracomment>interview.content</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <source>谈话对象已核对确认签字</source>
        <extracomment>interview.confirmed</extracomment>
        <translation>Checked and signed by the interviewee</translation>
    </message>
    <message>
        <source>记录状态</source>
        <extracomment>interview.status</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>密级</source>
        <extracomment>interview.secrecy; petition.secrecy; lead.secrecy; paper.secrecy</extracomment>
        <translation>Classification</translation>
    </message>
    <message>
        <source>补充说明</source>
        <extracomment>interview.supplements</extracomment>
        <translation>Supplements</translation>
    </message>
    <message>
        <source>补充时间</source>
        <extracomment>interview.supplements column at</extracomment>
        <translation>Added on</translation>
    </message>
    <message>
        <source>补充人</source>
        <extracomment>interview.supplements column by</extracomment>
        <translation>Added by</translation>
    </message>
    <message>
        <source>补充内容</source>
        <extracomment>interview.supplements column text</extracomment>
        <translation>Addition</translation>
    </message>
    <message>
        <source>回避例外</source>
        <extracomment>interview.recusal_exceptions</extracomment>
        <translation>Recusal exceptions</translation>
    </message>
    <message>
        <source>指派人员</source>
        <extracomment>interview.recusal_exceptions column member</extracomment>
        <translation>Member assigned</translation>
    </message>
    <message>
        <source>例外理由</source>
        <extracomment>interview.recusal_exceptions column reason</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <source>批准人（组长）</source>
        <extracomment>interview.recusal_exceptions column by</extracomment>
        <translation>Approved by (team leader)</translation>
    </message>
    <message>
        <source>批准时间</source>
        <extracomment>interview.recusal_exceptions column at</extracomment>
        <translation>Approved at</translation>
    </message>
    <message>
        <source>登记编号</source>
        <extracomment>petition.number</extracomment>
        <translation>Registration no.</translation>
    </message>
    <message>
        <source>信访来源</source>
        <extracomment>petition.channel</extracomment>
        <translation>Channel</translation>
    </message>
    <message>
        <source>受理时间</source>
        <extracomment>petition.received_at; lead.received_at</extracomment>
        <translation>Received at</translation>
    </message>
    <message>
        <source>反映人</source>
        <extracomment>petition.complainant</extracomment>
        <translation>Complainant</translation>
    </message>
    <message>
        <source>反映人电话</source>
        <extracomment>petition.complainant_phone</extracomment>
        <translation>Complainant&apos;s phone</translation>
    </message>
    <message>
        <source>反映人单位</source>
        <extracomment>petition.complainant_unit</extracomment>
        <translation>Complainant&apos;s unit</translation>
    </message>
    <message>
        <source>匿名</source>
        <extracomment>petition.anonymous</extracomment>
        <translation>Anonymous</translation>
    </message>
    <message>
        <source>被反映人姓名</source>
        <extracomment>petition.subject_name; lead.subject_name</extracomment>
        <translation>Subject</translation>
    </message>
    <message>
        <source>被反映人单位</source>
        <extracomment>petition.subject_unit; lead.subject_unit</extracomment>
        <translation>Subject&apos;s unit</translation>
    </message>
    <message>
        <source>被反映人职务</source>
        <extracomment>petition.subject_post; lead.subject_post</extracomment>
        <translation>Subject&apos;s post</translation>
    </message>
    <message>
        <source>干部标志（本级管理干部）</source>
        <extracomment>petition.is_cadre</extracomment>
        <translation>Cadre managed at this level</translation>
    </message>
    <message>
        <source>反映内容提要</source>
        <extracomment>petition.summary</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>信访内容</source>
        <extracomment>petition.content</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <source>经办人</source>
        <extracomment>petition.handler</extracomment>
        <translation>Handled by</translation>
    </message>
    <message>
        <source>经办时间</source>
        <extracomment>petition.handled_at</extracomment>
        <translation>Handled on</translation>
    </message>
    <message>
        <source>办理状态</source>
        <extracomment>petition.status</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>线索编号</source>
        <extracomment>lead.number</extracomment>
        <translation>Lead no.</translation>
    </message>
    <message>
        <source>线索来源</source>
        <extracomment>lead.source</extracomment>
        <translation>Source</translation>
    </message>
    <message>
        <source>涉嫌违反纪律类别</source>
        <extracomment>lead.discipline</extracomment>
        <translation>Suspected breach of discipline</translation>
    </message>
    <message>
        <source>问题摘要</source>
        <extracomment>lead.summary</extracomment>
        <translation>Summary</translation>
    </message>
    <message>
        <source>具体情况</source>
        <extracomment>lead.detail</extracomment>
        <translation>Details</translation>
    </message>
    <message>
        <source>线索状态</source>
        <extracomment>lead.status</extracomment>
        <translation>Lead status</translation>
    </message>
    <message>
        <source>拟处置方式</source>
        <extracomment>lead.disposal_route</extracomment>
        <translation>Proposed disposal</translation>
    </message>
    <message>
        <source>移交对象</source>
        <extracomment>lead.transfer_to</extracomment>
        <translation>Transferred to</translation>
    </message>
    <message>
        <source>移交时间</source>
        <extracomment>lead.transferred_at; handover.handed_at</extracomment>
        <translation>Handed over on</translation>
    </message>
    <message>
        <source>移交经办人</source>
        <extracomment>lead.transfer_handler; handover.from_handler</extracomment>
        <translation>Handed over by</translation>
    </message>
    <message>
        <source>接收经办人</source>
        <extracomment>lead.receiver; handover.to_handler</extracomment>
        <translation>Received by</translation>
    </message>
    <message>
        <source>接收时间</source>
        <extracomment>lead.received_by_at; handover.received_at</extracomment>
        <translation>Received on</translation>
    </message>
    <message>
        <source>接收方处置方式</source>
        <extracomment>lead.receiver_category</extracomment>
        <translation>Receiver&apos;s disposal</translation>
    </message>
    <message>
        <source>反馈时间</source>
        <extracomment>lead.feedback_at; handover.feedback_at</extracomment>
        <translation>Feedback on</translation>
    </message>
    <message>
        <source>反馈内容</source>
        <extracomment>lead.feedback; handover.feedback</extracomment>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>办结时间</source>
        <extracomment>lead.closed_at</extracomment>
        <translation>Concluded on</translation>
    </message>
    <message>
        <source>办理结果</source>
        <extracomment>lead.result</extracomment>
        <translation>Result</translation>
    </message>
    <message>
        <source>调阅材料名称</source>
        <extracomment>document.title</extracomment>
        <translation>Material</translation>
    </message>
    <message>
        <source>调阅单号</source>
        <extracomment>document.batch</extracomment>
        <translation>Request list no.</translation>
    </message>
    <message>
        <source>资料类别</source>
        <extracomment>document.category</extracomment>
        <translation>Category</translation>
    </message>
    <message>
        <source>调阅人</source>
        <extracomment>document.requester</extracomment>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>调阅时间</source>
        <extracomment>document.requested_at</extracomment>
        <translation>Requested on</translation>
    </message>
    <message>
        <source>组长已签字</source>
        <extracomment>document.leader_signed</extracomment>
        <translation>Signed by team leader</translation>
    </message>
    <message>
        <source>签字时间</source>
        <extracomment>document.signed_at</extracomment>
        <translation>Signed on</translation>
    </message>
    <message>
        <source>调阅份数</source>
        <extracomment>document.copies</extracomment>
        <translation>Copies</translation>
    </message>
    <message>
        <source>纸质/电子</source>
        <extracomment>document.medium</extracomment>
        <translation>Paper / electronic</translation>
    </message>
    <message>
        <source>原件/复印件</source>
        <extracomment>document.copy_type</extracomment>
        <translation>Original / copy</translation>
    </message>
    <message>
        <source>提供时限</source>
        <extracomment>document.due</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <source>提供人</source>
        <extracomment>document.provider</extracomment>
        <translation>Provided by</translation>
    </message>
    <message>
        <source>提供时间</source>
        <extracomment>document.provided_at</extracomment>
        <translation>Provided on</translation>
    </message>
    <message>
        <source>归还状态</source>
        <extracomment>document.return_status</extracomment>
        <translation>Return status</translation>
    </message>
    <message>
        <source>归还人</source>
        <extracomment>document.returned_by</extracomment>
        <translation>Returned by</translation>
    </message>
    <message>
        <source>归还时间</source>
        <extracomment>document.returned_at</extracomment>
        <translation>Returned on</translation>
    </message>
    <message>
        <source>底稿编号</source>
        <extracomment>paper.number</extracomment>
        <translation>Working paper no.</translation>
    </message>
    <message>
        <source>问题标题</source>
        <extracomment>paper.title; problem.title</extracomment>
        <translation>Title</translation>
    </message>
    <message>
        <source>问题来源</source>
        <extracomment>paper.source</extracomment>
        <translation>Source</translation>
    </message>
    <message>
        <source>问题类别（四个落实）</source>
        <extracomment>paper.heading</extracomment>
        <translation>Heading (Four Implementations)</translation>
    </message>
    <message>
        <source>问题标签</source>
        <extracomment>paper.tag; problem.tag</extracomment>
        <translation>Tag</translation>
    </message>
    <message>
        <source>现象描述（问题表现）</source>
        <extracomment>paper.facts</extracomment>
        <translation>Facts (how the problem shows)</translation>
    </message>
    <message>
        <source>定性分析（定性依据）</source>
        <extracomment>paper.characterisation</extracomment>
        <translation>Characterisation (grounds)</translation>
    </message>
    <message>
        <source>责任指向（责任主体初步分析）</source>
        <extracomment>paper.responsibility</extracomment>
        <translation>Responsibility (preliminary analysis)</translation>
    </message>
    <message>
        <source>佐证材料清单</source>
        <extracomment>paper.evidence</extracomment>
        <translation>Evidence list</translation>
    </message>
    <message>
        <source>佐证编号</source>
        <extracomment>paper.evidence column evidence_id</extracomment>
        <translation>Evidence no.</translation>
    </message>
    <message>
        <source>佐证材料</source>
        <extracomment>paper.evidence column description</extracomment>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>来源</source>
        <extracomment>paper.evidence column source</extracomment>
        <translation>Source</translation>
    </message>
    <message>
        <source>发现人</source>
        <extracomment>paper.finder</extracomment>
        <translation>Found by</translation>
    </message>
    <message>
        <source>发现时间</source>
        <extracomment>paper.found_at</extracomment>
        <translation>Found on</translation>
    </message>
    <message>
        <source>撰写人</source>
        <extracomment>paper.writer</extracomment>
        <translation>Written by</translation>
    </message>
    <message>
        <source>撰写时间</source>
        <extracomment>paper.written_at</extracomment>
        <translation>Written on</translation>
    </message>
    <message>
        <source>组务会审核意见</source>
        <extracomment>paper.review_opinion</extracomment>
        <translation>Group meeting opinion</translation>
    </message>
    <message>
        <source>审核状态</source>
        <extracomment>paper.state</extracomment>
        <translation>Review state</translation>
    </message>
    <message>
        <source>组长签字</source>
        <extracomment>paper.signed_by</extracomment>
        <translation>Signing leader</translation>
    </message>
    <message>
        <source>签字日期</source>
        <extracomment>paper.signed_at</extracomment>
        <translation>Signed on</translation>
    </message>
    <message>
        <source>归档日期</source>
        <extracomment>paper.archived_at</extracomment>
        <translation>Archived on</translation>
    </message>
    <message>
        <source>四个落实类别</source>
        <extracomment>problem.heading</extracomment>
        <translation>Heading (Four Implementations)</translation>
    </message>
    <message>
        <source>序号</source>
        <extracomment>problem.seq</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <source>问题表现</source>
        <extracomment>problem.description</extracomment>
        <translation>Description</translation>
    </message>
    <message>
        <source>定性分析</source>
        <extracomment>problem.characterisation</extracomment>
        <translation>Characterisation</translation>
    </message>
    <message>
        <source>责任指向</source>
        <extracomment>problem.responsibility</extracomment>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>分管领导</source>
        <extracomment>problem.leader_in_charge</extracomment>
        <translation>Leader in charge</translation>
    </message>
    <message>
        <source>整改事项</source>
        <extracomment>rectification.title</extracomment>
        <translation>Rectification item</translation>
    </message>
    <message>
        <source>对应反馈问题</source>
        <extracomment>rectification.problem_id</extracomment>
        <translation>Feedback problem</translation>
    </message>
    <message>
        <source>整改单位</source>
        <extracomment>rectification.unit_id</extracomment>
        <translation>Unit</translation>
    </message>
    <message>
        <source>整改目标</source>
        <extracomment>rectification.goal</extracomment>
        <translation>Goal</translation>
    </message>
    <message>
        <source>整改措施</source>
        <extracomment>rectification.measures</extracomment>
        <translation>Measures</translation>
    </message>
    <message>
        <source>责任领导</source>
        <extracomment>rectification.responsible_leader</extracomment>
        <translation>Responsible leader</translation>
    </message>
    <message>
        <source>责任部门</source>
        <extracomment>rectification.responsible_dept</extracomment>
        <translation>Responsible department</translation>
    </message>
    <message>
        <source>责任人</source>
        <extracomment>rectification.responsible_person</extracomment>
        <translation>Responsible person</translation>
    </message>
    <message>
        <source>完成时限</source>
        <extracomment>rectification.deadline</extracomment>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>整改状态</source>
        <extracomment>rectification.status</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>立行立改</source>
        <extracomment>rectification.immediate</extracomment>
        <translation>Fix at once</translation>
    </message>
    <message>
        <source>完成时间</source>
        <extracomment>rectification.completed_at</extracomment>
        <translation>Completed on</translation>
    </message>
    <message>
        <source>销号时间</source>
        <extracomment>rectification.closed_at</extracomment>
        <translation>Closed out on</translation>
    </message>
    <message>
        <source>整改佐证</source>
        <extracomment>rectification.evidence</extracomment>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>成效评估</source>
        <extracomment>rectification.grade</extracomment>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>回头看评估</source>
        <extracomment>rectification.revisit_result</extracomment>
        <translation>Revisit finding</translation>
    </message>
    <message>
        <source>回头看日期</source>
        <extracomment>rectification.revisit_at</extracomment>
        <translation>Revisited on</translation>
    </message>
    <message>
        <source>问题线索名称</source>
        <extracomment>handover.title</extracomment>
        <translation>Title</translation>
    </message>
    <message>
        <source>移交方单位</source>
        <extracomment>handover.from_unit</extracomment>
        <translation>Handing-over unit</translation>
    </message>
    <message>
        <source>接收方单位</source>
        <extracomment>handover.to_unit</extracomment>
        <translation>Receiving unit</translation>
    </message>
    <message>
        <source>反馈部门</source>
        <extracomment>handover.feedback_dept</extracomment>
        <translation>Feedback from</translation>
    </message>
    <message>
        <source>文件名</source>
        <extracomment>attachment.filename</extracomment>
        <translation>File name</translation>
    </message>
    <message>
        <source>所属记录</source>
        <extracomment>attachment.owner_id</extracomment>
        <translation>Belongs to</translation>
    </message>
    <message>
        <source>类型</source>
        <extracomment>attachment.mime</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <source>大小（字节）</source>
        <extracomment>attachment.size</extracomment>
        <translation>Size (bytes)</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <extracomment>attachment.sha256</extracomment>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>说明</source>
        <extracomment>attachment.note; link.note</extracomment>
        <translation>Note</translation>
    </message>
    <message>
        <source>添加时间</source>
        <extracomment>attachment.added_at</extracomment>
        <translation>Added</translation>
    </message>
    <message>
        <source>来源记录</source>
        <extracomment>link.src_id</extracomment>
        <translation>From</translation>
    </message>
    <message>
        <source>目标记录</source>
        <extracomment>link.dst_id</extracomment>
        <translation>To</translation>
    </message>
    <message>
        <source>关联类型</source>
        <extracomment>link.relation</extracomment>
        <translation>Relation</translation>
    </message>
    <message>
        <source>词表</source>
        <extracomment>vocab.vocabulary</extracomment>
        <translation>Vocabulary</translation>
    </message>
    <message>
        <source>取值</source>
        <extracomment>vocab.value</extracomment>
        <translation>Value</translation>
    </message>
    <message>
        <source>排序</source>
        <extracomment>vocab.ord; template.ord</extracomment>
        <translation>Order</translation>
    </message>
    <message>
        <source>启用</source>
        <extracomment>vocab.active</extracomment>
        <translation>Active</translation>
    </message>
    <message>
        <source>模板类型</source>
        <extracomment>template.template_kind</extracomment>
        <translation>Template type</translation>
    </message>
    <message>
        <source>类别</source>
        <extracomment>template.category</extracomment>
        <translation>Category</translation>
    </message>
    <message>
        <source>适用对象</source>
        <extracomment>template.role</extracomment>
        <translation>For</translation>
    </message>
    <message>
        <source>内容</source>
        <extracomment>template.body</extracomment>
        <translation>Text</translation>
    </message>
    <message>
        <source>键</source>
        <extracomment>setting.key</extracomment>
        <translation>Key</translation>
    </message>
    <message>
        <source>值</source>
        <extracomment>setting.value</extracomment>
        <translation>Value</translation>
    </message>
</context>
<context>
    <name>deadlines</name>
    <message>
        <source>未到期</source>
        <extracomment>Due.OK</extracomment>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>即将到期</source>
        <extracomment>Due.SOON</extracomment>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已逾期</source>
        <extracomment>Due.OVERDUE</extracomment>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已完成</source>
        <extracomment>Due.DONE</extracomment>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <source>谈话人员不少于两人</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>At least two interviewers</translation>
    </message>
    <message>
        <source>须指定记录人</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A recorder must be named</translation>
    </message>
    <message>
        <source>须经谈话对象核对确认签字</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The interviewee must check, confirm and sign</translation>
    </message>
    <message>
        <source>须填写谈话对象</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The interviewee must be filled in</translation>
    </message>
    <message>
        <source>须填写谈话时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The time of the interview must be filled in</translation>
    </message>
    <message>
        <source>谈话记录已定稿，原文不能修改；如需补充，请添加补充说明</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The interview record is final and its text cannot change; add a supplement instead</translation>
    </message>
    <message>
        <source>已有的补充说明不能修改或删除</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A supplement already saved cannot be changed or removed</translation>
    </message>
    <message>
        <source>补充说明须写明补充时间、补充人和补充内容</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A supplement needs its date, its author and its text</translation>
    </message>
    <message>
        <source>线索标为“已移交”须填写移交时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A lead marked handed over needs the date it was handed over</translation>
    </message>
    <message>
        <source>线索标为“已移交”须选择移交对象</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A lead marked handed over needs the body it went to</translation>
    </message>
    <message>
        <source>线索标为“已反馈”须填写反馈时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A lead marked answered needs the date of the answer</translation>
    </message>
    <message>
        <source>整改事项标为“已销号”须填写销号时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A rectification item marked closed out needs its closing date</translation>
    </message>
    <message>
        <source>回头看评估为“纸面整改”或“未到位”的整改事项不能标为“已完成”或“已销号”：须重新整改（整改状态改为“整改中”）</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A rectification item a revisit found rectified only on paper or not done cannot be completed or closed out: it must be rectified again (status: in progress)</translation>
    </message>
    <message>
        <source>线索标为“已了结”须填写办结时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A lead marked concluded needs the date it was concluded</translation>
    </message>
    <message>
        <source>线索标为“已了结”须填写办理结果</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A lead marked concluded needs its result</translation>
    </message>
    <message>
        <source>口令太短</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The passphrase is too short</translation>
    </message>
    <message>
        <source>口令容易被猜中：请用几个互不相关的词组成一句短语，例如“青瓦 灯塔 三月 远行”，不要用姓名、生日或常见词句</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>This passphrase would be guessed too soon: use a short phrase of several unrelated words, such as “slate lighthouse march journey”, not names, birthdays or common sayings</translation>
    </message>
    <message>
        <source>提交组务会审核前须写明现象描述</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The facts must be written before submitting for group review</translation>
    </message>
    <message>
        <source>组长签字前须编定底稿编号</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The working paper needs a number before the leader signs</translation>
    </message>
    <message>
        <source>组长签字前须有组务会审核意见</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The group meeting&apos;s opinion is needed before the leader signs</translation>
    </message>
    <message>
        <source>须填写签字的组长</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The signing team leader must be filled in</translation>
    </message>
    <message>
        <source>新建的底稿不能直接处于“组长签字”或“归档”状态：须由组长本人输入口令签字</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A new working paper cannot start out signed or archived: the team leader signs it with the passphrase</translation>
    </message>
    <message>
        <source>底稿已归档，不能修改</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The working paper is archived and cannot be changed</translation>
    </message>
    <message>
        <source>底稿编号已在组长签字后锁定，不能修改</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The working paper&apos;s number is locked since the leader signed; it cannot change</translation>
    </message>
    <message>
        <source>底稿已经组长签字，事实、证据和定性不能修改；如需更正，请由组长退回修改</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The working paper is signed: its facts, evidence and characterisation cannot change; for a correction the team leader returns it</translation>
    </message>
    <message>
        <source>只有组长本人才能签字、退回或批准回避例外：本保密库的使用人不是本组组长</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Only the team leader can sign, return or approve a recusal exception: this vault&apos;s user is not the team leader</translation>
    </message>
    <message>
        <source>只有本组组长才能归档底稿：本保密库的使用人不是本组组长</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Only the team leader can archive a working paper: this vault&apos;s user is not the team leader</translation>
    </message>
    <message>
        <source>只有处于“组务会审核”的底稿才能提交组长签字</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Only a working paper in group review can be submitted for the leader&apos;s signature</translation>
    </message>
    <message>
        <source>已经组长签字或归档的底稿不能删除</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A signed or archived working paper cannot be deleted</translation>
    </message>
    <message>
        <source>须由组长本人输入口令签字，不能通过保存改为“组长签字”</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The team leader signs with the passphrase; saving cannot mark the paper signed</translation>
    </message>
    <message>
        <source>组长签字和签字日期由组长签字时填写，不能直接修改</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The signer and the date of signing are filled in by the signature and cannot be edited</translation>
    </message>
    <message>
        <source>只有已经组长签字、尚未归档的底稿才能退回修改</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Only a working paper signed by the team leader and not yet archived can be returned for correction</translation>
    </message>
    <message>
        <source>退回修改须写明理由</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A return for correction needs a reason</translation>
    </message>
    <message>
        <source>底稿编号须为“〔年份〕X巡-X组-XX号”的格式，如〔2024〕5巡-3组-07号</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A working paper number must follow the paper forms: the year in brackets, then the round, the team and a two-digit sequence</translation>
    </message>
    <message>
        <source>已记录的回避例外不能修改或删除</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A recorded recusal exception cannot be changed or removed</translation>
    </message>
    <message>
        <source>回避例外须写明人员、理由、批准人和批准时间</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A recusal exception needs the member, the reason, the approver and the time</translation>
    </message>
    <message>
        <source>回避例外只能由组长本人批准</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Only the team leader can approve a recusal exception</translation>
    </message>
    <message>
        <source>指派的人员申报了须回避的关系；确需指派的，须由组长记录例外理由</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A member assigned declared a relation that requires recusal; to assign them anyway the team leader records the reason for an exception</translation>
    </message>
    <message>
        <source>记录人须是本巡察组的成员</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The recorder must be a member of this team</translation>
    </message>
    <message>
        <source>谈话人须是本轮巡察的巡察组成员</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>The interviewers must be members of a team of this round</translation>
    </message>
    <message>
        <source>上级单位不能是本单位自己，也不能经由上级单位回到本单位</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A unit cannot be its own parent unit, nor lead back to itself through its parent units</translation>
    </message>
    <message>
        <source>上级统一部署不能是本轮次自己，也不能经由上级回到本轮次</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>A round cannot be its own higher-level plan, nor lead back to itself through its higher-level plans</translation>
    </message>
    <message>
        <source>上级层级过多（超过 64 级），请检查上级统一部署或上级单位</source>
        <extracomment>app/domain/rules.py</extracomment>
        <translation>Too many levels of parents (more than 64); check the higher-level plan or the parent unit</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>巡察公告发布期限（工作日）</source>
        <extracomment>setting deadline.notice_working_days</extracomment>
        <translation>Inspection notice deadline (working days)</translation>
    </message>
    <message>
        <source>向党委报告期限（天）</source>
        <extracomment>setting deadline.committee_report_days</extracomment>
        <translation>Report to the committee (days)</translation>
    </message>
    <message>
        <source>整改方案报送期限（工作日）</source>
        <extracomment>setting deadline.rectification_plan_working_days</extracomment>
        <translation>Rectification plan deadline (working days)</translation>
    </message>
    <message>
        <source>专题民主生活会召开期限（天）</source>
        <extracomment>setting deadline.democratic_meeting_days</extracomment>
        <translation>Democratic life meeting deadline (days)</translation>
    </message>
    <message>
        <source>整改情况报告报送期限（天）</source>
        <extracomment>setting deadline.rectification_report_days</extracomment>
        <translation>Rectification report due (days)</translation>
    </message>
    <message>
        <source>移交线索反馈期限（天）</source>
        <extracomment>setting deadline.lead_feedback_days</extracomment>
        <translation>Handed-over lead feedback due (days)</translation>
    </message>
    <message>
        <source>移交线索办结期限（天）</source>
        <extracomment>setting deadline.lead_close_days</extracomment>
        <translation>Handed-over lead conclusion deadline (days)</translation>
    </message>
    <message>
        <source>移交线索办结最长期限（天）</source>
        <extracomment>setting deadline.lead_close_max_days</extracomment>
        <translation>Handed-over lead conclusion, latest (days)</translation>
    </message>
    <message>
        <source>到期前提示天数</source>
        <extracomment>setting deadline.due_soon_days</extracomment>
        <translation>Days of “due soon” notice</translation>
    </message>
    <message>
        <source>反馈意见总体评价</source>
        <extracomment>setting feedback.assessment:</extracomment>
        <translation>Feedback opinion: overall assessment</translation>
    </message>
    <message>
        <source>反馈意见意见建议</source>
        <extracomment>setting feedback.recommendations:</extracomment>
        <translation>Feedback opinion: recommendations</translation>
    </message>
    <message>
        <source>反馈意见抄送</source>
        <extracomment>setting feedback.copy_to</extracomment>
        <translation>Feedback opinion: copied to</translation>
    </message>
    <message>
        <source>巡察报告总体评价</source>
        <extracomment>setting report.assessment:</extracomment>
        <translation>Inspection report: overall assessment</translation>
    </message>
    <message>
        <source>巡察报告意见建议</source>
        <extracomment>setting report.recommendations:</extracomment>
        <translation>Inspection report: recommendations</translation>
    </message>
    <message>
        <source>法定节假日</source>
        <extracomment>setting calendar.holidays</extracomment>
        <translation>Public holidays</translation>
    </message>
    <message>
        <source>调休上班日</source>
        <extracomment>setting calendar.workdays</extracomment>
        <translation>Make-up working days</translation>
    </message>
    <message>
        <source>任职回避年限（年）</source>
        <extracomment>setting plan.past_post_years</extracomment>
        <translation>Past-post recusal period (years)</translation>
    </message>
    <message>
        <source>禁止交叉巡察互查</source>
        <extracomment>setting plan.forbid_reciprocal</extracomment>
        <translation>Forbid reciprocal cross-inspection</translation>
    </message>
    <message>
        <source>联动式巡察组中可来自被巡察地的职务</source>
        <extracomment>setting plan.local_roles</extracomment>
        <translation>Roles that may come from the inspected area in a linked team</translation>
    </message>
    <message>
        <source>重复发现问题相似度阈值</source>
        <extracomment>setting revisit.similarity</extracomment>
        <translation>Similarity threshold for repeated problems</translation>
    </message>
    <message>
        <source>部署包托管密钥（接收方或指纹）</source>
        <extracomment>setting deploy.escrow</extracomment>
        <translation>Escrow keys for deployments (recipients or fingerprints)</translation>
    </message>
    <message>
        <source>设置</source>
        <extracomment>setting (unknown key)</extracomment>
        <translation>Setting</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>保密库操作失败</source>
        <extracomment>app.storage.errors.VaultError</extracomment>
        <translation>The vault operation failed</translation>
    </message>
    <message>
        <source>分工方案中有不能导入的单元格</source>
        <extracomment>app.exchange.xlsx.plan_sheet.PlanSheetError</extracomment>
        <translation>The assignment plan has a cell that cannot be imported</translation>
    </message>
    <message>
        <source>磁盘空间不足或无法写入，本次修改未保存</source>
        <extracomment>app.storage.errors.DiskFull</extracomment>
        <translation>The disk is full or cannot be written; the change was not saved</translation>
    </message>
    <message>
        <source>本机的 SQLCipher 无法满足安全设置，拒绝打开</source>
        <extracomment>app.storage.errors.InsecureBuild</extracomment>
        <translation>This computer&apos;s SQLCipher cannot meet the security settings; the vault was not opened</translation>
    </message>
    <message>
        <source>数据格式不正确</source>
        <extracomment>app.storage.errors.InvalidChange</extracomment>
        <translation>Malformed data</translation>
    </message>
    <message>
        <source>保密库数据结构升级失败，文件未作任何改动</source>
        <extracomment>app.storage.errors.MigrationFailed</extracomment>
        <translation>Upgrading the vault&apos;s schema failed; the file was not changed</translation>
    </message>
    <message>
        <source>该文件不是巡察工作台保密库</source>
        <extracomment>app.storage.errors.NotAVault</extracomment>
        <translation>The file is not a XunCha Workbench vault</translation>
    </message>
    <message>
        <source>找不到该记录</source>
        <extracomment>app.storage.errors.RecordNotFound</extracomment>
        <translation>Record not found</translation>
    </message>
    <message>
        <source>不符合工作规则</source>
        <extracomment>app.storage.errors.RuleViolation</extracomment>
        <translation>This breaks a rule of the work</translation>
    </message>
    <message>
        <source>保密库完整性检查未通过</source>
        <extracomment>app.storage.errors.VaultCorrupt</extracomment>
        <translation>The vault failed its integrity check</translation>
    </message>
    <message>
        <source>该位置已有文件，不会覆盖</source>
        <extracomment>app.storage.errors.VaultExists</extracomment>
        <translation>A file already exists there and will not be overwritten</translation>
    </message>
    <message>
        <source>保密库已锁定</source>
        <extracomment>app.storage.errors.VaultLocked</extracomment>
        <translation>The vault is locked</translation>
    </message>
    <message>
        <source>找不到保密库文件</source>
        <extracomment>app.storage.errors.VaultNotFound</extracomment>
        <translation>The vault file does not exist</translation>
    </message>
    <message>
        <source>该保密库由更新版本的程序创建，请升级本程序后再打开</source>
        <extracomment>app.storage.errors.VaultTooNew</extracomment>
        <translation>The vault was made by a newer version of the program; update this program to open it</translation>
    </message>
    <message>
        <source>口令太短：至少需要 8 个字符</source>
        <extracomment>app.storage.errors.WeakPassphrase</extracomment>
        <translation>The passphrase is too short: at least 8 characters</translation>
    </message>
    <message>
        <source>口令不正确（或文件已损坏）</source>
        <extracomment>app.storage.errors.WrongPassphrase</extracomment>
        <translation>Wrong passphrase (or the file is damaged)</translation>
    </message>
    <message>
        <source>交接包处理失败</source>
        <extracomment>app.exchange.package.errors.PackageError</extracomment>
        <translation>The package was refused</translation>
    </message>
    <message>
        <source>无法导入该文件</source>
        <extracomment>app.exchange.xlsx.intake_guard.IntakeError</extracomment>
        <translation>The file cannot be imported</translation>
    </message>
    <message>
        <source>无法完成分工</source>
        <extracomment>app.services.planning.PlanError</extracomment>
        <translation>The assignment cannot be made</translation>
    </message>
    <message>
        <source>无法确定被巡察单位</source>
        <extracomment>app.services.revisit.RevisitError</extracomment>
        <translation>The inspected unit cannot be determined</translation>
    </message>
    <message>
        <source>无法确定巡察轮次或巡察组</source>
        <extracomment>app.services.rounds.RoundError</extracomment>
        <translation>The round or team cannot be determined</translation>
    </message>
    <message>
        <source>保密库文件已损坏：请运行 check 检查，并从最近的备份恢复</source>
        <extracomment>app.storage.errors.VaultDamaged</extracomment>
        <translation>The vault file is damaged: run check, and restore the latest backup</translation>
    </message>
    <message>
        <source>保密库文件头中的密钥派生参数超出范围，文件可能已损坏</source>
        <extracomment>app.storage.errors.KdfParamsOutOfRange</extracomment>
        <translation>The key derivation parameters in the vault header are out of range; the file may be damaged</translation>
    </message>
    <message>
        <source>找不到文件</source>
        <extracomment>PackageError reason not_found; IntakeError reason not_found</extracomment>
        <translation>File not found</translation>
    </message>
    <message>
        <source>目标位置已有文件，不会覆盖</source>
        <extracomment>PackageError reason exists</extracomment>
        <translation>A file already exists there and will not be overwritten</translation>
    </message>
    <message>
        <source>公钥文件格式不正确</source>
        <extracomment>PackageError reason bad_keys</extracomment>
        <translation>The public key file is malformed</translation>
    </message>
    <message>
        <source>文件中含有私钥：只应提供公钥（age1… 或 keys 命令导出的文件）</source>
        <extracomment>PackageError reason private_key</extracomment>
        <translation>The file holds a private key: give only public keys (age1… or a file made by the keys command)</translation>
    </message>
    <message>
        <source>这是本保密库自己的公钥，无需信任</source>
        <extracomment>PackageError reason own_keys</extracomment>
        <translation>These are this vault&apos;s own public keys; there is no need to trust them</translation>
    </message>
    <message>
        <source>没有指定接收方</source>
        <extracomment>PackageError reason no_recipients</extracomment>
        <translation>No recipient given</translation>
    </message>
    <message>
        <source>接收方过多：一个交接包最多 4 个接收方</source>
        <extracomment>PackageError reason too_many_recipients_out</extracomment>
        <translation>Too many recipients: a package has at most 4</translation>
    </message>
    <message>
        <source>该类型的交接包尚未在本版本中提供</source>
        <extracomment>PackageError reason unsupported_kind</extracomment>
        <translation>This kind of package is not available in this version yet</translation>
    </message>
    <message>
        <source>交接包过大</source>
        <extracomment>PackageError reason too_large</extracomment>
        <translation>The package is too large</translation>
    </message>
    <message>
        <source>不是交接包（缺少 age 加密文件头）</source>
        <extracomment>PackageError reason not_age</extracomment>
        <translation>Not a package (no age encryption header)</translation>
    </message>
    <message>
        <source>加密文件头过大</source>
        <extracomment>PackageError reason header_too_large</extracomment>
        <translation>The encryption header is too large</translation>
    </message>
    <message>
        <source>加密文件头中的接收方过多</source>
        <extracomment>PackageError reason too_many_recipients</extracomment>
        <translation>Too many recipients in the encryption header</translation>
    </message>
    <message>
        <source>加密文件头格式不正确</source>
        <extracomment>PackageError reason bad_header</extracomment>
        <translation>The encryption header is malformed</translation>
    </message>
    <message>
        <source>无法用本库的密钥解密：此包不是发给本库的，或文件头已损坏</source>
        <extracomment>PackageError reason not_for_us</extracomment>
        <translation>This vault&apos;s keys cannot decrypt it: the package is not for this vault, or its header is damaged</translation>
    </message>
    <message>
        <source>解密失败：交接包已损坏、被截断或被篡改</source>
        <extracomment>PackageError reason damaged</extracomment>
        <translation>Decryption failed: the package is damaged, truncated or tampered with</translation>
    </message>
    <message>
        <source>交接包解密后内容过大</source>
        <extracomment>PackageError reason plaintext_too_large</extracomment>
        <translation>The decrypted package is too large</translation>
    </message>
    <message>
        <source>交接包内容不是有效的容器</source>
        <extracomment>PackageError reason bad_container</extracomment>
        <translation>The package does not hold a valid container</translation>
    </message>
    <message>
        <source>容器中有压缩或加密的条目</source>
        <extracomment>PackageError reason compressed_entry</extracomment>
        <translation>The container has compressed or encrypted entries</translation>
    </message>
    <message>
        <source>容器中有不允许的文件名</source>
        <extracomment>PackageError reason bad_name</extracomment>
        <translation>The container has a file name that is not allowed</translation>
    </message>
    <message>
        <source>容器中有重复的文件名</source>
        <extracomment>PackageError reason duplicate_name</extracomment>
        <translation>The container has duplicate file names</translation>
    </message>
    <message>
        <source>容器中的条目过多</source>
        <extracomment>PackageError reason too_many_entries</extracomment>
        <translation>The container has too many entries</translation>
    </message>
    <message>
        <source>容器中的条目过大</source>
        <extracomment>PackageError reason entry_too_large</extracomment>
        <translation>An entry in the container is too large</translation>
    </message>
    <message>
        <source>容器缺少必需的文件</source>
        <extracomment>PackageError reason missing_entry</extracomment>
        <translation>The container lacks a required file</translation>
    </message>
    <message>
        <source>交接包没有签名</source>
        <extracomment>PackageError reason unsigned</extracomment>
        <translation>The package is not signed</translation>
    </message>
    <message>
        <source>清单格式不正确</source>
        <extracomment>PackageError reason bad_manifest</extracomment>
        <translation>The manifest is malformed</translation>
    </message>
    <message>
        <source>交接包由更新版本的程序制作，请升级本程序</source>
        <extracomment>PackageError reason format_too_new</extracomment>
        <translation>The package was made by a newer version of the program; update this program</translation>
    </message>
    <message>
        <source>签名无效：清单已被篡改</source>
        <extracomment>PackageError reason bad_signature</extracomment>
        <translation>Invalid signature: the manifest was tampered with</translation>
    </message>
    <message>
        <source>签名者不在本库信任的公钥中</source>
        <extracomment>PackageError reason unknown_signer</extracomment>
        <translation>The signer is not among this vault&apos;s trusted keys</translation>
    </message>
    <message>
        <source>本库不在交接包签名的接收方之列（可能被转加密）</source>
        <extracomment>PackageError reason not_listed</extracomment>
        <translation>This vault is not among the package&apos;s signed recipients (it may have been re-encrypted)</translation>
    </message>
    <message>
        <source>交接包类型与本保密库的角色不符</source>
        <extracomment>PackageError reason wrong_kind</extracomment>
        <translation>The package kind does not match this vault&apos;s role</translation>
    </message>
    <message>
        <source>该交接包已导入过</source>
        <extracomment>PackageError reason replay</extracomment>
        <translation>This package has already been imported</translation>
    </message>
    <message>
        <source>容器中的文件与清单不符</source>
        <extracomment>PackageError reason size_mismatch</extracomment>
        <translation>A file in the container does not match the manifest</translation>
    </message>
    <message>
        <source>文件内容与清单中的哈希不符</source>
        <extracomment>PackageError reason hash_mismatch</extracomment>
        <translation>A file does not match its hash in the manifest</translation>
    </message>
    <message>
        <source>记录格式不正确</source>
        <extracomment>PackageError reason bad_record</extracomment>
        <translation>A record is malformed</translation>
    </message>
    <message>
        <source>只有巡察办保密库可以制作部署包、上报包和线索移交包</source>
        <extracomment>PackageError reason export_role</extracomment>
        <translation>Only an inspection office vault can make deployment, upward and lead-transfer packages</translation>
    </message>
    <message>
        <source>接收方的角色与交接包类型不符</source>
        <extracomment>PackageError reason recipient_role</extracomment>
        <translation>The recipient&apos;s role does not match the kind of package</translation>
    </message>
    <message>
        <source>没有选择要导出的内容</source>
        <extracomment>PackageError reason no_selection</extracomment>
        <translation>Nothing was chosen to export</translation>
    </message>
    <message>
        <source>所选记录不存在、已删除或类型不符</source>
        <extracomment>PackageError reason bad_selection</extracomment>
        <translation>A chosen record does not exist, was deleted or is of the wrong kind</translation>
    </message>
    <message>
        <source>该类型的交接包不按所给的选择导出</source>
        <extracomment>PackageError reason selection_unused</extracomment>
        <translation>This kind of package is not exported by the selection given</translation>
    </message>
    <message>
        <source>本库信任的公钥中没有该指纹</source>
        <extracomment>PackageError reason unknown_key</extracomment>
        <translation>No key trusted by this vault has this fingerprint</translation>
    </message>
    <message>
        <source>指纹格式不正确：应为至少 32 位十六进制数字（可含空格）</source>
        <extracomment>PackageError reason bad_fingerprint</extracomment>
        <translation>The fingerprint is malformed: it needs at least 32 hexadecimal digits (spaces allowed)</translation>
    </message>
    <message>
        <source>签名者的指纹与确认的指纹不符</source>
        <extracomment>PackageError reason signer_mismatch</extracomment>
        <translation>The signer&apos;s fingerprint does not match the confirmed fingerprint</translation>
    </message>
    <message>
        <source>只有部署包可以在导入时确认信任签名者；其他交接包请先用 trust 命令信任对方公钥</source>
        <extracomment>PackageError reason trust_only_deployment</extracomment>
        <translation>Only a deployment package can have its signer trusted on import; for other packages, first trust the sender&apos;s public keys with the trust command</translation>
    </message>
    <message>
        <source>交接包的制作方角色与其类型不符</source>
        <extracomment>PackageError reason source_role</extracomment>
        <translation>The role of the package&apos;s maker does not match its kind</translation>
    </message>
    <message>
        <source>交接包中含有不属于该类型的记录</source>
        <extracomment>PackageError reason out_of_scope</extracomment>
        <translation>The package holds records that do not belong to its kind</translation>
    </message>
    <message>
        <source>部署包只能导入巡察组保密库</source>
        <extracomment>PackageError reason wrong_role_deployment</extracomment>
        <translation>A deployment package can only be imported into an inspection team vault</translation>
    </message>
    <message>
        <source>上报包只能导入上级巡察办的保密库</source>
        <extracomment>PackageError reason wrong_role_upward</extracomment>
        <translation>An upward package can only be imported into the higher inspection office&apos;s vault</translation>
    </message>
    <message>
        <source>线索移交包只能导入纪委监委使用的巡察办类型保密库，或按文档用 age 手工读取</source>
        <extracomment>PackageError reason wrong_role_lead_transfer</extracomment>
        <translation>A lead-transfer package can only be imported into an office vault used by the discipline inspection and supervision commission, or read by hand with age as documented</translation>
    </message>
    <message>
        <source>签名公钥是弱密钥（小阶点），不能信任</source>
        <extracomment>PackageError reason weak_key</extracomment>
        <translation>The signing key is weak (a small-order point) and cannot be trusted</translation>
    </message>
    <message>
        <source>核对的指纹与公钥文件不符：请勿信任，并与对方重新核对</source>
        <extracomment>PackageError reason fingerprint_mismatch</extracomment>
        <translation>The fingerprint confirmed does not match the keys file: do not trust it, and check again with the other side</translation>
    </message>
    <message>
        <source>公钥文件中的角色与所确认的角色不符</source>
        <extracomment>PackageError reason role_mismatch</extracomment>
        <translation>The role in the keys file is not the role confirmed</translation>
    </message>
    <message>
        <source>该签名公钥已按另一份公钥信息信任过，公钥文件的内容与之不符：未作任何更改</source>
        <extracomment>PackageError reason key_changed</extracomment>
        <translation>This signing key is already trusted with other key information, and the keys file differs from it: nothing was changed</translation>
    </message>
    <message>
        <source>该公钥是按旧方式信任的，导出前须重新核对指纹（trust 命令或“交接包 → 信任的公钥”）</source>
        <extracomment>PackageError reason key_unverified</extracomment>
        <translation>This key was trusted the old way: confirm its fingerprint again before exporting to it (the trust command, or Packages → Trusted keys)</translation>
    </message>
    <message>
        <source>签名者被信任的角色不能发来这种交接包</source>
        <extracomment>PackageError reason signer_role</extracomment>
        <translation>The role the signer is trusted in cannot send this kind of package</translation>
    </message>
    <message>
        <source>交接包中签名者的公钥信息与本库信任的不符</source>
        <extracomment>PackageError reason source_mismatch</extracomment>
        <translation>The signer&apos;s key information in the package differs from what this vault trusts</translation>
    </message>
    <message>
        <source>同一交接包在本次导入中出现了两次：未导入任何内容</source>
        <extracomment>PackageError reason duplicate_in_batch</extracomment>
        <translation>The same package was given twice in this import: nothing was imported</translation>
    </message>
    <message>
        <source>交接包缺少附件内容：不完整的交接包不能导入</source>
        <extracomment>PackageError reason missing_blob</extracomment>
        <translation>The package lacks attachment contents: an incomplete package cannot be imported</translation>
    </message>
    <message>
        <source>交接包中的修改时间比本机时钟晚一天以上：请检查对方或本机的系统时钟</source>
        <extracomment>PackageError reason future_stamp</extracomment>
        <translation>The package has changes stamped more than a day ahead of this computer&apos;s clock: check the system clock here and on the sending computer</translation>
    </message>
    <message>
        <source>交接包中的设置值超出允许的范围</source>
        <extracomment>PackageError reason bad_setting</extracomment>
        <translation>The package sets a value outside its allowed range</translation>
    </message>
    <message>
        <source>文件是空的</source>
        <extracomment>IntakeError reason empty</extracomment>
        <translation>The file is empty</translation>
    </message>
    <message>
        <source>文件过大（上限 32 MB）</source>
        <extracomment>IntakeError reason too_large</extracomment>
        <translation>The file is too large (at most 32 MB)</translation>
    </message>
    <message>
        <source>这是旧版 Excel（.xls）文件或设置了打开密码的工作簿：请在 Excel/WPS 中打开，取消密码后另存为“Excel 工作簿（.xlsx）”再导入</source>
        <extracomment>IntakeError reason old_xls</extracomment>
        <translation>This is an old Excel (.xls) file or a workbook with an opening password: open it in Excel or WPS, remove the password, save it as “Excel workbook (.xlsx)” and import that</translation>
    </message>
    <message>
        <source>这是网页（HTML/XML）文件，不是 Excel 工作簿（有些系统导出的“.xls”实际是网页）：请在 Excel/WPS 中打开后另存为 .xlsx 再导入</source>
        <extracomment>IntakeError reason html</extracomment>
        <translation>This is a web page (HTML/XML), not an Excel workbook (some systems export web pages named “.xls”): open it in Excel or WPS, save it as .xlsx and import that</translation>
    </message>
    <message>
        <source>这是文本（CSV）文件，不是 Excel 工作簿：请在 Excel/WPS 中打开后另存为 .xlsx 再导入</source>
        <extracomment>IntakeError reason csv</extracomment>
        <translation>This is a text (CSV) file, not an Excel workbook: open it in Excel or WPS, save it as .xlsx and import that</translation>
    </message>
    <message>
        <source>这是 PDF 文件，不是 Excel 工作簿</source>
        <extracomment>IntakeError reason pdf</extracomment>
        <translation>This is a PDF file, not an Excel workbook</translation>
    </message>
    <message>
        <source>不是 Excel 工作簿（.xlsx）文件</source>
        <extracomment>IntakeError reason not_xlsx</extracomment>
        <translation>Not an Excel workbook (.xlsx)</translation>
    </message>
    <message>
        <source>这是 Excel 二进制工作簿（.xlsb）：请另存为“Excel 工作簿（.xlsx）”再导入</source>
        <extracomment>IntakeError reason xlsb</extracomment>
        <translation>This is an Excel binary workbook (.xlsb): save it as “Excel workbook (.xlsx)” and import that</translation>
    </message>
    <message>
        <source>这是 OpenDocument 表格（.ods）：请在 WPS/Excel 中另存为 .xlsx 再导入</source>
        <extracomment>IntakeError reason ods</extracomment>
        <translation>This is an OpenDocument spreadsheet (.ods): save it as .xlsx in WPS or Excel and import that</translation>
    </message>
    <message>
        <source>这是 Word 或 PowerPoint 文件，不是 Excel 工作簿</source>
        <extracomment>IntakeError reason other_office</extracomment>
        <translation>This is a Word or PowerPoint file, not an Excel workbook</translation>
    </message>
    <message>
        <source>文件已损坏或不是完整的 .xlsx 工作簿</source>
        <extracomment>IntakeError reason damaged</extracomment>
        <translation>The file is damaged or not a complete .xlsx workbook</translation>
    </message>
    <message>
        <source>工作簿内部文件过多（上限 1000 个），可能是恶意构造的文件</source>
        <extracomment>IntakeError reason too_many_entries</extracomment>
        <translation>The workbook holds too many internal files (at most 1000); it may have been crafted to do harm</translation>
    </message>
    <message>
        <source>工作簿中有内容解压后过大（单个上限 96 MB），可能是恶意构造的文件</source>
        <extracomment>IntakeError reason entry_too_large</extracomment>
        <translation>Something in the workbook is too large once unpacked (at most 96 MB each); it may have been crafted to do harm</translation>
    </message>
    <message>
        <source>工作簿解压后总大小过大（上限 192 MB），可能是恶意构造的文件</source>
        <extracomment>IntakeError reason total_too_large</extracomment>
        <translation>The workbook is too large once unpacked (at most 192 MB in all); it may have been crafted to do harm</translation>
    </message>
    <message>
        <source>工作簿中有内容压缩比异常（超过 200 倍，“压缩炸弹”），已拒绝</source>
        <extracomment>IntakeError reason ratio</extracomment>
        <translation>Something in the workbook is compressed abnormally (more than 200 times, a “zip bomb”); refused</translation>
    </message>
    <message>
        <source>工作簿内部文件相互重叠（“压缩炸弹”的构造方式），已拒绝</source>
        <extracomment>IntakeError reason overlap</extracomment>
        <translation>Internal files of the workbook overlap (how a “zip bomb” is built); refused</translation>
    </message>
    <message>
        <source>工作簿内部有加密的条目：请取消密码后另存为 .xlsx 再导入</source>
        <extracomment>IntakeError reason encrypted</extracomment>
        <translation>The workbook has encrypted entries: remove the password, save it as .xlsx and import that</translation>
    </message>
    <message>
        <source>工作簿内部有不允许的条目（异常文件名、链接或压缩方式），已拒绝</source>
        <extracomment>IntakeError reason odd_entry</extracomment>
        <translation>The workbook has entries that are not allowed (odd file names, links or compression methods); refused</translation>
    </message>
    <message>
        <source>工作簿内部有重名文件，已拒绝</source>
        <extracomment>IntakeError reason duplicate</extracomment>
        <translation>The workbook has internal files with the same name; refused</translation>
    </message>
    <message>
        <source>工作簿含有 XML 实体声明（DOCTYPE/ENTITY），正常的 Excel 文件不会有，可能是恶意构造的文件（如“十亿笑声”攻击），已拒绝</source>
        <extracomment>IntakeError reason entities</extracomment>
        <translation>The workbook declares XML entities (DOCTYPE/ENTITY), which a normal Excel file never does; it may have been crafted to do harm (such as a “billion laughs” attack); refused</translation>
    </message>
    <message>
        <source>缺少 XML 安全防护组件（defusedxml），为安全起见不读取 Excel 文件</source>
        <extracomment>IntakeError reason no_defusedxml</extracomment>
        <translation>The XML safety component (defusedxml) is missing; to be safe, Excel files are not read</translation>
    </message>
    <message>
        <source>无法读取工作簿：文件已损坏或含有不支持的内容</source>
        <extracomment>IntakeError reason unreadable</extracomment>
        <translation>The workbook cannot be read: the file is damaged or holds content that is not supported</translation>
    </message>
    <message>
        <source>工作簿中没有这个工作表</source>
        <extracomment>IntakeError reason no_sheet</extracomment>
        <translation>The workbook has no sheet of that name</translation>
    </message>
    <message>
        <source>没有找到表头</source>
        <extracomment>IntakeError reason no_header</extracomment>
        <translation>No header row was found</translation>
    </message>
    <message>
        <source>工作表的行数超过上限</source>
        <extracomment>IntakeError reason too_many_rows</extracomment>
        <translation>The sheet has more rows than allowed</translation>
    </message>
    <message>
        <source>人员名册需要指定所在单位（或表中有“所在单位”列）</source>
        <extracomment>IntakeError reason no_unit</extracomment>
        <translation>A roster needs its unit chosen (or a unit column in the sheet)</translation>
    </message>
    <message>
        <source>保密库中没有这个被巡察单位</source>
        <extracomment>IntakeError reason unknown_unit</extracomment>
        <translation>The vault has no inspected unit of that name</translation>
    </message>
    <message>
        <source>保密库中有多个同名的被巡察单位</source>
        <extracomment>IntakeError reason ambiguous_unit</extracomment>
        <translation>The vault has several inspected units of that name</translation>
    </message>
    <message>
        <source>请指定名单所属的轮次（命令行用 --round 轮次名称）：各轮次的单位和巡察组同名，不指定无法确定更新哪一条</source>
        <extracomment>IntakeError reason no_round</extracomment>
        <translation>Choose the round the list belongs to (on the command line: --round TITLE): units and teams have the same names in every round, so without it the records to update cannot be determined</translation>
    </message>
    <message>
        <source>保密库中没有这个巡察轮次</source>
        <extracomment>IntakeError reason unknown_round; RoundError reason unknown_round</extracomment>
        <translation>The vault has no such inspection round</translation>
    </message>
    <message>
        <source>整改台账需要指定被巡察单位（命令行用 --unit 单位名称），或表中有“被巡察单位”列</source>
        <extracomment>IntakeError reason no_ledger_unit</extracomment>
        <translation>A rectification ledger needs its inspected unit (--unit NAME on the command line), or a column naming each row&apos;s unit</translation>
    </message>
    <message>
        <source>保密库中有多个同名的巡察轮次，请改用编号</source>
        <extracomment>RoundError reason ambiguous_round</extracomment>
        <translation>The vault has several rounds of that title; use the round&apos;s id</translation>
    </message>
    <message>
        <source>保密库中已有同名的巡察轮次</source>
        <extracomment>RoundError reason round_exists</extracomment>
        <translation>The vault already has a round of that title</translation>
    </message>
    <message>
        <source>保密库中没有这个巡察组</source>
        <extracomment>RoundError reason unknown_team</extracomment>
        <translation>The vault has no such inspection team</translation>
    </message>
    <message>
        <source>有多个同名的巡察组，请用 --round 指定轮次或改用编号</source>
        <extracomment>RoundError reason ambiguous_team</extracomment>
        <translation>Several teams have that name; give the round with --round or use the team&apos;s id</translation>
    </message>
    <message>
        <source>取值不在词表中</source>
        <extracomment>RoundError reason bad_value</extracomment>
        <translation>The value is not in the vocabulary</translation>
    </message>
    <message>
        <source>轮次名称不能为空</source>
        <extracomment>RoundError reason bad_title</extracomment>
        <translation>The round&apos;s title cannot be empty</translation>
    </message>
    <message>
        <source>保密库中没有这个被巡察单位（按单位名称或单位编码查找）</source>
        <extracomment>RevisitError reason unknown_unit</extracomment>
        <translation>The vault has no such inspected unit (looked up by name or unit code)</translation>
    </message>
    <message>
        <source>这个名称对应多个不同的单位，请改用单位编码</source>
        <extracomment>RevisitError reason ambiguous_unit</extracomment>
        <translation>This name belongs to several different units: use the unit code</translation>
    </message>
    <message>
        <source>不是本单位被标记为重复发现的反馈问题</source>
        <extracomment>RevisitError reason unknown_problem</extracomment>
        <translation>Not a problem of this unit flagged as found again</translation>
    </message>
</context>
</TS>
