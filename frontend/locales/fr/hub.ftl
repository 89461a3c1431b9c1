## Why a value was refused: the message beside the field (the rule's name stays as it is)
-symbol-example = A/57/L.12, A/C.2/57/SR.12 ou A/57/L.12/Rev.1
invalid-empty = ne doit pas être vide
invalid-too-long = doit compter au plus { $max } caractères ({ $got } reçus)
invalid-control-characters = ne doit pas contenir de caractères de contrôle (sauts de ligne, tabulations, NUL)
invalid-control-characters-in-text = ne doit pas contenir de caractères de contrôle autres que les sauts de ligne et les tabulations
invalid-email = doit être une adresse électronique comme nom@example.org (ASCII, au plus 254 caractères)
invalid-password-too-short = doit compter au moins { $min } caractères ({ $got } reçus)
invalid-password-too-long = doit compter au plus { $max } caractères
invalid-code = doit compter de 1 à 32 caractères parmi A-Z, 0-9, '-', '.', '/' (par ex. FRA)
invalid-too-many = au plus { $max } éléments ({ $got } reçus)
invalid-unknown-body = aucun organe n'a cet identifiant
invalid-unknown-room = aucune salle n'a cet identifiant
invalid-unknown-delegation = aucune délégation n'a cet identifiant
invalid-unknown-meeting = aucune séance n'a cet identifiant
invalid-unknown-user = aucun utilisateur actif n'a cet identifiant
invalid-date = doit être une date AAAA-MM-JJ entre les années 2000 et 2100
invalid-date-shape = date attendue, AAAA-MM-JJ
invalid-time-zone = doit être un nom de fuseau horaire IANA comme Europe/Zurich ou America/New_York
invalid-wall-clock = doit être une heure locale AAAA-MM-JJTHH:MM[:SS], par ex. 2026-11-30T10:00
invalid-years = doit se situer entre les années 2000 et 2100
invalid-skipped-time = { $time } n'existe pas dans le fuseau { $zone } (l'heure avance); choisissez une autre heure
invalid-repeated-time = { $time } existe deux fois dans le fuseau { $zone } (l'heure recule); choisissez une autre heure
invalid-ends-before-starts = doit être postérieure au début
invalid-meeting-too-long = une séance dure au plus { $hours } heures
invalid-capacity = doit être de 1 à { $max } places
invalid-range-end = doit être postérieure au début et au plus dix ans plus tard
invalid-before-from = est antérieure au début
invalid-delegate-without-delegation = un délégué doit appartenir à une délégation
invalid-not-a-delegate = seuls les délégués appartiennent à une délégation
invalid-own-account = un administrateur ne peut pas désactiver son propre compte
invalid-symbol-length = doit compter de 1 à { $max } caractères; cote attendue, par ex. { -symbol-example }
invalid-symbol-parts = doit avoir de 2 à { $max } parties séparées par '/'; cote attendue, par ex. { -symbol-example }
invalid-symbol-series = doit commencer par la série en majuscules (A, S, E, ST, ...); cote attendue, par ex. { -symbol-example }
invalid-symbol-part = la partie « { $part } » n'est pas valide; cote attendue, par ex. { -symbol-example }
invalid-symbol-with-lineage = indiquez la cote sans /Rev, /Add ni /Corr; les rectificatifs reçoivent /Corr.N à la publication
invalid-idempotency-key = en-tête requis : 1 à 200 caractères ASCII visibles, nouveau à chaque publication et identique pour la réessayer
invalid-idempotency-key-used = cette clé a déjà publié la révision { $revision }; utilisez une nouvelle clé pour une nouvelle publication
invalid-protocol = ce serveur parle le protocole { $version }; rechargez la page
invalid-language = attendu : ar, zh, en, fr, ru ou es
invalid-distribution = attendu : general, limited ou restricted
invalid-limit = attendu : de 1 à { $max }
invalid-offset = au plus { $max }; affinez plutôt la recherche
invalid-filename = ne doit contenir ni '/', ni '\', ni '"'
invalid-empty-file = le fichier est vide
invalid-digest = les octets reçus ont l'empreinte SHA-256 { $sha256 }, et non celle annoncée
invalid-body-of-meeting = diffère de l'organe de la séance
invalid-agenda-needs-meeting = un point de l'ordre du jour suppose une séance
invalid-restricted-only = seul un document à distribution réservée nomme des délégations
invalid-unreadable = illisible : { $reason }

## Why a request cannot be done as things stand (a problem's detail)
refusal-body-name-taken = Un organe porte déjà ce nom.
refusal-room-name-taken = Une salle porte déjà ce nom.
refusal-email-taken = Un utilisateur a déjà cette adresse électronique.
refusal-delegation-code-taken = Une délégation a déjà ce code.
refusal-symbol-taken = Un document porte déjà cette cote.
refusal-minutes-exist = Cette séance a déjà un compte rendu, ou sa cote est prise.
refusal-published-meanwhile = Publié entre-temps.
refusal-meeting-closed = La séance est « { $status } »; elle ne peut plus être modifiée.
refusal-cancelled-meanwhile = La séance a été annulée entre-temps.
refusal-only-scheduled-cancels = La séance est « { $status } »; seule une séance prévue peut être annulée.
refusal-not-joinable = La séance est « { $status } »; on ne peut pas la rejoindre.
refusal-not-in-review = Le compte rendu est « { $state } »; soumettez-le d'abord à relecture.
refusal-not-newest = La révision { $revision } n'est pas la plus récente; c'est la révision { $head }.
refusal-changed-while-publishing = Le compte rendu a changé pendant la publication; rechargez et réessayez.
refusal-base-unknown = La révision de départ de cette modification est inconnue.
refusal-nothing-written = Rien n'a encore été rédigé.
refusal-moved-meanwhile = Le compte rendu n'est plus « { $state } »; rechargez-le.
refusal-withdrawn = Le document est retiré.
refusal-csrf-token = Le jeton de sécurité du formulaire manque ou est périmé; rechargez la page.
refusal-csrf-origin = La requête ne vient pas des pages de ce serveur.
refusal-csrf-header = L'en-tête X-CSRF-Token manque ou est erroné.
refusal-retry-in =
    { $seconds ->
        [one] Réessayez dans { $seconds } seconde.
       *[other] Réessayez dans { $seconds } secondes.
    }
