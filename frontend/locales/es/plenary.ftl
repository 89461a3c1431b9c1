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
work-audit-log = Registro de auditoría
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
work-interpreters = Intérpretes
work-interprets-into = Interpreta a
meeting-recordings = Grabaciones
meeting-download = Descargar
meeting-video = Vídeo
meeting-interpretation = Interpretación
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
work-your-account = Su cuenta
work-current-password = Contraseña actual
work-new-password = Contraseña nueva
work-change-password = Cambiar la contraseña
work-password-changed = Su contraseña se cambió. Se cerraron sus demás sesiones.
work-password-advice = Al menos 12 caracteres, y no una de las que se prueban primero (una contraseña común, su nombre o su correo). Unas cuantas palabras sin relación entre sí hacen una buena.
work-two-factor = Inicio de sesión en dos pasos
work-one-time-code = Código de un solo uso
work-enter-code = Introduzca el código de seis cifras que muestra su aplicación de autenticación, o uno de sus códigos de recuperación.
work-two-factor-intro = Escanee este código QR con una aplicación de autenticación (o escriba en ella el secreto de abajo) e introduzca el código de seis cifras que muestra.
work-secret = Secreto
work-turn-on = Activar
work-two-factor-is-on = El inicio de sesión en dos pasos está activado: tras su contraseña, introduce un código de su aplicación de autenticación.
work-two-factor-is-off = El inicio de sesión en dos pasos está desactivado.
work-recovery-codes-intro = El inicio de sesión en dos pasos está activado. Guarde estos códigos de recuperación en un lugar seguro: cada uno le permite iniciar sesión una vez sin su teléfono. Solo se muestran ahora.
work-turn-off = Desactivar
work-two-factor-needed = Su función exige iniciar sesión en dos pasos: configúrelo para continuar.
work-wrong-code = Ese código no es correcto. Introduzca el código que muestra ahora su aplicación, o un código de recuperación sin usar.
work-go-on = Continuar
work-two-factor-kept = Su función exige iniciar sesión en dos pasos; sigue activado.
work-lineage = Documentos relacionados
work-lineage-revision-of = Revisión de
work-lineage-addendum-to = Adición a
work-lineage-corrigendum-to = Corrección de
work-lineage-revision = Revisión
work-lineage-addendum = Adición
work-lineage-corrigendum = Corrección
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
work-documents-feed = Mi canal de documentos
work-documents-feed-hint = Una dirección para su lector de canales con los documentos recién publicados que puede leer. Manténgala en privado, como una contraseña.
work-date = Fecha

## Roles

role-admin = Administrador
role-conference-manager = Gestor de conferencias
role-secretariat = Secretaría
role-delegate = Delegado
role-interpreter = Intérprete

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
problem-interpreter-conflict = Un intérprete está asignado a otra sesión a esa hora
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

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = Mesa de la Presidencia
room-item = Tema del programa
room-take-up = Examinar
room-no-item = Ningún tema en examen
room-lock = Cerrar el acceso
room-unlock = Reabrir el acceso
room-mute-all = Silenciar a todos
room-go-informal = Pasar a consultas oficiosas
room-go-formal = Reanudar la sesión oficial
room-formal-note = Sesión oficial: solo se oye el micrófono de quien tiene la palabra.
room-stop-share = Detener la pantalla compartida
room-close-list = Cerrar la lista
room-reopen-list = Reabrir la lista
room-list-closed = La lista está cerrada.
room-order-by-level = Orden: por categoría y luego por orden de inscripción
room-order-by-chair = Orden: el fijado por la Presidencia
room-insert = Inscribir
room-delegation = Delegación
room-level = Categoría
room-place = Lugar
room-move-up = Subir
room-move-down = Bajar
room-strike = Retirar
room-level-head-of-state = Jefe de Estado o de Gobierno
room-level-minister = Ministro
room-level-head-of-delegation = Jefe de delegación
room-level-other = Otro orador
room-replies-rule = Derechos de respuesta por delegación y tema
room-floor-time = Tiempo de este orador
room-list-time = Tiempo en esta lista
room-to = Para
room-to-everyone = Todos
room-to-presiding = La Presidencia y la Secretaría
room-private = privado
room-reply-privately = Responder en privado
room-shortcuts = Atajos de teclado
room-close = Cerrar
room-controls = Controles
room-secretary = Secretaría de la sesión
room-no-speakers = No hay nadie en la lista.
room-statement = Declaración
room-panel = Panel lateral
room-devices-failed = No se pudo abrir la cámara o el micrófono.
room-min = min
room-documents = Documentos
room-no-documents = No se ha publicado ningún documento para este tema.
room-share-stopped = La Presidencia detuvo su pantalla compartida.
room-seconds-left = { $seconds ->
    [one] Queda { $seconds } segundo
   *[other] Quedan { $seconds } segundos
}
room-floor-to = Tiene la palabra { $name }

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = El sistema no pudo leer esa solicitud.
room-error-too-large = Ese mensaje es demasiado largo.
room-error-rate-limited = Demasiadas acciones a la vez; vaya más despacio.
room-error-not-chair = Solo la Presidencia o la Secretaría de la sesión pueden hacerlo.
room-error-no-such-participant = Ese participante no está en la sesión.
room-error-in-lobby = Espera en la sala de espera hasta que la Presidencia lo admita.
room-error-not-in-progress = La sesión no está en curso.
room-error-adjourned = Se ha levantado la sesión.
room-error-meeting-full = La sesión está completa.
room-error-too-many-seats = Ya ocupa el número de puestos permitido; cierre otra ventana.
room-error-invalid-transition = La sesión no puede hacerlo en su estado actual.
room-error-already-inscribed = Su delegación ya está en la lista.
room-error-list-empty = No hay nadie en la lista de oradores.
room-error-list-closed = La lista de oradores está cerrada.
room-error-reply-limit = Su delegación ya ejerció sus derechos de respuesta en este tema.
room-error-replies-after-list = Los derechos de respuesta se ejercen al agotarse la lista de oradores.
room-error-speaker-absent = No hay nadie de esa delegación en la sesión.
room-error-private-to-presiding = Los delegados escriben a todos o a la Presidencia y la Secretaría.
room-error-bad-chat = Un mensaje necesita texto, sin caracteres de control, y no demasiado largo.
room-error-bad-value = Ese valor está fuera de rango.
room-error-unavailable = El estado de la sesión no está disponible; inténtelo de nuevo.
room-error-removed = La Presidencia lo retiró de la sesión.
room-error-replaced = Este puesto se ocupó en otra ventana.
room-error-reseat = Su función en la sesión cambió; volviendo a entrar.
room-error-idle-timeout = Esta página estuvo inactiva demasiado tiempo.
room-error-shutting-down = El sistema se reinicia; reconectando.
room-error-not-in-media = Únase primero con cámara y micrófono.
room-error-media-full = El vídeo de la sesión no admite más conexiones.
room-error-bad-sdp = No se pudo usar la oferta de medios del navegador.
room-error-glare = La conexión se está renegociando; inténtelo de nuevo.
room-error-media-timeout = La conexión de medios dejó de responder.
room-error-voting-in-progress = Hay una votación en curso: espere a su cierre. Solo se escuchan cuestiones de orden sobre la forma de votar.
room-error-no-vote = No hay ninguna votación abierta con este número.
room-error-not-entitled = Solo vota un delegado de un Estado Miembro con derecho de voto en esta sesión, en nombre de su delegación.
room-error-already-voted = Su delegación ya depositó su cédula; una votación secreta no puede modificarse.
room-error-not-your-turn = Votación nominal: su delegación vota cuando se la llama.
room-error-bad-ballot = Esta opción no existe en esta votación, o la cédula nombra más candidatos que puestos.
room-error-not-booked = No está asignado para interpretar en esta sesión.
room-error-no-booth = Esta sesión no se interpreta a ese idioma.
room-error-not-at-booth = Solo un intérprete de la cabina puede hacerlo (en antena, para un relevo).
room-error-on-air-taken = Su compañero de cabina está en antena: pida el relevo.
room-error-no-handover = No se le ha pedido ningún relevo.
room-error-relay-loop = Una cabina no puede tomar el relé de sí misma ni de una cabina que lo toma de ella.
room-error-interpreting = Los intérpretes no participan en el debate: las manos alzadas y la lista de oradores son de las delegaciones.
room-error-viewing = Está siguiendo la sesión: un espectador no habla ni actúa en ella.

vote-title = Votación { $number }
vote-voting-panel = Votación
vote-kind = Forma
vote-kind-without_vote = Aprobación sin votación
vote-kind-non_recorded = Votación no registrada
vote-kind-recorded = Votación registrada
vote-kind-roll_call = Votación nominal
vote-kind-secret = Votación secreta
vote-majority = Mayoría
vote-majority-simple = Mayoría simple de los presentes y votantes
vote-majority-two_thirds = Mayoría de dos tercios de los presentes y votantes
vote-majority-at_least = Un número fijo de votos a favor
vote-at-least = Al menos { $votes } votos a favor
vote-quorum = Debe estar presente la mayoría de los miembros
vote-proposal = Propuesta
vote-document = Documento
vote-item = Tema del programa
vote-is-open = La votación está abierta.
vote-closed-at = Cerrada a las { $time }
vote-yes = Sí
vote-no = No
vote-abstain = Abstención
vote-in-favour = A favor
vote-against = En contra
vote-abstaining = Abstenciones
vote-members = Miembros
vote-present = Presentes
vote-voting = Presentes y votantes
vote-required = Mayoría requerida
vote-ballots = Cédulas
vote-blank = Cédulas en blanco
vote-candidate = Candidato
vote-votes = Votos
vote-elected = Elegido
vote-further = Nueva votación entre: { $names }
vote-lot = Sorteado para votar primero: { $name }
vote-voted = Han votado { $count } de { $members } delegaciones.
vote-outcome = Resultado
vote-outcome-adopted_without_vote = Aprobado sin votación
vote-outcome-adopted = Aprobado
vote-outcome-rejected = Rechazado
vote-outcome-no_quorum = Sin decisión: no hay quórum
vote-outcome-elected = Todos los puestos cubiertos
vote-outcome-further_ballot = Quedan puestos: nueva votación
vote-your-vote = Su delegación votó: { $choice }.
vote-your-ballot = Su delegación depositó su cédula.
vote-cast = Depositar la cédula
vote-ballot-hint = Nombre hasta { $seats } candidatos; si no nombra ninguno, la cédula queda en blanco.
vote-calling = Llamada ahora: { $name }
vote-calling-again = Llamada de nuevo, ausente en la primera llamada: { $name }
vote-wait-call = Su delegación vota cuando se la llama.
vote-call-next = Llamar a la siguiente delegación
vote-close = Cerrar la votación y anunciar el resultado
vote-prepare = Someter una cuestión a votación
vote-candidates = Candidatos, uno por línea
vote-seats = Puestos
vote-open = Abrir la votación
vote-page = La página del resultado
vote-none = ninguno
vote-list = Votaciones

# Interpretation in the room
room-channel = Escuchar
room-floor-channel = Sala (original)
room-floor-language = Idioma hablado en la sala
room-not-said = No indicado
room-booth = Cabina
room-on-air = Al aire
room-off-air = Fuera del aire
room-hand-over-to = Ceder el turno a
room-take-over = Tomar el turno
room-handover-asked = Su colega le pide que tome el turno.
room-hear = Usted escucha
room-floor-in-your-language = La sala habla el idioma de su cabina: su canal transmite el original.
room-console = Consola de interpretación
room-watch = Seguir la sesión
room-viewing = Está siguiendo la sesión: ve al orador y oye el canal que elija.
work-sponsors = Patrocinadores
work-main-sponsors = Patrocinadores principales
work-co-sponsors = Copatrocinadores
work-no-sponsors-yet = Ninguno por ahora
work-sponsors-open = La lista está abierta: un delegado que firma por su delegación puede añadirla o retirarla.
work-sponsors-closed = La lista está cerrada.
work-join-co-sponsors = Sumarse a los copatrocinadores
work-leave-co-sponsors = Retirarse de los copatrocinadores
work-name-main-sponsor = Nombrar un patrocinador principal
work-close-sponsors = Cerrar la lista
work-sponsors-feed = Canal de cambios
sponsor-act-main = nombrado patrocinador principal
sponsor-act-add = se sumó a los copatrocinadores
sponsor-act-withdraw = se retiró de los copatrocinadores
sponsor-act-close = lista cerrada
work-signs-for-delegation = Firma por la delegación
work-let-sign = Autorizar a firmar por la delegación
work-stop-signing = Retirar el derecho a firmar
work-observers-may-sponsor = Los observadores pueden patrocinar sus proyectos
meeting-statements = Declaraciones
meeting-check-against-delivery = Cotejar con el discurso pronunciado: cada texto tal como se entregó antes de pronunciarse.
meeting-statements-to-come = Declaraciones por venir (para la secretaría y los intérpretes)
meeting-hand-in-statement = Entregar su declaración
meeting-hand-in-hint = Solo la secretaría y los intérpretes la leen hasta que su delegación haga uso de la palabra; después, todos los que pueden leer la sesión.
