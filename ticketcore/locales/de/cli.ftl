# Meldungen von ticket-cli an Menschen (Tabellen, Berichte, Fortschritt,
# eigene Fehlertexte). JSON-Ausgabe und --help bleiben englisch. Die ids und
# die { $variables } bleiben, wie sie sind.
cli-language = Deutsch

## Präfixe und Zahlen (output.rs, failure.rs)
cli-error = Fehler:
cli-warning = Warnung:
cli-note = Hinweis:
cli-ok = ok:
# Zwischen Dreiergruppen von Ziffern: 17.576.
cli-thousands-separator = .

## Eigene Fehlertexte; $error ist der Fehlertext des Kerns (englisch).
cli-not-found-event = { $error }; siehe `ticket-cli event list`
cli-not-found-user = { $error }; siehe `ticket-cli user list`
cli-not-found-ticket = { $error }; siehe `ticket-cli tickets --event EVENT`
cli-database-error = Datenbankfehler: { $reason }
cli-database-migration-failed = Datenbankmigration fehlgeschlagen: { $reason }
cli-cannot-open-database = Datenbank `{ $url }` kann nicht geöffnet werden
cli-completion-not-utf8 = Vervollständigungsskript ist kein UTF-8
cli-cannot-write-stdout = Schreiben auf stdout fehlgeschlagen
cli-cannot-read = { $path } kann nicht gelesen werden
cli-not-a-file = { $path } ist keine Datei

## event create, event rules, event list
cli-event-created = Veranstaltung { $name } ({ $slug }) angelegt, ID { $id }, Zeiten in { $zone }, Mails auf { $language }.
cli-event-codes = Codes: { $length } Zeichen aus { $alphabet } ({ $possible } möglich).
# $codes ist cli-event-codes.
cli-event-capacity-none = { $codes } Schon bei einem Gast liegt die Trefferchance eines geratenen Codes über 1 zu { $floor }.
cli-event-capacity = { $codes } Bei bis zu { $capacity } { $n ->
        [one] Gast
       *[other] Gästen
    } liegt die Trefferchance eines geratenen Codes bei höchstens 1 zu { $floor }.
cli-event-hint-code-length = für bis zu { $guests } Gäste bei gleicher Trefferchance die Veranstaltung mit --code-length { $length } anlegen
cli-event-use-as = Angeben als --event { $slug }.
cli-walk-in-limit-invalid = --walk-in-limit: `{ $value }` ist weder eine Zahl noch `none`
# "Sommerfest: Wiedereinlass aus; Spontangäste durch Admins, höchstens 5"
cli-event-rules = { $event }: Wiedereinlass { $reentry }; Spontangäste { $walkins }{ $limit }
cli-rules-on = an
cli-rules-off = aus
cli-rules-walk-ins-admins = durch Admins
cli-rules-walk-ins-doors = durch Admins und Einlasspersonal
cli-rules-limit = , höchstens { $limit }
cli-events-none = Noch keine Veranstaltungen; eine anlegen mit `ticket-cli event create NAME`.

## import
cli-import-too-big = { $path } hat { $bytes } Bytes; Gästelisten dürfen höchstens { $max } Bytes haben
cli-import-reading = lese { $file }
cli-import-col-row = ZEILE
cli-import-col-name = NAME
cli-import-col-problem = PROBLEM
cli-import-place-sheet = Blatt `{ $sheet }`, Kopfzeile in Zeile { $row }
cli-import-place = Kopfzeile in Zeile { $row }
cli-import-already = { $n ->
    [one] ; { $count } Gast war schon da (gleiche Adresse)
   *[other] ; { $count } Gäste waren schon da (gleiche Adresse)
}
cli-import-guests = { $n ->
    [one] { $count } Gast
   *[other] { $count } Gäste
}
cli-import-problem-rows = { $n ->
    [one] { $count } Zeile mit Problemen
   *[other] { $count } Zeilen mit Problemen
}
cli-import-dry-run = Probelauf: { $guests } bereit zum Import, { $problems } ({ $place }){ $already }; nichts wurde geändert
# Nach "Fehler:"; $problems ist cli-import-problem-rows, $n die Zahl der guten Zeilen.
cli-import-refused = { $problems }; nichts wurde importiert. Probleme beheben oder { $n ->
        [one] die { $valid } gute Zeile
       *[other] die { $valid } guten Zeilen
    } mit --skip-invalid importieren
# Nach "ok:".
cli-import-done = { $guests } in { $event } importiert ({ $place }){ $skipped }{ $already }
cli-import-skipped = { $n ->
    [one] ; { $count } fehlerhafte Zeile übersprungen
   *[other] ; { $count } fehlerhafte Zeilen übersprungen
}

## send
cli-cannot-read-template = die Vorlagendatei `{ $path }` kann nicht gelesen werden
cli-template-file = Vorlagendatei `{ $path }`
cli-send-no-sender = { $reason }: mit --mail-from (oder TICKET_MAIL_FROM) einen angeben, z. B. --mail-from "Sommerball <tickets@example.org>"
cli-send-event-sender = Mails gehen mit dem eigenen Absender der Veranstaltung hinaus: { $sender } (--mail-from gilt nur für Veranstaltungen ohne eigenen Absender)
cli-send-cannot-go-out = Mails können nicht verschickt werden: { $reason }
cli-send-dry-run-resend = Probelauf: nichts wird erneut eingereiht, daher werden nur die noch wartenden Mails gerendert
cli-send-progress-rendering = rendere
cli-send-progress-sending = sende
# Die Zusammenfassung in einer Zeile auf stderr, wenn kein Fortschrittsbalken läuft.
cli-send-summary-sent = send: { $sent } gesendet, { $failed } fehlgeschlagen, { $remaining } übrig{ $stopped }
cli-send-summary-rendered = send: { $sent } gerendert, { $failed } fehlgeschlagen, { $remaining } übrig{ $stopped }
cli-send-summary-stopped = , abgebrochen
cli-send-stopped-early = der Lauf wurde vorzeitig abgebrochen: { $reason }
cli-send-mails-failed = { $n ->
    [one] { $count } Mail fehlgeschlagen
   *[other] { $count } Mails fehlgeschlagen
}
cli-mails = { $n ->
    [one] { $count } Mail
   *[other] { $count } Mails
}
cli-send-template-saved = Vorlage als Mailvorlage der Veranstaltung gespeichert.
cli-send-requeued = { $n ->
    [one] { $count } Ticket für den erneuten Versand eingereiht.
   *[other] { $count } Tickets für den erneuten Versand eingereiht.
}
# $mails ist cli-mails.
cli-send-dry-run-done = Probelauf: { $mails } gerendert, keine gesendet.
# $delivery: "outbox folder …" oder "SMTP server …" (vom Kern, englisch).
cli-send-sent = { $mails } gesendet ({ $delivery }).
# "Fehlgeschlagen 2:", über der Tabelle der fehlgeschlagenen Mails.
cli-send-failed-label = Fehlgeschlagen
cli-send-col-name = NAME
cli-send-col-email = E-MAIL
cli-send-col-reason = GRUND
cli-send-stopped-label = Abgebrochen:
cli-send-interrupted-label = Unterbrochen:
cli-send-interrupted = { $n ->
    [one] { $count } Mail eines früheren, unterbrochenen Laufs wurde
   *[other] { $count } Mails eines früheren, unterbrochenen Laufs wurden
} erneut gesendet; diese Gäste bekommen die Mail womöglich doppelt.
cli-send-interrupted-dry-run = { $n ->
    [one] { $count } Mail eines früheren, unterbrochenen Laufs würde
   *[other] { $count } Mails eines früheren, unterbrochenen Laufs würden
} erneut gesendet; diese Gäste bekommen die Mail womöglich doppelt.
cli-send-remaining = Übrig: { $n ->
    [one] { $count } Ticket wartet
   *[other] { $count } Tickets warten
} auf den Versand; für einen neuen Versuch `send` erneut ausführen.
cli-send-remaining-none = Übrig: keine, jeder Gast hat seine Mail.

## tickets
cli-tickets-none = Keine passenden Tickets.
cli-status-valid = gültig
cli-status-used = benutzt
cli-status-revoked = storniert
cli-mail-pending = ausstehend
cli-mail-sending = wird gesendet
cli-mail-sent = gesendet
cli-mail-failed = fehlgeschlagen
cli-mail-failed-because = fehlgeschlagen: { $reason }
cli-mail-none = keine
cli-tickets-count = { $n ->
    [one] { $count } Ticket
   *[other] { $count } Tickets
}

## scan, walk-in, undo, revoke
# Folgt dem Gast in der Ergebniszeile (nach einem Leerzeichen).
cli-scan-party = · Gruppe von { $persons }: { $arrived } angekommen, { $inside } drinnen
cli-scan-note = NOTIZ
cli-scan-admitted = EINGELASSEN
cli-scan-out = AUSGANG
cli-scan-already-used = BEREITS BENUTZT
cli-scan-unknown = UNBEKANNT
cli-scan-revoked = STORNIERT
# $who: "Anna Berg (ABC)"; $by: der Eingang oder Benutzer, der den Gast eingelassen hat.
cli-scan-used-at = { $who } um { $time } ({ $by })
cli-scan-unknown-code = kein Ticket von { $event } hat den Code `{ $code }`
cli-walk-in-added = Spontangast hinzugefügt: { $name } (Code { $code }).
cli-undo-valid-again = Einlass rückgängig gemacht: { $who } ist wieder gültig.
cli-undo-last-scan = Letzter Scan rückgängig gemacht: { $who }
cli-revoked = Storniert: { $who }; jeder weitere Scan wird abgewiesen.

## stats: eine Spalte mit Bezeichnungen (vom Programm aufgefüllt), dann die Zeilen.
cli-stats-tickets = Tickets
cli-stats-people = Personen
cli-stats-mail = Mail
cli-stats-odds = Erraten
cli-stats-tickets-line = { $total } gesamt: { $used } benutzt, { $valid } gültig, { $revoked } storniert
cli-stats-people-line = { $expected } erwartet: { $arrived } angekommen, { $inside } jetzt drinnen
cli-stats-walk-ins = { $n ->
    [one] , { $count } Spontangast
   *[other] , { $count } Spontangäste
}
cli-stats-mail-line = { $sent } gesendet, { $pending } ausstehend, { $failed } fehlgeschlagen
cli-stats-mail-interrupted = , { $count } unterbrochen (beim nächsten `send` erneut gesendet)
# $possible ist cli-stats-possible-codes.
cli-stats-odds-line = Trefferchance eines geratenen Codes: 1 zu { $odds } { $possible }
cli-stats-odds-none = noch keine Tickets { $possible }
cli-stats-possible-codes = ({ $count } mögliche Codes)
cli-stats-weak-codes = die Trefferchance eines geratenen Codes liegt über 1 zu { $floor }{ $hint }
cli-stats-hint-code-length = ; für eine neue Veranstaltung dieser Größe --code-length { $length } verwenden

## conflicts
cli-conflicts-none = keine Konflikte in { $event }: keine doppelten Einlässe, kein storniertes Ticket offline eingelassen
cli-conflicts-col-kind = Art
cli-conflicts-col-code = Code
cli-conflicts-col-name = Name
cli-conflicts-col-first = Zuerst
cli-conflicts-col-offline = Offline
cli-conflicts-col-received = Empfangen
# Column titles of `event list` and `tickets` (upper case, as printed).
cli-events-col-id = ID
cli-events-col-slug = KURZNAME
cli-events-col-name = NAME
cli-events-col-date = DATUM
cli-events-col-codes = CODES
cli-events-col-tickets = TICKETS
cli-tickets-col-code = CODE
cli-tickets-col-name = NAME
cli-tickets-col-email = E-MAIL
cli-tickets-col-status = STATUS
cli-tickets-col-used-at = BENUTZT UM
cli-tickets-col-by = VON
cli-tickets-col-mail = MAIL
cli-conflict-double-entry = doppelter Einlass
cli-conflict-revoked = storniert
cli-conflict-first = { $time }, { $door }
cli-conflict-offline = { $time }, { $door } ({ $user })

## user, token
cli-password-cannot-read-stdin = das Passwort kann nicht von stdin gelesen werden
cli-password-none-on-stdin = kein Passwort auf stdin: --password-stdin liest die erste Zeile
cli-password-no-terminal = stdin ist kein Terminal, daher kann nicht nach einem Passwort gefragt werden; es mit --password-stdin über eine Pipe übergeben
cli-password-cannot-ask = ohne Terminal kann nicht nach einem Passwort gefragt werden ({ $reason }); es mit --password-stdin über eine Pipe übergeben
# Eingabeaufforderungen; das Programm setzt ein Leerzeichen dahinter.
cli-password-prompt = Neues Passwort für { $name }:
cli-password-repeat = Noch einmal:
cli-password-mismatch = die beiden Passwörter sind verschieden; nichts wurde geändert
# $role: admin oder scanner (wie --role es schreibt).
cli-user-created = Benutzer { $name } ({ $role }) angelegt.
cli-users-none = Noch keine Benutzer; einen anlegen mit `ticket-cli user add NAME --role admin`.
cli-users-col-name = NAME
cli-users-col-role = ROLLE
cli-users-col-created = ANGELEGT
cli-user-password-changed = Passwort von { $name } geändert.
cli-user-role-set = { $name } ist jetzt { $role }.
cli-user-removed = { $name } samt API-Tokens entfernt.
cli-token-created = API-Token { $id } (`{ $label }`) für { $user }: wird nur dieses eine Mal angezeigt, jetzt sicher aufbewahren. Senden als `Authorization: Bearer TOKEN`.

## db
cli-db-migrated = { $url } ({ $backend }) hat Schemaversion { $version } ({ $description }), { $n ->
        [one] { $applied } Migration
       *[other] { $applied } Migrationen
    } angewendet; auf dem neuesten Stand.
cli-db-backup-written = Sicherung nach { $path } geschrieben ({ $bytes } Bytes). Zum Wiederherstellen --database-url auf eine Kopie davon richten.
cli-db-rows = { $n ->
    [one] ({ $count } Zeile)
   *[other] ({ $count } Zeilen)
}
cli-db-rows-affected = { $n ->
    [one] { $count } Zeile betroffen.
   *[other] { $count } Zeilen betroffen.
}

## Language names in sentences ("mails in German")
cli-lang-en = Englisch
cli-lang-de = Deutsch
cli-lang-fr = Französisch
cli-lang-es = Spanisch
