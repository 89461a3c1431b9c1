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
work-audit-log = Журнал аудита
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
work-interpreters = Переводчики
work-interprets-into = Переводит на
meeting-recordings = Записи
meeting-download = Скачать
meeting-video = Видео
meeting-interpretation = Устный перевод
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
work-your-account = Ваша учётная запись
work-current-password = Текущий пароль
work-new-password = Новый пароль
work-change-password = Сменить пароль
work-password-changed = Пароль изменён. Другие ваши сеансы завершены.
work-password-advice = Не менее 12 символов и не такой, какой пробуют первым (распространённый пароль, ваше имя или адрес почты). Хороший пароль — несколько не связанных между собой слов.
work-two-factor = Двухфакторный вход
work-one-time-code = Одноразовый код
work-enter-code = Введите шестизначный код из приложения-аутентификатора или один из кодов восстановления.
work-two-factor-intro = Отсканируйте этот QR-код приложением-аутентификатором (или введите в него секрет ниже), затем введите показанный шестизначный код.
work-secret = Секрет
work-turn-on = Включить
work-two-factor-is-on = Двухфакторный вход включён: после пароля вы вводите код из приложения-аутентификатора.
work-two-factor-is-off = Двухфакторный вход отключён.
work-recovery-codes-intro = Двухфакторный вход включён. Храните эти коды восстановления в надёжном месте: каждый из них позволяет один раз войти без телефона. Они показываются только сейчас.
work-turn-off = Отключить
work-two-factor-needed = Для вашей роли обязателен двухфакторный вход: настройте его, чтобы продолжить.
work-wrong-code = Код неверен. Введите код, который приложение показывает сейчас, или неиспользованный код восстановления.
work-go-on = Продолжить
work-two-factor-kept = Для вашей роли обязателен двухфакторный вход; он остаётся включённым.
work-lineage = Связанные документы
work-lineage-revision-of = Пересмотренный вариант документа
work-lineage-addendum-to = Добавление к документу
work-lineage-corrigendum-to = Исправление к документу
work-lineage-revision = Пересмотренный вариант
work-lineage-addendum = Добавление
work-lineage-corrigendum = Исправление
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
work-documents-feed = Моя лента документов
work-documents-feed-hint = Адрес для программы чтения лент со списком недавно выпущенных документов, которые вам доступны. Храните его в тайне, как пароль.
work-date = Дата

## Roles

role-admin = Администратор
role-conference-manager = Менеджер конференций
role-secretariat = Секретариат
role-delegate = Делегат
role-interpreter = Переводчик

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
problem-interpreter-conflict = Переводчик в это время назначен на другое заседание
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

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = Место председателя
room-item = Пункт повестки дня
room-take-up = Приступить
room-no-item = Никакой пункт не обсуждается
room-lock = Закрыть доступ
room-unlock = Открыть доступ
room-mute-all = Выключить все микрофоны
room-go-informal = Перейти к неофициальным консультациям
room-go-formal = Возобновить официальное заседание
room-formal-note = Официальное заседание: микрофон слышен только у того, кому дано слово.
room-stop-share = Остановить демонстрацию
room-close-list = Закрыть список
room-reopen-list = Вновь открыть список
room-list-closed = Список закрыт.
room-order-by-level = Порядок: по уровню, затем по времени записи
room-order-by-chair = Порядок: установлен Председателем
room-insert = Включить
room-delegation = Делегация
room-level = Уровень
room-place = Место
room-move-up = Выше
room-move-down = Ниже
room-strike = Исключить
room-level-head-of-state = Глава государства или правительства
room-level-minister = Министр
room-level-head-of-delegation = Глава делегации
room-level-other = Другой оратор
room-replies-rule = Ответы на каждую делегацию по пункту
room-floor-time = Время этого оратора
room-list-time = Время по этому списку
room-to = Кому
room-to-everyone = Всем
room-to-presiding = Председателю и секретариату
room-private = лично
room-reply-privately = Ответить лично
room-shortcuts = Сочетания клавиш
room-close = Закрыть
room-controls = Управление
room-secretary = Секретарь заседания
room-no-speakers = В списке никого нет.
room-statement = Выступление
room-panel = Боковая панель
room-devices-failed = Не удалось открыть камеру или микрофон.
room-min = мин
room-documents = Документы
room-no-documents = По этому пункту документов нет.
room-share-stopped = Председатель остановил демонстрацию вашего экрана.
room-seconds-left = { $seconds ->
    [one] Осталась { $seconds } секунда
    [few] Осталось { $seconds } секунды
   *[many] Осталось { $seconds } секунд
}
room-floor-to = Слово предоставлено: { $name }

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = Не удалось прочитать запрос.
room-error-too-large = Сообщение слишком большое.
room-error-rate-limited = Слишком много действий; помедленнее.
room-error-not-chair = Это может сделать только Председатель или секретарь заседания.
room-error-no-such-participant = Этого участника нет на заседании.
room-error-in-lobby = Вы ожидаете, пока Председатель не допустит вас.
room-error-not-in-progress = Заседание не идет.
room-error-adjourned = Заседание закрыто.
room-error-meeting-full = Мест на заседании нет.
room-error-too-many-seats = Вы уже занимаете допустимое число мест; закройте другое окно.
room-error-invalid-transition = В нынешнем состоянии заседания это невозможно.
room-error-already-inscribed = Ваша делегация уже в списке.
room-error-list-empty = В списке ораторов никого нет.
room-error-list-closed = Список ораторов закрыт.
room-error-reply-limit = Ваша делегация исчерпала право на ответ по этому пункту.
room-error-replies-after-list = Право на ответ предоставляется после исчерпания списка ораторов.
room-error-speaker-absent = Никого из этой делегации нет на заседании.
room-error-private-to-presiding = Делегаты пишут всем или Председателю и секретариату.
room-error-bad-chat = Сообщение должно содержать текст без управляющих символов и быть не слишком длинным.
room-error-bad-value = Значение вне допустимых пределов.
room-error-unavailable = Состояние заседания недоступно; повторите.
room-error-removed = Председатель удалил вас с заседания.
room-error-replaced = Это место занято в другом окне.
room-error-reseat = Ваша роль изменилась; повторное подключение.
room-error-idle-timeout = Страница слишком долго не отвечала.
room-error-shutting-down = Сервер перезапускается; переподключение.
room-error-not-in-media = Сначала подключитесь с камерой и микрофоном.
room-error-media-full = Видеосвязь заседания заполнена.
room-error-bad-sdp = Не удалось использовать медиапредложение браузера.
room-error-glare = Соединение перенастраивается; повторите.
room-error-media-timeout = Медиасоединение перестало отвечать.
room-error-voting-in-progress = Идёт голосование: дождитесь его завершения. Заслушиваются только запросы по порядку ведения, касающиеся проведения голосования.
room-error-no-vote = Голосование с этим номером не открыто.
room-error-not-entitled = Голосует только делегат государства-члена, имеющего право голоса на этом заседании, от имени своей делегации.
room-error-already-voted = Ваша делегация уже опустила бюллетень; тайное голосование изменить нельзя.
room-error-not-your-turn = Поименное голосование: ваша делегация голосует, когда её вызывают.
room-error-bad-ballot = Такого варианта в этом голосовании нет, или в бюллетене названо больше кандидатов, чем мест.
room-error-not-booked = Вы не назначены переводить на этом заседании.
room-error-no-booth = На этом заседании нет перевода на этот язык.
room-error-not-at-booth = Это может сделать только переводчик кабины (в эфире, для передачи смены).
room-error-on-air-taken = Ваш напарник по кабине в эфире: попросите передать смену.
room-error-no-handover = Вас не просили принять смену.
room-error-relay-loop = Кабина не может брать перевод с себя или с кабины, которая берёт перевод с неё.
room-error-interpreting = Переводчики не участвуют в прениях: поднятые руки и список ораторов — для делегаций.
room-error-viewing = Вы наблюдаете: зритель не выступает и не действует на заседании.

vote-title = Голосование { $number }
vote-voting-panel = Голосование
vote-kind = Способ
vote-kind-without_vote = Принятие без голосования
vote-kind-non_recorded = Голосование без занесения в отчет
vote-kind-recorded = Заносимое в отчет голосование
vote-kind-roll_call = Поименное голосование
vote-kind-secret = Тайное голосование
vote-majority = Большинство
vote-majority-simple = Простое большинство присутствующих и участвующих в голосовании
vote-majority-two_thirds = Большинство в две трети присутствующих и участвующих в голосовании
vote-majority-at_least = Установленное число голосов «за»
vote-at-least = Не менее { $votes } голосов «за»
vote-quorum = Должно присутствовать большинство членов
vote-proposal = Предложение
vote-document = Документ
vote-item = Пункт повестки дня
vote-is-open = Голосование открыто.
vote-closed-at = Закрыто в { $time }
vote-yes = За
vote-no = Против
vote-abstain = Воздержаться
vote-in-favour = За
vote-against = Против
vote-abstaining = Воздержались
vote-members = Членов
vote-present = Присутствуют
vote-voting = Присутствуют и участвуют в голосовании
vote-required = Требуемое большинство
vote-ballots = Бюллетеней
vote-blank = Пустых бюллетеней
vote-candidate = Кандидат
vote-votes = Голосов
vote-elected = Избран
vote-further = Дополнительный тур между: { $names }
vote-lot = По жребию голосует первой: { $name }
vote-voted = Проголосовали делегаций: { $count } из { $members }.
vote-outcome = Итог
vote-outcome-adopted_without_vote = Принято без голосования
vote-outcome-adopted = Принято
vote-outcome-rejected = Отклонено
vote-outcome-no_quorum = Решение не принято: нет кворума
vote-outcome-elected = Все места заполнены
vote-outcome-further_ballot = Остались места: дополнительный тур
vote-your-vote = Ваша делегация проголосовала: { $choice }.
vote-your-ballot = Ваша делегация опустила бюллетень.
vote-cast = Опустить бюллетень
vote-ballot-hint = Назовите не более { $seats } кандидатов; бюллетень без кандидатов считается пустым.
vote-calling = Вызывается: { $name }
vote-calling-again = Вызывается повторно (отсутствовал при первом вызове): { $name }
vote-wait-call = Ваша делегация голосует, когда её вызывают.
vote-call-next = Вызвать следующую делегацию
vote-close = Закрыть голосование и объявить результат
vote-prepare = Поставить вопрос на голосование
vote-candidates = Кандидаты, по одному в строке
vote-seats = Мест
vote-open = Открыть голосование
vote-page = Страница результата
vote-none = нет
vote-list = Проведённые голосования

# Interpretation in the room
room-channel = Слушать
room-floor-channel = Зал (оригинал)
room-floor-language = Язык выступления
room-not-said = Не указан
room-booth = Кабина
room-on-air = В эфире
room-off-air = Не в эфире
room-hand-over-to = Передать смену
room-take-over = Принять смену
room-handover-asked = Коллега просит вас принять смену.
room-hear = Вы слышите
room-floor-in-your-language = В зале говорят на языке вашей кабины: ваш канал передаёт оригинал.
room-console = Пульт переводчика
room-watch = Смотреть и слушать
room-viewing = Вы наблюдаете: вы видите выступающего и слышите выбранный канал.
work-sponsors = Авторы
work-main-sponsors = Основные авторы
work-co-sponsors = Соавторы
work-no-sponsors-yet = Пока нет
work-sponsors-open = Список открыт: делегат, подписывающий от имени делегации, может добавить её или отозвать.
work-sponsors-closed = Список закрыт.
work-join-co-sponsors = Присоединиться к соавторам
work-leave-co-sponsors = Выйти из числа соавторов
work-name-main-sponsor = Назначить основного автора
work-close-sponsors = Закрыть список
work-sponsors-feed = Лента изменений
sponsor-act-main = назначен основным автором
sponsor-act-add = присоединилась к соавторам
sponsor-act-withdraw = вышла из числа соавторов
sponsor-act-close = список закрыт
work-signs-for-delegation = Подписывает от имени делегации
work-let-sign = Разрешить подписывать от имени делегации
work-stop-signing = Лишить права подписи
work-observers-may-sponsor = Наблюдатели могут быть авторами его проектов
meeting-statements = Заявления
meeting-check-against-delivery = Сверить с фактически произнесённым: каждый текст в том виде, в каком он был передан до выступления.
meeting-statements-to-come = Предстоящие заявления (для секретариата и переводчиков)
meeting-hand-in-statement = Передать текст заявления
meeting-hand-in-hint = До того как ваша делегация получит слово, его читают только секретариат и переводчики; затем — все, кому доступно заседание.
