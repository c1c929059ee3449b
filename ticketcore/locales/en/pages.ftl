# Texts of the pages every user sees: the frame, logging in, the first
# setup, error pages and the start page. Keep the message ids and the
# { $variables }; translate the rest.

## The frame of every page
brand = Tickets
nav-users = Users
nav-settings = Settings
nav-log-out = Log out
## Texts of the scripts of every page
app-js-sure = Are you sure?
app-js-log-out-waiting = Check-ins made offline have not reached the server yet. They stay on this phone and are sent after the next login. Log out anyway?

language-switch = Language

## Language names in sentences ("mails in German")
language-name-en = English
language-name-de = German
language-name-fr = French
language-name-es = Spanish

## Log in
login-title = Log in
login-start-page = Start page
login-needs-setup = No admin exists yet. Open the one-time setup link printed in the server log, or run { $command } on the server.
login-user-name = User name
login-password = Password
login-wrong = Wrong user name or password.
login-too-many = { $n ->
    [one] too many login attempts; try again in { $n } second
   *[other] too many login attempts; try again in { $n } seconds
}
login-button = Log in

## First setup
setup-title = First admin
setup-welcome = Welcome
setup-done = Setup is already done: the first admin exists. Log in with your account (an admin adds more on the users page).
setup-done-logged-in = Setup is already done: the first admin exists, and you are logged in as { $user }. Go to the start page, or log in as someone else below.
setup-passwords-differ = The two passwords differ.
setup-intro = Create the first admin account. Admins import guests, send tickets, see every ticket and add door staff.
setup-user-name = User name
setup-password = Password (at least 8 characters)
setup-password-again = Password again
setup-button = Create admin
setup-link-invalid = This setup link is not valid. Open the link printed in the server log when ticket-web started, or run { $command } on the server.

## Error pages
error-back = Back to the start

## Start page
home-here = here
home-expected = expected
home-revoked = revoked
home-send = Send tickets
home-view = View tickets
home-scan = Scan tickets
home-codes = Codes: { $length } characters from { $alphabet }; guessing odds: { $odds }; times in { $zone }.
home-odds = a typed guess hits one of the { $tickets } tickets 1 time in { $odds }, and the door guard slows a guesser to { $tries } tries a minute
home-odds-none = none yet: no tickets, so no guess can hit
home-welcome = Welcome
home-first-event = Create your first event to start.
home-no-event = No event yet. Ask an admin to create one.
home-events = Events
home-new-event = New event
home-name = Name
home-name-example = Summer Ball 2026
home-date = Date (optional)
home-date-hint = Start with the day as 2026-07-04, 04.07.2026 or 04/07/2026, so doors find tonight's event and take their offline copy; anything may follow.
home-code-length = Code length
home-code-characters = Code characters
home-time-zone = Time zone (check-in times are shown in it)
home-language = Language of the tickets' mails (a guest-list column can choose per guest)
home-create = Create event
