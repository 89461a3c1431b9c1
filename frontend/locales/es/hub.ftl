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
