# Texts of the tickets pages.
# Ids starting with tickets-js- are the tickets page script's texts too
# (tickets.js): they choose no words by number, and some are shared with the
# page rendered by the server, so both word a row alike.

## The page
tickets-title = Tickets
tickets-not-saved = Not saved
tickets-not-let-in = Not let in

## Guessing alerts (the sentence around the user's name and the users page link)
tickets-alert-user = user
tickets-alert-refused = scanned too many unknown codes and is refused
tickets-alert-counts = ({ $refused } refused since { $since }, latest { $last }; doors: { $doors }).
# Printed as HTML as it is: write no <, & or quotes.
tickets-alert-advice = If that is not an honest door, revoke the user's access on the
tickets-alert-users-page = users page

## Conflicts from doors that were offline
tickets-conflicts = { $n ->
        [one] { $n } conflict
       *[other] { $n } conflicts
    }
tickets-conflicts-from = from doors that were offline
tickets-conflicts-what = What
tickets-conflicts-first-in = First in
tickets-conflicts-offline = Offline check-in
tickets-conflict-double-entry = double entry
tickets-conflict-revoked = revoked, admitted offline
tickets-conflict-at = { $time } at { $door }
tickets-conflict-at-by = { $time } at { $door } ({ $user })

## Counts
tickets-count-here = here
tickets-count-expected = expected
tickets-count-revoked = revoked
tickets-count-total = tickets
tickets-live-title = Updates live when any door scans
tickets-people = People:
tickets-people-expected = expected,
tickets-people-arrived = arrived,
tickets-people-inside = inside now

## The arrivals chart
tickets-chart-title = People arriving per 15 minutes
tickets-chart-zone = ({ $zone } time)
tickets-chart-from = from { $time }
tickets-chart-people = { $n ->
        [one] { $n } person
       *[other] { $n } people
    }
tickets-chart-first-in = { $n ->
        [one] { $n } ticket
       *[other] { $n } tickets
    } first in

## Filters
tickets-search = Search name, email or code
tickets-filter-all = All
tickets-filter-expected = Expected
tickets-filter-here = Here
tickets-filter-revoked = Revoked
tickets-order = Order
tickets-sort-issued = List order
tickets-sort-check-in = Latest check-in
tickets-filter = Filter
tickets-export-csv = Export CSV
tickets-print-door-list = Print door list

## Add a guest
tickets-add-guest = Add a guest
tickets-add-button = Add and issue a ticket
tickets-add-hint = Checked like a row of a guest list; the ticket is mailed with the next send run.

## Walk-ins
tickets-walk-in = Walk-in: let a guest in now
tickets-walk-ins-off = Walk-ins are off for this event: allow them under
tickets-email-optional = Email (optional)
tickets-let-in-now = Let in now
tickets-walk-in-hint = Issues a ticket marked walk-in (not mailed) and lets the whole party in at once
tickets-walk-in-used = { $used } of { $cap } walk-ins used

## Door rules
tickets-rules = Door rules
tickets-rules-reentry = Re-entry: guests who went out may come in again
tickets-rules-who = Who may add walk-ins (guests not on the list)
tickets-rules-nobody = Nobody: the list is closed
tickets-rules-admins = Admins
tickets-rules-doors = Admins and door staff
tickets-rules-limit = At most this many walk-ins
tickets-rules-no-limit = no limit
tickets-rules-save = Save door rules
# The rules in a few words: "re-entry on · walk-ins: admins and door staff, at most 20".
tickets-rules-summary = { $reentry } · { $walk_ins }
tickets-rules-reentry-on = re-entry on
tickets-rules-reentry-off = re-entry off
tickets-rules-walk-ins = walk-ins: { $who }
tickets-rules-walk-ins-capped = walk-ins: { $who }, at most { $cap }
tickets-rules-who-off = off
tickets-rules-who-admins = admins
tickets-rules-who-doors = admins and door staff

## The table
tickets-name = Name
tickets-email = Email
tickets-code = Code
tickets-status = Status
tickets-mail = Mail
tickets-note-title = Note: { $note }
tickets-walk-in-title = Added at the door
tickets-walk-in-pill = walk-in
tickets-mail-pending = pending
tickets-mail-sending = sending
tickets-mail-sent = sent
tickets-mail-failed = failed
tickets-mail-none = none
tickets-restore = Restore
tickets-edit-guest = Edit guest
tickets-people-label = People
tickets-note = Note for the door
tickets-note-placeholder = VIP, check ID, pays at the door
tickets-mail-language = Mail language
tickets-mail-language-event = as the event ({ $language })
tickets-resend = Mail the ticket again (to a corrected address)
tickets-save = Save
tickets-none-match = No tickets match
tickets-none-yet = No tickets yet —
tickets-import-list = import a guest list
tickets-previous = ‹ Previous
tickets-next = Next ›

## Notices after an action (who: "Anna Berg (ABCDEFGH)")
tickets-done-rules = Door rules saved: { $rules }.
tickets-done-walked-in-party = Walk-in { $name } let in with a party of { $persons } (code { $code }).
tickets-done-walked-in = Walk-in { $name } let in (code { $code }).
tickets-done-walked-in-unknown = Walk-in { $who } let in.
tickets-done-undone-latest = The latest scan of { $who } undone; the ticket stays checked in ({ $party }).
tickets-done-undone = Check-in of { $who } undone: the ticket is valid again.
tickets-done-revoked = Ticket of { $who } revoked.
tickets-done-checked-in = { $who } checked in by hand.
tickets-done-restored = Ticket of { $who } restored.
tickets-done-corrected = { $who } corrected.
tickets-done-corrected-resent = { $who } corrected; the ticket is mailed to the new address with the next send run (Send tickets).
tickets-done-resent = The ticket of { $who } is queued to be mailed again: it goes out with the next send run (Send tickets).
tickets-done-added = { $who } added; the ticket is mailed with the next send run (Send tickets).

## Problems
tickets-problem-walk-in-limit = invalid walk-in limit: give a whole number, or leave it blank for no limit
tickets-problem-persons = invalid persons: give a whole number from 1
tickets-problem-not-admitted = the walk-in's ticket was not admitted ({ $outcome })
tickets-problem-used = not checked in: the ticket was used already
tickets-problem-revoked = not checked in: the ticket is revoked
tickets-problem-unknown = not checked in: no such ticket

## The script's texts (and the page's where they are the same)
tickets-js-pill-used = here
tickets-js-pill-valid = expected
tickets-js-pill-revoked = revoked
tickets-js-check-in = Check in
tickets-js-undo = Undo check-in
tickets-js-undo-scan = Undo latest scan
tickets-js-mail-again = Mail again
tickets-js-revoke = Revoke
tickets-js-revoke-confirm = Revoke the ticket of { $name }?
tickets-js-print = Print ticket
tickets-js-walk-in-one = walk-in
tickets-js-walk-in-other = walk-ins
# A party's counts after its pill: "party of 4", "3 of 4", "3 of 4 · 2 inside";
# "went out" for a guest alone.
tickets-js-party-went-out = went out
tickets-js-party-of = party of { $size }
tickets-js-party = { $arrived } of { $size }
tickets-js-party-inside = { $arrived } of { $size } · { $inside } inside
tickets-js-live = ● live
tickets-js-not-live = ○ not live: reconnecting…
tickets-js-alert-title = Guessing alert:
tickets-js-alert-text = user { $user } scanned too many unknown codes and is refused ({ $refused } refused since { $since }, latest { $last }; doors: { $doors }). If that is not an honest door, revoke the user's access on the users page.
tickets-js-alert-reset = Reset (the door is honest)
