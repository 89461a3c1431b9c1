## Why a value was refused: the message beside the field (the rule's name stays as it is)
-symbol-example = A/57/L.12 أو A/C.2/57/SR.12 أو A/57/L.12/Rev.1
invalid-empty = يجب ألا يكون فارغًا
invalid-too-long = الحد الأقصى لعدد الأحرف: { $max } (الوارد: { $got })
invalid-control-characters = يجب ألا يحتوي على أحرف تحكم (فواصل الأسطر أو علامات الجدولة أو NUL)
invalid-control-characters-in-text = يجب ألا يحتوي على أحرف تحكم غير فواصل الأسطر وعلامات الجدولة
invalid-email = يجب أن يكون عنوان بريد إلكتروني مثل name@example.org (بأحرف ASCII، ولا يتجاوز 254 حرفًا)
invalid-password-too-short = الحد الأدنى لعدد الأحرف: { $min } (الوارد: { $got })
invalid-password-too-long = الحد الأقصى لعدد الأحرف: { $max }
invalid-code = يجب أن يتكون من 1 إلى 32 حرفًا من A-Z و0-9 و'-' و'.' و'/' (مثل FRA)
invalid-too-many = الحد الأقصى لعدد العناصر: { $max } (الوارد: { $got })
invalid-unknown-body = لا توجد هيئة بهذا المعرّف
invalid-unknown-room = لا توجد قاعة بهذا المعرّف
invalid-unknown-delegation = لا يوجد وفد بهذا المعرّف
invalid-unknown-meeting = لا توجد جلسة بهذا المعرّف
invalid-unknown-user = لا يوجد مستخدم نشط بهذا المعرّف
invalid-date = يجب أن يكون تاريخًا بصيغة YYYY-MM-DD بين عامي 2000 و2100
invalid-date-shape = المتوقع تاريخ بصيغة YYYY-MM-DD
invalid-time-zone = يجب أن يكون اسم منطقة زمنية من IANA مثل Europe/Zurich أو America/New_York
invalid-wall-clock = يجب أن يكون وقتًا محليًا بصيغة YYYY-MM-DDTHH:MM[:SS]، مثل 2026-11-30T10:00
invalid-years = يجب أن يكون بين عامي 2000 و2100
invalid-skipped-time = الوقت { $time } غير موجود في { $zone } (تُقدَّم الساعة)؛ اختر وقتًا آخر
invalid-repeated-time = الوقت { $time } يتكرر مرتين في { $zone } (تُؤخَّر الساعة)؛ اختر وقتًا آخر
invalid-ends-before-starts = يجب أن يكون بعد البداية
invalid-meeting-too-long = الحد الأقصى لمدة الجلسة بالساعات: { $hours }
invalid-capacity = يجب أن يكون عدد المقاعد من 1 إلى { $max }
invalid-range-end = يجب أن يكون بعد البداية وألا يتجاوزها بأكثر من عشر سنوات
invalid-before-from = يسبق البداية
invalid-delegate-without-delegation = يجب أن ينتمي المندوب إلى وفد
invalid-not-a-delegate = لا ينتمي إلى الوفود إلا المندوبون
invalid-own-account = لا يجوز للمسؤول تعطيل حسابه
invalid-symbol-length = يجب أن يتكون من 1 إلى { $max } حرفًا؛ المتوقع رمز مثل { -symbol-example }
invalid-symbol-parts = يجب أن يتكون من 2 إلى { $max } أجزاء يفصل بينها '/'؛ المتوقع رمز مثل { -symbol-example }
invalid-symbol-series = يجب أن يبدأ بالسلسلة بأحرف كبيرة (A أو S أو E أو ST ...)؛ المتوقع رمز مثل { -symbol-example }
invalid-symbol-part = الجزء «{ $part }» غير صالح؛ المتوقع رمز مثل { -symbol-example }
invalid-symbol-with-lineage = اكتب الرمز دون /Rev أو /Add أو /Corr؛ تحصل التصويبات على /Corr.N عند النشر
invalid-idempotency-key = ترويسة مطلوبة: من 1 إلى 200 حرف ASCII مرئي، جديدة لكل نشر ونفسها عند إعادة المحاولة
invalid-idempotency-key-used = نُشر بهذا المفتاح التنقيح { $revision } من قبل؛ استخدم مفتاحًا جديدًا لنشر جديد
invalid-protocol = يستخدم هذا الخادم البروتوكول { $version }؛ أعد تحميل الصفحة
invalid-language = المتوقع أحد الرموز ar أو zh أو en أو fr أو ru أو es
invalid-distribution = المتوقع general أو limited أو restricted
invalid-limit = المتوقع من 1 إلى { $max }
invalid-offset = الحد الأقصى { $max }؛ ضيّق نطاق البحث بدلًا من ذلك
invalid-filename = يجب ألا يحتوي على '/' أو '\' أو '"'
invalid-empty-file = الملف فارغ
invalid-digest = بصمة SHA-256 للبايتات المستلمة هي { $sha256 }، وليست البصمة المعلنة
invalid-body-of-meeting = يختلف عن هيئة الجلسة
invalid-agenda-needs-meeting = يتطلب بند جدول الأعمال جلسة
invalid-restricted-only = لا تُذكر الوفود إلا في وثيقة توزيعها مقيد
invalid-reply-limits = حق الرد { $max } مرات على الأكثر، مدة كل منها من { $min } إلى { $most } ثانية
invalid-not-secretariat = يجب أن يكون أمين الجلسة من موظفي الأمانة العامة
invalid-unreadable = تعذرت القراءة: { $reason }

## Why a request cannot be done as things stand (a problem's detail)
refusal-body-name-taken = توجد هيئة بهذا الاسم.
refusal-room-name-taken = توجد قاعة بهذا الاسم.
refusal-email-taken = يوجد مستخدم بهذا البريد الإلكتروني.
refusal-delegation-code-taken = يوجد وفد بهذا الرمز.
refusal-symbol-taken = توجد وثيقة بهذا الرمز.
refusal-minutes-exist = لهذه الجلسة محضر، أو أن رمزه مستخدم.
refusal-published-meanwhile = نُشر في أثناء ذلك.
refusal-meeting-closed = حالة الجلسة: «{ $status }»؛ لم يعد تغييرها ممكنًا.
refusal-cancelled-meanwhile = أُلغيت الجلسة في أثناء ذلك.
refusal-only-scheduled-cancels = حالة الجلسة: «{ $status }»؛ لا يمكن إلغاء إلا جلسة مقررة.
refusal-not-joinable = حالة الجلسة: «{ $status }»؛ لا يمكن الانضمام إليها.
refusal-not-in-review = حالة المحضر: «{ $state }»؛ أرسله إلى المراجعة أولًا.
refusal-not-newest = التنقيح { $revision } ليس الأحدث؛ الأحدث هو التنقيح { $head }.
refusal-changed-while-publishing = تغيّر المحضر في أثناء النشر؛ أعد التحميل وحاول مرة أخرى.
refusal-base-unknown = التنقيح الذي بُني عليه هذا التعديل غير معروف.
refusal-nothing-written = لم يُكتب شيء بعد.
refusal-moved-meanwhile = لم تعد حالة المحضر «{ $state }»؛ أعد تحميله.
refusal-withdrawn = سُحبت الوثيقة.
refusal-csrf-token = رمز الأمان في النموذج مفقود أو منتهي الصلاحية؛ أعد تحميل الصفحة.
refusal-csrf-origin = لم يصدر الطلب من صفحات هذا الخادم.
refusal-csrf-header = الترويسة X-CSRF-Token مفقودة أو غير صحيحة.
refusal-retry-in =
    { $seconds ->
        [one] أعد المحاولة بعد ثانية واحدة.
        [two] أعد المحاولة بعد ثانيتين.
        [few] أعد المحاولة بعد { $seconds } ثوانٍ.
       *[other] أعد المحاولة بعد { $seconds } ثانية.
    }

## The skeleton of the minutes, drafted from the record, in the minutes' language
minutes-attendance = الحضور
minutes-agenda = جدول الأعمال
minutes-proceedings = وقائع الجلسة
minutes-decisions = المقررات
minutes-chair = الرئيس: { $names }
minutes-secretary = أمين الجلسة: { $names }
minutes-present = الوفود الحاضرة ({ $count }): { $names }.
minutes-none-present = لم يُسجَّل حضور أي وفد.
minutes-nothing = لم يُسجَّل شيء.
minutes-item = البند { $number } من جدول الأعمال: { $title }
minutes-called-to-order = افتُتحت الجلسة.
minutes-resumed = استُؤنفت الجلسة.
minutes-suspended = عُلّقت الجلسة.
minutes-adjourned = رُفعت الجلسة.
minutes-point-of-order = ، بشأن نقطة نظام
minutes-right-of-reply = ، ممارسةً لحق الرد
minutes-over = { $duration } بعد انقضاء الوقت المحدد
minutes-no-limit = دون حد
minutes-by-chair = الرئيس
minutes-by-secretary = أمين الجلسة، نيابةً عن الرئيس،
minutes-speaking-limit = حدد { $by } مدة الكلام بـ { $limit }.
minutes-removed = أخرج { $by } { $who } من الجلسة.
minutes-locked = أغلق { $by } باب الدخول إلى الجلسة.
minutes-unlocked = أعاد { $by } فتح باب الدخول إلى الجلسة.
minutes-inserted = أدرج { $by } { $who } في قائمة المتكلمين.
minutes-struck = شطب { $by } { $who } من قائمة المتكلمين.
minutes-list-closed = أقفل { $by } قائمة المتكلمين.
minutes-list-reopened = أعاد { $by } فتح قائمة المتكلمين.
minutes-vote = (تصويت مسجل: { $yes } مؤيدون، { $no } معارضون، { $abstaining } ممتنعون)
minutes-unended = أخذ { $who } الكلمة منذ { $time }؛ ولم تُسجَّل نهايتها.
minutes-participant = المشارك { $number }
minutes-h = ساعة
minutes-min = دقيقة
minutes-s = ثانية
