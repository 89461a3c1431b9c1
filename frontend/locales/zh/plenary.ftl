# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = 日刊
page-no-meetings = 当天没有会议。
page-time = 时间
page-meeting = 会议
page-status = 状态
page-agenda = 议程
page-languages = 语言
page-skip-to-content = 跳到正文
page-times-in = 时间按时区
page-documents = 文件
page-other-documents = 其他文件
page-no-documents = 尚无文件。
page-issued = 已印发
page-awaiting-translation = 待翻译
page-withdrawn = 本文件已撤回。
page-distribution = 分发

## A meeting's status

status-scheduled = 已排定
status-in-progress = 进行中
status-suspended = 暂停
status-adjourned = 已休会
status-cancelled = 已取消

## Working pages: scheduling, documents, minutes, administration

work-schedule = 日程安排
work-administration = 管理
work-library = 文件库
work-minutes = 会议记录
work-new-meeting = 新会议
work-edit-meeting = 编辑会议
work-upcoming = 即将举行的会议
work-title = 标题
work-body = 机构
work-room = 会议室
work-no-room = 无会议室（线上）
work-start = 开始
work-end = 结束
work-time-zone = 时区
work-access = 出席范围
work-public = 公开
work-closed = 非公开
work-invited = 受邀代表团
work-agenda = 议程
work-agenda-hint = 每行一个项目；可以编号开头并加冒号：17 (a): 宏观经济政策问题
work-create = 创建
work-save = 保存
work-edit = 编辑
work-sending = 正在发送…
work-done = 完成。
work-room-taken = 会议室已被另一会议占用：
work-new-body = 新机构
work-name = 名称
work-symbol-prefix = 文号前缀
work-new-room = 新会议室
work-capacity = 容量
work-no-chair = 无主席
work-set-chair = 指定主席
work-users = 用户
work-delegations = 代表团
work-new-user = 新用户
work-new-delegation = 新代表团
work-role = 角色
work-delegation = 代表团
work-no-delegation = 无代表团
work-code = 代码
work-kind = 类别
work-member-state = 会员国
work-observer = 观察员
work-disable = 停用
work-enable = 启用
work-disabled = 已停用
work-password-hint = 至少 12 个字符
work-search = 搜索
work-search-words = 关键词或文号
work-language = 语文
work-any-language = 任何语文
work-distribution = 分发类别
work-any-distribution = 任何分发类别
work-from = 自
work-until = 至
work-found = 份文件
work-nothing-found = 未找到文件。
work-new-document = 新文件
work-symbol = 文号
work-meeting = 会议
work-no-meeting = 无会议
work-agenda-item = 议程项目
work-restricted-to = 仅限于
work-add-version = 添加语文本
work-file = 文件
work-upload = 上传
work-uploaded = 已上传。
work-upload-progress = 上传进度
work-start-minutes = 开始会议记录
work-from-record = 从会议纪录起草
work-edit-minutes = 编辑会议记录
work-write = 撰写
work-preview = 预览
work-saved-at = 已保存，修订
work-saving-now = 正在保存…
work-unsaved = 有未保存的更改
work-save-revision = 保存修订
work-submit-for-review = 提交审阅
work-return-to-draft = 退回草稿
work-publish = 发布
work-history = 版本历史
work-revision = 修订
work-autosave = 自动保存
work-restore = 恢复此文本
work-newer-revision = 有人保存了更新的修订。您的文本保留在下方；合并后再保存。
work-not-published = 会议记录尚未发布。
work-state = 状态
work-check-devices = 选择摄像头和麦克风
work-join-with-devices = 使用这些设备加入
work-cancel = 取消
work-show = 显示
work-my-meetings = 仅我的会议
work-previous-day = 前一天
work-next-day = 后一天
work-calendar-file = 日历 (.ics)
work-feed = 我的日历订阅
work-feed-hint = 供日历程序订阅的地址，显示您的会议。请像密码一样保密。
work-get-feed = 获取地址
work-date = 日期

## Roles

role-admin = 管理员
role-conference-manager = 会议管理员
role-secretariat = 秘书处
role-delegate = 代表

## A document's distribution

distribution-general = 一般分发
distribution-limited = 限制分发
distribution-restricted = 内部分发

## Where minutes stand

minutes-state-draft = 草稿
minutes-state-in-review = 审阅中
minutes-state-published = 已发布

## The meeting room and the sign-in page

room-room = 会议室
room-connecting = 正在连接…
room-connected = 已连接
room-reconnecting = 连接中断，正在重新连接…
room-ended = 您已不在会议中
room-participants = 与会者
room-speakers = 发言名单
room-chat = 聊天
room-send = 发送
room-message = 消息
room-raise-hand = 举手
room-lower-hand = 放下手
room-inscribe = 登记发言
room-withdraw = 撤回发言
room-point-of-order = 程序问题
room-right-of-reply = 答辩权
room-has-floor = 发言者
room-no-floor = 无人发言
room-time-left = 剩余时间
room-give-floor = 给予发言权
room-next-speaker = 下一位发言者
room-end-floor = 结束发言
room-mute = 静音
room-unmute = 取消静音
room-remove = 移出
room-admit = 准入
room-refuse = 拒绝
room-open = 宣布开会
room-suspend = 暂停会议
room-resume = 恢复会议
room-adjourn = 散会
room-chair = 主席
room-join-media = 开启摄像头和麦克风加入
room-leave-media = 关闭音视频
room-camera = 摄像头
room-microphone = 麦克风
room-screen = 共享屏幕
room-you = （您）
room-in-lobby = 在等候室
room-muted-by-chair = 已被主席静音
room-hand-raised = 已举手
room-away = 已断开
room-device-check = 设备检查
room-video = 视频
room-no-java-script = 会议室需要启用 JavaScript。
room-sign-in = 登录
room-sign-out = 退出
room-email = 电子邮件
room-password = 密码
room-bad-credentials = 电子邮件或密码错误。
room-too-many-attempts = 尝试次数过多，请稍后再试。
room-join = 进入会议
room-speaking-time = 发言时限
room-account = 账户

## Counts and dates

found-count = { $count } 份文件
date = { $year }年{ $month }月{ $day }日

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = 请求正文格式错误
problem-unsupported-media-type = 应为 application/json
problem-payload-too-large = 请求正文过大
problem-validation-failed = 值无效
problem-unauthenticated = 需要登录
problem-invalid-credentials = 电子邮件或密码错误
problem-forbidden = 您的角色不允许此操作
problem-csrf-failed = 已拒绝跨站请求
problem-not-found = 未找到
problem-method-not-allowed = 不允许的方法
problem-room-conflict = 该会议室在此时间已被占用
problem-already-exists = 已存在
problem-invalid-state = 当前状态下无法执行
problem-stale-revision = 基于较旧的修订版本进行了编辑
problem-rate-limited = 尝试次数过多
problem-upload-incomplete = 上传中断
problem-range-not-satisfiable = 范围超出末尾
problem-unavailable = 服务不可用
problem-upgrade-required = 需要 websocket 升级
problem-request-timeout = 请求耗时过长
problem-internal = 内部错误
problem-unreachable = 无法连接到服务器

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = 主席台
room-item = 议程项目
room-take-up = 审议
room-no-item = 未在审议任何议程项目
room-lock = 锁定会议
room-unlock = 解锁会议
room-mute-all = 全部静音
room-stop-share = 停止共享
room-close-list = 截止名单
room-reopen-list = 重新开放名单
room-list-closed = 名单已截止。
room-order-by-level = 顺序：按级别，再按登记时间
room-order-by-chair = 顺序：由主席确定
room-insert = 列入
room-delegation = 代表团
room-level = 级别
room-place = 位置
room-move-up = 上移
room-move-down = 下移
room-strike = 删除
room-level-head-of-state = 国家元首或政府首脑
room-level-minister = 部长
room-level-head-of-delegation = 代表团团长
room-level-other = 其他发言者
room-replies-rule = 每个代表团每个项目的答辩权
room-floor-time = 该发言者的时间
room-list-time = 本名单的时间
room-to = 发给
room-to-everyone = 所有人
room-to-presiding = 主席和秘书处
room-private = 私信
room-reply-privately = 私下回复
room-shortcuts = 键盘快捷键
room-close = 关闭
room-controls = 控制
room-secretary = 会议秘书
room-no-speakers = 名单上没有人。
room-statement = 发言
room-panel = 侧栏
room-devices-failed = 无法打开摄像头或麦克风。
room-min = 分钟
room-documents = 文件
room-no-documents = 本项目尚无印发的文件。
room-share-stopped = 主席停止了您的屏幕共享。
room-seconds-left = 剩余 { $seconds } 秒
room-floor-to = { $name } 发言

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = 无法读取该请求。
room-error-too-large = 消息过长。
room-error-rate-limited = 操作过于频繁，请放慢速度。
room-error-not-chair = 只有主席或会议秘书可以这样做。
room-error-no-such-participant = 该与会者不在会议中。
room-error-in-lobby = 您正在等候，直到主席准许您入场。
room-error-not-in-progress = 会议未在进行中。
room-error-adjourned = 会议已散会。
room-error-meeting-full = 会议已满。
room-error-too-many-seats = 您已占用允许的全部席位；请关闭另一个窗口。
room-error-invalid-transition = 会议当前状态下无法执行此操作。
room-error-already-inscribed = 贵代表团已在名单上。
room-error-list-empty = 发言名单上没有人。
room-error-list-closed = 发言名单已截止。
room-error-reply-limit = 贵代表团已用完本项目下的答辩权。
room-error-replies-after-list = 发言名单结束后才行使答辩权。
room-error-speaker-absent = 该代表团无人在会议中。
room-error-private-to-presiding = 代表只能发给所有人或主席和秘书处。
room-error-bad-chat = 消息需要有文字，不含控制字符，且不能过长。
room-error-bad-value = 该值超出范围。
room-error-unavailable = 会议实时状态不可用，请重试。
room-error-removed = 主席已将您请出会议。
room-error-replaced = 该席位已在另一个窗口中使用。
room-error-reseat = 您在会议中的角色已更改，正在重新加入。
room-error-idle-timeout = 此页面长时间无响应。
room-error-shutting-down = 系统正在重启，正在重新连接。
room-error-not-in-media = 请先使用摄像头和麦克风加入。
room-error-media-full = 会议视频连接已满。
room-error-bad-sdp = 无法使用浏览器的媒体提议。
room-error-glare = 连接正在重新协商，请重试。
room-error-media-timeout = 媒体连接已停止响应。
room-error-voting-in-progress = 正在进行表决：请等待表决结束。仅听取关于表决进行方式的程序问题。
room-error-no-vote = 没有此编号的表决正在进行。
room-error-not-entitled = 只有本次会议中有表决权的会员国代表才能代表本国代表团投票。
room-error-already-voted = 贵代表团已投下选票；无记名投票不能更改。
room-error-not-your-turn = 这是唱名表决：贵代表团在被点名时投票。
room-error-bad-ballot = 本次表决中没有此选项，或选票所列候选人多于席位。
