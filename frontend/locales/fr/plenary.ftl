# Plenary's interface in this language. One message per key; every key
# exists in all six languages (a test checks). Plurals follow the
# language's CLDR categories.


## Public pages: the Journal, meetings and documents

page-journal = Journal
page-no-meetings = Aucune séance ce jour-là.
page-time = Heure
page-meeting = Séance
page-status = État
page-agenda = Ordre du jour
page-languages = Langues
page-skip-to-content = Aller au contenu
page-times-in = Heures de
page-documents = Documents
page-other-documents = Autres documents
page-no-documents = Pas encore de documents.
page-issued = Publié
page-awaiting-translation = En attente de traduction
page-withdrawn = Ce document a été retiré.
page-distribution = Distribution

## A meeting's status

status-scheduled = Prévue
status-in-progress = En cours
status-suspended = Suspendue
status-adjourned = Levée
status-cancelled = Annulée

## Working pages: scheduling, documents, minutes, administration

work-schedule = Calendrier
work-administration = Administration
work-audit-log = Journal d’audit
work-library = Documents
work-minutes = Procès-verbal
work-new-meeting = Nouvelle séance
work-edit-meeting = Modifier la séance
work-upcoming = Séances à venir
work-title = Titre
work-body = Organe
work-room = Salle
work-no-room = Sans salle (virtuelle)
work-start = Début
work-end = Fin
work-time-zone = Fuseau horaire
work-access = Accès
work-public = Publique
work-closed = Privée
work-invited = Délégations invitées
work-agenda = Ordre du jour
work-agenda-hint = Un point par ligne ; il peut commencer par son numéro et deux-points : 17 a) : Questions de politique macroéconomique
work-create = Créer
work-save = Enregistrer
work-edit = Modifier
work-sending = Envoi…
work-done = C’est fait.
work-room-taken = La salle est prise par une autre séance :
work-interpreters = Interprètes
work-interprets-into = Interprète vers
meeting-recordings = Enregistrements
meeting-download = Télécharger
meeting-video = Vidéo
meeting-interpretation = Interprétation
work-new-body = Nouvel organe
work-name = Nom
work-symbol-prefix = Préfixe des cotes
work-new-room = Nouvelle salle
work-capacity = Capacité
work-no-chair = Pas de président(e)
work-set-chair = Désigner la présidence
work-users = Utilisateurs
work-delegations = Délégations
work-new-user = Nouvel utilisateur
work-new-delegation = Nouvelle délégation
work-role = Rôle
work-delegation = Délégation
work-no-delegation = Aucune délégation
work-code = Code
work-kind = Type
work-member-state = État Membre
work-observer = Observateur
work-disable = Désactiver
work-enable = Réactiver
work-disabled = Désactivé
work-password-hint = Au moins 12 caractères
work-your-account = Votre compte
work-current-password = Mot de passe actuel
work-new-password = Nouveau mot de passe
work-change-password = Changer le mot de passe
work-password-changed = Votre mot de passe a été changé. Vos autres sessions ont été fermées.
work-password-advice = Au moins 12 caractères, et pas un mot de passe qu’on essaie en premier (un mot de passe courant, votre nom ou votre adresse). Quelques mots sans rapport entre eux en font un bon.
work-two-factor = Connexion à deux facteurs
work-one-time-code = Code à usage unique
work-enter-code = Saisissez le code à six chiffres affiché par votre application d’authentification, ou l’un de vos codes de récupération.
work-two-factor-intro = Scannez ce code QR avec une application d’authentification (ou saisissez-y le secret ci-dessous), puis entrez le code à six chiffres qu’elle affiche.
work-secret = Secret
work-turn-on = Activer
work-two-factor-is-on = La connexion à deux facteurs est activée : après votre mot de passe, vous saisissez un code de votre application d’authentification.
work-two-factor-is-off = La connexion à deux facteurs est désactivée.
work-recovery-codes-intro = La connexion à deux facteurs est activée. Conservez ces codes de récupération en lieu sûr : chacun vous connecte une fois sans votre téléphone. Ils ne sont affichés qu’une seule fois.
work-turn-off = Désactiver
work-two-factor-needed = Votre rôle exige la connexion à deux facteurs : configurez-la pour continuer.
work-wrong-code = Ce code n’est pas le bon. Saisissez le code affiché maintenant par votre application, ou un code de récupération inutilisé.
work-go-on = Continuer
work-two-factor-kept = Votre rôle exige la connexion à deux facteurs ; elle reste activée.
work-lineage = Documents liés
work-lineage-revision-of = Révision de
work-lineage-addendum-to = Additif à
work-lineage-corrigendum-to = Rectificatif à
work-lineage-revision = Révision
work-lineage-addendum = Additif
work-lineage-corrigendum = Rectificatif
work-search = Rechercher
work-search-words = Mots ou cote
work-language = Langue
work-any-language = Toute langue
work-distribution = Distribution
work-any-distribution = Toute distribution
work-from = Du
work-until = Au
work-found = documents
work-nothing-found = Aucun document trouvé.
work-new-document = Nouveau document
work-symbol = Cote
work-meeting = Séance
work-no-meeting = Aucune séance
work-agenda-item = Point de l’ordre du jour
work-restricted-to = Réservé à
work-add-version = Ajouter une version linguistique
work-file = Fichier
work-upload = Téléverser
work-uploaded = Téléversé.
work-upload-progress = Progression du téléversement
work-start-minutes = Commencer le procès-verbal
work-from-record = Partir du relevé de la séance
work-edit-minutes = Rédiger le procès-verbal
work-write = Rédiger
work-preview = Aperçu
work-saved-at = Enregistré, révision
work-saving-now = Enregistrement…
work-unsaved = Modifications non enregistrées
work-save-revision = Enregistrer une révision
work-submit-for-review = Soumettre pour relecture
work-return-to-draft = Renvoyer en brouillon
work-publish = Publier
work-history = Historique
work-revision = Révision
work-autosave = enregistrement automatique
work-restore = Reprendre ce texte
work-newer-revision = Quelqu’un a enregistré une révision plus récente. Votre texte est conservé ci-dessous ; fusionnez-le, puis enregistrez.
work-not-published = Le procès-verbal n’est pas encore publié.
work-state = État
work-check-devices = Choisir la caméra et le micro
work-join-with-devices = Rejoindre avec ceux-ci
work-cancel = Annuler
work-show = Afficher
work-my-meetings = Mes séances seulement
work-previous-day = Jour précédent
work-next-day = Jour suivant
work-calendar-file = Calendrier (.ics)
work-feed = Mon flux d’agenda
work-feed-hint = Une adresse pour votre agenda qui liste vos séances. Gardez-la secrète, comme un mot de passe.
work-get-feed = Obtenir l’adresse
work-documents-feed = Mon flux de documents
work-documents-feed-hint = Une adresse pour votre lecteur de flux qui liste les documents nouvellement publiés que vous pouvez lire. Gardez-la privée, comme un mot de passe.
work-date = Date

## Roles

role-admin = Administrateur
role-conference-manager = Gestionnaire de conférences
role-secretariat = Secrétariat
role-delegate = Délégué(e)
role-interpreter = Interprète

## A document's distribution

distribution-general = Générale
distribution-limited = Limitée
distribution-restricted = Réservée

## Where minutes stand

minutes-state-draft = Brouillon
minutes-state-in-review = En relecture
minutes-state-published = Publié

## The meeting room and the sign-in page

room-room = Salle de réunion
room-connecting = Connexion…
room-connected = Connecté
room-reconnecting = Connexion perdue ; reconnexion…
room-ended = Vous n’êtes plus dans la réunion
room-participants = Participants
room-speakers = Liste des orateurs
room-chat = Discussion
room-send = Envoyer
room-message = Message
room-raise-hand = Lever la main
room-lower-hand = Baisser la main
room-inscribe = S’inscrire
room-withdraw = Se retirer
room-point-of-order = Motion d’ordre
room-right-of-reply = Droit de réponse
room-has-floor = A la parole
room-no-floor = Personne n’a la parole
room-time-left = Temps restant
room-give-floor = Donner la parole
room-next-speaker = Orateur suivant
room-end-floor = Clore l’intervention
room-mute = Couper le micro
room-unmute = Rétablir le micro
room-remove = Exclure
room-admit = Admettre
room-refuse = Refuser
room-open = Ouvrir la séance
room-suspend = Suspendre
room-resume = Reprendre
room-adjourn = Lever la séance
room-chair = Présidence
room-join-media = Rejoindre avec caméra et micro
room-leave-media = Arrêter l’audio et la vidéo
room-camera = Caméra
room-microphone = Micro
room-screen = Partager l’écran
room-you = (vous)
room-in-lobby = en salle d’attente
room-muted-by-chair = micro coupé par la présidence
room-hand-raised = main levée
room-away = déconnecté
room-device-check = Vérification des appareils
room-video = Vidéo
room-no-java-script = La salle de réunion nécessite JavaScript.
room-sign-in = Se connecter
room-sign-out = Se déconnecter
room-email = Courriel
room-password = Mot de passe
room-bad-credentials = Courriel ou mot de passe incorrect.
room-too-many-attempts = Trop de tentatives ; réessayez plus tard.
room-join = Rejoindre la réunion
room-speaking-time = Temps de parole
room-account = Compte

## Counts and dates

found-count =
    { $count ->
        [one] { $count } document
       *[other] { $count } documents
    }
date = { $day } { $month ->
         [1] janvier
         [2] février
         [3] mars
         [4] avril
         [5] mai
         [6] juin
         [7] juillet
         [8] août
         [9] septembre
         [10] octobre
         [11] novembre
        *[12] décembre
    } { $year }

## Problems the hub answers with (the title; the code stays as it is)
problem-invalid-json = Corps de requête mal formé
problem-unsupported-media-type = application/json attendu
problem-payload-too-large = Corps de requête trop volumineux
problem-validation-failed = Valeurs non valides
problem-unauthenticated = Connexion requise
problem-invalid-credentials = Adresse électronique ou mot de passe erroné
problem-forbidden = Non autorisé pour votre rôle
problem-csrf-failed = Requête intersites refusée
problem-not-found = Introuvable
problem-method-not-allowed = Méthode non autorisée
problem-room-conflict = La salle est prise à cette heure
problem-interpreter-conflict = Un interprète est retenu pour une autre séance à cette heure
problem-already-exists = Existe déjà
problem-invalid-state = Impossible dans l’état actuel
problem-stale-revision = Modifié à partir d’une révision antérieure
problem-rate-limited = Trop de tentatives
problem-upload-incomplete = Le téléversement s’est interrompu
problem-range-not-satisfiable = Plage au-delà de la fin
problem-unavailable = Un service est indisponible
problem-upgrade-required = Mise à niveau websocket requise
problem-request-timeout = La requête a pris trop de temps
problem-internal = Erreur interne
problem-unreachable = Le hub est injoignable

## The room: the chair's desk, the lists of speakers, private messages, shortcuts
room-desk = Bureau de la présidence
room-item = Point de l’ordre du jour
room-take-up = Examiner
room-no-item = Aucun point en discussion
room-lock = Fermer l’accès
room-unlock = Rouvrir l’accès
room-mute-all = Couper tous les micros
room-go-informal = Passer en consultations officieuses
room-go-formal = Reprendre la séance officielle
room-formal-note = Séance officielle : un micro n’est entendu qu’avec la parole.
room-stop-share = Arrêter le partage
room-close-list = Clore la liste
room-reopen-list = Rouvrir la liste
room-list-closed = La liste est close.
room-order-by-level = Ordre : par rang, puis par ordre d’inscription
room-order-by-chair = Ordre : fixé par la présidence
room-insert = Inscrire
room-delegation = Délégation
room-level = Rang
room-place = Place
room-move-up = Monter
room-move-down = Descendre
room-strike = Rayer
room-level-head-of-state = Chef d’État ou de gouvernement
room-level-minister = Ministre
room-level-head-of-delegation = Chef de délégation
room-level-other = Autre orateur
room-replies-rule = Droits de réponse par délégation et par point
room-floor-time = Temps de cet orateur
room-list-time = Temps sur cette liste
room-to = À
room-to-everyone = Tous
room-to-presiding = La présidence et le secrétariat
room-private = privé
room-reply-privately = Répondre en privé
room-shortcuts = Raccourcis clavier
room-close = Fermer
room-controls = Commandes
room-secretary = Secrétaire de la séance
room-no-speakers = Personne n’est inscrit.
room-statement = Déclaration
room-panel = Panneau latéral
room-devices-failed = La caméra ou le micro n’a pas pu être ouvert.
room-min = min
room-documents = Documents
room-no-documents = Aucun document n’est publié pour ce point.
room-share-stopped = La présidence a arrêté votre partage d’écran.
room-seconds-left = { $seconds ->
    [one] { $seconds } seconde restante
   *[other] { $seconds } secondes restantes
}
room-floor-to = La parole est à { $name }

## Why the room refused a request (one per code on the websocket)
room-error-bad-message = Le hub n’a pas pu lire cette demande.
room-error-too-large = Ce message est trop long.
room-error-rate-limited = Trop d’actions à la fois ; ralentissez.
room-error-not-chair = Seuls la présidence ou le secrétaire de la séance peuvent le faire.
room-error-no-such-participant = Ce participant n’est pas dans la séance.
room-error-in-lobby = Vous attendez dans la salle d’attente que la présidence vous admette.
room-error-not-in-progress = La séance n’est pas en cours.
room-error-adjourned = La séance est levée.
room-error-meeting-full = La séance est complète.
room-error-too-many-seats = Vous occupez déjà le nombre de places permis ; fermez une autre fenêtre.
room-error-invalid-transition = La séance ne peut pas le faire dans son état actuel.
room-error-already-inscribed = Votre délégation est déjà inscrite.
room-error-list-empty = Personne n’est inscrit sur la liste des orateurs.
room-error-list-closed = La liste des orateurs est close.
room-error-reply-limit = Votre délégation a épuisé ses droits de réponse sur ce point.
room-error-replies-after-list = Les droits de réponse sont exercés une fois la liste des orateurs épuisée.
room-error-speaker-absent = Personne de cette délégation n’est dans la séance.
room-error-private-to-presiding = Les délégués écrivent à tous ou à la présidence et au secrétariat.
room-error-bad-chat = Un message doit contenir du texte, sans caractères de contrôle, et pas trop long.
room-error-bad-value = Cette valeur est hors limites.
room-error-unavailable = L’état de la séance est indisponible ; réessayez.
room-error-removed = La présidence vous a fait sortir de la séance.
room-error-replaced = Cette place a été reprise dans une autre fenêtre.
room-error-reseat = Votre rôle dans la séance a changé ; reconnexion.
room-error-idle-timeout = Cette page est restée trop longtemps silencieuse.
room-error-shutting-down = Le hub redémarre ; reconnexion.
room-error-not-in-media = Rejoignez d’abord avec caméra et micro.
room-error-media-full = La vidéo de la séance est complète.
room-error-bad-sdp = L’offre média du navigateur est inutilisable.
room-error-glare = La connexion se renégocie ; réessayez.
room-error-media-timeout = La connexion média ne répond plus.
room-error-voting-in-progress = Un vote est en cours : attendez sa clôture. Seules les motions d’ordre sur le déroulement du vote sont entendues.
room-error-no-vote = Aucun vote de ce numéro n’est ouvert.
room-error-not-entitled = Seul un délégué d’un État Membre ayant le droit de vote dans cette séance vote, au nom de sa délégation.
room-error-already-voted = Votre délégation a déposé son bulletin ; un vote au scrutin secret ne peut être modifié.
room-error-not-your-turn = Vote par appel nominal : votre délégation vote lorsqu’elle est appelée.
room-error-bad-ballot = Ce choix n’existe pas dans ce vote, ou le bulletin nomme plus de candidats qu’il n’y a de sièges.
room-error-not-booked = Vous n’êtes pas retenu pour interpréter à cette séance.
room-error-no-booth = Cette séance n’est pas interprétée vers cette langue.
room-error-not-at-booth = Seul un interprète de la cabine peut le faire (à l’antenne, pour une relève).
room-error-on-air-taken = Votre collègue de cabine est à l’antenne : demandez la relève.
room-error-no-handover = Aucune relève ne vous a été demandée.
room-error-relay-loop = Une cabine ne peut prendre le relais d’elle-même ni d’une cabine qui prend le relais d’elle.
room-error-interpreting = Les interprètes ne prennent pas part au débat : les mains levées et la liste des orateurs sont aux délégations.
room-error-viewing = Vous suivez la séance : un spectateur n’y parle ni n’y agit.

vote-title = Vote { $number }
vote-voting-panel = Vote
vote-kind = Mode
vote-kind-without_vote = Adoption sans vote
vote-kind-non_recorded = Vote non enregistré
vote-kind-recorded = Vote enregistré
vote-kind-roll_call = Vote par appel nominal
vote-kind-secret = Scrutin secret
vote-majority = Majorité
vote-majority-simple = Majorité simple des membres présents et votants
vote-majority-two_thirds = Majorité des deux tiers des membres présents et votants
vote-majority-at_least = Un nombre de voix pour fixé
vote-at-least = Au moins { $votes } voix pour
vote-quorum = La majorité des membres doit être présente
vote-proposal = Proposition
vote-document = Document
vote-item = Point de l’ordre du jour
vote-is-open = Le vote est ouvert.
vote-closed-at = Clos à { $time }
vote-yes = Oui
vote-no = Non
vote-abstain = Abstention
vote-in-favour = Pour
vote-against = Contre
vote-abstaining = Abstentions
vote-members = Membres
vote-present = Présents
vote-voting = Présents et votants
vote-required = Majorité requise
vote-ballots = Bulletins
vote-blank = Bulletins blancs
vote-candidate = Candidat
vote-votes = Voix
vote-elected = Élu
vote-further = Nouveau tour entre : { $names }
vote-lot = Tiré au sort pour voter en premier : { $name }
vote-voted = { $count } délégations sur { $members } ont voté.
vote-outcome = Résultat
vote-outcome-adopted_without_vote = Adopté sans vote
vote-outcome-adopted = Adopté
vote-outcome-rejected = Rejeté
vote-outcome-no_quorum = Aucune décision : quorum non atteint
vote-outcome-elected = Tous les sièges pourvus
vote-outcome-further_ballot = Sièges à pourvoir : nouveau tour de scrutin
vote-your-vote = Votre délégation a voté : { $choice }.
vote-your-ballot = Votre délégation a déposé son bulletin.
vote-cast = Déposer le bulletin
vote-ballot-hint = Nommez au plus { $seats } candidats ; n’en nommer aucun dépose un bulletin blanc.
vote-calling = Appelé : { $name }
vote-calling-again = Appelé de nouveau, absent au premier appel : { $name }
vote-wait-call = Votre délégation vote lorsqu’elle est appelée.
vote-call-next = Appeler la délégation suivante
vote-close = Clore le vote et annoncer le résultat
vote-prepare = Mettre une question aux voix
vote-candidates = Candidats, un par ligne
vote-seats = Sièges
vote-open = Ouvrir le vote
vote-page = La page du résultat
vote-none = néant
vote-list = Votes

# Interpretation in the room
room-channel = Écouter
room-floor-channel = Salle (original)
room-floor-language = Langue parlée en salle
room-not-said = Non précisée
room-booth = Cabine
room-on-air = En antenne
room-off-air = Hors antenne
room-hand-over-to = Passer le relais à
room-take-over = Prendre le relais
room-handover-asked = Votre collègue vous demande de prendre le relais.
room-hear = Vous entendez
room-floor-in-your-language = La salle parle la langue de votre cabine : votre canal transmet l’original.
room-console = Pupitre d’interprète
room-watch = Suivre la séance
room-viewing = Vous suivez la séance : vous voyez l’orateur et entendez le canal choisi.
work-sponsors = Auteurs
work-main-sponsors = Auteurs principaux
work-co-sponsors = Coauteurs
work-no-sponsors-yet = Aucun pour l’instant
work-sponsors-open = La liste est ouverte : un délégué qui signe pour sa délégation peut l’y ajouter ou l’en retirer.
work-sponsors-closed = La liste est close.
work-join-co-sponsors = Se porter coauteur
work-leave-co-sponsors = Se retirer des coauteurs
work-name-main-sponsor = Nommer un auteur principal
work-close-sponsors = Clore la liste
work-sponsors-feed = Flux des changements
sponsor-act-main = nommé auteur principal
sponsor-act-add = s’est porté coauteur
sponsor-act-withdraw = s’est retiré des coauteurs
sponsor-act-close = liste close
work-signs-for-delegation = Signe pour la délégation
work-let-sign = Autoriser à signer pour la délégation
work-stop-signing = Retirer le droit de signer
work-observers-may-sponsor = Les observateurs peuvent être auteurs de ses projets
meeting-statements = Déclarations
meeting-check-against-delivery = Seul le prononcé fait foi : chaque texte tel que remis avant d’être prononcé.
meeting-statements-to-come = Déclarations à venir (pour le secrétariat et les interprètes)
meeting-hand-in-statement = Remettre votre déclaration
meeting-hand-in-hint = Seuls le secrétariat et les interprètes la lisent jusqu’à ce que votre délégation prenne la parole ; ensuite, tous ceux qui peuvent lire la séance.
