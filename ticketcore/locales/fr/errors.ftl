# The core's errors and refusals and a guest-list row's problems.

## The core's error kinds (error.rs). `what_key` and `field_key` are the
## thing's or field's name with dashes for spaces (`event`, `pairing-link`,
## `event-name`), to choose a translation; `what` and `field` as written.
not-found = { $what_key ->
    [event] événement `{ $key }` introuvable
    [ticket] billet `{ $key }` introuvable
    [user] utilisateur `{ $key }` introuvable
    [token] jeton `{ $key }` introuvable
    [pairing] appairage `{ $key }` introuvable
    [pairing-link] lien d'appairage `{ $key }` introuvable
    [pick] résultat de recherche introuvable (cherchez à nouveau)
   *[other] { $what } `{ $key }` introuvable
}
invalid-code-spec = réglages de code non valides : { $reason }
invalid-code = code non valide : { $reason }
code-space-exhausted = plus assez de codes libres : { $needed ->
    [one] { $needed } nouveau code est nécessaire
   *[other] { $needed } nouveaux codes sont nécessaires
}, mais { $free ->
    [0] aucun n'est libre
    [one] seul { $free } est libre
   *[other] seuls { $free } sont libres
} ; utilisez des codes plus longs ou un alphabet plus grand
invalid-input = { $field_key ->
    [name] nom non valide
    [user-name] nom d'utilisateur non valide
    [email] adresse e-mail non valide
    [event-name] nom de l'événement non valide
    [event-slug] nom court de l'événement non valide
    [guest] invité non valide
    [mail] mail non valide
    [mail-from] expéditeur non valide
    [mail-template] modèle de mail non valide
    [template-file] fichier de modèle non valide
    [SMTP-URL] URL SMTP non valide
    [SQL] requête SQL non valide
    [role] rôle non valide
    [status] statut non valide
    [sort] tri non valide
    [backup] sauvegarde impossible
    [backup-file] fichier de sauvegarde non valide
    [door] nom de porte non valide
    [note] note non valide
    [password] mot de passe non valide
    [persons] nombre de personnes non valide
    [search] recherche non valide
    [session-id] identifiant de session non valide
    [token-label] nom du jeton non valide
    [time-zone] fuseau horaire non valide
    [code-length] longueur de code non valide
    [language] langue non valide
    [walk-ins] réglage des nouveaux invités non valide
    [walk-in-limit] limite de nouveaux invités non valide
    [reentry] réglage de réadmission non valide
    [check-ins] entrées hors ligne non valides
    [check-in-id] identifiant d'entrée non valide
   *[other] { $field } non valide
} : { $reason }
bad-credentials = nom d'utilisateur ou mot de passe incorrect
too-many-attempts = trop de tentatives de connexion ; réessayez dans { $seconds ->
    [one] { $seconds } seconde
   *[other] { $seconds } secondes
}
too-many-unknown-codes = trop de codes inconnus ; attendez { $seconds } s (ou demandez à un administrateur de débloquer la porte)
too-many-searches = trop de recherches ; attendez { $seconds } s
unsupported-database = URL de base de données non prise en charge `{ $url }` : utilisez { $supported }
database-failed = la base de données est indisponible ou a rencontré une erreur ; consultez le journal du serveur
database-not-writable = impossible d'écrire dans le fichier de base de données { $path } : { $reason }
migration-failed = échec de la migration de la base de données : { $detail }
internal-error = erreur interne : { $detail }
mail-run-busy = un autre envoi est en train d'envoyer les mails de cet événement : { $holder }, depuis { $since } UTC ; rien n'a été envoyé (réessayez quand il sera terminé ; si cet envoi s'est interrompu, un nouvel envoi prend le relais immédiatement sur sa machine, et depuis une autre machine après { $until } UTC)

## The web server's answers when it fails (ticket-web).
server-disk-full = Le disque de la base de données est plein, donc rien n'a été enregistré. Libérez de l'espace disque sur le serveur ; la consultation fonctionne toujours en attendant.
server-read-only = La base de données est en lecture seule pour le moment, donc rien n'a été enregistré ; la consultation fonctionne toujours. Vérifiez le serveur de base de données ou son disque.
server-disk-failed = Le disque de la base de données a signalé une erreur, donc rien n'a été enregistré ; la consultation fonctionne peut-être encore. Vérifiez le disque du serveur : il est peut-être en panne ou passé en lecture seule.
server-database-not-writable = Impossible d'écrire dans le fichier de base de données ; vérifiez le disque du serveur et le propriétaire du fichier. Le journal du serveur donne les détails.
server-database-away = La base de données ne répond pas pour le moment. Veuillez réessayer dans un instant.
server-failed = Une erreur s'est produite sur le serveur ; le journal donne les détails.
# The title of an error page, by HTTP status.
http-status = { $code ->
    [400] Requête incorrecte
    [401] Non authentifié
    [403] Accès interdit
    [404] Introuvable
    [405] Méthode non autorisée
    [409] Conflit
    [413] Contenu trop volumineux
    [422] Requête non traitable
    [429] Trop de requêtes
    [500] Erreur interne du serveur
    [503] Service indisponible
    [507] Espace de stockage insuffisant
   *[other] Erreur
}
web-imports-busy = Le serveur est occupé à lire d'autres listes d'invités ; réessayez dans une minute.
web-upload-unreadable = Le fichier envoyé ne peut pas être relu : { $detail }
web-import-failed = L'import a échoué : { $detail }
web-log-in-or-token = connectez-vous ou envoyez un jeton d'API
web-role-forbids = votre rôle ne le permet pas
web-scanner-only = Votre compte peut seulement scanner des billets. Demandez plus de droits à un administrateur.
web-setup-link-invalid = Ce lien de configuration n'est pas valide. Ouvrez le lien indiqué dans le journal du serveur.
web-door-search-off = la recherche à la porte est désactivée (un administrateur l'active sur la page des réglages)

## office.rs (and shared checks of names, notes, searches, doors and party sizes)
field-empty = ne doit pas être vide
field-too-long = au plus { $max } caractères
field-control-chars = ne doit contenir ni caractères de contrôle ni caractères de direction du texte
persons-range = de 1 à { $max }
event-slug-exhausted = trop d'événements portent un nom comme `{ $base }` ; indiquez un nom court (slug)
# A guest list row's problems (each a message of the import), joined with "; ".
guest-problems = { $problems }
guest-email-taken = { $email } a déjà un billet pour cet événement
guest-name-or-email-missing = il manque le nom ou l'adresse
guest-email-required = un invité de la liste doit avoir une adresse e-mail
offline-upload-too-many = au plus { $max } par envoi
offline-id-malformed = `{ $id }` ne se compose pas de 1 à 64 lettres, chiffres, `-` ou `_`
# $day: the event's day as 2026-07-04.
door-copy-wrong-day = { $event } a lieu le { $day } : la copie pour la porte n'est fournie que de la veille de l'événement au lendemain
door-search-too-short = saisissez au moins { $min } lettres du nom

## store/shared.rs
event-slug-taken = un événement avec le nom court `{ $slug }` existe déjà
walk-in-limit-reached = { $limit ->
    [0] { $event } n'autorise aucun nouvel invité
    [one] le seul nouvel invité que { $event } autorise est déjà entré
   *[other] les { $limit } nouveaux invités que { $event } autorise sont tous entrés
}
ticket-not-checked-in = le billet { $code } n'a pas encore été utilisé
ticket-revoked = le billet { $code } est annulé
party-too-many = { $left ->
    [0] personne du groupe de { $size } ne peut entrer maintenant
    [one] seule { $left } personne du groupe de { $size } peut entrer maintenant
   *[other] seules { $left } personnes du groupe de { $size } peuvent entrer maintenant
}
party-nobody-inside = personne du billet { $code } n'est à l'intérieur
party-only-inside = { $inside ->
    [0] personne du groupe n'est à l'intérieur
    [one] seule { $inside } personne du groupe est à l'intérieur
   *[other] seules { $inside } personnes du groupe sont à l'intérieur
}
ticket-already-revoked = le billet { $code } est déjà annulé
ticket-not-revoked = le billet { $code } n'est pas annulé
party-at-least = { $arrived ->
    [one] { $arrived } personne de ce groupe est déjà entrée : le billet doit admettre au moins { $arrived } personne
   *[other] { $arrived } personnes de ce groupe sont déjà entrées : le billet doit admettre au moins { $arrived } personnes
}
user-name-taken = un utilisateur nommé `{ $name }` existe déjà
mail-lease-contended = le verrou d'envoi des mails de l'événement a changé de mains trois fois de suite ; réessayez
user-last-admin = `{ $name }` est le dernier administrateur ; nommez d'abord un autre utilisateur administrateur

## store/mod.rs
import-email-taken = { $name } <{ $email }> a déjà un billet pour cet événement ; rien n'a été importé (importez à nouveau la liste pour voir tous les doublons)
import-email-repeated = { $name } <{ $email }> figure deux fois dans cette liste ; rien n'a été importé (importez à nouveau la liste pour voir tous les doublons)

## model.rs
walk-ins-unknown = `{ $value }` n'est ni off, ni admins, ni doors
time-zone-unknown = `{ $name }` n'est pas un nom de fuseau horaire ; utilisez-en un comme Europe/Paris ou America/New_York
event-slug-malformed = utilisez de 1 à 64 lettres minuscules (a–z), chiffres et tirets, pas uniquement des chiffres
ticket-status-unknown = utilisez valid, used ou revoked
ticket-sort-unknown = `{ $value }` n'est pas un ordre de tri ; utilisez issued, name, status ou check_in
role-unknown = utilisez admin ou scanner

## maintenance.rs
backup-postgres = une base de données PostgreSQL se sauvegarde avec l'outil propre à PostgreSQL, pg_dump, qui copie un instantané cohérent pendant que l'application continue de tourner, par exemple `pg_dump --format=custom --file=tickets.dump "$TICKET_DATABASE_URL"` (restauration avec `pg_restore --dbname=URL tickets.dump`)
backup-mysql = une base de données MySQL/MariaDB se sauvegarde avec l'outil propre au serveur, mysqldump (mariadb-dump sous MariaDB), qui copie un instantané cohérent pendant que l'application continue de tourner, par exemple `mysqldump --single-transaction -h HOST -u USER -p DATABASE > tickets.sql` (restauration avec `mysql -h HOST -u USER -p DATABASE < tickets.sql`)
backup-exists = `{ $path }` existe déjà ; une sauvegarde n'écrase jamais un fichier, choisissez un autre nom
backup-folder-missing = le dossier `{ $folder }` n'existe pas
backup-path-not-utf8 = le chemin doit être en UTF-8 valide
sql-empty = l'instruction est vide
sql-several = exécutez une seule instruction à la fois ({ $count } trouvées)
sql-parameters-question = l'instruction contient des paramètres `?` ; écrivez-y directement les valeurs
sql-parameters-dollar = l'instruction contient des paramètres `$1` ; écrivez-y directement les valeurs

## door_rules.rs
number-too-high = au plus { $max }
walk-ins-off = les nouveaux invités ne sont pas autorisés pour { $event }
walk-ins-admins-only = seuls les administrateurs peuvent ajouter de nouveaux invités à { $event }

## settings.rs
mail-from-missing = aucun expéditeur des mails de billets n'est défini pour { $event } : définissez l'expéditeur propre à l'événement ou un expéditeur par défaut (par exemple Bal d'été <tickets@example.org>)

## auth.rs
password-too-short = utilisez au moins { $min } caractères
password-too-long = utilisez au plus { $max } octets

## session.rs
session-id-length = doit faire de 1 à { $max } octets

## pairing.rs
pairing-link-revoked = ce lien d'appairage a été révoqué : demandez-en un nouveau à un administrateur
pairing-link-expired = ce lien d'appairage a expiré : demandez-en un nouveau à un administrateur
pairing-link-used = ce lien d'appairage a déjà été utilisé par un autre téléphone : demandez-en un nouveau à un administrateur

## template_file.rs
template-subject-first = ligne { $line } : le fichier doit commencer par une ligne `Subject:`
template-header-expected = ligne { $line } : un en-tête comme `Subject: ...` est attendu, puis une ligne vide, puis le texte du mail
template-second-subject = ligne { $line } : une deuxième ligne `Subject:`
template-subject-empty = ligne { $line } : l'objet est vide
template-unknown-header = ligne { $line } : en-tête inconnu `{ $header }` ; utilisez `Subject:` et éventuellement `Message:`
template-file-empty = le fichier est vide ; il doit commencer par une ligne `Subject:`
template-no-text = pas de texte de mail : laissez une ligne vide après les en-têtes, puis écrivez le texte
template-text-empty = le texte du mail après les en-têtes est vide
template-html-empty = la partie HTML après `{ $separator }` est vide

## code.rs: CodeSpecError (a code specification is refused)
# $symbol: the character; for code-alphabet-unusable and
# code-alphabet-not-typable as Rust writes it, in single quotes ('\t').
code-alphabet-too-few = l'alphabet doit contenir au moins 2 caractères différents
code-alphabet-duplicate = l'alphabet contient deux fois `{ $symbol }` (majuscules et minuscules comptent comme le même caractère)
code-alphabet-unusable = l'alphabet ne peut pas contenir { $symbol } (les espaces, les tirets et les caractères invisibles sont ignorés quand on saisit un code)
code-alphabet-not-typable = l'alphabet ne peut pas contenir { $symbol } : les claviers le saisissent comme un autre caractère ou comme partie d'un caractère ; utilisez le caractère que saisit un clavier
code-length-zero = la longueur du code doit être d'au moins 1
code-space-too-large = { $symbols } symboles à la puissance { $length }, cela fait plus de codes que 64 bits ne peuvent en contenir ; utilisez des codes plus courts

## code.rs: CodeError (typed text is not a code)
code-empty = aucun code n'a été saisi
code-too-long = la saisie est bien trop longue pour être un code
code-invalid-char = `{ $symbol }` n'est pas un caractère des codes de cet événement
code-wrong-length = { $expected ->
    [one] un code a { $expected } caractère, celui-ci en a { $got }
   *[other] un code a { $expected } caractères, celui-ci en a { $got }
}

## import/error.rs: a file that cannot be imported at all
import-empty = le fichier est vide ; choisissez à nouveau le fichier de la liste d'invités
import-too-large = le fichier est trop volumineux ({ $size } octets ; au plus { $max } octets sont acceptés) ; supprimez les feuilles, images et colonnes inutilisées, ou enregistrez-le au format CSV
import-unsupported-format = les fichiers de type « { $extension } » ne peuvent pas être importés ; utilisez un classeur Excel (.xlsx, .xlsm, .xls, .xlsb), une feuille de calcul LibreOffice (.ods) ou un fichier CSV (.csv)
import-text-named-as-workbook = le fichier s'appelle « { $file_name } » mais c'est en réalité un fichier texte (CSV), pas un classeur ; renommez-le pour que son nom se termine par .csv, ou ouvrez-le dans Excel et enregistrez-le comme « Classeur Excel (.xlsx) »
import-not-a-spreadsheet = le fichier « { $file_name } » n'est ni une feuille de calcul ni un fichier CSV (son contenu n'est pas reconnu) ; ouvrez la liste d'invités dans Excel ou LibreOffice et enregistrez-la au format .xlsx ou « CSV UTF-8 »
# $format: xlsx, xls, …; $detail: a technical hint in English (the reader's message).
import-damaged = le classeur { $format } n'a pas pu être lu ; il est peut-être endommagé ou incomplet ({ $detail }) ; ouvrez-le dans Excel ou LibreOffice, enregistrez-le à nouveau et envoyez la nouvelle copie
import-password-protected = ce classeur est protégé par un mot de passe ; ouvrez-le, supprimez le mot de passe (Excel : Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, videz le champ) et enregistrez une copie non protégée, ou enregistrez-le au format CSV
import-uncompressed-too-large = le classeur fait { $uncompressed } octets une fois décompressé (au plus { $max } sont acceptés) ou est anormalement bien compressé ; ce ne peut pas être une liste d'invités normale. Enregistrez la liste d'invités dans un nouveau classeur de petite taille ou au format CSV
import-sheet-too-large = la feuille « { $sheet } » s'étend sur { $rows } lignes × { $columns } colonnes, ce qui est trop grand pour être lu (au plus { $max_cells } cellules) ; supprimez les lignes et colonnes inutilisées éloignées de la liste d'invités (ou copiez la liste dans une nouvelle feuille), ou enregistrez le fichier au format .xlsx ou CSV
import-too-many-rows = la liste d'invités a plus de { $max } lignes ; au plus { $max } invités peuvent être importés à la fois, répartissez la liste sur plusieurs fichiers
# $email, $name, $first, $last: the column titles looked for, quoted and
# comma-separated ("Email", "E-mail", …).
import-no-header = aucune ligne d'en-tête trouvée : la liste d'invités doit avoir une ligne de titres de colonnes avec une colonne d'e-mail ({ $email }) et une colonne de nom ({ $name }) ou des colonnes de prénom et de nom ({ $first } / { $last }) ; ajoutez une telle ligne de titres au-dessus des invités, ou indiquez les noms des colonnes dans les options d'import
# $place: import-where-sheet or import-where-sheets.
import-no-header-in = aucune ligne d'en-tête trouvée { $place } : la liste d'invités doit avoir une ligne de titres de colonnes avec une colonne d'e-mail ({ $email }) et une colonne de nom ({ $name }) ou des colonnes de prénom et de nom ({ $first } / { $last }) ; ajoutez une telle ligne de titres au-dessus des invités, ou indiquez les noms des colonnes dans les options d'import
import-no-guests = la liste d'invités a des titres de colonnes (ligne { $header_row }) mais aucun invité en dessous
# $available: the workbook's sheet names, quoted and comma-separated.
import-sheet-not-found = le classeur n'a pas de feuille nommée « { $name } » ; ses feuilles sont : { $available }
import-unknown-encoding = les caractères de ce fichier CSV ne peuvent pas être lus de façon fiable (encodage de texte inconnu) ; enregistrez le fichier au format CSV UTF-8 dans Excel : Fichier > Enregistrer sous > « CSV UTF-8 (délimité par des virgules) » (LibreOffice : Fichier > Enregistrer sous > Texte CSV, jeu de caractères « Unicode (UTF-8) »)
# $detail: the CSV reader's message, in English.
import-bad-csv = le fichier CSV n'a pas pu être lu vers la ligne { $row } : { $detail } ; enregistrez-le à nouveau au format CSV UTF-8
# $count: how many rows have problems; $first_problem: the first bad row's
# problems (row-… messages joined with "; ").
import-bad-rows = { $count ->
    [one] { $count } ligne de la liste d'invités a des problèmes (ligne { $first_row } : { $first_problem }) ; corrigez-la et importez à nouveau, ou importez uniquement les lignes valides
   *[other] { $count } lignes de la liste d'invités ont des problèmes (la première : ligne { $first_row } : { $first_problem }) ; corrigez-les et importez à nouveau, ou importez uniquement les lignes valides
}

## import/mod.rs: where no header row was found (after "no header row found")
import-where-sheet = dans la feuille « { $sheet } »
# $sheets: the sheet names, quoted and comma-separated.
import-where-sheets = dans les feuilles { $sheets }

## import/rows.rs: a guest-list row's problems
# The fields, as row-cell-error and row-cell-no-result name them.
row-field-name = nom
row-field-first-name = prénom
row-field-last-name = nom de famille
row-field-salutation = salutation
row-field-note = note
row-field-language = langue
# $field: one of row-field-…; $error: the spreadsheet's error value (#N/A, #REF!, …).
row-cell-error = la cellule « { $field } » affiche l'erreur { $error }
row-cell-no-result = la valeur de la cellule « { $field } » est calculée par une formule dont le résultat n'est pas enregistré dans le fichier ; ouvrez le fichier dans Excel ou LibreOffice, enregistrez-le depuis ce logiciel et importez-le à nouveau
# $column: the party-size column's title as the file writes it.
row-party-cell-error = la cellule de la colonne « { $column } » affiche l'erreur { $error }
row-party-no-result = la valeur de la colonne « { $column } » est calculée par une formule dont le résultat n'est pas enregistré dans le fichier ; ouvrez le fichier dans Excel ou LibreOffice, enregistrez-le depuis ce logiciel et importez-le à nouveau
# $value: the cell, shortened and already in quotes ("4 people").
row-party-invalid = la taille du groupe { $value } dans la colonne « { $column } » n'est pas un nombre entier de 1 à { $max }
row-companions-invalid = { $value } dans la colonne « { $column } » n'est ni un nombre d'accompagnants de 0 à { $max }, ni oui ou non
# $languages: the language codes, comma-separated (en, de, fr, es).
row-language-unknown = « { $value } » n'est pas une langue dans laquelle les mails sont rédigés ({ $languages })
row-name-missing = le nom est manquant
row-name-too-long = le nom dépasse { $max } caractères
row-salutation-too-long = la salutation dépasse { $max } caractères
row-note-too-long = la note dépasse { $max } caractères
row-email-merged = l'adresse e-mail est manquante : la cellule d'e-mail est fusionnée avec la ligne du dessus, elle n'appartient donc qu'à cette ligne ; donnez à chaque invité sa propre adresse
row-email-missing = l'adresse e-mail est manquante
row-email-no-result = l'adresse e-mail est calculée par une formule dont le résultat n'est pas enregistré dans le fichier ; ouvrez le fichier dans Excel ou LibreOffice, enregistrez-le depuis ce logiciel et importez-le à nouveau
row-email-cell-error = la cellule d'e-mail affiche l'erreur { $error }
row-email-number = « { $value } » est un nombre, pas une adresse e-mail
# $row: the row that used the address first.
row-duplicate = doublon de la ligne { $row } (même adresse e-mail { $email })

## import/email.rs: an email cell that is no usable address ($cell: the cell, shortened)
row-email-several = la cellule d'e-mail contient plus d'une adresse (« { $cell } ») ; donnez à chaque invité une ligne avec une seule adresse
row-email-more-than-address = la cellule d'e-mail « { $cell } » contient plus qu'une adresse ; écrivez uniquement l'adresse, par exemple anna@example.org
row-email-spaces = l'adresse e-mail « { $cell } » contient des espaces
row-email-at-written = « { $cell } » n'est pas une adresse e-mail utilisable : écrivez « @ » au lieu de « (at) »
row-email-no-at = « { $cell } » n'est pas une adresse e-mail (il n'y a pas de « @ »)
row-email-not-address = « { $cell } » n'est pas une adresse e-mail
row-email-nothing-before-at = l'adresse e-mail « { $cell } » n'a rien avant le « @ »
row-email-several-at = l'adresse e-mail « { $cell } » contient plus d'un « @ »
row-email-non-ascii = la partie avant le « @ » dans « { $cell } » contient des caractères non ASCII (par exemple des lettres accentuées), que beaucoup de serveurs de mail refusent ; demandez une autre adresse à l'invité
row-email-quotes = l'adresse e-mail « { $cell } » contient des guillemets, que beaucoup de serveurs de mail refusent
row-email-no-domain = l'adresse e-mail « { $cell } » n'a pas de domaine après le « @ »
row-email-ip-address = l'adresse e-mail « { $cell } » utilise une adresse IP au lieu d'un nom de domaine
row-email-bad-idn = le domaine de « { $cell } » n'est pas un nom de domaine internationalisé valide
row-email-domain-too-long = l'adresse e-mail « { $cell } » a un domaine trop long
row-email-no-tld = l'adresse e-mail « { $cell } » n'a pas de domaine de premier niveau (comme .fr ou .com) après le « @ »
row-email-domain-empty-part = l'adresse e-mail « { $cell } » a une partie vide ou trop longue dans son domaine (deux points à la suite ?)
row-email-domain-hyphen = l'adresse e-mail « { $cell } » a une partie de domaine qui commence ou se termine par un tiret
row-email-domain-characters = le domaine de l'adresse e-mail « { $cell } » contient des caractères qui n'y sont pas autorisés
row-email-bad-tld = l'adresse e-mail « { $cell } » n'a pas de domaine de premier niveau valide (comme .fr ou .com)
row-email-too-long = l'adresse e-mail « { $cell } » est trop longue
# $error: the address checker's message, in English.
row-email-invalid = « { $cell } » n'est pas une adresse e-mail valide ({ $error })

## mail/message.rs (after "invalid mail from:" or "invalid email:")
mail-from-too-long = au plus { $max } caractères
mail-from-invalid = `{ $sender }` n'est pas une adresse de mail : écrivez-la sous la forme Bal d'été <tickets@example.org> ou tickets@example.org
# $error: the mail library's message, in English.
mail-address-invalid = `{ $email }` n'est pas une adresse valide : { $error }
mail-cannot-build = impossible de construire le message : { $error }

## mail/transport.rs (after "invalid SMTP URL:" or "invalid mail:")
# $url: the SMTP URL, password masked; $error: the mail library's or the
# SMTP server's message, in English.
mail-smtp-url-invalid = { $url } : { $error }
# $path: the outbox folder; $error: the operating system's message.
mail-outbox-cannot-create = impossible de créer { $path } : { $error }
mail-outbox-cannot-write = impossible d'écrire dans { $path } : { $error }
# $server: the SMTP URL, password masked.
mail-server-no-answer = { $server } ne répond pas
mail-server-failed = { $server } : { $error }
# $timeout: e.g. 30s.
mail-server-timeout = { $server } n'a pas répondu dans le délai imparti ({ $timeout })

## mail/template.rs (after "invalid mail template:")
# The parts of a mail template, as the messages below name them ($part).
mail-part-subject = objet
mail-part-text = texte
mail-part-html = HTML
mail-part-message = message
mail-template-repetition = { $part } : `*` (ligne { $line }) n'est pas autorisé dans un modèle : répéter du texte ou des listes pourrait produire un mail de n'importe quelle taille
mail-template-too-long = la partie « { $part } » dépasse { $max } octets
# $language: the language's own name (Deutsch); $language_code: its code (de);
# $reason: one of the other mail-template messages.
mail-template-of-language = { $language_code ->
    [en] le modèle anglais
    [de] le modèle allemand
    [fr] le modèle français
    [es] le modèle espagnol
   *[other] le modèle en { $language }
} : { $reason }
# $error: the template engine's message, in English.
mail-template-part-error = { $part } : { $error }
mail-template-engine-failed = { $part } : le moteur de modèles a échoué sur ce modèle ({ $detail }) ; écrivez autrement l'expression en cause
# $name: the unknown name as written ({{ vorname }}); $placeholders: every
# placeholder, comma-separated ({{ greeting }}, {{ name }}, …).
mail-template-unknown-placeholder = la partie « { $part } » utilise { $name }, qui n'est pas une variable du modèle ; les variables sont { $placeholders }
mail-template-unknown-placeholder-html = la partie « { $part } » utilise { $name }, qui n'est pas une variable du modèle ; les variables sont { $placeholders } et { "{{ body }}" } (le texte)

## The web pages' own checks (ticket-web).
web-whole-number = saisissez un nombre entier, par exemple 3
web-language-unknown = utilisez en, de, fr ou es

## Where mail goes (settings and send pages, the command line).
mail-to-outbox = dossier d'envoi { $folder }
mail-to-smtp = serveur SMTP { $url }
web-no-such-page = Il n'y a rien à cette adresse. Vérifiez le lien ou repartez de la page d'accueil.
