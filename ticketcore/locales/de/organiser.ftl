# Texte der Organisationsseiten.
# Die Ids und die { $variables } bleiben; übersetzt wird der Rest. Markup
# wie <b> und <code> steht in den Vorlagen: eine Meldung ist der Text
# zwischen zwei Tags (die Leerzeichen an den Rändern setzt die Vorlage,
# außer eine Meldung beginnt mit {" "}).

## Tickets versenden (send.html, send.rs)
send-title = Versand
send-crumb = Tickets versenden
send-guest-list = Gästeliste
send-preview-of = Vorschau von { $file }
# Nach "<b>3</b> ": wie viele Gäste der Datei importiert werden können.
send-preview-new = { $n ->
    [one] neuer Gast kann
   *[other] neue Gäste können
} importiert werden
# Nach "; <b>2</b> ": Gäste der Liste, die schon ein Ticket haben.
send-preview-already = { $n ->
    [one] ist schon da (gleiche Adresse) und bleibt, wie er ist
   *[other] sind schon da (gleiche Adresse) und bleiben, wie sie sind
}
# Nach "; <b>1</b> ": Zeilen der Datei, die nicht importiert werden können.
send-preview-problems = { $n ->
    [one] Zeile hat ein Problem
   *[other] Zeilen haben Probleme
}
send-preview-nothing-saved = Gespeichert ist noch nichts.
send-col-row = Zeile
send-col-name = Name
send-col-problem = Problem
send-col-email = E-Mail
send-col-reason = Grund
send-preview-more = … und { $n } weitere.
send-fix-rows = Korrigiere diese Zeilen in der Datei und lade sie erneut hoch, oder überspringe sie:
send-skip-bad = { $bad ->
    [one] Die fehlerhafte Zeile überspringen
   *[other] Die { $bad } fehlerhaften Zeilen überspringen
} und { $good ->
    [one] die gute
   *[other] die { $good } guten
} importieren
send-import-button = { $n ->
    [one] { $n } Gast importieren und sein Ticket ausstellen
   *[other] { $n } Gäste importieren und ihre Tickets ausstellen
}
send-all-there = Alle auf dieser Liste haben schon ein Ticket: nichts zu importieren.
send-none-importable = Kein Gast dieser Datei kann importiert werden: korrigiere die Zeilen oben und lade die Datei erneut hoch.
send-cancel = Abbrechen
# Der Hinweis zum Hochladen: "… (Spalten wie <i>Name</i> oder <i>Vorname</i> +
# <i>Nachname</i> sowie <i>E-Mail</i>). Du siehst …"; die Spaltentitel
# sind solche, die der Import liest.
send-upload-intro = Lade eine Excel- oder CSV-Datei mit Namen und E-Mail-Adressen hoch (Spalten wie
send-upload-or = oder
send-upload-and = {" "}sowie
send-column-name = Name
send-column-first = Vorname
send-column-last = Nachname
send-column-email = E-Mail
send-upload-preview-first = Du siehst eine Vorschau, bevor etwas gespeichert wird.
send-skip-bad-rows = Fehlerhafte Zeilen überspringen (die guten importieren)
send-preview-button = Vorschau
# "3 Tickets bisher ausgestellt, 1 davon storniert."
send-issued = { $n } { $n ->
    [one] Ticket
   *[other] Tickets
} bisher ausgestellt
send-issued-revoked = { $n } davon storniert

send-mail = Mails
send-waiting = ausstehend
send-sent = gesendet
send-failed = fehlgeschlagen
# "Mails gehen an: outbox folder /srv/outbox, Absender Ball <b@example.org> (der Standardabsender)."
# Den Mailserver beschreibt der Kern auf Englisch.
send-mail-goes-to = Mails gehen an: { $mailer }
send-mail-from = mit Absender { $from }
send-default-sender-note = (der Standardabsender)
send-settings-link = Einstellungen
# "… oder setze einen Standardabsender auf der <a>Einstellungsseite</a>."
send-no-sender = Es ist kein Absender gesetzt: gib dieser Veranstaltung unten einen Absender oder setze einen Standardabsender auf der
send-no-sender-link = Einstellungsseite
send-no-sender-end = .
send-sender-label = Absender der Mails dieser Veranstaltung
send-sender-example = Sommerball <tickets@example.org>
send-save-sender = Absender speichern
send-sender-blank = Leer: der Standardabsender
send-progress = { $done } von { $total }
send-last-run = Letzter Versand:
send-still-waiting = noch ausstehend
# Der Grund kommt vom Kern, auf Englisch.
send-stopped = Angehalten: { $reason }. Die übrigen Gäste warten weiter; versende später noch einmal.
send-interrupted = { $n ->
    [one] { $n } Mail eines unterbrochenen früheren Versands wurde erneut gesendet und kommt vielleicht doppelt an.
   *[other] { $n } Mails eines unterbrochenen früheren Versands wurden erneut gesendet und kommen vielleicht doppelt an.
}
send-send-button = { $n ->
    [one] { $n } Ticket
   *[other] { $n } Tickets
} versenden

send-event-language = Sprache der Mails dieser Veranstaltung (eine Spalte der Gästeliste kann sie für jeden Gast festlegen):
send-event-language-save = Speichern
send-language-set = Die Mails dieser Veranstaltung sind jetzt auf { $language }; Gäste mit eigener Sprache behalten diese.
send-template-language = Mailtext je Sprache der Gäste:
send-mail-text = Mailtext
# Platzhalter: <code>{{ greeting }}</code> (…), <code>{{ name }}</code>, …
send-placeholders = Platzhalter:
send-placeholder-greeting = „Hallo Anna“ oder die Anrede-Spalte
send-placeholder-persons = wie vielen Personen das Ticket Einlass gewährt
send-placeholder-salutation = ist die Anrede-Spalte allein.
send-subject = Betreff
send-text = Text
send-message-label = Eine Nachricht an alle Gäste (optional)
send-message-example = Einlass ab 19:00 Uhr. Dresscode: Black Tie.
send-html-part = HTML-Teil (für Fortgeschrittene)
send-html = HTML
send-html-placeholder = Leer: der Text oben in einem einfachen Layout. Mit { $body } fügst du den Text oben ein.
send-html-hint = Leer: der Text oben in einem einfachen Layout. Platzhalter werden für HTML maskiert.
send-save-text = Text speichern
send-reset = Zurück zum Standard
send-preview-first = Vorschau für den ersten Gast, dessen Mail in dieser Sprache ist (oder einen Beispielgast)
send-preview-title = Vorschau der Mail
send-problems = Probleme
send-queue-again = Erneut einreihen

## Meldungen der Versandseite
send-template-reset = Die Standardvorlage ist wieder da.
send-template-saved = Vorlage gespeichert.
# Der Fehler kommt vom Kern, auf Englisch. Eine Meldung, die mit dem Text
# dieser Meldung (vor dem Fehler) beginnt, wird als Fehlschlag gezeigt.
send-not-saved = Nicht gespeichert: { $error }
send-no-sender-set = { $error }. Gib der Veranstaltung unten einen eigenen Absender oder setze einen Standardabsender auf der Einstellungsseite.
send-upload-failed = Das Hochladen ist fehlgeschlagen: { $error }
send-upload-not-stored = Die hochgeladene Datei kann nicht zum Lesen gespeichert werden: { $error }
send-choose-file = Wähle zuerst eine Datei.
send-preview-expired = Diese Vorschau ist abgelaufen; lade die Datei erneut hoch.
send-import-refused = { $n ->
    [one] Nichts importiert: { $n } Zeile hat Probleme (hat sich die Datei seit der Vorschau geändert?).
   *[other] Nichts importiert: { $n } Zeilen haben Probleme (hat sich die Datei seit der Vorschau geändert?).
}
send-imported = { $n ->
    [one] { $n } Gast importiert; sein Ticket ist
   *[other] { $n } Gäste importiert; ihre Tickets sind
} versandbereit.
send-imported-skipped = { $n ->
    [one] { $n } fehlerhafte Zeile wurde übersprungen.
   *[other] { $n } fehlerhafte Zeilen wurden übersprungen.
}
send-imported-already = { $n ->
    [one] { $n } Gast war schon da (gleiche Adresse).
   *[other] { $n } Gäste waren schon da (gleiche Adresse).
}
send-nothing-imported = Nichts importiert: { $error }
send-sender-set = Die Mails dieser Veranstaltung kommen jetzt von { $sender }.
send-sender-default = Die Mails dieser Veranstaltung kommen jetzt vom Standardabsender.

## Texte des Skripts der Versandseite (send.js)
org-js-cannot-render = Kann nicht dargestellt werden
org-js-progress = { $done } von { $total } ({ $sent } gesendet, { $failed } fehlgeschlagen)

## Einstellungen (settings.html, settings.rs)
settings-title = Einstellungen
# "… Auch für <code>ticket-cli send</code> gilt sie, solange es nicht
# <code>--smtp-url</code>/<code>--mail-from</code> (oder deren Variablen) bekommt. …"
settings-stored-intro = Diese Einstellungen stehen in der Datenbank: Eine Änderung gilt sofort und ohne Neustart auf jeder Seite und an jedem Eingang. Auch für
settings-stored-unless = gilt sie, solange es nicht
settings-stored-rest = (oder deren Variablen) bekommt. Standardwert jeder Einstellung ist das, womit ticket-web gestartet wurde.
settings-mail-server = Mailserver
# Vor dem Mailserver, den der Kern auf Englisch beschreibt.
settings-mail-goes-to = Mails gehen an:
settings-new-smtp = Neuer SMTP-Server
settings-smtp-example = smtps://benutzer:app-passwort@smtp.example.org
# "Leer … <code>smtps://</code> für Port 465, <code>smtp://…:587?tls=required</code> für STARTTLS. …"
settings-smtp-blank = Leer lassen, um den aktuellen Server zu behalten.
settings-smtp-port = für Port 465,
settings-smtp-starttls = für STARTTLS. Das Passwort wird nie wieder angezeigt.
settings-smtp-reset = Zurück zum Standard: { $default }
settings-default-sender = Standardabsender
settings-sender-label = Absender der Ticket-Mails
settings-sender-example = Sommerball <tickets@example.org>
# Nach "Gesetzt von ada am 07.12.2026, 21:14 Uhr. "
settings-sender-hint = Gilt für Veranstaltungen ohne eigenen Absender (den setzt du auf der Versandseite der Veranstaltung). Leer: der Standard ({ $default }).
settings-door-search = Namenssuche am Eingang
settings-door-search-label = Das Einlasspersonal darf einen Gast nach Namen suchen, wenn der Code verloren ist
settings-on = an
settings-off = aus
settings-default-on = Standard (an)
settings-default-off = Standard (aus)
settings-now = Jetzt
settings-door-reload = Eingangsseiten, die vor einer Änderung geöffnet wurden, übernehmen sie beim Neuladen.
settings-save = Einstellungen speichern
# Woher eine Einstellung kommt: in Klammern nach dem Mailserver und am
# Anfang eines Absatzes (dahinter ". ").
settings-set-by = Gesetzt von { $user } am { $time }
settings-start-default = Standardwert, mit dem ticket-web gestartet wurde
# Der Standardabsender, wenn ticket-web ohne einen gestartet wurde.
settings-none = keiner
settings-nothing-changed = Nichts geändert.
settings-saved = Gespeichert. Das gilt sofort, auf jeder Seite und an jedem Eingang.
settings-mail-can-go-out = Mails können verschickt werden: { $mailer }.
settings-mail-cannot-go-out = Aber Mails können noch nicht verschickt werden: { $error }

## Benutzer (users.html, users.rs)
users-title = Benutzer
# "Neues API-Token für <b>ada: laptop</b>. Kopiere es jetzt: …"
users-new-token = Neues API-Token für
users-copy-now = Kopiere es jetzt: es wird nur einmal angezeigt.
users-use-as = Verwende es als
users-role-scanner = Einlasspersonal
users-role-admin = Admin
users-new-password = Neues Passwort
users-set-password = Passwort setzen
users-change-role = Rolle ändern
users-token-label = Name des Tokens
users-new-token-button = Neues API-Token
users-remove-confirm = { $name } entfernen?
users-remove = Entfernen
users-token-created = erstellt am { $time }
users-revoke = Widerrufen
users-door-phones = Eingangstelefone
users-door-phones-hint = Kopple ein Telefon ohne Passwort für eine Veranstaltung: Es scannt als der Eingang, den du benennst, bis zum Tag nach der Veranstaltung oder bis du die Kopplung widerrufst.
users-create-event-first = Lege zuerst eine Veranstaltung an.
users-event = Veranstaltung
users-door-name-example = Name des Eingangs, z. B. eingang-2
users-door-name = Name des Eingangs
users-pair-phone = Telefon koppeln
users-pairing-waiting = wartet
users-pairing-paired = gekoppelt
users-pairing-revoked = widerrufen
users-pairing-expired = abgelaufen
users-pairing-until = bis { $time }
users-pairing-by = von { $name }
users-pairing-revoke-confirm = Die Kopplung von { $door } widerrufen?
users-add-user = Benutzer hinzufügen
users-user-name = Benutzername
users-role = Rolle
users-role-scanner-hint = Einlasspersonal — darf nur am Eingang scannen
users-role-admin-hint = Admin — alles
users-password = Passwort (mindestens 8 Zeichen)
users-add-button = Benutzer hinzufügen
## Meldungen der Benutzerseite
users-added = { $name } hinzugefügt ({ $role }).
users-password-set = Neues Passwort für { $name } gesetzt; die anderen Sitzungen dieses Benutzers sind beendet.
users-role-changed = { $name } ist jetzt { $role }.
users-removed = { $name } entfernt.
users-token-revoked = Token widerrufen.
users-pairing-revoked-done = Kopplung widerrufen: dieses Telefon wird bei seiner nächsten Anfrage abgemeldet.

## Ein Eingangstelefon koppeln: die Seite des Admins (pairing.html)
pairing-title = Eingangstelefon koppeln
# "Scanne diesen Code … und tippe dann auf dem Telefon <b>Scannen starten</b> an."
pairing-scan-code = Scanne diesen Code mit der Kamera-App des Eingangstelefons und tippe dann auf dem Telefon
pairing-start-scanning = Scannen starten
pairing-on-phone = an.
# "Es wird zum Eingang <b>eingang-2</b> für <b>Sommerball</b> bis …"
pairing-becomes = Es wird zum Eingang
pairing-for = für
pairing-until = bis { $time }.
pairing-qr-alt = QR-Code des Kopplungslinks
pairing-or-open = Oder öffne diesen Link auf dem Telefon (er funktioniert einmal, innerhalb der nächsten Stunde):
# "… Widerrufe die Kopplung auf der <a>Benutzerseite</a>, wenn das Telefon verloren geht."
pairing-shown-once = Dieser Code wird nur jetzt angezeigt. Widerrufe die Kopplung auf der
pairing-users-page = Benutzerseite
pairing-when-lost = , wenn das Telefon verloren geht.
pairing-done = Fertig
## Die Seite des Telefons (pair.html, pairing.rs)
pairing-phone-title = Dieses Telefon koppeln
# "Dieses Telefon wird zum Eingang <b>eingang-2</b> für <b>Sommerball</b>."
pairing-phone-becomes = Dieses Telefon wird zum Eingang
pairing-phone-scans = Es scannt nur Tickets dieser Veranstaltung, ohne Passwort, bis { $time } oder bis ein Admin es widerruft.
pairing-start-as = Scannen starten als { $door }
pairing-link-once = Der Link funktioniert nur einmal und nur innerhalb einer Stunde nach seiner Erstellung; danach koppelt er kein weiteres Telefon.
pairing-login-instead = Stattdessen mit Benutzername und Passwort anmelden
pairing-link-unknown = Dieser Kopplungslink ist hier nicht bekannt.
pairing-link-revoked = Dieser Kopplungslink wurde widerrufen.
pairing-link-expired = Dieser Kopplungslink ist abgelaufen.
pairing-link-used = Dieser Kopplungslink wurde schon von einem anderen Telefon benutzt.
pairing-ask-admin = Bitte einen Admin um einen neuen.
