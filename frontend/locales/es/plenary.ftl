# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = Diario
page-no-meetings = No hay sesiones ese día.
page-time = Hora
page-meeting = Sesión
page-status = Estado
page-agenda = Programa
page-languages = Idiomas
page-skip-to-content = Ir al contenido
page-times-in = Horas en
page-documents = Documentos
page-other-documents = Otros documentos
page-no-documents = Todavía no hay documentos.
page-issued = Publicado
page-awaiting-translation = Pendiente de traducción
page-withdrawn = Este documento fue retirado.
page-distribution = Distribución

## A meeting's status

status-scheduled = Programada
status-in-progress = En curso
status-suspended = Suspendida
status-adjourned = Levantada
status-cancelled = Cancelada

## Working pages: scheduling, documents, minutes, administration

work-schedule = Calendario
work-administration = Administración
work-library = Documentos
work-minutes = Actas
work-new-meeting = Nueva sesión
work-edit-meeting = Editar la sesión
work-upcoming = Próximas sesiones
work-title = Título
work-body = Órgano
work-room = Sala
work-no-room = Sin sala (virtual)
work-start = Inicio
work-end = Fin
work-time-zone = Zona horaria
work-access = Acceso
work-public = Pública
work-closed = Privada
work-invited = Delegaciones invitadas
work-agenda = Programa
work-agenda-hint = Un tema por línea; puede empezar con su número y dos puntos: 17 a): Cuestiones de política macroeconómica
work-create = Crear
work-save = Guardar
work-edit = Editar
work-sending = Enviando…
work-done = Hecho.
work-room-taken = La sala está ocupada por otra sesión:
work-new-body = Nuevo órgano
work-name = Nombre
work-symbol-prefix = Prefijo de las signaturas
work-new-room = Nueva sala
work-capacity = Capacidad
work-no-chair = Sin presidencia
work-set-chair = Designar la presidencia
work-users = Usuarios
work-delegations = Delegaciones
work-new-user = Nuevo usuario
work-new-delegation = Nueva delegación
work-role = Función
work-delegation = Delegación
work-no-delegation = Sin delegación
work-code = Código
work-kind = Tipo
work-member-state = Estado Miembro
work-observer = Observador
work-disable = Desactivar
work-enable = Activar
work-disabled = Desactivado
work-password-hint = Al menos 12 caracteres
work-search = Buscar
work-search-words = Palabras o signatura
work-language = Idioma
work-any-language = Cualquier idioma
work-distribution = Distribución
work-any-distribution = Cualquier distribución
work-from = Desde
work-until = Hasta
work-found = documentos
work-nothing-found = No se encontraron documentos.
work-new-document = Nuevo documento
work-symbol = Signatura
work-meeting = Sesión
work-no-meeting = Ninguna sesión
work-agenda-item = Tema del programa
work-restricted-to = Reservado a
work-add-version = Añadir una versión lingüística
work-file = Archivo
work-upload = Subir
work-uploaded = Subido.
work-upload-progress = Progreso de la subida
work-start-minutes = Iniciar el acta
work-from-record = Partir del registro de la sesión
work-edit-minutes = Redactar el acta
work-write = Redactar
work-preview = Vista previa
work-saved-at = Guardado, revisión
work-saving-now = Guardando…
work-unsaved = Cambios sin guardar
work-save-revision = Guardar una revisión
work-submit-for-review = Enviar a revisión
work-return-to-draft = Devolver a borrador
work-publish = Publicar
work-history = Historial
work-revision = Revisión
work-autosave = guardado automático
work-restore = Recuperar este texto
work-newer-revision = Alguien guardó una revisión más reciente. Su texto se conserva abajo; combínelo y guarde.
work-not-published = El acta aún no se ha publicado.
work-state = Estado
work-check-devices = Elegir cámara y micrófono
work-join-with-devices = Unirse con estos
work-cancel = Cancelar
work-show = Mostrar
work-my-meetings = Solo mis sesiones
work-previous-day = Día anterior
work-next-day = Día siguiente
work-calendar-file = Calendario (.ics)
work-feed = Mi calendario
work-feed-hint = Una dirección para su programa de calendario con sus sesiones. Manténgala en secreto, como una contraseña.
work-get-feed = Obtener la dirección
work-date = Fecha

## Roles

role-admin = Administrador
role-conference-manager = Gestor de conferencias
role-secretariat = Secretaría
role-delegate = Delegado

## A document's distribution

distribution-general = General
distribution-limited = Limitada
distribution-restricted = Reservada

## Where minutes stand

minutes-state-draft = Borrador
minutes-state-in-review = En revisión
minutes-state-published = Publicada

## The meeting room and the sign-in page

room-room = Sala de reuniones
room-connecting = Conectando…
room-connected = Conectado
room-reconnecting = Conexión perdida; reconectando…
room-ended = Ya no está en la reunión
room-participants = Participantes
room-speakers = Lista de oradores
room-chat = Chat
room-send = Enviar
room-message = Mensaje
room-raise-hand = Levantar la mano
room-lower-hand = Bajar la mano
room-inscribe = Inscribirse
room-withdraw = Retirarse
room-point-of-order = Cuestión de orden
room-right-of-reply = Derecho de respuesta
room-has-floor = Tiene la palabra
room-no-floor = Nadie tiene la palabra
room-time-left = Tiempo restante
room-give-floor = Dar la palabra
room-next-speaker = Siguiente orador
room-end-floor = Terminar la intervención
room-mute = Silenciar
room-unmute = Activar micrófono
room-remove = Expulsar
room-admit = Admitir
room-refuse = Rechazar
room-open = Abrir la sesión
room-suspend = Suspender
room-resume = Reanudar
room-adjourn = Levantar la sesión
room-chair = Presidencia
room-join-media = Unirse con cámara y micrófono
room-leave-media = Detener audio y vídeo
room-camera = Cámara
room-microphone = Micrófono
room-screen = Compartir pantalla
room-you = (usted)
room-in-lobby = en la sala de espera
room-muted-by-chair = silenciado por la presidencia
room-hand-raised = mano levantada
room-away = desconectado
room-device-check = Comprobación de dispositivos
room-video = Vídeo
room-no-java-script = La sala de reuniones requiere JavaScript.
room-sign-in = Iniciar sesión
room-sign-out = Cerrar sesión
room-email = Correo electrónico
room-password = Contraseña
room-bad-credentials = Correo o contraseña incorrectos.
room-too-many-attempts = Demasiados intentos; inténtelo más tarde.
room-join = Unirse a la reunión
room-speaking-time = Tiempo de palabra
room-account = Cuenta

## Counts and dates

found-count =
    { $count ->
        [one] { $count } documento
       *[other] { $count } documentos
    }
date = { $day } de { $month ->
         [1] enero
         [2] febrero
         [3] marzo
         [4] abril
         [5] mayo
         [6] junio
         [7] julio
         [8] agosto
         [9] septiembre
         [10] octubre
         [11] noviembre
        *[12] diciembre
    } de { $year }

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = Cuerpo de la solicitud mal formado
problem-unsupported-media-type = Se esperaba application/json
problem-payload-too-large = Cuerpo de la solicitud demasiado grande
problem-validation-failed = Valores no válidos
problem-unauthenticated = Es necesario iniciar sesión
problem-invalid-credentials = Correo electrónico o contraseña incorrectos
problem-forbidden = No permitido para su función
problem-csrf-failed = Solicitud entre sitios rechazada
problem-not-found = No encontrado
problem-method-not-allowed = Método no permitido
problem-room-conflict = La sala está ocupada a esa hora
problem-already-exists = Ya existe
problem-invalid-state = No es posible en el estado actual
problem-stale-revision = Editado a partir de una revisión anterior
problem-rate-limited = Demasiados intentos
problem-upload-incomplete = La carga se interrumpió
problem-range-not-satisfiable = Intervalo más allá del final
problem-unavailable = Un servicio no está disponible
problem-upgrade-required = Se requiere websocket
problem-request-timeout = La solicitud tardó demasiado
problem-internal = Error interno
problem-unreachable = No se pudo contactar con el hub

## Why a value was refused: the message beside the field (the rule's name stays as it is)
-symbol-example = A/57/L.12, A/C.2/57/SR.12 o A/57/L.12/Rev.1
invalid-empty = no debe estar vacío
invalid-too-long = debe tener como máximo { $max } caracteres (se recibieron { $got })
invalid-control-characters = no debe contener caracteres de control (saltos de línea, tabulaciones, NUL)
invalid-control-characters-in-text = no debe contener caracteres de control salvo saltos de línea y tabulaciones
invalid-email = debe ser una dirección de correo como nombre@example.org (ASCII, como máximo 254 caracteres)
invalid-password-too-short = debe tener al menos { $min } caracteres (se recibieron { $got })
invalid-password-too-long = debe tener como máximo { $max } caracteres
invalid-code = debe tener de 1 a 32 caracteres entre A-Z, 0-9, '-', '.', '/' (p. ej. FRA)
invalid-too-many = como máximo { $max } elementos (se recibieron { $got })
invalid-unknown-body = ningún órgano tiene este identificador
invalid-unknown-room = ninguna sala tiene este identificador
invalid-unknown-delegation = ninguna delegación tiene este identificador
invalid-unknown-meeting = ninguna sesión tiene este identificador
invalid-unknown-user = ningún usuario activo tiene este identificador
invalid-date = debe ser una fecha AAAA-MM-DD entre los años 2000 y 2100
invalid-date-shape = se esperaba una fecha, AAAA-MM-DD
invalid-time-zone = debe ser un nombre de zona horaria IANA como Europe/Zurich o America/New_York
invalid-wall-clock = debe ser una hora local AAAA-MM-DDTHH:MM[:SS], p. ej. 2026-11-30T10:00
invalid-years = debe estar entre los años 2000 y 2100
invalid-skipped-time = { $time } no existe en { $zone } (el reloj se adelanta); elija otra hora
invalid-repeated-time = { $time } ocurre dos veces en { $zone } (el reloj se atrasa); elija otra hora
invalid-ends-before-starts = debe ser posterior al inicio
invalid-meeting-too-long = una sesión dura como máximo { $hours } horas
invalid-capacity = debe ser de 1 a { $max } asientos
invalid-range-end = debe ser posterior al inicio y como máximo diez años después
invalid-before-from = es anterior al inicio
invalid-delegate-without-delegation = un delegado debe pertenecer a una delegación
invalid-not-a-delegate = solo los delegados pertenecen a una delegación
invalid-own-account = un administrador no puede desactivar su propia cuenta
invalid-symbol-length = debe tener de 1 a { $max } caracteres; se esperaba una signatura como { -symbol-example }
invalid-symbol-parts = debe tener de 2 a { $max } partes separadas por '/'; se esperaba una signatura como { -symbol-example }
invalid-symbol-series = debe empezar por la serie en mayúsculas (A, S, E, ST, ...); se esperaba una signatura como { -symbol-example }
invalid-symbol-part = la parte «{ $part }» no es válida; se esperaba una signatura como { -symbol-example }
invalid-symbol-with-lineage = indique la signatura sin /Rev, /Add ni /Corr; las correcciones reciben /Corr.N al publicarse
invalid-idempotency-key = encabezado obligatorio: de 1 a 200 caracteres ASCII visibles, nuevo en cada publicación e igual al reintentarla
invalid-idempotency-key-used = esta clave ya publicó la revisión { $revision }; use una clave nueva para una nueva publicación
invalid-protocol = este servidor habla el protocolo { $version }; vuelva a cargar la página
invalid-language = se esperaba ar, zh, en, fr, ru o es
invalid-distribution = se esperaba general, limited o restricted
invalid-limit = se esperaba de 1 a { $max }
invalid-offset = como máximo { $max }; acote la búsqueda
invalid-filename = no debe contener '/', '\' ni '"'
invalid-empty-file = el archivo está vacío
invalid-digest = los bytes recibidos tienen el SHA-256 { $sha256 }, no el declarado
invalid-body-of-meeting = difiere del órgano de la sesión
invalid-agenda-needs-meeting = un tema del programa requiere una sesión
invalid-restricted-only = solo un documento de distribución reservada nombra delegaciones
invalid-unreadable = no se pudo leer: { $reason }

## Why a request cannot be done as things stand (a problem's detail)
refusal-body-name-taken = Ya existe un órgano con este nombre.
refusal-room-name-taken = Ya existe una sala con este nombre.
refusal-email-taken = Ya existe un usuario con este correo.
refusal-delegation-code-taken = Ya existe una delegación con este código.
refusal-symbol-taken = Ya existe un documento con esta signatura.
refusal-minutes-exist = Esta sesión ya tiene acta, o su signatura está ocupada.
refusal-published-meanwhile = Se publicó entretanto.
refusal-meeting-closed = La sesión está «{ $status }»; ya no se puede modificar.
refusal-cancelled-meanwhile = La sesión se canceló entretanto.
refusal-only-scheduled-cancels = La sesión está «{ $status }»; solo se puede cancelar una sesión programada.
refusal-not-joinable = La sesión está «{ $status }»; no es posible unirse.
refusal-not-in-review = El acta está «{ $state }»; envíela primero a revisión.
refusal-not-newest = La revisión { $revision } no es la más reciente; la más reciente es la { $head }.
refusal-changed-while-publishing = El acta cambió durante la publicación; vuelva a cargar e inténtelo de nuevo.
refusal-base-unknown = Se desconoce la revisión de la que parte esta edición.
refusal-nothing-written = Todavía no se ha redactado nada.
refusal-moved-meanwhile = El acta ya no está «{ $state }»; vuelva a cargarla.
refusal-withdrawn = El documento está retirado.
refusal-csrf-token = Falta el token de seguridad del formulario o ha caducado; vuelva a cargar la página.
refusal-csrf-origin = La solicitud no procede de las páginas de este servidor.
refusal-csrf-header = Falta el encabezado X-CSRF-Token o es incorrecto.
refusal-retry-in =
    { $seconds ->
        [one] Inténtelo de nuevo dentro de { $seconds } segundo.
       *[other] Inténtelo de nuevo dentro de { $seconds } segundos.
    }
