# Textes de la page d'entrée.

## Heures : un motif strftime, puis l'ensemble.
time-format = %H:%M
clock = { $time }
## A date with its time (tooltips, lists): a strftime pattern of digits
## (%d day, %m month, %Y year), then the whole.
date-format = %d/%m/%Y
date-time = { $date }, { $clock }

welcome = Bienvenue
offline = hors ligne

## La page d'entrée : titre, formulaire et commandes.
page-title = Contrôle
code-label = Code du billet
check = Vérifier
persons = Personnes
persons-hint = Combien de personnes du groupe entrent (ou sortent)
persons-all = toutes
exit-mode = Mode sortie
walk-in = Nouvel invité
camera = Caméra
camera-stop = Arrêter la caméra
door-label = Porte :
door-unnamed = nommer cette porte
door-prompt = Nom de cette porte (affiché quand un billet a déjà été utilisé)
door-paired = Nommée lors de l'appairage de ce téléphone
# Enregistré comme porte d'une entrée hors ligne sans nom de porte.
this-door = cette porte
admitted-here = { $count } admis à cette porte
recent-label = Derniers résultats
search-open = Code perdu ? Chercher un invité par son nom
search-placeholder = Au moins 3 lettres du nom
search-find = Chercher
tap-next = Toucher l'écran pour l'invité suivant

## Résultats : le titre.
already-used = Déjà utilisé
already-in = Déjà entré
unknown-code = Code inconnu
revoked = Annulé
out = Sortie
other-event = Autre événement
not-let-in = Non admis
not-let-out = Sortie refusée
not-checked = Non vérifié
exit-not-counted = Sortie non comptée
cannot-check-now = Vérification impossible pour l'instant
too-many = Trop de codes inconnus
welcome-offline = Bienvenue (hors ligne)
offline-party = groupe de { $size }, entrés maintenant : { $left }
already-used-offline = Déjà utilisé (hors ligne)
unknown-code-offline = Code inconnu (hors ligne)
revoked-offline = Annulé (hors ligne)
cannot-check-offline = Vérification impossible (hors ligne)
welcome-walk-in = Bienvenue (nouvel invité)
walk-in-failed = Invité non ajouté

## Résultats : la ligne en dessous. Le script met le nom de l'invité et
## " — " devant at-time-door, used-at et les textes de groupe.
at-time-door = à { $time } ({ $door })
used-at = utilisé à { $time } ({ $door })
revoked-name = Le billet de { $name } a été annulé
revoked-nameless = Ce billet a été annulé
other-event-code = { $code } est un billet pour { $event }, pas pour cet événement
other-event-page = C'est un billet pour { $event }, pas pour cet événement.
unknown-code-detail = Aucun billet n'a le code { $code }
unknown-code-page = Aucun billet de cet événement n'a ce code.
out-inside = { $inside } sur { $size } à l'intérieur
party = Groupe de { $size } — arrivés : { $arrived }
party-all = Groupe de { $size } — arrivés : { $arrived } (tous)
party-left = encore attendus : { $left }
party-inside = { $inside } à l'intérieur
too-many-wait = Attendre { $secs } s, puis saisir le code à nouveau. L'organisateur a été prévenu.
try-again = Réessayer
server-silent = Le serveur ne répond pas.
server-answered = Le serveur a répondu { $status }.
pick-silent = Le serveur ne répond pas. Saisir plutôt le code de l'invité.
exit-silent = Le serveur ne répond pas. Laisser sortir l'invité ; scanner à nouveau quand le serveur sera de retour.
persons-silent = Le serveur ne répond pas. Scanner le code à nouveau pour voir combien de personnes du groupe sont entrées.
exit-offline = Hors ligne : les sorties ont besoin du serveur. Laisser sortir l'invité ; le compte se rattrape au prochain scan de sortie.
no-copy = Ce téléphone n'a pas encore de copie de la liste des invités. Vérifier le code à la main.
not-in-copy = { $code } n'est pas dans la liste des invités de ce téléphone ({ $time }). Invité ajouté depuis : vérifier à la main.

## Personnes à l'intérieur (toutes les portes).
inside-now = À l'intérieur : { $inside } · arrivés { $arrived } sur { $total }

## Nouveaux invités : absents de la liste, ajoutés et admis à la porte.
walk-in-name = Nouvel invité : nom de l'invité
walk-in-persons = Combien de personnes entrent avec ce billet ?
walk-in-party = groupe de { $persons }
walk-in-code = code { $code }

## Le bandeau hors ligne ou pendant l'envoi. « -one » sert pour 1, « -other »
## pour tout autre nombre.
banner-offline-one = Hors ligne depuis { $since } ({ $duration }) — les scans sont décidés sur ce téléphone ; { $count } entrée en attente
banner-offline-other = Hors ligne depuis { $since } ({ $duration }) — les scans sont décidés sur ce téléphone ; { $count } entrées en attente
offline-under-minute = moins d'une minute
offline-minutes = { $mins } min
banner-sending-one = De retour en ligne — envoi de { $count } entrée
banner-sending-other = De retour en ligne — envoi de { $count } entrées
banner-unsent-one = { $count } entrée non envoyée : { $problem }
banner-unsent-other = { $count } entrées non envoyées : { $problem }
sync-log-in = se reconnecter sur ce téléphone pour les envoyer (ne pas se déconnecter avant)
sync-server-answered = le serveur a répondu { $status }
double-entries-one = { $count } double entrée envoyée : admis ici hors ligne, mais déjà entré (ou annulé) sur le serveur ; l'organisateur la voit
double-entries-other = { $count } doubles entrées envoyées : admis ici hors ligne, mais déjà entrés (ou annulés) sur le serveur ; l'organisateur les voit

## Recherche d'un invité par son nom.
search-too-short = Saisir au moins 3 lettres du nom.
search-failed = Échec de la recherche
search-none = Personne à ce nom.
search-party = arrivés : { $arrived } sur { $size }
search-check-in = Faire entrer
status-valid = valide
status-used = utilisé
status-revoked = annulé
no-connection = Pas de connexion

## La caméra.
camera-unsupported = Ce navigateur ne donne pas accès à la caméra aux pages web.
camera-typing-works = La saisie et les scanners USB fonctionnent normalement.
camera-needs-https = Scanner avec la caméra nécessite HTTPS (ou localhost, sur le serveur lui-même) : l'organisateur lance ticket-web avec { $cert } et { $key }.
camera-not-ticket = Ce QR code n'est pas un billet.
camera-point = Pointer la caméra vers le QR code d'un billet.
camera-denied = Accès à la caméra refusé. Autoriser la caméra pour ce site dans les réglages du navigateur (l'icône à côté de l'adresse), puis appuyer à nouveau sur Caméra.
camera-none = Cet appareil n'a pas de caméra.
camera-busy = La caméra est utilisée par une autre application, ou n'a pas pu démarrer.
camera-failed = La caméra n'a pas démarré.
camera-failed-named = La caméra n'a pas démarré ({ $error }).
camera-starting = Démarrage de la caméra…
camera-stopped = La caméra s'est arrêtée.
camera-no-reader = Le lecteur de QR code n'a pas pu se charger sur ce téléphone : saisir les codes.
camera-paused = Caméra en pause pendant que la page était masquée.
note-hint = (toucher pour confirmer la note)
