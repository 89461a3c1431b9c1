## Why a value was refused: the message beside the field (the rule's name stays as it is)
-symbol-example = A/57/L.12, A/C.2/57/SR.12 или A/57/L.12/Rev.1
invalid-empty = не должно быть пустым
invalid-too-long =
    должно содержать не более { $max } { $max ->
        [one] символа
       *[other] символов
    } (получено { $got })
invalid-control-characters = не должно содержать управляющих символов (переводов строки, табуляций, NUL)
invalid-control-characters-in-text = не должно содержать управляющих символов, кроме переводов строки и табуляций
invalid-email = должен быть адрес электронной почты вида name@example.org (ASCII, не более 254 символов)
invalid-password-too-short =
    должен содержать не менее { $min } { $min ->
        [one] символа
       *[other] символов
    } (получено { $got })
invalid-password-too-long =
    должен содержать не более { $max } { $max ->
        [one] символа
       *[other] символов
    }
invalid-code = должен содержать от 1 до 32 символов из A-Z, 0-9, '-', '.', '/' (например, FRA)
invalid-too-many =
    не более { $max } { $max ->
        [one] элемента
       *[other] элементов
    } (получено { $got })
invalid-unknown-body = нет органа с таким идентификатором
invalid-unknown-room = нет зала с таким идентификатором
invalid-unknown-delegation = нет делегации с таким идентификатором
invalid-unknown-meeting = нет заседания с таким идентификатором
invalid-unknown-user = нет активного пользователя с таким идентификатором
invalid-date = должна быть дата ГГГГ-ММ-ДД в пределах 2000–2100 годов
invalid-date-shape = ожидается дата ГГГГ-ММ-ДД
invalid-time-zone = должно быть название часового пояса IANA, например Europe/Zurich или America/New_York
invalid-wall-clock = должно быть местное время ГГГГ-ММ-ДДTЧЧ:ММ[:СС], например 2026-11-30T10:00
invalid-years = должно быть в пределах 2000–2100 годов
invalid-skipped-time = { $time } не существует в поясе { $zone } (часы переводятся вперёд); выберите другое время
invalid-repeated-time = { $time } наступает дважды в поясе { $zone } (часы переводятся назад); выберите другое время
invalid-ends-before-starts = должно быть позже начала
invalid-meeting-too-long =
    заседание длится не более { $hours } { $hours ->
        [one] часа
       *[other] часов
    }
invalid-capacity = должно быть от 1 до { $max } мест
invalid-hours = должно быть от 1 до { $max } часов
invalid-range-end = должно быть позже начала и не более чем через десять лет
invalid-before-from = раньше начала
invalid-delegate-without-delegation = делегат должен входить в делегацию
invalid-not-a-delegate = в делегацию входят только делегаты
invalid-own-account = администратор не может отключить собственную учётную запись
invalid-symbol-length = должно содержать от 1 до { $max } символов; ожидается условное обозначение вида { -symbol-example }
invalid-symbol-parts = должно состоять из 2–{ $max } частей, разделённых '/'; ожидается условное обозначение вида { -symbol-example }
invalid-symbol-series = должно начинаться с серии заглавными буквами (A, S, E, ST, ...); ожидается условное обозначение вида { -symbol-example }
invalid-symbol-part = часть «{ $part }» недопустима; ожидается условное обозначение вида { -symbol-example }
invalid-symbol-with-lineage = укажите обозначение без /Rev, /Add и /Corr; исправления получают /Corr.N при публикации
invalid-idempotency-key = обязательный заголовок: от 1 до 200 видимых символов ASCII, новый для каждой публикации и тот же при её повторе
invalid-idempotency-key-used = этим ключом уже опубликована редакция { $revision }; для новой публикации нужен новый ключ
invalid-protocol = этот сервер использует протокол { $version }; перезагрузите страницу
invalid-language = ожидается ar, zh, en, fr, ru или es
invalid-distribution = ожидается general, limited или restricted
invalid-limit = ожидается от 1 до { $max }
invalid-offset = не более { $max }; лучше уточните поиск
invalid-filename = не должно содержать '/', '\' или '"'
invalid-empty-file = файл пуст
invalid-digest = полученные байты имеют SHA-256 { $sha256 }, а не заявленный
invalid-body-of-meeting = не совпадает с органом заседания
invalid-agenda-needs-meeting = пункт повестки дня требует заседания
invalid-restricted-only = делегации указываются только для документа для служебного пользования
invalid-reply-limits = не более { $max } ответов в порядке осуществления права на ответ, каждый от { $min } до { $most } секунд
invalid-not-secretariat = секретарь заседания должен быть сотрудником Секретариата
invalid-unreadable = не удалось прочитать: { $reason }
invalid-interpreter-without-languages = переводчик переводит хотя бы на один язык
invalid-languages-not-interpreter = языки перевода указываются только для переводчика
invalid-booth-team = в кабине от { $min } до { $max } переводчиков, а не { $got }
invalid-not-interpreter = не является действующей учётной записью переводчика
invalid-interpreter-language = не переводит на язык этой кабины
invalid-interpreter-in-two-booths = переводчик работает только в одной кабине заседания
invalid-interpreter-booked = { $name } уже назначен на «{ $meeting }» ({ $when })
invalid-common-password = слишком легко угадать: распространённый пароль, он же с добавленными цифрами или символами, повтор, последовательность или ваше имя или адрес почты; хороший пароль — несколько не связанных между собой слов
invalid-current-password = не совпадает с вашим текущим паролем
invalid-one-time-code = не является текущим кодом вашего аутентификатора или неиспользованным кодом восстановления
invalid-not-in-a-delegation = доступно только читателям, входящим в делегацию
invalid-audit-action = должно быть одним из действий журнала аудита, например signed_in или document_issued

## Why a request cannot be done as things stand (a problem's detail)
refusal-body-name-taken = Орган с таким названием уже существует.
refusal-room-name-taken = Зал с таким названием уже существует.
refusal-email-taken = Пользователь с таким адресом уже существует.
refusal-delegation-code-taken = Делегация с таким кодом уже существует.
refusal-symbol-taken = Документ с таким условным обозначением уже существует.
refusal-minutes-exist = У этого заседания уже есть отчёт, или его обозначение занято.
refusal-published-meanwhile = Тем временем уже опубликовано.
refusal-meeting-closed = Состояние заседания: «{ $status }»; изменить его больше нельзя.
refusal-cancelled-meanwhile = Тем временем заседание было отменено.
refusal-only-scheduled-cancels = Состояние заседания: «{ $status }»; отменить можно только запланированное заседание.
refusal-not-joinable = Состояние заседания: «{ $status }»; присоединиться нельзя.
refusal-not-in-review = Состояние отчёта: «{ $state }»; сначала отправьте его на проверку.
refusal-not-newest = Редакция { $revision } не последняя; последняя — { $head }.
refusal-changed-while-publishing = Отчёт изменился во время публикации; перезагрузите и повторите.
refusal-base-unknown = Редакция, с которой началась правка, неизвестна.
refusal-nothing-written = Ещё ничего не написано.
refusal-moved-meanwhile = Состояние отчёта уже не «{ $state }»; перезагрузите его.
refusal-withdrawn = Документ отозван.
refusal-not-public = По ссылке можно наблюдать только открытое заседание.
refusal-viewer-link = Срок действия ссылки для наблюдения истёк или она недействительна; запросите новую.
refusal-csrf-token = Маркер безопасности формы отсутствует или устарел; перезагрузите страницу.
refusal-csrf-origin = Запрос пришёл не со страниц этого сервера.
refusal-csrf-header = Заголовок X-CSRF-Token отсутствует или неверен.
refusal-not-this-stage = Этот сеанс не находится на этом шаге входа.
refusal-password-sign-in-off = Этот узел впускает пользователей через учётную запись их организации, а не по паролю.
refusal-two-factor-not-started = Сначала начните настройку: ни один секрет приложения-аутентификатора не ждёт кода.
refusal-two-factor-required = Для вашей роли обязателен двухфакторный вход; отключить его нельзя.
refusal-two-factor-on = Двухфакторный вход уже включён; отключите его, прежде чем настраивать заново.
refusal-retry-in =
    { $seconds ->
        [one] Повторите через { $seconds } секунду.
        [few] Повторите через { $seconds } секунды.
       *[other] Повторите через { $seconds } секунд.
    }

## The skeleton of the minutes, drafted from the record, in the minutes' language
minutes-attendance = Присутствовали
minutes-agenda = Повестка дня
minutes-proceedings = Ход заседания
minutes-decisions = Решения
minutes-chair = Председатель: { $names }
minutes-secretary = Секретарь заседания: { $names }
minutes-present = Присутствующие делегации ({ $count }): { $names }.
minutes-none-present = Присутствие делегаций не зарегистрировано.
minutes-nothing = Ничего не зарегистрировано.
minutes-item = Пункт { $number } повестки дня: { $title }
minutes-called-to-order = Заседание открыто.
minutes-resumed = Заседание возобновлено.
minutes-suspended = Заседание прервано.
minutes-adjourned = Заседание закрыто.
minutes-point-of-order = , по порядку ведения заседания
minutes-right-of-reply = , в порядке осуществления права на ответ
minutes-over = { $duration } сверх регламента
minutes-no-limit = без ограничения
minutes-by-chair = Председатель
minutes-by-secretary = Секретарь заседания от имени Председателя
minutes-speaking-limit = { $by } устанавливает регламент выступлений: { $limit }.
minutes-removed = { $by } удаляет { $who } с заседания.
minutes-locked = { $by } закрывает доступ на заседание.
minutes-unlocked = { $by } вновь открывает доступ на заседание.
minutes-inserted = { $by } включает { $who } в список ораторов.
minutes-struck = { $by } исключает { $who } из списка ораторов.
minutes-list-closed = { $by } закрывает список ораторов.
minutes-list-reopened = { $by } вновь открывает список ораторов.
minutes-vote = (заносимое в отчет голосование: { $yes } — за, { $no } — против, { $abstaining } — воздержались)
minutes-vote-taken = Проводится голосование по { $title }.
minutes-vote-taken-recorded = Проводится заносимое в отчет голосование по { $title }.
minutes-vote-taken-secret = Проводится тайное голосование по { $title }.
minutes-vote-taken-roll-call = Проводится поименное голосование по { $title }. Жребий, брошенный Председателем, выпал { $lot }, и голосование начинается с этой делегации.
minutes-vote-in-favour = Голосовали за: { $names }.
minutes-vote-against = Голосовали против: { $names }.
minutes-vote-abstaining = Воздержались: { $names }.
minutes-vote-none = нет
minutes-vote-ballots = Число бюллетеней: { $ballots }. Воздержались: { $blank }. Число членов, участвовавших в голосовании: { $voting }. Требуемое большинство: { $required }.
minutes-vote-obtained = Число полученных голосов: { $counts }.
minutes-vote-elected = Получив требуемое большинство, { $names } { $count ->
    [one] избран
   *[other] избраны
}.
minutes-vote-further = Осталось заполнить мест: { $seats }; будет проведен дополнительный тур голосования между { $names }.
minutes-vote-without = { $title } принимается без голосования.
minutes-vote-adopted = { $title } принимается { $yes } голосами против { $no } при { $abstaining } воздержавшихся.
minutes-vote-rejected = { $title } отклоняется: { $yes } голосов за, { $no } против, { $abstaining } воздержавшихся.
minutes-vote-no-quorum = Решение по { $title } не принято: присутствовало членов — { $present }, кворум — { $quorum }.
minutes-unended = { $who } выступает с { $time }; окончание не зарегистрировано.
minutes-participant = участник { $number }
minutes-h = ч
minutes-min = мин
minutes-s = с

## The meeting record's page (staff and the chair)
record-title = Запись заседания
record-time = Время
record-act = Событие
record-who = Кто
record-by = Кем
record-detail = Подробности
record-empty = Ничего не зарегистрировано.
record-to-everyone = всем
record-to-presiding = Председателю и секретариату
record-to-one = лично: { $name }
record-lines = в списке: { $count }
record-kind-joined = вошел
record-kind-left = вышел
record-kind-disconnected = связь потеряна
record-kind-reconnected = вернулся
record-kind-admitted = допущен
record-kind-refused = отказано
record-kind-readmitted = допущен вновь
record-kind-removed = удален
record-kind-access_ended = доступ прекращен
record-kind-reseated = роль изменена
record-kind-access_changed = доступ изменен
record-kind-hands_changed = поднятые руки
record-kind-speakers_changed = список ораторов
record-kind-floor_given = слово предоставлено
record-kind-floor_ended = выступление окончено
record-kind-time_warning = время на исходе
record-kind-time_expired = время истекло
record-kind-status_changed = статус
record-kind-lock_changed = блокировка
record-kind-speaking_limit_changed = регламент
record-kind-item_taken_up = пункт рассматривается
record-kind-decision_recorded = решение
record-kind-mute_requested = микрофон выключен
record-kind-mute_lifted = микрофон включен
record-kind-interpretation_changed = перевод: в эфире
record-kind-channel_chosen = выбран канал
record-kind-chat = сообщение
record-kind-floor_limit_changed = время этого выступления
record-kind-share_stopped = демонстрация остановлена
record-kind-vote_opened = голосование открыто
record-kind-votes_cast = голоса поданы
record-kind-roll_call_changed = поименное голосование
record-kind-vote_closed = голосование закрыто

## The audit log's page (administrators)
audit-title = Журнал аудита
audit-back = Администрирование
audit-time = Время
audit-action = Действие
audit-actor = Кем
audit-address = Откуда
audit-subject = Касается
audit-detail = Подробности
audit-empty = Подходящих записей нет.
audit-all = Все действия
audit-since = С
audit-until = По
audit-filter = Отобрать
audit-older = Более ранние записи
audit-export = Выгрузить эти записи (JSON Lines)
audit-nobody = никто не вошёл
audit-utc = Время указано в UTC.
audit-action-signed-in = вход
audit-action-sign-in-refused = вход отклонён
audit-action-sign-in-limited = вход ограничен
audit-action-password-changed = пароль изменён
audit-action-user-created = пользователь создан
audit-action-role-changed = роль изменена
audit-action-delegation-changed = делегация изменена
audit-action-account-disabled = учётная запись отключена
audit-action-account-enabled = учётная запись включена
audit-action-sessions-revoked = выход на всех устройствах
audit-action-document-issued = документ выпущен
audit-action-document-withdrawn = документ отозван
audit-action-restricted-download = загружен файл ограниченного распространения
audit-action-minutes-published = протокол опубликован
audit-action-participant-removed = участник удалён
audit-action-participant-muted = микрофон участника отключён
audit-action-vote-opened = голосование открыто
audit-action-vote-closed = голосование закрыто
audit-action-two-factor-removed = двухфакторный вход отключён
audit-action-two-factor-enrolled = двухфакторный вход настроен
invalid-signing-not-delegate = подписывать от имени делегации может только делегат
refusal-not-a-draft = Авторы есть только у проектов резолюций (условные обозначения, оканчивающиеся на L. и номер).
refusal-sponsors-closed = Список авторов закрыт.
refusal-other-delegation = Делегат может добавить или отозвать только свою делегацию.
refusal-no-signing-right = Вы не можете подписывать от имени своей делегации; это право даёт администратор.
refusal-observers-may-not-sponsor = Наблюдатели не выступают авторами проектов этого органа.
refusal-already-sponsor = Делегация уже является автором.
refusal-not-co-sponsor = Делегация не является соавтором.
audit-action-signing-right-changed = изменено право подписи от имени делегации
audit-action-identity-linked = учётная запись связана со входом через организацию
refusal-not-inscribed = Только делегация, записанная в список ораторов для выступления, может передать текст заявления.
refusal-too-many-statements = Предел заявлений от одной делегации на одно заседание: { $max }.
refusal-too-many-sponsor-changes = Достигнут предел изменений списка авторов этого проекта: { $max }.

## Signing in through the organisation's account
sign-in-organisation = Войти через учётную запись организации
sign-in-organisation-named = Войти через { $name }
sign-in-organisation-no-account = Организация подтвердила вашу личность, но на этом узле нет учётной записи с вашим адресом электронной почты. Попросите секретариат создать её.
sign-in-organisation-email-not-verified = Организация не подтвердила ваш адрес электронной почты, поэтому его нельзя сопоставить с учётной записью.
sign-in-organisation-refused = Вход через организацию не открыл вам доступ. Обратитесь за помощью в секретариат.
sign-in-organisation-unavailable = Служба входа вашей организации сейчас недоступна. Повторите попытку через несколько минут.
sign-in-organisation-expired = Вход занял слишком много времени или был начат в другом браузере. Начните заново.
