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
invalid-reply-limits = como máximo { $max } derechos de respuesta, cada uno de { $min } a { $most } segundos
invalid-not-secretariat = el secretario de la sesión debe ser miembro de la Secretaría
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

## The skeleton of the minutes, drafted from the record, in the minutes' language
minutes-attendance = Asistencia
minutes-agenda = Programa
minutes-proceedings = Desarrollo de la sesión
minutes-decisions = Decisiones
minutes-chair = Presidencia: { $names }
minutes-secretary = Secretaría de la sesión: { $names }
minutes-present = Delegaciones presentes ({ $count }): { $names }.
minutes-none-present = No se registró ninguna delegación como presente.
minutes-nothing = No se registró nada.
minutes-item = Tema { $number } del programa: { $title }
minutes-called-to-order = Se abre la sesión.
minutes-resumed = Se reanuda la sesión.
minutes-suspended = Se suspende la sesión.
minutes-adjourned = Se levanta la sesión.
minutes-point-of-order = , para una cuestión de orden
minutes-right-of-reply = , en ejercicio del derecho de respuesta
minutes-over = { $duration } por encima del tiempo asignado
minutes-no-limit = sin límite
minutes-by-chair = La Presidencia
minutes-by-secretary = La Secretaría de la sesión, en nombre de la Presidencia,
minutes-speaking-limit = { $by } fija el tiempo de uso de la palabra en { $limit }.
minutes-removed = { $by } retira a { $who } de la sesión.
minutes-locked = { $by } cierra el acceso a la sesión.
minutes-unlocked = { $by } reabre el acceso a la sesión.
minutes-inserted = { $by } inscribe a { $who } en la lista de oradores.
minutes-struck = { $by } retira a { $who } de la lista de oradores.
minutes-list-closed = { $by } cierra la lista de oradores.
minutes-list-reopened = { $by } reabre la lista de oradores.
minutes-vote = (votación registrada: { $yes } votos a favor, { $no } en contra y { $abstaining } abstenciones)
minutes-vote-taken = Se procede a votación sobre { $title }.
minutes-vote-taken-recorded = Se procede a votación registrada sobre { $title }.
minutes-vote-taken-secret = Se procede a votación secreta sobre { $title }.
minutes-vote-taken-roll-call = Se procede a votación nominal sobre { $title }. Efectuado el sorteo por el Presidente, corresponde votar en primer lugar a { $lot }.
minutes-vote-in-favour = Votos a favor: { $names }.
minutes-vote-against = Votos en contra: { $names }.
minutes-vote-abstaining = Abstenciones: { $names }.
minutes-vote-none = ninguno
minutes-vote-ballots = Número de cédulas depositadas: { $ballots }. Abstenciones: { $blank }. Número de miembros votantes: { $voting }. Mayoría requerida: { $required }.
minutes-vote-obtained = Número de votos obtenidos: { $counts }.
minutes-vote-elected = Habiendo obtenido la mayoría requerida, { $names } { $count ->
    [one] queda elegido
   *[other] quedan elegidos
}.
minutes-vote-further = { $seats ->
    [one] Queda un puesto
   *[other] Quedan { $seats } puestos
} por cubrir; se procederá a una nueva votación entre { $names }.
minutes-vote-without = { $title } queda aprobado sin votación.
minutes-vote-adopted = { $title } queda aprobado por { $yes } votos contra { $no } y { $abstaining } abstenciones.
minutes-vote-rejected = { $title } queda rechazado por { $yes } votos contra { $no } y { $abstaining } abstenciones.
minutes-vote-no-quorum = No se adopta decisión sobre { $title }: estaban presentes { $present } miembros y el quórum es { $quorum }.
minutes-unended = { $who } tiene la palabra desde las { $time }; no se registró el final.
minutes-participant = participante { $number }
minutes-h = h
minutes-min = min
minutes-s = s

## The meeting record's page (staff and the chair)
record-title = Registro de la sesión
record-time = Hora
record-act = Hecho
record-who = Quién
record-by = Por
record-detail = Detalles
record-empty = No se registró nada.
record-to-everyone = a todos
record-to-presiding = a la Presidencia y la Secretaría
record-to-one = en privado a { $name }
record-lines = { $count } en la lista
record-kind-joined = entra
record-kind-left = sale
record-kind-disconnected = conexión perdida
record-kind-reconnected = de vuelta
record-kind-admitted = admitido
record-kind-refused = rechazado
record-kind-readmitted = readmitido
record-kind-removed = retirado
record-kind-access_ended = acceso terminado
record-kind-reseated = función cambiada
record-kind-access_changed = acceso modificado
record-kind-hands_changed = manos alzadas
record-kind-speakers_changed = lista de oradores
record-kind-floor_given = palabra concedida
record-kind-floor_ended = intervención terminada
record-kind-time_warning = tiempo casi agotado
record-kind-time_expired = tiempo agotado
record-kind-status_changed = estado
record-kind-lock_changed = bloqueo
record-kind-speaking_limit_changed = tiempo de uso de la palabra
record-kind-item_taken_up = tema examinado
record-kind-decision_recorded = decisión
record-kind-mute_requested = silenciado
record-kind-mute_lifted = sonido restablecido
record-kind-chat = mensaje
record-kind-floor_limit_changed = tiempo de esta intervención
record-kind-share_stopped = pantalla compartida detenida
