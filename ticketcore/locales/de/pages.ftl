# Texte der Seiten, die alle sehen: der Rahmen, die Anmeldung, die erste
# Einrichtung, Fehlerseiten und die Startseite.

## Der Rahmen jeder Seite
brand = Tickets
nav-users = Benutzer
nav-settings = Einstellungen
nav-log-out = Abmelden
## Texts of the scripts of every page
app-js-sure = Bist du sicher?
app-js-log-out-waiting = Offline gemachte Check-ins haben den Server noch nicht erreicht. Sie bleiben auf diesem Telefon und werden nach der nächsten Anmeldung gesendet. Trotzdem abmelden?

language-switch = Sprache

## Sprachnamen in Sätzen ("Mails auf Deutsch")
language-name-en = Englisch
language-name-de = Deutsch
language-name-fr = Französisch
language-name-es = Spanisch

## Anmelden
login-title = Anmelden
login-start-page = Startseite
login-needs-setup = Es gibt noch keinen Admin. Öffne den einmaligen Einrichtungslink aus dem Serverprotokoll oder führe auf dem Server { $command } aus.
login-user-name = Benutzername
login-password = Passwort
login-wrong = Falscher Benutzername oder falsches Passwort.
login-too-many = { $n ->
    [one] zu viele Anmeldeversuche; versuche es in { $n } Sekunde erneut
   *[other] zu viele Anmeldeversuche; versuche es in { $n } Sekunden erneut
}
login-button = Anmelden

## Erste Einrichtung
setup-title = Erster Admin
setup-welcome = Willkommen
setup-done = Die Einrichtung ist schon erledigt: Der erste Admin existiert. Melde dich mit deinem Konto an (weitere Konten legt ein Admin auf der Benutzerseite an).
setup-done-logged-in = Die Einrichtung ist schon erledigt: Der erste Admin existiert, und du bist als { $user } angemeldet. Geh zur Startseite oder melde dich unten als jemand anderes an.
setup-passwords-differ = Die beiden Passwörter sind verschieden.
setup-intro = Lege das erste Admin-Konto an. Admins importieren Gäste, versenden Tickets, sehen alle Tickets und legen Einlasspersonal an.
setup-user-name = Benutzername
setup-password = Passwort (mindestens 8 Zeichen)
setup-password-again = Passwort wiederholen
setup-button = Admin anlegen
setup-link-invalid = Dieser Einrichtungslink ist ungültig. Öffne den Link, den ticket-web beim Start ins Serverprotokoll geschrieben hat, oder führe auf dem Server { $command } aus.

## Fehlerseiten
error-back = Zurück zum Start

## Startseite
home-here = da
home-expected = erwartet
home-revoked = storniert
home-send = Tickets versenden
home-view = Tickets ansehen
home-scan = Tickets scannen
home-codes = Codes: { $length } Zeichen aus { $alphabet }; Trefferchance beim Raten: { $odds }; Zeiten in { $zone }.
home-odds = bei einer Ticketzahl von { $tickets } trifft ein geratener Code nur in 1 von { $odds } Fällen ein Ticket, und die Sperre für unbekannte Codes lässt höchstens { $tries } Versuche pro Minute zu
home-odds-none = noch keine: ohne Tickets kann kein geratener Code treffen
home-welcome = Willkommen
home-first-event = Lege deine erste Veranstaltung an, um zu beginnen.
home-no-event = Noch keine Veranstaltung. Bitte einen Admin, eine anzulegen.
home-events = Veranstaltungen
home-new-event = Neue Veranstaltung
home-name = Name
home-name-example = Sommerball 2026
home-date = Datum (optional)
home-date-hint = Schreib das Datum an den Anfang, z. B. 2026-07-04, 04.07.2026 oder 04/07/2026; dahinter darf beliebiger Text stehen. So finden die Eingänge am Veranstaltungstag die richtige Veranstaltung und holen sich ihre Offline-Kopie.
home-code-length = Code-Länge
home-code-characters = Code-Zeichen
home-time-zone = Zeitzone (Einlasszeiten werden darin angezeigt)
home-language = Sprache der Ticket-Mails (eine Spalte der Gästeliste kann sie für jeden Gast festlegen)
home-create = Veranstaltung anlegen
