# Texts of the door page (results, messages and its script's strings).
# Keep the message ids and the { $variables }. Door texts never choose
# words by a number: write "Still to come: { $n }", not a plural.

## Clock times on the door and in the tables: a strftime pattern
## (%H 24-hour, %-I 12-hour, %M minutes, %p AM/PM), then the whole.
time-format = %-I:%M %p
clock = { $time } { $zone }
## A date with its time (tooltips, lists): a strftime pattern of digits
## (%d day, %m month, %Y year), then the whole.
date-format = %Y-%m-%d
date-time = { $date }, { $clock }

welcome = Welcome
offline = offline

## The door page: its title, form and controls.
page-title = Scan
code-label = Ticket code
check = Check
persons = People
persons-hint = How many of the party come in (or go out)
persons-all = all
exit-mode = Exit mode
walk-in = Walk-in
camera = Camera
camera-stop = Stop camera
door-label = Door:
door-unnamed = set a door name
door-prompt = Name of this door (shown when a ticket was already used)
door-paired = Named when this phone was paired
# Stored as the door of a check-in made offline without a door name.
this-door = this door
admitted-here = { $count } admitted at this door
recent-label = Last results
search-open = Lost code? Find a guest by name
search-placeholder = At least 3 letters of the name
search-find = Find
tap-next = Tap anywhere for the next guest

## Results: the headline.
already-used = Already used
already-in = Already in
unknown-code = Unknown code
revoked = Revoked
out = Out
other-event = Other event
not-let-in = Not let in
not-let-out = Not let out
not-checked = Not checked
exit-not-counted = Exit not counted
cannot-check-now = Cannot check right now
too-many = Too many unknown codes
welcome-offline = Welcome (offline)
offline-party = party of { $size }, let in now: { $left }
already-used-offline = Already used (offline)
unknown-code-offline = Unknown code (offline)
revoked-offline = Revoked (offline)
cannot-check-offline = Cannot check (offline)
welcome-walk-in = Welcome (walk-in)
walk-in-failed = Walk-in not added

## Results: the detail under the headline. The script puts the guest's name
## and " — " before at-time-door, used-at and the party texts.
# "Anna — at 9:14 PM CET at door-2" ($time is a clock time, $door a door name).
at-time-door = at { $time } at { $door }
# The page without JavaScript: "Anna — used at 9:14 PM CET at door-2".
used-at = used at { $time } at { $door }
revoked-name = { $name }'s ticket was revoked
revoked-nameless = This ticket was revoked
other-event-code = { $code } is a ticket of { $event }, not of this event
other-event-page = This is a ticket of { $event }, not of this event.
unknown-code-detail = No ticket has the code { $code }
unknown-code-page = No ticket of this event has this code.
# After an exit: "Anna — 3 of 4 inside now".
out-inside = { $inside } of { $size } inside now
# A party: "Party of 4 — 3 arrived at 9:14 PM CET at door-2, 1 still to come,
# 2 inside now": party or party-all (everyone came), then at-time-door,
# then party-left and party-inside, each after ", ".
party = Party of { $size } — { $arrived } arrived
party-all = Party of { $size } — { $arrived } arrived (all)
party-left = { $left } still to come
party-inside = { $inside } inside now
too-many-wait = Wait { $secs } s, then type the code again. The organiser has been told.
try-again = Try again
server-silent = The server does not answer.
server-answered = The server answered { $status }.
pick-silent = The server does not answer. Type the guest's code instead.
exit-silent = The server does not answer. Let the guest out; scan again when the server is back.
persons-silent = The server does not answer. Scan the code again to see how many of the party are in.
exit-offline = Offline: exits need the server. Let the guest out; the count catches up at the next exit scan.
no-copy = This phone has no copy of the guest list yet. Check the code by hand.
# $time: when the phone fetched its guest list.
not-in-copy = { $code } is not in this phone's guest list of { $time }. A guest added since: check by hand.

## People inside (every door).
inside-now = Inside now: { $inside } · arrived { $arrived } of { $total }

## Walk-ins: a guest not on the list, added and let in at the door.
walk-in-name = Walk-in: the guest's name
walk-in-persons = How many people come in with this ticket?
# "Carla Diaz — party of 2 · code KQZ"
walk-in-party = party of { $persons }
walk-in-code = code { $code }

## The banner while offline or sending. "-one" is used for 1, "-other"
## for any other number.
banner-offline-one = Offline since { $since } ({ $duration }) — scans are decided on this phone; { $count } check-in waiting
banner-offline-other = Offline since { $since } ({ $duration }) — scans are decided on this phone; { $count } check-ins waiting
# The duration in banner-offline.
offline-under-minute = less than a minute
offline-minutes = { $mins } min
banner-sending-one = Back online — sending { $count } check-in
banner-sending-other = Back online — sending { $count } check-ins
# $problem: sync-log-in, sync-server-answered or the server's own words.
banner-unsent-one = { $count } check-in not sent: { $problem }
banner-unsent-other = { $count } check-ins not sent: { $problem }
sync-log-in = log in again on this phone to send them (do not log out before)
sync-server-answered = the server answered { $status }
double-entries-one = { $count } double entry sent: let in here offline, but already in (or revoked) on the server; the organiser sees them
double-entries-other = { $count } double entries sent: let in here offline, but already in (or revoked) on the server; the organiser sees them

## Door search by name.
search-too-short = Type at least 3 letters of the name.
search-failed = Search failed
search-none = Nobody of that name.
# "Anna Berg (used · 2 of 4 arrived)"
search-party = { $arrived } of { $size } arrived
search-check-in = Check in
status-valid = valid
status-used = used
status-revoked = revoked
no-connection = No connection

## The camera.
camera-unsupported = This browser gives web pages no camera.
# Follows camera-unsupported and camera-needs-https.
camera-typing-works = Typing and USB scanners work as usual.
# $cert and $key are the options --tls-cert and --tls-key.
camera-needs-https = Camera scanning needs HTTPS (or localhost, on the server itself): the organiser starts ticket-web with { $cert } and { $key }.
camera-not-ticket = That QR code is not a ticket.
camera-point = Point the camera at a ticket's QR code.
camera-denied = Camera access was denied. Allow the camera for this site in the browser's settings (the icon beside the address), then press Camera again.
camera-none = This device has no camera.
camera-busy = The camera is in use by another app, or could not start.
camera-failed = The camera did not start.
# $error: the browser's name for the problem.
camera-failed-named = The camera did not start ({ $error }).
camera-starting = Starting the camera…
camera-stopped = The camera stopped.
camera-no-reader = The QR code reader could not load on this phone: type the codes.
camera-paused = Camera paused while the page was hidden.
note-hint = (tap to confirm the note)
