# Texte der Einlassseite (Ergebnisse, Meldungen und die Texte ihres Skripts).

## Uhrzeiten am Einlass und in den Tabellen: ein strftime-Muster, dann das Ganze.
time-format = %H:%M
clock = { $time } Uhr
## A date with its time (tooltips, lists): a strftime pattern of digits
## (%d day, %m month, %Y year), then the whole.
date-format = %d.%m.%Y
date-time = { $date }, { $clock }

welcome = Willkommen
offline = offline

## Die Einlassseite: Titel, Formular und Bedienelemente.
page-title = Einlass
code-label = Ticket-Code
check = Prüfen
persons = Personen
persons-hint = Wie viele der Gruppe hereinkommen (oder hinausgehen)
persons-all = alle
exit-mode = Ausgangsmodus
walk-in = Spontangast
camera = Kamera
camera-stop = Kamera aus
door-label = Eingang:
door-unnamed = Eingang benennen
door-prompt = Name dieses Eingangs (wird angezeigt, wenn ein Ticket schon benutzt wurde)
door-paired = Beim Koppeln dieses Telefons benannt
# Gespeichert als Eingang eines Offline-Check-ins ohne Eingangsnamen.
this-door = dieser Eingang
admitted-here = { $count } hier eingelassen
recent-label = Letzte Ergebnisse
search-open = Code verloren? Gast nach Namen suchen
search-placeholder = Mindestens 3 Buchstaben des Namens
search-find = Suchen
tap-next = Tippen für den nächsten Gast

## Ergebnisse: die Überschrift.
already-used = Bereits benutzt
already-in = Schon drin
unknown-code = Unbekannter Code
revoked = Storniert
out = Ausgang
other-event = Andere Veranstaltung
not-let-in = Nicht eingelassen
not-let-out = Nicht hinausgelassen
not-checked = Nicht geprüft
exit-not-counted = Ausgang nicht gezählt
cannot-check-now = Gerade keine Prüfung möglich
too-many = Zu viele unbekannte Codes
welcome-offline = Willkommen (offline)
offline-party = Gruppe von { $size }, jetzt eingelassen: { $left }
already-used-offline = Bereits benutzt (offline)
unknown-code-offline = Unbekannter Code (offline)
revoked-offline = Storniert (offline)
cannot-check-offline = Keine Prüfung möglich (offline)
welcome-walk-in = Willkommen (neuer Gast)
walk-in-failed = Gast nicht hinzugefügt

## Ergebnisse: die Zeile darunter. Das Skript setzt den Namen des Gastes und
## " — " vor at-time-door, used-at und die Gruppentexte.
at-time-door = um { $time } ({ $door })
used-at = benutzt um { $time } ({ $door })
revoked-name = Das Ticket von { $name } wurde storniert
revoked-nameless = Dieses Ticket wurde storniert
other-event-code = { $code } ist ein Ticket für { $event }, nicht für diese Veranstaltung
other-event-page = Das ist ein Ticket für { $event }, nicht für diese Veranstaltung.
unknown-code-detail = Kein Ticket hat den Code { $code }
unknown-code-page = Kein Ticket dieser Veranstaltung hat diesen Code.
out-inside = { $inside } von { $size } jetzt drinnen
party = Gruppe von { $size } — { $arrived } angekommen
party-all = Gruppe von { $size } — { $arrived } angekommen (alle)
party-left = { $left } noch erwartet
party-inside = { $inside } jetzt drinnen
too-many-wait = { $secs } s warten, dann den Code noch einmal eingeben. Der Veranstalter ist informiert.
try-again = Bitte noch einmal versuchen
server-silent = Der Server antwortet nicht.
server-answered = Der Server antwortete mit { $status }.
pick-silent = Der Server antwortet nicht. Bitte stattdessen den Code des Gastes eingeben.
exit-silent = Der Server antwortet nicht. Gast hinauslassen; noch einmal scannen, wenn der Server wieder da ist.
persons-silent = Der Server antwortet nicht. Den Code noch einmal scannen, um zu sehen, wie viele der Gruppe drin sind.
exit-offline = Offline: Ausgänge brauchen den Server. Gast hinauslassen; die Zählung wird beim nächsten Ausgangs-Scan nachgeholt.
no-copy = Dieses Telefon hat noch keine Kopie der Gästeliste. Code von Hand prüfen.
not-in-copy = { $code } steht nicht in der Gästeliste dieses Telefons (Stand { $time }). Falls der Gast seitdem hinzugefügt wurde: von Hand prüfen.

## Wer gerade drin ist (alle Eingänge).
inside-now = Jetzt drinnen: { $inside } · angekommen { $arrived } von { $total }

## Neue Gäste: nicht auf der Liste, am Eingang hinzugefügt und eingelassen.
walk-in-name = Spontangast: Name des Gastes
walk-in-persons = Wie viele Personen kommen mit diesem Ticket herein?
walk-in-party = Gruppe von { $persons }
walk-in-code = Code { $code }

## Das Banner, wenn offline oder beim Senden. "-one" gilt für 1, "-other"
## für jede andere Zahl.
banner-offline-one = Offline seit { $since } ({ $duration }) — Scans werden auf diesem Telefon entschieden; { $count } Check-in wartet
banner-offline-other = Offline seit { $since } ({ $duration }) — Scans werden auf diesem Telefon entschieden; { $count } Check-ins warten
offline-under-minute = weniger als eine Minute
offline-minutes = { $mins } Min.
banner-sending-one = Wieder online — sende { $count } Check-in
banner-sending-other = Wieder online — sende { $count } Check-ins
banner-unsent-one = { $count } Check-in nicht gesendet: { $problem }
banner-unsent-other = { $count } Check-ins nicht gesendet: { $problem }
sync-log-in = zum Senden auf diesem Telefon neu anmelden (vorher nicht abmelden)
sync-server-answered = der Server antwortete mit { $status }
double-entries-one = { $count } doppelter Einlass gesendet: hier offline eingelassen, auf dem Server aber schon drin (oder storniert); der Veranstalter sieht ihn
double-entries-other = { $count } doppelte Einlässe gesendet: hier offline eingelassen, auf dem Server aber schon drin (oder storniert); der Veranstalter sieht sie

## Gästesuche nach Namen.
search-too-short = Mindestens 3 Buchstaben des Namens eingeben.
search-failed = Suche fehlgeschlagen
search-none = Niemand mit diesem Namen.
search-party = { $arrived } von { $size } angekommen
search-check-in = Einlassen
status-valid = gültig
status-used = benutzt
status-revoked = storniert
no-connection = Keine Verbindung

## Die Kamera.
camera-unsupported = Dieser Browser gibt Webseiten keinen Zugriff auf die Kamera.
camera-typing-works = Eintippen und USB-Scanner funktionieren wie gewohnt.
camera-needs-https = Scannen mit der Kamera braucht HTTPS (oder localhost, auf dem Server selbst): Der Veranstalter startet ticket-web mit { $cert } und { $key }.
camera-not-ticket = Dieser QR-Code ist kein Ticket.
camera-point = Kamera auf den QR-Code eines Tickets richten.
camera-denied = Kamerazugriff verweigert. Die Kamera für diese Seite in den Browser-Einstellungen erlauben (Symbol neben der Adresse), dann noch einmal auf Kamera tippen.
camera-none = Dieses Gerät hat keine Kamera.
camera-busy = Die Kamera wird von einer anderen App benutzt oder konnte nicht starten.
camera-failed = Die Kamera ist nicht gestartet.
camera-failed-named = Die Kamera ist nicht gestartet ({ $error }).
camera-starting = Kamera startet…
camera-stopped = Die Kamera wurde beendet.
camera-no-reader = Der QR-Code-Leser ließ sich auf diesem Telefon nicht laden: Codes bitte eintippen.
camera-paused = Kamera pausiert, solange die Seite verborgen war.
note-hint = (tippen, um die Notiz zu bestätigen)
