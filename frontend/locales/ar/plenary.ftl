# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = يومية الأمم المتحدة
page-no-meetings = لا توجد جلسات في هذا اليوم.
page-time = الوقت
page-meeting = الجلسة
page-status = الحالة
page-agenda = جدول الأعمال
page-languages = اللغات
page-skip-to-content = انتقل إلى المحتوى
page-times-in = الأوقات بتوقيت
page-documents = الوثائق
page-other-documents = وثائق أخرى
page-no-documents = لا توجد وثائق بعد.
page-issued = صدرت
page-awaiting-translation = قيد الترجمة
page-withdrawn = سُحبت هذه الوثيقة.
page-distribution = التوزيع

## A meeting's status

status-scheduled = مقررة
status-in-progress = جارية
status-suspended = معلقة
status-adjourned = رفعت
status-cancelled = ألغيت

## Working pages: scheduling, documents, minutes, administration

work-schedule = الجدول الزمني
work-administration = الإدارة
work-audit-log = سجل التدقيق
work-library = الوثائق
work-minutes = المحاضر
work-new-meeting = جلسة جديدة
work-edit-meeting = تعديل الجلسة
work-upcoming = الجلسات المقبلة
work-title = العنوان
work-body = الهيئة
work-room = القاعة
work-no-room = بدون قاعة (افتراضية)
work-start = البداية
work-end = النهاية
work-time-zone = المنطقة الزمنية
work-access = الحضور
work-public = علنية
work-closed = مغلقة
work-invited = الوفود المدعوة
work-agenda = جدول الأعمال
work-agenda-hint = بند واحد في كل سطر؛ يمكن أن يبدأ برقمه ثم نقطتين: 17 (أ): المسائل الاقتصادية
work-create = إنشاء
work-save = حفظ
work-edit = تعديل
work-sending = جارٍ الإرسال…
work-done = تم.
work-room-taken = القاعة محجوزة لجلسة أخرى:
work-interpreters = المترجمون الشفويون
work-interprets-into = يترجم إلى
meeting-recordings = التسجيلات
meeting-download = تنزيل
meeting-video = فيديو
meeting-interpretation = الترجمة الشفوية
work-new-body = هيئة جديدة
work-name = الاسم
work-symbol-prefix = بادئة الرموز
work-new-room = قاعة جديدة
work-capacity = السعة
work-no-chair = بدون رئيس
work-set-chair = تعيين الرئيس
work-users = المستخدمون
work-delegations = الوفود
work-new-user = مستخدم جديد
work-new-delegation = وفد جديد
work-role = الدور
work-delegation = الوفد
work-no-delegation = بدون وفد
work-code = الرمز
work-kind = النوع
work-member-state = دولة عضو
work-observer = مراقب
work-disable = تعطيل
work-enable = تفعيل
work-disabled = معطل
work-password-hint = 12 حرفًا على الأقل
work-your-account = حسابك
work-current-password = كلمة المرور الحالية
work-new-password = كلمة المرور الجديدة
work-change-password = تغيير كلمة المرور
work-password-changed = تم تغيير كلمة مرورك. وأُنهيت جلساتك الأخرى.
work-password-advice = 12 حرفًا على الأقل، وألا تكون مما يُجرَّب أولًا (كلمة مرور شائعة أو اسمك أو بريدك الإلكتروني). بضع كلمات لا رابط بينها تصنع كلمة مرور جيدة.
work-two-factor = تسجيل الدخول بعاملين
work-one-time-code = رمز لمرة واحدة
work-enter-code = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه تطبيق المصادقة، أو أحد رموز الاسترداد.
work-two-factor-intro = امسح رمز QR هذا بتطبيق مصادقة (أو اكتب فيه السرّ أدناه)، ثم أدخل الرمز المكوّن من ستة أرقام الذي يعرضه.
work-secret = السرّ
work-turn-on = تفعيل
work-two-factor-is-on = تسجيل الدخول بعاملين مفعّل: بعد كلمة المرور تُدخل رمزًا من تطبيق المصادقة.
work-two-factor-is-off = تسجيل الدخول بعاملين غير مفعّل.
work-recovery-codes-intro = تسجيل الدخول بعاملين مفعّل. احفظ رموز الاسترداد هذه في مكان آمن: كل رمز يتيح لك الدخول مرة واحدة دون هاتفك. ولن تُعرض إلا الآن.
work-turn-off = إيقاف
work-two-factor-needed = يتطلب دورك تسجيل الدخول بعاملين: أعدّه للمتابعة.
work-wrong-code = هذا الرمز غير صحيح. أدخل الرمز الذي يعرضه تطبيقك الآن، أو رمز استرداد غير مستخدم.
work-go-on = متابعة
work-two-factor-kept = يتطلب دورك تسجيل الدخول بعاملين؛ ويبقى مفعّلًا.
work-lineage = وثائق ذات صلة
work-lineage-revision-of = تنقيح للوثيقة
work-lineage-addendum-to = إضافة إلى الوثيقة
work-lineage-corrigendum-to = تصويب للوثيقة
work-lineage-revision = تنقيح
work-lineage-addendum = إضافة
work-lineage-corrigendum = تصويب
work-search = بحث
work-search-words = كلمات أو رمز
work-language = اللغة
work-any-language = أي لغة
work-distribution = التوزيع
work-any-distribution = أي توزيع
work-from = من
work-until = إلى
work-found = وثيقة
work-nothing-found = لم يُعثر على أي وثيقة.
work-new-document = وثيقة جديدة
work-symbol = الرمز
work-meeting = الجلسة
work-no-meeting = لا جلسة
work-agenda-item = بند جدول الأعمال
work-restricted-to = مقصور على
work-add-version = إضافة نسخة لغوية
work-file = الملف
work-upload = رفع
work-uploaded = تم الرفع.
work-upload-progress = تقدم الرفع
work-start-minutes = بدء المحضر
work-from-record = ابدأ من سجل الجلسة
work-edit-minutes = تحرير المحضر
work-write = كتابة
work-preview = معاينة
work-saved-at = محفوظ، المراجعة
work-saving-now = جارٍ الحفظ…
work-unsaved = تغييرات غير محفوظة
work-save-revision = حفظ مراجعة
work-submit-for-review = إرسال للمراجعة
work-return-to-draft = إعادة إلى المسودة
work-publish = نشر
work-history = السجل
work-revision = المراجعة
work-autosave = حفظ تلقائي
work-restore = استرجاع هذا النص
work-newer-revision = حفظ شخص آخر مراجعة أحدث. نصك محفوظ أدناه؛ ادمجه ثم احفظ.
work-not-published = لم يُنشر المحضر بعد.
work-state = الحالة
work-check-devices = اختيار الكاميرا والميكروفون
work-join-with-devices = الانضمام بهذه الأجهزة
work-cancel = إلغاء
work-show = عرض
work-my-meetings = جلساتي فقط
work-previous-day = اليوم السابق
work-next-day = اليوم التالي
work-calendar-file = التقويم (.ics)
work-feed = تقويمي الشخصي
work-feed-hint = عنوان لبرنامج التقويم يعرض جلساتك. احفظه سرًا مثل كلمة المرور.
work-get-feed = الحصول على العنوان
work-documents-feed = موجز الوثائق الخاص بي
work-documents-feed-hint = عنوان لبرنامج قراءة الموجزات يعرض الوثائق الصادرة حديثاً التي يحق لك قراءتها. احتفظ به سرياً مثل كلمة المرور.
work-date = التاريخ

## Roles

role-admin = مسؤول
role-conference-manager = مدير المؤتمرات
role-secretariat = الأمانة
role-delegate = مندوب
role-interpreter = مترجم شفوي

## A document's distribution

distribution-general = عام
distribution-limited = محدود
distribution-restricted = مقيد

## Where minutes stand

minutes-state-draft = مسودة
minutes-state-in-review = قيد المراجعة
minutes-state-published = منشور

## The meeting room and the sign-in page

room-room = قاعة الاجتماع
room-connecting = جارٍ الاتصال…
room-connected = متصل
room-reconnecting = انقطع الاتصال؛ جارٍ إعادة الاتصال…
room-ended = لم تعد في الاجتماع
room-participants = المشاركون
room-speakers = قائمة المتكلمين
room-chat = الدردشة
room-send = إرسال
room-message = رسالة
room-raise-hand = رفع اليد
room-lower-hand = خفض اليد
room-inscribe = التسجيل في القائمة
room-withdraw = الانسحاب من القائمة
room-point-of-order = نقطة نظام
room-right-of-reply = حق الرد
room-has-floor = الكلمة لـ
room-no-floor = لا أحد يتكلم
room-time-left = الوقت المتبقي
room-give-floor = إعطاء الكلمة
room-next-speaker = المتكلم التالي
room-end-floor = إنهاء الكلمة
room-mute = كتم
room-unmute = إلغاء الكتم
room-remove = إخراج
room-admit = قبول
room-refuse = رفض
room-open = افتتاح الجلسة
room-suspend = تعليق الجلسة
room-resume = استئناف الجلسة
room-adjourn = رفع الجلسة
room-chair = الرئيس
room-join-media = الانضمام بالكاميرا والميكروفون
room-leave-media = إيقاف الصوت والصورة
room-camera = الكاميرا
room-microphone = الميكروفون
room-screen = مشاركة الشاشة
room-you = (أنت)
room-in-lobby = في الانتظار
room-muted-by-chair = كتمه الرئيس
room-hand-raised = رفع يده
room-away = انقطع اتصاله
room-device-check = فحص الأجهزة
room-video = الفيديو
room-no-java-script = تتطلب قاعة الاجتماع تفعيل JavaScript.
room-sign-in = تسجيل الدخول
room-sign-out = تسجيل الخروج
room-email = البريد الإلكتروني
room-password = كلمة المرور
room-bad-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
room-too-many-attempts = محاولات كثيرة جدًا؛ حاول لاحقًا.
room-join = الانضمام إلى الاجتماع
room-speaking-time = مدة الكلمة
room-account = الحساب

## Counts and dates

found-count =
    { $count ->
        [zero] لا وثائق
        [one] وثيقة واحدة
        [two] وثيقتان
        [few] { $count } وثائق
        [many] { $count } وثيقة
       *[other] { $count } وثيقة
    }
date = { $day } { $month ->
         [1] يناير
         [2] فبراير
         [3] مارس
         [4] أبريل
         [5] مايو
         [6] يونيو
         [7] يوليو
         [8] أغسطس
         [9] سبتمبر
         [10] أكتوبر
         [11] نوفمبر
        *[12] ديسمبر
    } { $year }

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = نص الطلب مشوه
problem-unsupported-media-type = المتوقع application/json
problem-payload-too-large = نص الطلب كبير جدا
problem-validation-failed = قيم غير صالحة
problem-unauthenticated = يلزم تسجيل الدخول
problem-invalid-credentials = البريد الإلكتروني أو كلمة المرور خاطئة
problem-forbidden = غير مسموح به لدورك
problem-csrf-failed = رُفض طلب من موقع آخر
problem-not-found = غير موجود
problem-method-not-allowed = الطريقة غير مسموح بها
problem-room-conflict = القاعة محجوزة في ذلك الوقت
problem-interpreter-conflict = مترجم شفوي محجوز لجلسة أخرى في ذلك الوقت
problem-already-exists = موجود بالفعل
problem-invalid-state = غير ممكن في الحالة الراهنة
problem-stale-revision = عُدّل انطلاقا من مراجعة أقدم
problem-rate-limited = محاولات كثيرة جدا
problem-upload-incomplete = انقطع التحميل
problem-range-not-satisfiable = النطاق يتجاوز النهاية
problem-unavailable = خدمة غير متاحة
problem-upgrade-required = يلزم الترقية إلى websocket
problem-request-timeout = استغرق الطلب وقتا طويلا
problem-internal = خطأ داخلي
problem-unreachable = تعذر الوصول إلى الخادم

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = منصة الرئاسة
room-item = بند جدول الأعمال
room-take-up = تناول
room-no-item = لا يُناقَش أي بند
room-lock = إغلاق باب الدخول
room-unlock = فتح باب الدخول
room-mute-all = كتم الجميع
room-go-informal = الانتقال إلى مشاورات غير رسمية
room-go-formal = استئناف الجلسة الرسمية
room-formal-note = جلسة رسمية: لا يُسمع إلا ميكروفون من أُعطي الكلمة.
room-stop-share = إيقاف المشاركة
room-close-list = إقفال القائمة
room-reopen-list = إعادة فتح القائمة
room-list-closed = القائمة مقفلة.
room-order-by-level = الترتيب: حسب المستوى ثم حسب وقت التسجيل
room-order-by-chair = الترتيب: كما حدده الرئيس
room-insert = إدراج
room-delegation = الوفد
room-level = المستوى
room-place = الترتيب
room-move-up = تقديم
room-move-down = تأخير
room-strike = شطب
room-level-head-of-state = رئيس دولة أو حكومة
room-level-minister = وزير
room-level-head-of-delegation = رئيس وفد
room-level-other = متكلم آخر
room-replies-rule = حق الرد لكل وفد في كل بند
room-floor-time = وقت هذا المتكلم
room-list-time = الوقت في هذه القائمة
room-to = إلى
room-to-everyone = الجميع
room-to-presiding = الرئيس والأمانة العامة
room-private = خاص
room-reply-privately = الرد بشكل خاص
room-shortcuts = اختصارات لوحة المفاتيح
room-close = إغلاق
room-controls = عناصر التحكم
room-secretary = أمين الجلسة
room-no-speakers = لا أحد في القائمة.
room-statement = بيان
room-panel = اللوحة الجانبية
room-devices-failed = تعذر فتح الكاميرا أو الميكروفون.
room-min = دقيقة
room-documents = الوثائق
room-no-documents = لم تصدر أي وثيقة لهذا البند.
room-share-stopped = أوقف الرئيس مشاركة شاشتك.
room-seconds-left = { $seconds ->
    [one] بقيت ثانية واحدة
    [two] بقيت ثانيتان
    [few] بقيت { $seconds } ثوانٍ
   *[other] بقيت { $seconds } ثانية
}
room-floor-to = الكلمة لـ { $name }

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = تعذرت قراءة هذا الطلب.
room-error-too-large = هذه الرسالة كبيرة جدًا.
room-error-rate-limited = إجراءات كثيرة في وقت واحد؛ تمهّل.
room-error-not-chair = لا يجوز ذلك إلا للرئيس أو لأمين الجلسة.
room-error-no-such-participant = هذا المشارك ليس في الجلسة.
room-error-in-lobby = أنت في قاعة الانتظار حتى يقبلك الرئيس.
room-error-not-in-progress = الجلسة ليست منعقدة.
room-error-adjourned = رُفعت الجلسة.
room-error-meeting-full = الجلسة ممتلئة.
room-error-too-many-seats = تشغل بالفعل الحد الأقصى من المقاعد؛ أغلق نافذة أخرى.
room-error-invalid-transition = لا يمكن ذلك في حالة الجلسة الراهنة.
room-error-already-inscribed = وفدك مسجل في القائمة بالفعل.
room-error-list-empty = لا أحد في قائمة المتكلمين.
room-error-list-closed = قائمة المتكلمين مقفلة.
room-error-reply-limit = استنفد وفدك حق الرد في هذا البند.
room-error-replies-after-list = يُمارَس حق الرد بعد انتهاء قائمة المتكلمين.
room-error-speaker-absent = لا أحد من هذا الوفد في الجلسة.
room-error-private-to-presiding = يكتب المندوبون إلى الجميع أو إلى الرئيس والأمانة العامة.
room-error-bad-chat = تحتاج الرسالة إلى نص دون محارف تحكم وألا تكون طويلة جدًا.
room-error-bad-value = هذه القيمة خارج النطاق.
room-error-unavailable = حالة الجلسة غير متاحة؛ حاول مرة أخرى.
room-error-removed = أخرجك الرئيس من الجلسة.
room-error-replaced = شُغل هذا المقعد في نافذة أخرى.
room-error-reseat = تغير دورك في الجلسة؛ جارٍ الانضمام مجددًا.
room-error-idle-timeout = لم يصدر عن هذه الصفحة شيء منذ وقت طويل.
room-error-shutting-down = يُعاد تشغيل النظام؛ جارٍ إعادة الاتصال.
room-error-not-in-media = انضم أولًا بالكاميرا والميكروفون.
room-error-media-full = لا يتسع فيديو الجلسة لمزيد من الاتصالات.
room-error-bad-sdp = تعذر استخدام عرض الوسائط من المتصفح.
room-error-glare = يُعاد التفاوض على الاتصال؛ حاول مرة أخرى.
room-error-media-timeout = توقف اتصال الوسائط عن الاستجابة.
room-error-voting-in-progress = التصويت جارٍ: انتظر إغلاقه. لا يُستمع إلا إلى نقاط النظام المتعلقة بطريقة إجراء التصويت.
room-error-no-vote = لا يوجد تصويت مفتوح بهذا الرقم.
room-error-not-entitled = لا يصوّت إلا مندوب دولة عضو لها حق التصويت في هذه الجلسة، باسم وفده.
room-error-already-voted = أدلى وفدكم بورقة اقتراعه؛ لا يمكن تغيير الاقتراع السري.
room-error-not-your-turn = هذا تصويت بنداء الأسماء: يصوّت وفدكم عندما يُنادى.
room-error-bad-ballot = هذا الخيار غير موجود في هذا التصويت، أو أن ورقة الاقتراع تسمّي مرشحين أكثر من عدد المقاعد.
room-error-not-booked = لستَ محجوزًا للترجمة الشفوية في هذه الجلسة.
room-error-no-booth = لا تُترجم هذه الجلسة إلى تلك اللغة.
room-error-not-at-booth = لا يقوم بذلك إلا مترجم في المقصورة (على الهواء، أو للتسليم).
room-error-on-air-taken = زميلك في المقصورة على الهواء: اطلب التسليم.
room-error-no-handover = لم يُطلب منك استلام الترجمة.
room-error-relay-loop = لا يمكن لمقصورة أن تأخذ الترجمة التتابعية من نفسها ولا من مقصورة تأخذها منها.
room-error-interpreting = لا يشارك المترجمون الشفويون في المناقشة: رفع الأيدي وقائمة المتكلمين للوفود.
room-error-viewing = أنت تشاهد: المشاهد لا يتكلم ولا يتصرف في الجلسة.

vote-title = التصويت { $number }
vote-voting-panel = التصويت
vote-kind = الطريقة
vote-kind-without_vote = الاعتماد دون تصويت
vote-kind-non_recorded = تصويت غير مسجل
vote-kind-recorded = تصويت مسجل
vote-kind-roll_call = تصويت بنداء الأسماء
vote-kind-secret = اقتراع سري
vote-majority = الأغلبية
vote-majority-simple = الأغلبية البسيطة للحاضرين المصوتين
vote-majority-two_thirds = أغلبية ثلثي الحاضرين المصوتين
vote-majority-at_least = عدد محدد من الأصوات المؤيدة
vote-at-least = { $votes } صوتًا مؤيدًا على الأقل
vote-quorum = يجب حضور أغلبية الأعضاء
vote-proposal = المقترح
vote-document = الوثيقة
vote-item = بند جدول الأعمال
vote-is-open = التصويت مفتوح.
vote-closed-at = أُغلق في { $time }
vote-yes = نعم
vote-no = لا
vote-abstain = امتناع
vote-in-favour = المؤيدون
vote-against = المعارضون
vote-abstaining = الممتنعون
vote-members = الأعضاء
vote-present = الحاضرون
vote-voting = الحاضرون المصوتون
vote-required = الأغلبية المطلوبة
vote-ballots = أوراق الاقتراع
vote-blank = أوراق بيضاء
vote-candidate = المرشح
vote-votes = الأصوات
vote-elected = انتُخب
vote-further = اقتراع آخر بين: { $names }
vote-lot = وقعت القرعة عليه ليصوّت أولاً: { $name }
vote-voted = صوّت { $count } من أصل { $members } وفدًا.
vote-outcome = النتيجة
vote-outcome-adopted_without_vote = اعتُمد دون تصويت
vote-outcome-adopted = اعتُمد
vote-outcome-rejected = رُفض
vote-outcome-no_quorum = لم يُبتّ: لم يكتمل النصاب
vote-outcome-elected = شُغلت كل المقاعد
vote-outcome-further_ballot = بقيت مقاعد: اقتراع آخر
vote-your-vote = صوّت وفدكم: { $choice }.
vote-your-ballot = أدلى وفدكم بورقة اقتراعه.
vote-cast = الإدلاء بورقة الاقتراع
vote-ballot-hint = سمِّ ما لا يزيد على { $seats } من المرشحين؛ وإن لم تسمِّ أحدًا كانت الورقة بيضاء.
vote-calling = يُنادى الآن: { $name }
vote-calling-again = يُنادى مرة ثانية لغيابه عند النداء الأول: { $name }
vote-wait-call = يصوّت وفدكم عندما يُنادى.
vote-call-next = نداء الوفد التالي
vote-close = إغلاق التصويت وإعلان النتيجة
vote-prepare = طرح مسألة للتصويت
vote-candidates = المرشحون، واحد في كل سطر
vote-seats = المقاعد
vote-open = فتح التصويت
vote-page = صفحة النتيجة
vote-none = لا أحد
vote-list = عمليات التصويت

# Interpretation in the room
room-channel = الاستماع إلى
room-floor-channel = القاعة (الصوت الأصلي)
room-floor-language = لغة المتكلم في القاعة
room-not-said = غير محددة
room-booth = المقصورة
room-on-air = على الهواء
room-off-air = خارج البث
room-hand-over-to = التسليم إلى
room-take-over = تولي الترجمة
room-handover-asked = يطلب منك زميلك تولي الترجمة.
room-hear = تستمع إلى
room-floor-in-your-language = تتحدث القاعة بلغة مقصورتك: تبث قناتك الصوت الأصلي.
room-console = وحدة تحكم المترجم الفوري
room-watch = المشاهدة والاستماع
room-viewing = أنت تشاهد: ترى المتكلم وتسمع القناة التي تختارها.
work-sponsors = مقدمو المشروع
work-main-sponsors = مقدمو المشروع الرئيسيون
work-co-sponsors = المشاركون في تقديم المشروع
work-no-sponsors-yet = لا أحد بعد
work-sponsors-open = القائمة مفتوحة: يجوز للمندوب الذي يوقّع باسم وفده أن يضيفه أو يسحبه.
work-sponsors-closed = القائمة مغلقة.
work-join-co-sponsors = الانضمام إلى المشاركين في التقديم
work-leave-co-sponsors = الانسحاب من المشاركين في التقديم
work-name-main-sponsor = تسمية مقدم رئيسي
work-close-sponsors = إغلاق القائمة
work-sponsors-feed = موجز التغييرات
sponsor-act-main = سُمّي مقدماً رئيسياً
sponsor-act-add = انضم إلى المشاركين في التقديم
sponsor-act-withdraw = انسحب من المشاركين في التقديم
sponsor-act-close = أُغلقت القائمة
work-signs-for-delegation = يوقّع باسم الوفد
work-let-sign = السماح بالتوقيع باسم الوفد
work-stop-signing = سحب حق التوقيع
work-observers-may-sponsor = يجوز للمراقبين تقديم مشاريعها
meeting-statements = البيانات
meeting-check-against-delivery = العبرة بالإلقاء: كل نص كما قُدّم قبل الإدلاء به.
meeting-statements-to-come = البيانات المقبلة (للأمانة العامة والمترجمين الشفويين)
meeting-hand-in-statement = تقديم نص بيانك
meeting-hand-in-hint = لا يقرؤه إلا الأمانة العامة والمترجمون الشفويون حتى يأخذ وفدك الكلمة؛ ثم يقرؤه كل من يحق له الاطلاع على الجلسة.
