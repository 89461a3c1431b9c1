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
invalid-reply-limits = au plus { $max } droits de réponse, chacun de { $min } à { $most } secondes
invalid-not-secretariat = le secrétaire de la séance doit être membre du Secrétariat
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

## The skeleton of the minutes, drafted from the record, in the minutes' language
minutes-attendance = Présences
minutes-agenda = Ordre du jour
minutes-proceedings = Déroulement de la séance
minutes-decisions = Décisions
minutes-chair = Présidence : { $names }
minutes-secretary = Secrétaire de la séance : { $names }
minutes-present = Délégations présentes ({ $count }) : { $names }.
minutes-none-present = Aucune délégation n’a été enregistrée comme présente.
minutes-nothing = Rien n’a été enregistré.
minutes-item = Point { $number } de l’ordre du jour : { $title }
minutes-called-to-order = La séance est ouverte.
minutes-resumed = La séance est reprise.
minutes-suspended = La séance est suspendue.
minutes-adjourned = La séance est levée.
minutes-point-of-order = , sur une motion d’ordre
minutes-right-of-reply = , dans l’exercice du droit de réponse
minutes-over = { $duration } au-delà du temps de parole
minutes-no-limit = sans limite
minutes-by-chair = Le Président
minutes-by-secretary = Le Secrétaire de la séance, au nom du Président,
minutes-speaking-limit = { $by } fixe le temps de parole à { $limit }.
minutes-removed = { $by } fait sortir { $who } de la séance.
minutes-locked = { $by } ferme l’accès à la séance.
minutes-unlocked = { $by } rouvre l’accès à la séance.
minutes-inserted = { $by } inscrit { $who } sur la liste des orateurs.
minutes-struck = { $by } raye { $who } de la liste des orateurs.
minutes-list-closed = { $by } clôt la liste des orateurs.
minutes-list-reopened = { $by } rouvre la liste des orateurs.
minutes-vote = (vote enregistré : { $yes } voix pour, { $no } voix contre et { $abstaining } abstentions)
minutes-vote-taken = Il est procédé au vote sur { $title }.
minutes-vote-taken-recorded = Il est procédé à un vote enregistré sur { $title }.
minutes-vote-taken-secret = Il est procédé au vote au scrutin secret sur { $title }.
minutes-vote-taken-roll-call = Il est procédé au vote par appel nominal sur { $title }. Le nom de { $lot }, tiré au sort par le Président, est appelé en premier.
minutes-vote-in-favour = Votent pour : { $names }.
minutes-vote-against = Votent contre : { $names }.
minutes-vote-abstaining = S’abstiennent : { $names }.
minutes-vote-none = néant
minutes-vote-ballots = Nombre de bulletins : { $ballots }. Abstentions : { $blank }. Nombre de membres votants : { $voting }. Majorité requise : { $required }.
minutes-vote-obtained = Nombre de voix obtenues : { $counts }.
minutes-vote-elected = Ayant obtenu la majorité requise, { $names } { $count ->
    [one] est élu
   *[other] sont élus
}.
minutes-vote-further = { $seats ->
    [one] Un siège reste
   *[other] { $seats } sièges restent
} à pourvoir ; il sera procédé à un nouveau tour de scrutin entre { $names }.
minutes-vote-without = { $title } est adopté sans vote.
minutes-vote-adopted = { $title } est adopté par { $yes } voix contre { $no }, avec { $abstaining } abstentions.
minutes-vote-rejected = { $title } est rejeté par { $yes } voix contre { $no }, avec { $abstaining } abstentions.
minutes-vote-no-quorum = Aucune décision n’est prise sur { $title } : { $present } membres étaient présents, et le quorum est de { $quorum }.
minutes-unended = { $who } a la parole depuis { $time } ; la fin n’a pas été enregistrée.
minutes-participant = participant { $number }
minutes-h = h
minutes-min = min
minutes-s = s

## The meeting record's page (staff and the chair)
record-title = Compte rendu des faits
record-time = Heure
record-act = Fait
record-who = Qui
record-by = Par
record-detail = Détails
record-empty = Rien n’a été enregistré.
record-to-everyone = à tous
record-to-presiding = à la présidence et au secrétariat
record-to-one = en privé à { $name }
record-lines = { $count } inscrits
record-kind-joined = entre
record-kind-left = sort
record-kind-disconnected = connexion perdue
record-kind-reconnected = de retour
record-kind-admitted = admis
record-kind-refused = refusé
record-kind-readmitted = réadmis
record-kind-removed = exclu
record-kind-access_ended = accès terminé
record-kind-reseated = rôle changé
record-kind-access_changed = accès modifié
record-kind-hands_changed = mains levées
record-kind-speakers_changed = liste des orateurs
record-kind-floor_given = parole donnée
record-kind-floor_ended = intervention terminée
record-kind-time_warning = temps presque écoulé
record-kind-time_expired = temps écoulé
record-kind-status_changed = statut
record-kind-lock_changed = verrouillage
record-kind-speaking_limit_changed = temps de parole
record-kind-item_taken_up = point examiné
record-kind-decision_recorded = décision
record-kind-mute_requested = micro coupé
record-kind-mute_lifted = micro rétabli
record-kind-chat = message
record-kind-floor_limit_changed = temps de cette intervention
record-kind-share_stopped = partage arrêté
