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
