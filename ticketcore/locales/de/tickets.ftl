# Texte der Ticketseiten.
# Ids, die mit tickets-js- beginnen, sind auch Texte des Skripts der
# Ticketseite (tickets.js): sie wählen keine Wörter nach Zahlen, und manche
# teilt die vom Server gezeigte Seite, damit beide eine Zeile gleich sagen.

## Die Seite
tickets-title = Tickets
tickets-not-saved = Nicht gespeichert
tickets-not-let-in = Nicht eingelassen

## Alarme wegen geratener Codes (der Satz um den Benutzernamen und den Link zur Benutzerseite)
tickets-alert-user = Benutzer
tickets-alert-refused = hat zu viele unbekannte Codes gescannt und wird abgewiesen
tickets-alert-counts = ({ $refused } abgewiesen seit { $since }, zuletzt { $last }; Eingänge: { $doors }).
# Wird als HTML gezeigt, wie er ist: kein <, & und keine Anführungszeichen.
tickets-alert-advice = Wenn das kein ehrlicher Eingang ist, entziehe dem Benutzer den Zugang auf der
tickets-alert-users-page = Benutzerseite

## Konflikte von Eingängen, die offline waren
tickets-conflicts = { $n ->
        [one] { $n } Konflikt
       *[other] { $n } Konflikte
    }
tickets-conflicts-from = von Eingängen, die offline waren
tickets-conflicts-what = Was
tickets-conflicts-first-in = Zuerst eingelassen
tickets-conflicts-offline = Offline-Einlass
tickets-conflict-double-entry = doppelter Einlass
tickets-conflict-revoked = widerrufen, offline eingelassen
tickets-conflict-at = { $time } ({ $door })
tickets-conflict-at-by = { $time } ({ $door }, { $user })

## Zahlen
tickets-count-here = da
tickets-count-expected = erwartet
tickets-count-revoked = storniert
tickets-count-total = Tickets
tickets-live-title = Aktualisiert sich live, sobald ein Eingang scannt
tickets-people = Personen:
tickets-people-expected = erwartet,
tickets-people-arrived = angekommen,
tickets-people-inside = jetzt drinnen

## Das Ankunftsdiagramm
tickets-chart-title = Ankommende Personen je 15 Minuten
tickets-chart-zone = (Zeit in { $zone })
tickets-chart-from = ab { $time }
tickets-chart-people = { $n ->
        [one] { $n } Person
       *[other] { $n } Personen
    }
tickets-chart-first-in = { $n ->
        [one] { $n } Ticket
       *[other] { $n } Tickets
    } erstmals eingelassen

## Filter
tickets-search = Name, E-Mail oder Code suchen
tickets-filter-all = Alle
tickets-filter-expected = Erwartet
tickets-filter-here = Da
tickets-filter-revoked = Storniert
tickets-order = Reihenfolge
tickets-sort-issued = Reihenfolge der Liste
tickets-sort-check-in = Letzter Einlass
tickets-filter = Filtern
tickets-export-csv = CSV exportieren
tickets-print-door-list = Einlassliste drucken

## Gast hinzufügen
tickets-add-guest = Gast hinzufügen
tickets-add-button = Hinzufügen und Ticket ausstellen
tickets-add-hint = Geprüft wie eine Zeile einer Gästeliste; das Ticket wird beim nächsten Versand gemailt.

## Spontangäste
tickets-walk-in = Spontangast: jetzt einlassen
tickets-walk-ins-off = Spontangäste sind bei dieser Veranstaltung nicht erlaubt: erlaube sie unter
tickets-email-optional = E-Mail (optional)
tickets-let-in-now = Jetzt einlassen
tickets-walk-in-hint = Stellt ein als Spontangast markiertes Ticket aus (wird nicht gemailt) und lässt die ganze Gruppe auf einmal ein
tickets-walk-in-used = { $used } von { $cap } Spontangästen eingelassen

## Einlassregeln
tickets-rules = Einlassregeln
tickets-rules-reentry = Wiedereinlass: Gäste, die hinausgegangen sind, dürfen wieder herein
tickets-rules-who = Wer Spontangäste hinzufügen darf (Gäste, die nicht auf der Liste stehen)
tickets-rules-nobody = Niemand: die Liste ist geschlossen
tickets-rules-admins = Admins
tickets-rules-doors = Admins und Einlasspersonal
tickets-rules-limit = Höchstens so viele Spontangäste
tickets-rules-no-limit = keine Grenze
tickets-rules-save = Einlassregeln speichern
# Die Regeln in wenigen Worten: "Wiedereinlass an · Spontangäste: Admins und Einlasspersonal, höchstens 20".
tickets-rules-summary = { $reentry } · { $walk_ins }
tickets-rules-reentry-on = Wiedereinlass an
tickets-rules-reentry-off = Wiedereinlass aus
tickets-rules-walk-ins = Spontangäste: { $who }
tickets-rules-walk-ins-capped = Spontangäste: { $who }, höchstens { $cap }
tickets-rules-who-off = keine
tickets-rules-who-admins = Admins
tickets-rules-who-doors = Admins und Einlasspersonal

## Die Tabelle
tickets-name = Name
tickets-email = E-Mail
tickets-code = Code
tickets-status = Status
tickets-mail = Mail
tickets-note-title = Notiz: { $note }
tickets-walk-in-title = Am Eingang hinzugefügt
tickets-walk-in-pill = Spontangast
tickets-mail-pending = ausstehend
tickets-mail-sending = wird gesendet
tickets-mail-sent = gesendet
tickets-mail-failed = fehlgeschlagen
tickets-mail-none = keine
tickets-restore = Wiederherstellen
tickets-edit-guest = Gast bearbeiten
tickets-people-label = Personen
tickets-note = Notiz für den Eingang
tickets-note-placeholder = VIP, Ausweis prüfen, zahlt am Eingang
tickets-mail-language = Mail-Sprache
tickets-mail-language-event = wie die Veranstaltung ({ $language })
tickets-resend = Ticket erneut mailen (an eine korrigierte Adresse)
tickets-save = Speichern
tickets-none-match = Keine passenden Tickets
tickets-none-yet = Noch keine Tickets —
tickets-import-list = eine Gästeliste importieren
tickets-previous = ‹ Zurück
tickets-next = Weiter ›

## Meldungen nach einer Aktion (who: "Anna Berg (ABCDEFGH)")
tickets-done-rules = Einlassregeln gespeichert: { $rules }.
tickets-done-walked-in-party = Spontangast { $name } mit einer Gruppe von { $persons } eingelassen (Code { $code }).
tickets-done-walked-in = Spontangast { $name } eingelassen (Code { $code }).
tickets-done-walked-in-unknown = Spontangast { $who } eingelassen.
tickets-done-undone-latest = Der letzte Scan von { $who } ist rückgängig gemacht; das Ticket bleibt eingecheckt ({ $party }).
tickets-done-undone = Einlass von { $who } rückgängig gemacht: das Ticket ist wieder gültig.
tickets-done-revoked = Ticket von { $who } storniert.
tickets-done-checked-in = { $who } von Hand eingelassen.
tickets-done-restored = Ticket von { $who } wiederhergestellt.
tickets-done-corrected = { $who } korrigiert.
tickets-done-corrected-resent = { $who } korrigiert; das Ticket wird beim nächsten Versand an die neue Adresse gemailt (Tickets versenden).
tickets-done-resent = Das Ticket von { $who } wird erneut gemailt: es geht beim nächsten Versand hinaus (Tickets versenden).
tickets-done-added = { $who } hinzugefügt; das Ticket wird beim nächsten Versand gemailt (Tickets versenden).

## Probleme
tickets-problem-walk-in-limit = ungültige Höchstzahl an Spontangästen: gib eine ganze Zahl an oder lass das Feld leer für keine Grenze
tickets-problem-persons = ungültige Personenzahl: gib eine ganze Zahl ab 1 an
tickets-problem-not-admitted = das Ticket des Spontangasts wurde nicht eingelassen ({ $outcome })
tickets-problem-used = nicht eingelassen: das Ticket wurde schon benutzt
tickets-problem-revoked = nicht eingelassen: das Ticket ist storniert
tickets-problem-unknown = nicht eingelassen: kein solches Ticket

## Texte des Skripts (und der Seite, wo sie gleich sind)
tickets-js-pill-used = da
tickets-js-pill-valid = erwartet
tickets-js-pill-revoked = storniert
tickets-js-check-in = Einlassen
tickets-js-undo = Einlass rückgängig
tickets-js-undo-scan = Letzten Scan rückgängig
tickets-js-mail-again = Erneut mailen
tickets-js-revoke = Stornieren
tickets-js-revoke-confirm = Das Ticket von { $name } stornieren?
tickets-js-print = Ticket drucken
tickets-js-walk-in-one = Spontangast
tickets-js-walk-in-other = Spontangäste
# Die Zahlen einer Gruppe nach ihrem Etikett: "Gruppe von 4", "3 von 4",
# "3 von 4 · 2 drinnen"; "draußen" für einen Gast allein.
tickets-js-party-went-out = draußen
tickets-js-party-of = Gruppe von { $size }
tickets-js-party = { $arrived } von { $size }
tickets-js-party-inside = { $arrived } von { $size } · { $inside } drinnen
tickets-js-live = ● live
tickets-js-not-live = ○ nicht live: verbinde neu …
tickets-js-alert-title = Alarm: Codes werden geraten:
tickets-js-alert-text = Benutzer { $user } hat zu viele unbekannte Codes gescannt und wird abgewiesen ({ $refused } abgewiesen seit { $since }, zuletzt { $last }; Eingänge: { $doors }). Wenn das kein ehrlicher Eingang ist, entziehe dem Benutzer den Zugang auf der Benutzerseite.
tickets-js-alert-reset = Zurücksetzen (der Eingang ist ehrlich)
