# The core's errors and refusals and a guest-list row's problems.

## The core's error kinds (error.rs).
not-found = { $what_key ->
    [pick] dieses Suchergebnis gilt nicht mehr: suche erneut
   *[other] { $what_key ->
        [event] Veranstaltung
        [ticket] Ticket
        [user] Benutzer
        [token] Token
        [pairing] Kopplung
        [pairing-link] Kopplungslink
       *[other] { $what }
    } „{ $key }“ nicht gefunden
}
invalid-code-spec = ungültige Code-Einstellungen: { $reason }
invalid-code = ungültiger Code: { $reason }
code-space-exhausted = keine freien Codes mehr: { $needed } neue Codes werden gebraucht, aber nur { $free } sind frei; nimm längere Codes oder ein größeres Alphabet
invalid-input = { $field_key ->
    [name] Name ungültig
    [user-name] Benutzername ungültig
    [email] E-Mail-Adresse ungültig
    [event-name] Name der Veranstaltung ungültig
    [event-slug] Kurzname der Veranstaltung ungültig
    [guest] Gast ungültig
    [mail] Mailversand nicht möglich
    [mail-from] Absender
    [mail-template] Mail-Text ungültig
    [template-file] Vorlagendatei ungültig
    [role] Rolle ungültig
    [status] Status ungültig
    [backup] Sicherung nicht möglich
    [backup-file] Sicherungsdatei ungültig
    [door] Eingang ungültig
    [note] Notiz ungültig
    [password] Passwort ungültig
    [persons] Personenzahl ungültig
    [search] Suche ungültig
    [session-id] Sitzungs-ID ungültig
    [sort] Sortierung ungültig
    [time-zone] Zeitzone ungültig
    [code-length] Code-Länge ungültig
    [language] Sprache ungültig
    [walk-ins] Regel für Spontangäste ungültig
    [walk-in-limit] Obergrenze für Spontangäste ungültig
    [check-ins] Check-ins ungültig
    [check-in-id] Check-in-ID ungültig
    [SMTP-URL] SMTP-URL ungültig
    [SQL] SQL ungültig
    [token-label] Token-Name ungültig
    [reentry] Wiedereinlass-Regel ungültig
   *[other] { $field } ungültig
}: { $reason }
bad-credentials = falscher Benutzername oder falsches Passwort
too-many-attempts = { $seconds ->
    [one] zu viele Anmeldeversuche; versuche es in { $seconds } Sekunde erneut
   *[other] zu viele Anmeldeversuche; versuche es in { $seconds } Sekunden erneut
}
too-many-unknown-codes = zu viele unbekannte Codes; warte { $seconds } s (oder bitte einen Admin, die Sperre aufzuheben)
too-many-searches = zu viele Suchen; warte { $seconds } s
unsupported-database = nicht unterstützte Datenbank-URL `{ $url }`: verwende { $supported }
database-failed = die Datenbank ist nicht erreichbar oder hat einen Fehler gemeldet; Details stehen im Server-Log
database-not-writable = die Datenbankdatei { $path } kann nicht geschrieben werden: { $reason }
migration-failed = Datenbank-Migration fehlgeschlagen: { $detail }
internal-error = interner Fehler: { $detail }
mail-run-busy = ein anderer Versandlauf verschickt gerade Mails dieser Veranstaltung: { $holder }, seit { $since } UTC; es wurde nichts verschickt (versuche es erneut, wenn er fertig ist; ist er abgestürzt, kann ein neuer Lauf auf demselben Rechner sofort übernehmen, von einem anderen Rechner aus ab { $until } UTC)

## The web server's answers when it fails (ticket-web).
server-disk-full = Die Festplatte der Datenbank ist voll, daher wurde nichts gespeichert. Schaffe Speicherplatz auf dem Server; Nachschlagen funktioniert in der Zwischenzeit weiter.
server-read-only = Die Datenbank ist gerade schreibgeschützt, daher wurde nichts gespeichert; Nachschlagen funktioniert weiter. Prüfe den Datenbankserver oder seine Festplatte.
server-disk-failed = Die Festplatte der Datenbank hat einen Fehler gemeldet, daher wurde nichts gespeichert; Nachschlagen funktioniert vielleicht weiter. Prüfe die Festplatte des Servers: Sie ist möglicherweise ausgefallen oder nur noch lesbar.
server-database-not-writable = Die Datenbankdatei kann nicht geschrieben werden; prüfe die Festplatte des Servers und wem die Datei gehört. Details stehen im Server-Log.
server-database-away = Die Datenbank antwortet gerade nicht. Bitte versuche es gleich noch einmal.
server-failed = Auf dem Server ist etwas schiefgegangen; Details stehen im Server-Log.
# The title of an error page, by HTTP status.
http-status = { $code ->
    [400] Ungültige Anfrage
    [401] Nicht angemeldet
    [403] Nicht erlaubt
    [404] Nicht gefunden
    [405] Methode nicht erlaubt
    [409] Konflikt
    [413] Datei zu groß
    [422] Nicht verarbeitbar
    [429] Zu viele Anfragen
    [500] Interner Serverfehler
    [503] Dienst nicht verfügbar
    [507] Speicher voll
   *[other] Fehler
}
web-imports-busy = Der Server liest gerade andere Gästelisten; versuche es in einer Minute erneut.
web-upload-unreadable = Die hochgeladene Datei lässt sich nicht wieder einlesen: { $detail }
web-import-failed = Der Import ist fehlgeschlagen: { $detail }
web-log-in-or-token = melde dich an oder sende ein API-Token
web-role-forbids = deine Rolle erlaubt das nicht
web-scanner-only = Dein Konto darf nur Tickets scannen. Bitte einen Admin um mehr Rechte.
web-setup-link-invalid = Dieser Einrichtungslink ist ungültig. Öffne den Link, der im Server-Log steht.
web-door-search-off = die Namenssuche am Eingang ist ausgeschaltet (ein Admin kann sie auf der Einstellungsseite einschalten)

## office.rs (und gemeinsame Prüfungen von Namen, Notizen, Suchen, Eingängen und Gruppengrößen)
field-empty = darf nicht leer sein
field-too-long = höchstens { $max } Zeichen
field-control-chars = darf keine Steuer- oder Textrichtungszeichen enthalten
persons-range = von 1 bis { $max }
event-slug-exhausted = zu viele Veranstaltungen heißen wie `{ $base }`; gib einen Kurznamen an
# Die Probleme einer Zeile der Gästeliste (je eine Meldung des Imports), mit "; " verbunden.
guest-problems = { $problems }
guest-email-taken = { $email } hat schon ein Ticket für diese Veranstaltung
guest-name-or-email-missing = der Name oder die Adresse fehlt
guest-email-required = ein Gast aus der Gästeliste braucht eine E-Mail-Adresse
offline-upload-too-many = höchstens { $max } auf einmal
offline-id-malformed = `{ $id }` besteht nicht aus 1 bis 64 Buchstaben, Ziffern, `-` oder `_`
# $day: der Tag der Veranstaltung als 2026-07-04.
door-copy-wrong-day = { $event } ist am { $day }: die Offline-Kopie für den Einlass gibt es nur vom Tag vor der Veranstaltung bis zum Tag danach
door-search-too-short = gib mindestens { $min } Buchstaben des Namens ein

## store/shared.rs
event-slug-taken = es gibt schon eine Veranstaltung mit dem Kurznamen `{ $slug }`
walk-in-limit-reached = { $limit ->
    [one] der eine Spontangast, den { $event } erlaubt, ist schon eingelassen
   *[other] alle { $limit } Spontangäste, die { $event } erlaubt, sind schon eingelassen
}
ticket-not-checked-in = Ticket { $code } wurde noch nicht eingelassen
ticket-revoked = Ticket { $code } ist storniert
party-too-many = { $left ->
    [one] nur { $left } Person der Gruppe von { $size } darf jetzt herein
   *[other] nur { $left } Personen der Gruppe von { $size } dürfen jetzt herein
}
party-nobody-inside = niemand mit Ticket { $code } ist drinnen
party-only-inside = { $inside ->
    [one] nur { $inside } Person der Gruppe ist drinnen
   *[other] nur { $inside } Personen der Gruppe sind drinnen
}
ticket-already-revoked = Ticket { $code } ist schon storniert
ticket-not-revoked = Ticket { $code } ist nicht storniert
party-at-least = { $arrived } Personen dieser Gruppe sind schon eingelassen: das Ticket muss für mindestens { $arrived } Personen gelten
user-name-taken = es gibt schon einen Benutzer namens `{ $name }`
mail-lease-contended = die Versandsperre der Veranstaltung hat dreimal hintereinander den Besitzer gewechselt; bitte versuche es erneut
user-last-admin = `{ $name }` ist der letzte Admin; mache zuerst einen anderen Benutzer zum Admin

## store/mod.rs
import-email-taken = { $name } <{ $email }> hat schon ein Ticket für diese Veranstaltung; es wurde nichts importiert (importiere die Liste erneut, um alle doppelten Adressen zu sehen)
import-email-repeated = { $name } <{ $email }> steht zweimal in dieser Liste; es wurde nichts importiert (importiere die Liste erneut, um alle doppelten Adressen zu sehen)

## model.rs
walk-ins-unknown = `{ $value }` ist keiner der Werte off, admins oder doors
time-zone-unknown = `{ $name }` ist kein Zeitzonenname; verwende einen wie Europe/Berlin oder America/New_York
event-slug-malformed = verwende 1 bis 64 Kleinbuchstaben (a–z), Ziffern und Bindestriche, nicht nur Ziffern
ticket-status-unknown = verwende valid, used oder revoked
ticket-sort-unknown = `{ $value }` ist keine Sortierung; verwende issued, name, status oder check_in
role-unknown = verwende admin oder scanner

## maintenance.rs
backup-postgres = eine PostgreSQL-Datenbank sicherst du mit dem eigenen Werkzeug von PostgreSQL, pg_dump, das eine konsistente Momentaufnahme kopiert, während die App weiterläuft, z. B. `pg_dump --format=custom --file=tickets.dump "$TICKET_DATABASE_URL"` (Wiederherstellen mit `pg_restore --dbname=URL tickets.dump`)
backup-mysql = eine MySQL/MariaDB-Datenbank sicherst du mit dem eigenen Werkzeug des Servers, mysqldump (mariadb-dump bei MariaDB), das eine konsistente Momentaufnahme kopiert, während die App weiterläuft, z. B. `mysqldump --single-transaction -h HOST -u USER -p DATABASE > tickets.sql` (Wiederherstellen mit `mysql -h HOST -u USER -p DATABASE < tickets.sql`)
backup-exists = `{ $path }` gibt es schon; eine Sicherung überschreibt nie eine vorhandene Datei: wähle einen neuen Namen
backup-folder-missing = den Ordner `{ $folder }` gibt es nicht
backup-path-not-utf8 = der Pfad muss gültiges UTF-8 sein
sql-empty = die Anweisung ist leer
sql-several = führe nur eine Anweisung auf einmal aus ({ $count } gefunden)
sql-parameters-question = die Anweisung hat `?`-Parameter; schreibe die Werte direkt hinein
sql-parameters-dollar = die Anweisung hat `$1`-Parameter; schreibe die Werte direkt hinein

## door_rules.rs
number-too-high = höchstens { $max }
walk-ins-off = Spontangäste sind bei { $event } nicht erlaubt
walk-ins-admins-only = nur Admins dürfen Spontangäste zu { $event } hinzufügen

## settings.rs
mail-from-missing = für { $event } ist kein Absender der Ticket-Mails gesetzt

## auth.rs
password-too-short = verwende mindestens { $min } Zeichen
password-too-long = verwende höchstens { $max } Bytes

## session.rs
session-id-length = muss 1 bis { $max } Bytes lang sein

## pairing.rs
pairing-link-revoked = dieser Kopplungslink wurde widerrufen: bitte einen Admin um einen neuen
pairing-link-expired = dieser Kopplungslink ist abgelaufen: bitte einen Admin um einen neuen
pairing-link-used = dieser Kopplungslink wurde schon von einem anderen Telefon benutzt: bitte einen Admin um einen neuen

## template_file.rs
template-subject-first = Zeile { $line }: die Datei muss mit einer Zeile `Subject:` beginnen
template-header-expected = Zeile { $line }: erwartet wird eine Kopfzeile wie `Subject: ...`, dann eine Leerzeile, dann der Mail-Text
template-second-subject = Zeile { $line }: eine zweite Zeile `Subject:` (erlaubt ist nur eine)
template-subject-empty = Zeile { $line }: der Betreff ist leer
template-unknown-header = Zeile { $line }: unbekannte Kopfzeile `{ $header }`; verwende `Subject:` und optional `Message:`
template-file-empty = die Datei ist leer; sie muss mit einer Zeile `Subject:` beginnen
template-no-text = kein Mail-Text: lass nach den Kopfzeilen eine Zeile frei und schreib dann den Text
template-text-empty = der Mail-Text nach den Kopfzeilen ist leer
template-html-empty = der HTML-Teil nach `{ $separator }` ist leer

## code.rs: CodeSpecError (eine Code-Einstellung wird abgelehnt)
# $symbol: das Zeichen; bei code-alphabet-unusable und
# code-alphabet-not-typable so, wie Rust es schreibt, in einfachen
# Anführungszeichen ('\t').
code-alphabet-too-few = das Alphabet braucht mindestens 2 verschiedene Zeichen
code-alphabet-duplicate = das Alphabet enthält `{ $symbol }` zweimal (Groß- und Kleinbuchstaben gelten als dasselbe Zeichen)
code-alphabet-unusable = das Alphabet darf { $symbol } nicht enthalten (Leerzeichen, Bindestriche und unsichtbare Zeichen werden beim Eintippen von Codes ignoriert)
code-alphabet-not-typable = das Alphabet darf { $symbol } nicht enthalten: Tastaturen geben es als anderes Zeichen oder als Teil eines Zeichens ein; nimm das Zeichen, das eine Tastatur eingibt
code-length-zero = die Code-Länge muss mindestens 1 sein
code-space-too-large = { $symbols } Zeichen hoch { $length } sind mehr Codes, als in 64 Bit passen; nimm kürzere Codes

## code.rs: CodeError (eingetippter Text ist kein Code)
code-empty = es wurde kein Code eingegeben
code-too-long = die Eingabe ist viel zu lang für einen Code
code-invalid-char = `{ $symbol }` ist kein Zeichen der Codes dieser Veranstaltung
code-wrong-length = ein Code hat { $expected } Zeichen, dieser hat { $got }

## import/error.rs: eine Datei, die sich gar nicht importieren lässt
import-empty = die Datei ist leer; wähle die Gästeliste noch einmal aus
import-too-large = die Datei ist zu groß ({ $size } Bytes; höchstens { $max } Bytes sind erlaubt); lösche ungenutzte Tabellenblätter, Bilder und Spalten oder speichere sie als CSV
import-unsupported-format = Dateien vom Typ „{ $extension }“ können nicht importiert werden; nimm eine Excel-Arbeitsmappe (.xlsx, .xlsm, .xls, .xlsb), eine LibreOffice-Tabelle (.ods) oder CSV (.csv)
import-text-named-as-workbook = die Datei heißt „{ $file_name }“, ist aber eigentlich eine Textdatei (CSV) und keine Arbeitsmappe; benenne sie so um, dass sie auf .csv endet, oder öffne sie in Excel und speichere sie als „Excel-Arbeitsmappe (.xlsx)“
import-not-a-spreadsheet = die Datei „{ $file_name }“ ist weder eine Tabelle noch eine CSV-Datei (ihr Inhalt wird nicht erkannt); öffne die Gästeliste in Excel oder LibreOffice und speichere sie als .xlsx oder als „CSV UTF-8“
# $format: xlsx, xls, …; $detail: ein technischer Hinweis auf Englisch (die Meldung des Lesers).
import-damaged = die { $format }-Arbeitsmappe konnte nicht gelesen werden; sie ist vielleicht beschädigt oder unvollständig ({ $detail }); öffne sie in Excel oder LibreOffice, speichere sie erneut und lade die neue Kopie hoch
import-password-protected = diese Arbeitsmappe ist mit einem Passwort geschützt; öffne sie, entferne das Passwort (Excel: Datei > Informationen > Arbeitsmappe schützen > Mit Kennwort verschlüsseln, Feld leeren) und speichere eine ungeschützte Kopie, oder speichere sie als CSV
import-uncompressed-too-large = die Arbeitsmappe wird entpackt { $uncompressed } Bytes groß (höchstens { $max } sind erlaubt) oder ist verdächtig stark komprimiert; das kann keine normale Gästeliste sein. Speichere die Gästeliste als neue, kleine Arbeitsmappe oder als CSV
import-sheet-too-large = das Tabellenblatt „{ $sheet }“ erstreckt sich über { $rows } Zeilen × { $columns } Spalten, das ist zu groß zum Lesen (höchstens { $max_cells } Zellen); lösche die ungenutzten Zeilen und Spalten weit weg von der Gästeliste (oder kopiere die Liste in ein neues Tabellenblatt) oder speichere die Datei als .xlsx oder CSV
import-too-many-rows = die Gästeliste hat mehr als { $max } Zeilen; höchstens { $max } Gäste lassen sich auf einmal importieren: teile die Liste auf mehrere Dateien auf
# $email, $name, $first, $last: die gesuchten Spaltentitel, in Anführungszeichen
# und durch Kommas getrennt ("Email", "E-mail", …).
import-no-header = keine Kopfzeile gefunden: die Gästeliste braucht eine Zeile mit Spaltentiteln, darunter eine E-Mail-Spalte ({ $email }) und eine Namensspalte ({ $name }) oder Spalten für Vor- und Nachnamen ({ $first } / { $last }); füge so eine Titelzeile über den Gästen ein oder gib die Spaltentitel in den Importoptionen an
# $place: import-where-sheet oder import-where-sheets.
import-no-header-in = keine Kopfzeile { $place } gefunden: die Gästeliste braucht eine Zeile mit Spaltentiteln, darunter eine E-Mail-Spalte ({ $email }) und eine Namensspalte ({ $name }) oder Spalten für Vor- und Nachnamen ({ $first } / { $last }); füge so eine Titelzeile über den Gästen ein oder gib die Spaltentitel in den Importoptionen an
import-no-guests = die Gästeliste hat Spaltentitel (Zeile { $header_row }), aber keine Gäste darunter
# $available: die Namen der Tabellenblätter, in Anführungszeichen und durch Kommas getrennt.
import-sheet-not-found = die Arbeitsmappe hat kein Tabellenblatt namens „{ $name }“; ihre Tabellenblätter sind: { $available }
import-unknown-encoding = die Zeichen dieser CSV-Datei lassen sich nicht zuverlässig lesen (unbekannte Textkodierung); speichere die Datei in Excel als CSV UTF-8: Datei > Speichern unter > „CSV UTF-8 (durch Trennzeichen getrennt)“ (LibreOffice: Datei > Speichern unter > Text CSV, Zeichensatz „Unicode (UTF-8)“)
# $detail: die Meldung des CSV-Lesers, auf Englisch.
import-bad-csv = die CSV-Datei konnte in der Nähe von Zeile { $row } nicht gelesen werden: { $detail }; speichere sie erneut als CSV UTF-8
# $count: wie viele Zeilen Probleme haben; $first_problem: die Probleme der
# ersten fehlerhaften Zeile (row-…-Meldungen, durch "; " getrennt).
import-bad-rows = { $count ->
    [one] { $count } Zeile der Gästeliste hat Probleme
   *[other] { $count } Zeilen der Gästeliste haben Probleme
} (die erste: Zeile { $first_row }: { $first_problem }); behebe sie und importiere erneut, oder importiere nur die gültigen Zeilen

## import/mod.rs: wo keine Kopfzeile gefunden wurde (in import-no-header-in)
import-where-sheet = im Tabellenblatt „{ $sheet }“
# $sheets: die Namen der Tabellenblätter, in Anführungszeichen und durch Kommas getrennt.
import-where-sheets = in den Tabellenblättern { $sheets }

## import/rows.rs: die Probleme einer Zeile der Gästeliste
# Die Felder, wie row-cell-error und row-cell-no-result sie nennen.
row-field-name = Name
row-field-first-name = Vorname
row-field-last-name = Nachname
row-field-salutation = Anrede
row-field-note = Notiz
row-field-language = Sprache
# $field: eine der row-field-…-Meldungen; $error: der Fehlerwert der Tabelle (#NV, #BEZUG!, …).
row-cell-error = die Zelle „{ $field }“ zeigt den Fehler { $error }
row-cell-no-result = der Wert der Zelle „{ $field }“ wird von einer Formel berechnet, deren Ergebnis nicht in der Datei gespeichert ist; öffne die Datei in Excel oder LibreOffice, speichere sie dort und importiere sie erneut
# $column: der Titel der Personen-Spalte, wie die Datei ihn schreibt.
row-party-cell-error = die Zelle in der Spalte „{ $column }“ zeigt den Fehler { $error }
row-party-no-result = der Wert in der Spalte „{ $column }“ wird von einer Formel berechnet, deren Ergebnis nicht in der Datei gespeichert ist; öffne die Datei in Excel oder LibreOffice, speichere sie dort und importiere sie erneut
# $value: die Zelle, gekürzt und schon in Anführungszeichen ("4 Leute").
row-party-invalid = die Personenzahl { $value } in der Spalte „{ $column }“ ist keine ganze Zahl von 1 bis { $max }
row-companions-invalid = { $value } in der Spalte „{ $column }“ ist weder eine Anzahl Begleitpersonen von 0 bis { $max } noch ja oder nein
# $languages: die Sprachcodes, durch Kommas getrennt (en, de, fr, es).
row-language-unknown = „{ $value }“ ist keine Sprache, in der die Mails geschrieben werden ({ $languages })
row-name-missing = der Name fehlt
row-name-too-long = der Name ist länger als { $max } Zeichen
row-salutation-too-long = die Anrede ist länger als { $max } Zeichen
row-note-too-long = die Notiz ist länger als { $max } Zeichen
row-email-merged = die E-Mail-Adresse fehlt: die E-Mail-Zelle ist mit der Zeile darüber verbunden und gehört damit nur zu jener Zeile; gib jedem Gast eine eigene Adresse
row-email-missing = die E-Mail-Adresse fehlt
row-email-no-result = die E-Mail-Adresse wird von einer Formel berechnet, deren Ergebnis nicht in der Datei gespeichert ist; öffne die Datei in Excel oder LibreOffice, speichere sie dort und importiere sie erneut
row-email-cell-error = die E-Mail-Zelle zeigt den Fehler { $error }
row-email-number = „{ $value }“ ist eine Zahl, keine E-Mail-Adresse
# $row: die Zeile, die die Adresse zuerst verwendet.
row-duplicate = Duplikat von Zeile { $row } (dieselbe E-Mail-Adresse { $email })

## import/email.rs: eine E-Mail-Zelle ohne brauchbare Adresse ($cell: die Zelle, gekürzt)
row-email-several = die E-Mail-Zelle enthält mehr als eine Adresse („{ $cell }“); gib jedem Gast eine eigene Zeile mit einer Adresse
row-email-more-than-address = die E-Mail-Zelle „{ $cell }“ enthält mehr als nur eine Adresse; schreib nur die Adresse hinein, z. B. anna@example.org
row-email-spaces = die E-Mail-Adresse „{ $cell }“ enthält Leerzeichen
row-email-at-written = „{ $cell }“ ist keine brauchbare E-Mail-Adresse: schreib „@“ statt „(at)“
row-email-no-at = „{ $cell }“ ist keine E-Mail-Adresse (es fehlt das „@“)
row-email-not-address = „{ $cell }“ ist keine E-Mail-Adresse
row-email-nothing-before-at = die E-Mail-Adresse „{ $cell }“ hat nichts vor dem „@“
row-email-several-at = die E-Mail-Adresse „{ $cell }“ hat mehr als ein „@“
row-email-non-ascii = der Teil vor dem „@“ in „{ $cell }“ enthält Nicht-ASCII-Zeichen (etwa Umlaute), die viele Mailserver ablehnen; frag den Gast nach einer anderen Adresse
row-email-quotes = die E-Mail-Adresse „{ $cell }“ enthält Anführungszeichen, die viele Mailserver ablehnen
row-email-no-domain = die E-Mail-Adresse „{ $cell }“ hat keine Domain nach dem „@“
row-email-ip-address = die E-Mail-Adresse „{ $cell }“ verwendet eine IP-Adresse statt eines Domainnamens
row-email-bad-idn = die Domain von „{ $cell }“ ist kein gültiger internationalisierter Domainname
row-email-domain-too-long = die E-Mail-Adresse „{ $cell }“ hat eine zu lange Domain
row-email-no-tld = die E-Mail-Adresse „{ $cell }“ hat keine Top-Level-Domain (wie .de oder .com) nach dem „@“
row-email-domain-empty-part = die E-Mail-Adresse „{ $cell }“ hat einen leeren oder zu langen Teil in der Domain (zwei Punkte hintereinander?)
row-email-domain-hyphen = die E-Mail-Adresse „{ $cell }“ hat einen Domainteil, der mit einem Bindestrich beginnt oder endet
row-email-domain-characters = die E-Mail-Adresse „{ $cell }“ enthält in der Domain Zeichen, die dort nicht erlaubt sind
row-email-bad-tld = die E-Mail-Adresse „{ $cell }“ hat keine gültige Top-Level-Domain (wie .de oder .com)
row-email-too-long = die E-Mail-Adresse „{ $cell }“ ist zu lang
# $error: die Meldung der Adressprüfung, auf Englisch.
row-email-invalid = „{ $cell }“ ist keine gültige E-Mail-Adresse ({ $error })

## mail/message.rs (nach "Absender:" oder "E-Mail-Adresse:")
mail-from-too-long = höchstens { $max } Zeichen
mail-from-invalid = `{ $sender }` ist keine E-Mail-Adresse: schreib sie als Sommerball <tickets@example.org> oder tickets@example.org
# $error: die Meldung der Mail-Bibliothek, auf Englisch.
mail-address-invalid = `{ $email }` ist keine gültige Adresse: { $error }
mail-cannot-build = die Mail kann nicht erstellt werden: { $error }

## mail/transport.rs (nach "SMTP URL:" oder "Mail:")
# $url: die SMTP-URL ohne Passwort; $error: die Meldung der Mail-Bibliothek
# oder des SMTP-Servers, auf Englisch.
mail-smtp-url-invalid = { $url }: { $error }
# $path: der Postausgangsordner; $error: die Meldung des Betriebssystems.
mail-outbox-cannot-create = { $path } kann nicht angelegt werden: { $error }
mail-outbox-cannot-write = in { $path } kann nicht geschrieben werden: { $error }
# $server: die SMTP-URL ohne Passwort.
mail-server-no-answer = { $server } antwortet nicht
mail-server-failed = { $server }: { $error }
# $timeout: z. B. 30s.
mail-server-timeout = { $server } hat nicht innerhalb von { $timeout } geantwortet

## mail/template.rs (nach "Mail-Text:")
# Die Teile einer Mailvorlage, wie die Meldungen unten sie nennen ($part).
mail-part-subject = Betreff
mail-part-text = Text
mail-part-html = HTML
mail-part-message = Nachricht
mail-template-repetition = { $part }: `*` (Zeile { $line }) ist in einer Vorlage nicht erlaubt: wiederholter Text oder wiederholte Listen könnten eine Mail beliebig groß machen
mail-template-too-long = der Teil „{ $part }“ ist länger als { $max } Bytes
# $language: der eigene Name der Sprache (Deutsch); $language_code: ihr Code (de);
# $reason: eine der anderen mail-template-…-Meldungen.
mail-template-of-language = { $language_code ->
    [en] die englische Vorlage
    [de] die deutsche Vorlage
    [fr] die französische Vorlage
    [es] die spanische Vorlage
   *[other] die Vorlage auf { $language }
}: { $reason }
# $error: die Meldung der Vorlagen-Engine, auf Englisch.
mail-template-part-error = { $part }: { $error }
mail-template-engine-failed = { $part }: die Vorlagen-Engine ist an dieser Vorlage gescheitert ({ $detail }); schreib den fehlerhaften Ausdruck anders
# $name: der unbekannte Name, wie geschrieben ({{ vorname }}); $placeholders: alle
# Platzhalter, durch Kommas getrennt ({{ greeting }}, {{ name }}, …).
mail-template-unknown-placeholder = der Teil „{ $part }“ verwendet { $name }, das ist aber kein Platzhalter; die Platzhalter sind { $placeholders }
mail-template-unknown-placeholder-html = der Teil „{ $part }“ verwendet { $name }, das ist aber kein Platzhalter; die Platzhalter sind { $placeholders } und { "{{ body }}" } (der Text)

## The web pages' own checks (ticket-web).
web-whole-number = gib eine ganze Zahl wie 3 ein
web-language-unknown = verwende en, de, fr oder es

## Where mail goes (settings and send pages, the command line).
mail-to-outbox = Ausgangsordner { $folder }
mail-to-smtp = SMTP-Server { $url }
web-no-such-page = Unter dieser Adresse gibt es nichts. Prüfe den Link oder fang auf der Startseite neu an.
