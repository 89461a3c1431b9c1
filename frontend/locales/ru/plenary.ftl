# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = Журнал
page-no-meetings = В этот день заседаний нет.
page-time = Время
page-meeting = Заседание
page-status = Статус
page-agenda = Повестка дня
page-languages = Языки
page-skip-to-content = Перейти к содержанию
page-times-in = Время по поясу
page-documents = Документы
page-other-documents = Другие документы
page-no-documents = Документов пока нет.
page-issued = Выпущен
page-awaiting-translation = Ожидает перевода
page-withdrawn = Этот документ отозван.
page-distribution = Распространение

## A meeting's status

status-scheduled = Запланировано
status-in-progress = Идёт
status-suspended = Прервано
status-adjourned = Закрыто
status-cancelled = Отменено

## Working pages: scheduling, documents, minutes, administration

work-schedule = Расписание
work-administration = Администрирование
work-library = Документы
work-minutes = Протокол
work-new-meeting = Новое заседание
work-edit-meeting = Изменить заседание
work-upcoming = Предстоящие заседания
work-title = Название
work-body = Орган
work-room = Зал
work-no-room = Без зала (онлайн)
work-start = Начало
work-end = Окончание
work-time-zone = Часовой пояс
work-access = Доступ
work-public = Открытое
work-closed = Закрытое
work-invited = Приглашённые делегации
work-agenda = Повестка дня
work-agenda-hint = Один пункт в строке; можно начать с номера и двоеточия: 17 (a): Вопросы макроэкономической политики
work-create = Создать
work-save = Сохранить
work-edit = Изменить
work-sending = Отправка…
work-done = Готово.
work-room-taken = Зал занят другим заседанием:
work-new-body = Новый орган
work-name = Имя
work-symbol-prefix = Префикс условных обозначений
work-new-room = Новый зал
work-capacity = Вместимость
work-no-chair = Без председателя
work-set-chair = Назначить председателя
work-users = Пользователи
work-delegations = Делегации
work-new-user = Новый пользователь
work-new-delegation = Новая делегация
work-role = Роль
work-delegation = Делегация
work-no-delegation = Без делегации
work-code = Код
work-kind = Вид
work-member-state = Государство-член
work-observer = Наблюдатель
work-disable = Отключить
work-enable = Включить
work-disabled = Отключён
work-password-hint = Не менее 12 символов
work-search = Найти
work-search-words = Слова или условное обозначение
work-language = Язык
work-any-language = Любой язык
work-distribution = Распространение
work-any-distribution = Любое распространение
work-from = С
work-until = По
work-found = документов
work-nothing-found = Документы не найдены.
work-new-document = Новый документ
work-symbol = Условное обозначение
work-meeting = Заседание
work-no-meeting = Без заседания
work-agenda-item = Пункт повестки дня
work-restricted-to = Только для
work-add-version = Добавить языковую версию
work-file = Файл
work-upload = Загрузить
work-uploaded = Загружено.
work-upload-progress = Ход загрузки
work-start-minutes = Начать протокол
work-from-record = Начать с записи заседания
work-edit-minutes = Редактировать протокол
work-write = Текст
work-preview = Просмотр
work-saved-at = Сохранено, редакция
work-saving-now = Сохранение…
work-unsaved = Есть несохранённые изменения
work-save-revision = Сохранить редакцию
work-submit-for-review = Отправить на проверку
work-return-to-draft = Вернуть в черновик
work-publish = Опубликовать
work-history = История
work-revision = Редакция
work-autosave = автосохранение
work-restore = Восстановить этот текст
work-newer-revision = Кто-то сохранил более новую редакцию. Ваш текст сохранён ниже; объедините и сохраните.
work-not-published = Протокол ещё не опубликован.
work-state = Состояние
work-check-devices = Выбрать камеру и микрофон
work-join-with-devices = Войти с ними
work-cancel = Отмена
work-show = Показать
work-my-meetings = Только мои заседания
work-previous-day = Предыдущий день
work-next-day = Следующий день
work-calendar-file = Календарь (.ics)
work-feed = Мой календарь
work-feed-hint = Адрес для программы-календаря со списком ваших заседаний. Храните его в тайне, как пароль.
work-get-feed = Получить адрес
work-date = Дата

## Roles

role-admin = Администратор
role-conference-manager = Менеджер конференций
role-secretariat = Секретариат
role-delegate = Делегат

## A document's distribution

distribution-general = Общее
distribution-limited = Ограниченное
distribution-restricted = Для служебного пользования

## Where minutes stand

minutes-state-draft = Черновик
minutes-state-in-review = На проверке
minutes-state-published = Опубликован

## The meeting room and the sign-in page

room-room = Зал заседаний
room-connecting = Подключение…
room-connected = Подключено
room-reconnecting = Связь потеряна; переподключение…
room-ended = Вы больше не участвуете в заседании
room-participants = Участники
room-speakers = Список ораторов
room-chat = Чат
room-send = Отправить
room-message = Сообщение
room-raise-hand = Поднять руку
room-lower-hand = Опустить руку
room-inscribe = Записаться
room-withdraw = Снять запись
room-point-of-order = По порядку ведения заседания
room-right-of-reply = Право на ответ
room-has-floor = Слово имеет
room-no-floor = Никто не выступает
room-time-left = Осталось времени
room-give-floor = Предоставить слово
room-next-speaker = Следующий оратор
room-end-floor = Завершить выступление
room-mute = Выключить микрофон
room-unmute = Включить микрофон
room-remove = Удалить
room-admit = Впустить
room-refuse = Отказать
room-open = Открыть заседание
room-suspend = Прервать
room-resume = Возобновить
room-adjourn = Закрыть заседание
room-chair = Председатель
room-join-media = Подключить камеру и микрофон
room-leave-media = Отключить звук и видео
room-camera = Камера
room-microphone = Микрофон
room-screen = Показать экран
room-you = (вы)
room-in-lobby = в зале ожидания
room-muted-by-chair = микрофон выключен председателем
room-hand-raised = поднял руку
room-away = отключён
room-device-check = Проверка устройств
room-video = Видео
room-no-java-script = Для зала заседаний нужен JavaScript.
room-sign-in = Войти
room-sign-out = Выйти
room-email = Электронная почта
room-password = Пароль
room-bad-credentials = Неверный адрес или пароль.
room-too-many-attempts = Слишком много попыток; повторите позже.
room-join = Войти в заседание
room-speaking-time = Регламент
room-account = Учётная запись

## Counts and dates

found-count =
    { $count ->
        [one] { $count } документ
        [few] { $count } документа
       *[many] { $count } документов
    }
date = { $day } { $month ->
         [1] января
         [2] февраля
         [3] марта
         [4] апреля
         [5] мая
         [6] июня
         [7] июля
         [8] августа
         [9] сентября
         [10] октября
         [11] ноября
        *[12] декабря
    } { $year } г.

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = Неверно сформированное тело запроса
problem-unsupported-media-type = Ожидается application/json
problem-payload-too-large = Тело запроса слишком велико
problem-validation-failed = Недопустимые значения
problem-unauthenticated = Требуется вход
problem-invalid-credentials = Неверный адрес электронной почты или пароль
problem-forbidden = Не разрешено для вашей роли
problem-csrf-failed = Межсайтовый запрос отклонён
problem-not-found = Не найдено
problem-method-not-allowed = Метод не разрешён
problem-room-conflict = Зал занят в это время
problem-already-exists = Уже существует
problem-invalid-state = Невозможно в текущем состоянии
problem-stale-revision = Изменено на основе более старой редакции
problem-rate-limited = Слишком много попыток
problem-upload-incomplete = Загрузка прервалась
problem-range-not-satisfiable = Диапазон за пределами конца
problem-unavailable = Служба недоступна
problem-upgrade-required = Требуется websocket
problem-request-timeout = Запрос выполнялся слишком долго
problem-internal = Внутренняя ошибка
problem-unreachable = Не удалось связаться с сервером

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
invalid-unreadable = не удалось прочитать: { $reason }

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
refusal-csrf-token = Маркер безопасности формы отсутствует или устарел; перезагрузите страницу.
refusal-csrf-origin = Запрос пришёл не со страниц этого сервера.
refusal-csrf-header = Заголовок X-CSRF-Token отсутствует или неверен.
refusal-retry-in =
    { $seconds ->
        [one] Повторите через { $seconds } секунду.
        [few] Повторите через { $seconds } секунды.
       *[other] Повторите через { $seconds } секунд.
    }
