# Texts of the organiser pages.
# Keep the message ids and the { $variables }; translate the rest. Markup
# such as <b> and <code> stays in the templates: a message is the text
# between two tags (its spaces at the edges are the template's, unless a
# message starts with {" "}).

## Send tickets (send.html, send.rs)
send-title = Send
send-crumb = Send tickets
send-guest-list = Guest list
send-preview-of = Preview of { $file }
# After "<b>3</b> ": how many guests of the file can be imported.
send-preview-new = { $n ->
    [one] new guest
   *[other] new guests
} can be imported
# After "; <b>2</b> ": guests of the list who have a ticket already.
send-preview-already = { $n ->
    [one] is there already (same address) and stay as they are
   *[other] are there already (same address) and stay as they are
}
# After "; <b>1</b> ": rows of the file that cannot be imported.
send-preview-problems = { $n ->
    [one] row has a problem
   *[other] rows have problems
}
send-preview-nothing-saved = Nothing is saved yet.
send-col-row = Row
send-col-name = Name
send-col-problem = Problem
send-col-email = Email
send-col-reason = Reason
send-preview-more = … and { $n } more.
send-fix-rows = Fix these rows in the file and upload it again, or skip them:
send-skip-bad = Skip the { $bad } bad { $bad ->
    [one] row
   *[other] rows
} and import the { $good } good { $good ->
    [one] one
   *[other] ones
}
send-import-button = Import { $n } { $n ->
    [one] guest
   *[other] guests
} and issue their tickets
send-all-there = Everyone on this list has a ticket already: nothing to import.
send-none-importable = No guest of this file can be imported: fix the rows above and upload it again.
send-cancel = Cancel
# The upload hint: "… (columns such as <i>Name</i> or <i>First name</i> +
# <i>Last name</i>, and <i>Email</i>). You will see …"; the column titles
# are ones the import reads.
send-upload-intro = Upload an Excel or CSV file with names and email addresses (columns such as
send-upload-or = or
send-upload-and = , and
send-column-name = Name
send-column-first = First name
send-column-last = Last name
send-column-email = Email
send-upload-preview-first = You will see a preview before anything is saved.
send-skip-bad-rows = Skip bad rows (import the good ones)
send-preview-button = Preview
# "3 tickets issued so far, 1 of them revoked."
send-issued = { $n } { $n ->
    [one] ticket
   *[other] tickets
} issued so far
send-issued-revoked = { $n } of them revoked

send-mail = Mail
send-waiting = waiting
send-sent = sent
send-failed = failed
# "Mail goes to the outbox folder /srv/outbox from Ball <b@example.org> (the default sender)."
# The mail server is described in English by the core.
send-mail-goes-to = Mail goes to the { $mailer }
send-mail-from = from { $from }
send-default-sender-note = (the default sender)
send-settings-link = Settings
# "… or set a default sender on the <a>settings page</a>."
send-no-sender = No sender is set: give this event a sender below, or set a default sender on the
send-no-sender-link = settings page
send-no-sender-end = .
send-sender-label = Sender of this event's mails
send-sender-example = Summer Ball <tickets@example.org>
send-save-sender = Save sender
send-sender-blank = Blank: the default sender
send-progress = { $done } of { $total }
send-last-run = Last run:
send-still-waiting = still waiting
# The reason comes from the core, in English.
send-stopped = Stopped: { $reason }. The remaining guests stay waiting; send again later.
send-interrupted = { $n } mails of an interrupted earlier run were sent again and may arrive twice.
send-send-button = Send { $n } tickets

send-event-language = Mails of this event are in (a guest-list column can choose per guest):
send-event-language-save = Save
send-language-set = Mails of this event are now in { $language }; guests with a language of their own keep it.
send-template-language = Mail text for guests in:
send-mail-text = Mail text
# Placeholders: <code>{{ greeting }}</code> (…), <code>{{ name }}</code>, …
send-placeholders = Placeholders:
send-placeholder-greeting = “Dear Anna”, or the salutation column
send-placeholder-persons = how many people the ticket admits
send-placeholder-salutation = is the salutation column alone.
send-subject = Subject
send-text = Text
send-message-label = A message to every guest (optional)
send-message-example = Doors open at 19:00. Dress code: black tie.
send-html-part = HTML part (advanced)
send-html = HTML
send-html-placeholder = Blank: the text above in a simple layout. May use { $body }, the text.
send-html-hint = Blank: the text above in a simple layout. Placeholders are escaped for HTML.
send-save-text = Save text
send-reset = Back to the default
send-preview-first = Preview for the first guest whose mail is in this language (or a sample guest)
send-preview-title = Mail preview
send-problems = Problems
send-queue-again = Queue again

## Notices of the send page
send-template-reset = The default template is back.
send-template-saved = Template saved.
# The error comes from the core, in English. A notice that starts with
# this message's text (before the error) is shown as a failure.
send-not-saved = Not saved: { $error }
send-no-sender-set = { $error }. Set it below, or a default sender on the settings page.
send-upload-failed = The upload failed: { $error }
send-upload-not-stored = The upload cannot be stored for reading: { $error }
send-choose-file = Choose a file first.
send-preview-expired = That preview has expired; upload the file again.
send-import-refused = Nothing imported: { $n } rows have problems (the file changed since the preview?).
send-imported = Imported { $n } { $n ->
    [one] guest; the ticket is
   *[other] guests; their tickets are
} ready to send.
send-imported-skipped = { $n ->
    [one] { $n } bad row was skipped.
   *[other] { $n } bad rows were skipped.
}
send-imported-already = { $n ->
    [one] { $n } guest was there already (same address).
   *[other] { $n } guests were there already (same address).
}
send-nothing-imported = Nothing imported: { $error }
send-sender-set = This event's mails now come from { $sender }.
send-sender-default = This event's mails now come from the default sender.

## Texts of the send page's script (send.js)
org-js-cannot-render = Cannot render
org-js-progress = { $done } of { $total } ({ $sent } sent, { $failed } failed)

## Settings (settings.html, settings.rs)
settings-title = Settings
# "… and for <code>ticket-cli send</code> unless it is given
# <code>--smtp-url</code>/<code>--mail-from</code> (or their variables). …"
settings-stored-intro = Stored in the database: a change applies at once, with no restart, on every page and door, and for
settings-stored-unless = unless it is given
settings-stored-rest = (or their variables). What ticket-web was started with is each setting's default.
settings-mail-server = Mail server
# Before the mail server, which the core describes in English.
settings-mail-goes-to = Mail goes to the
settings-new-smtp = New SMTP server
settings-smtp-example = smtps://user:app-password@smtp.example.org
# "Blank keeps … <code>smtps://</code> for port 465, <code>smtp://…:587?tls=required</code> for STARTTLS. …"
settings-smtp-blank = Blank keeps the one in force.
settings-smtp-port = for port 465,
settings-smtp-starttls = for STARTTLS. The password is never shown again.
settings-smtp-reset = Back to the default: the { $default }
settings-default-sender = Default sender
settings-sender-label = Sender of ticket mails
settings-sender-example = Summer Ball <tickets@example.org>
# After "set by ada, 2026-12-07 21:14 CET. "
settings-sender-hint = For events without a sender of their own (set on an event's send page). Blank: the default ({ $default }).
settings-door-search = Door search
settings-door-search-label = Door staff may find a guest by name when the code is lost
settings-on = on
settings-off = off
settings-default-on = default (on)
settings-default-off = default (off)
settings-now = Now
settings-door-reload = Door pages opened before a change pick it up when reloaded.
settings-save = Save settings
# Where a setting comes from.
settings-set-by = set by { $user }, { $time }
settings-start-default = the default ticket-web was started with
# The default sender when ticket-web was started without one.
settings-none = none
settings-nothing-changed = Nothing changed.
settings-saved = Saved. It applies at once, on every page and door.
settings-mail-can-go-out = Mail can go out: { $mailer }.
settings-mail-cannot-go-out = But mail cannot go out yet: { $error }

## Users (users.html, users.rs)
users-title = Users
# "New API token for <b>ada: laptop</b>. Copy it now: …"
users-new-token = New API token for
users-copy-now = Copy it now: it is shown only once.
users-use-as = Use it as
users-role-scanner = scanner
users-role-admin = admin
users-new-password = New password
users-set-password = Set password
users-change-role = Change role
users-token-label = Token label
users-new-token-button = New API token
users-remove-confirm = Remove { $name }?
users-remove = Remove
users-token-created = created { $time }
users-revoke = Revoke
users-door-phones = Door phones
users-door-phones-hint = Pair a phone for one event, without a password: it scans as the door you name until the day after the event, or until you revoke it.
users-create-event-first = Create an event first.
users-event = Event
users-door-name-example = Door name, e.g. door-2
users-door-name = Door name
users-pair-phone = Pair a phone
users-pairing-waiting = waiting
users-pairing-paired = paired
users-pairing-revoked = revoked
users-pairing-expired = expired
users-pairing-until = until { $time }
users-pairing-by = by { $name }
users-pairing-revoke-confirm = Revoke the pairing of { $door }?
users-add-user = Add a user
users-user-name = User name
users-role = Role
users-role-scanner-hint = scanner — may only scan at the door
users-role-admin-hint = admin — everything
users-password = Password (at least 8 characters)
users-add-button = Add user
## Notices of the users page
users-added = Added { $name } ({ $role }).
users-password-set = New password set for { $name }; their other sessions have ended.
users-role-changed = { $name } is now { $role }.
users-removed = Removed { $name }.
users-token-revoked = Token revoked.
users-pairing-revoked-done = Pairing revoked: that phone is logged out at its next request.

## Pairing a door phone: the admin's page (pairing.html)
pairing-title = Pair a door phone
# "Scan this code …, then tap <b>Start scanning</b> on the phone."
pairing-scan-code = Scan this code with the door phone's camera app, then tap
pairing-start-scanning = Start scanning
pairing-on-phone = on the phone.
# "It becomes the door <b>door-2</b> for <b>Summer Ball</b> until …"
pairing-becomes = It becomes the door
pairing-for = for
pairing-until = until { $time }.
pairing-qr-alt = QR code of the pairing link
pairing-or-open = Or open this link on the phone (it works once, within the next hour):
# "… Revoke the pairing on the <a>users page</a> when the phone is lost."
pairing-shown-once = This code is shown only now. Revoke the pairing on the
pairing-users-page = users page
pairing-when-lost = {" "}when the phone is lost.
pairing-done = Done
## The phone's page (pair.html, pairing.rs)
pairing-phone-title = Pair this phone
# "This phone becomes the door <b>door-2</b> for <b>Summer Ball</b>."
pairing-phone-becomes = This phone becomes the door
pairing-phone-scans = It scans tickets of this event only, without a password, until { $time } or until an admin revokes it.
pairing-start-as = Start scanning as { $door }
pairing-link-once = The link works once, within an hour of being made: after this, it pairs no other phone.
pairing-login-instead = Log in with a user name and password instead
pairing-link-unknown = This pairing link is not known here.
pairing-link-revoked = This pairing link was revoked.
pairing-link-expired = This pairing link has expired.
pairing-link-used = This pairing link was already used by another phone.
pairing-ask-admin = Ask an admin for a new one.
