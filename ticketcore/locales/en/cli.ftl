# Messages of ticket-cli to people (tables, reports, progress, errors it
# words itself). JSON output and --help stay English. Keep the ids and the
# { $variables }.
cli-language = English

## Prefixes and numbers (output.rs, failure.rs)
cli-error = error:
cli-warning = warning:
cli-note = note:
cli-ok = ok:
# Between groups of three digits: 17,576.
cli-thousands-separator = ,

## Errors the command line words itself; $error is the core's error text.
cli-not-found-event = { $error }; see `ticket-cli event list`
cli-not-found-user = { $error }; see `ticket-cli user list`
cli-not-found-ticket = { $error }; see `ticket-cli tickets --event EVENT`
cli-database-error = database error: { $reason }
cli-database-migration-failed = database migration failed: { $reason }
cli-cannot-open-database = cannot open the database `{ $url }`
cli-completion-not-utf8 = completion script is not UTF-8
cli-cannot-write-stdout = cannot write to stdout
cli-cannot-read = cannot read { $path }
cli-not-a-file = { $path } is not a file

## event create, event rules, event list
cli-event-created = Created event { $name } ({ $slug }), id { $id }, times shown in { $zone }, mails in { $language }.
cli-event-codes = Codes: { $length } characters from { $alphabet } ({ $possible } possible).
# $codes is cli-event-codes.
cli-event-capacity-none = { $codes } Even one guest makes a random guess hit more often than 1 in { $floor }.
cli-event-capacity = { $codes } Up to { $capacity } guests keep a random guess's chance at 1 in { $floor } or less.
cli-event-hint-code-length = for up to { $guests } guests at the same odds, create the event with --code-length { $length }
cli-event-use-as = Use it as --event { $slug }.
cli-walk-in-limit-invalid = --walk-in-limit: `{ $value }` is not a number or `none`
# "Summer Ball: re-entry off; walk-ins by admins, at most 5"
cli-event-rules = { $event }: re-entry { $reentry }; walk-ins { $walkins }{ $limit }
cli-rules-on = on
cli-rules-off = off
cli-rules-walk-ins-admins = by admins
cli-rules-walk-ins-doors = by admins and door staff
cli-rules-limit = , at most { $limit }
cli-events-none = No events yet; create one with `ticket-cli event create NAME`.

## import
cli-import-too-big = { $path } is { $bytes } bytes; guest lists may be at most { $max } bytes
cli-import-reading = reading { $file }
cli-import-col-row = ROW
cli-import-col-name = NAME
cli-import-col-problem = PROBLEM
cli-import-place-sheet = sheet `{ $sheet }`, header on row { $row }
cli-import-place = header on row { $row }
cli-import-already = { $n ->
    [one] ; { $count } guest was there already (same address)
   *[other] ; { $count } guests were there already (same address)
}
# English says "guests" and "rows" whatever the number.
cli-import-guests = { $count } guests
cli-import-problem-rows = { $count } rows have problems
cli-import-dry-run = dry run: { $guests } would be imported, { $problems } ({ $place }){ $already }; nothing was changed
# After "error:"; $problems is cli-import-problem-rows, $n the good rows.
cli-import-refused = { $problems }; nothing was imported. Fix them, or import the { $valid } good rows with --skip-invalid
# After "ok:".
cli-import-done = imported { $guests } into { $event } ({ $place }){ $skipped }{ $already }
cli-import-skipped = ; skipped { $count } bad rows

## send
cli-cannot-read-template = cannot read the template file `{ $path }`
cli-template-file = template file `{ $path }`
cli-send-no-sender = { $reason }: give --mail-from (or TICKET_MAIL_FROM), e.g. --mail-from "Summer Ball <tickets@example.org>"
cli-send-event-sender = mails go out as { $sender }, the event's own sender (--mail-from is for events without one)
cli-send-cannot-go-out = mail cannot go out: { $reason }
cli-send-dry-run-resend = dry run: nothing is queued again, so only mails still waiting are rendered
cli-send-progress-rendering = rendering
cli-send-progress-sending = sending
# The one-line summary on stderr when there is no progress bar.
cli-send-summary-sent = send: { $sent } sent, { $failed } failed, { $remaining } remaining{ $stopped }
cli-send-summary-rendered = send: { $sent } rendered, { $failed } failed, { $remaining } remaining{ $stopped }
cli-send-summary-stopped = , stopped
cli-send-stopped-early = the run stopped early: { $reason }
cli-send-mails-failed = { $n ->
    [one] { $count } mail failed
   *[other] { $count } mails failed
}
cli-mails = { $n ->
    [one] { $count } mail
   *[other] { $count } mails
}
cli-send-template-saved = Template saved as the event's mail template.
cli-send-requeued = { $n ->
    [one] { $count } ticket queued to be mailed again.
   *[other] { $count } tickets queued to be mailed again.
}
# $mails is cli-mails.
cli-send-dry-run-done = Dry run: { $mails } rendered, none sent.
# $delivery: "outbox folder …" or "SMTP server …" (from the core, in English).
cli-send-sent = Sent { $mails } to the { $delivery }.
# "Failed 2:", above the table of failed mails.
cli-send-failed-label = Failed
cli-send-col-name = NAME
cli-send-col-email = EMAIL
cli-send-col-reason = REASON
cli-send-stopped-label = Stopped:
cli-send-interrupted-label = Interrupted:
cli-send-interrupted = { $n ->
    [one] { $count } mail
   *[other] { $count } mails
} of an earlier, interrupted run were sent again; those guests may get the mail twice.
cli-send-interrupted-dry-run = { $n ->
    [one] { $count } mail
   *[other] { $count } mails
} of an earlier, interrupted run would be sent again; those guests may get the mail twice.
cli-send-remaining = Remaining: { $n ->
    [one] { $count } ticket
   *[other] { $count } tickets
} waiting for mail; run `send` again to retry.
cli-send-remaining-none = Remaining: none, every guest has their mail.

## tickets
cli-tickets-none = No tickets match.
cli-status-valid = valid
cli-status-used = used
cli-status-revoked = revoked
cli-mail-pending = pending
cli-mail-sending = sending
cli-mail-sent = sent
cli-mail-failed = failed
cli-mail-failed-because = failed: { $reason }
cli-mail-none = none
cli-tickets-count = { $n ->
    [one] { $count } ticket
   *[other] { $count } tickets
}

## scan, walk-in, undo, revoke
# Follows the guest on the result line (after a space).
cli-scan-party = · party of { $persons }: { $arrived } arrived, { $inside } inside
cli-scan-note = NOTE
cli-scan-admitted = ADMITTED
cli-scan-out = OUT
cli-scan-already-used = ALREADY USED
cli-scan-unknown = UNKNOWN
cli-scan-revoked = REVOKED
# $who: "Anna Berg (ABC)"; $by: the door or user that let the guest in.
cli-scan-used-at = { $who } at { $time } by { $by }
cli-scan-unknown-code = no ticket of { $event } has the code `{ $code }`
cli-walk-in-added = Walk-in added: { $name } (code { $code }).
cli-undo-valid-again = Check-in undone: { $who } is valid again.
cli-undo-last-scan = Last scan undone: { $who }
cli-revoked = Revoked: { $who }; every later scan is refused.

## stats: a column of labels (padded by the program), then the lines.
cli-stats-tickets = tickets
cli-stats-people = people
cli-stats-mail = mail
cli-stats-odds = odds
cli-stats-tickets-line = { $total } total: { $used } used, { $valid } valid, { $revoked } revoked
cli-stats-people-line = { $expected } expected: { $arrived } arrived, { $inside } inside now
cli-stats-walk-ins = { $n ->
    [one] , { $count } walk-in
   *[other] , { $count } walk-ins
}
cli-stats-mail-line = { $sent } sent, { $pending } pending, { $failed } failed
cli-stats-mail-interrupted = , { $count } interrupted (sent again by the next `send`)
# $possible is cli-stats-possible-codes.
cli-stats-odds-line = a random guess hits 1 in { $odds } { $possible }
cli-stats-odds-none = no tickets yet { $possible }
cli-stats-possible-codes = ({ $count } possible codes)
cli-stats-weak-codes = codes are easier to guess than 1 in { $floor }{ $hint }
cli-stats-hint-code-length = ; for a new event of this size use --code-length { $length }

## conflicts
cli-conflicts-none = no conflicts in { $event }: no double entries, no revoked ticket admitted offline
cli-conflicts-col-kind = kind
cli-conflicts-col-code = code
cli-conflicts-col-name = name
cli-conflicts-col-first = first
cli-conflicts-col-offline = offline
cli-conflicts-col-received = received
# Column titles of `event list` and `tickets` (upper case, as printed).
cli-events-col-id = ID
cli-events-col-slug = SLUG
cli-events-col-name = NAME
cli-events-col-date = DATE
cli-events-col-codes = CODES
cli-events-col-tickets = TICKETS
cli-tickets-col-code = CODE
cli-tickets-col-name = NAME
cli-tickets-col-email = EMAIL
cli-tickets-col-status = STATUS
cli-tickets-col-used-at = USED AT
cli-tickets-col-by = BY
cli-tickets-col-mail = MAIL
cli-conflict-double-entry = double entry
cli-conflict-revoked = revoked
cli-conflict-first = { $time } at { $door }
cli-conflict-offline = { $time } at { $door } ({ $user })

## user, token
cli-password-cannot-read-stdin = cannot read the password from stdin
cli-password-none-on-stdin = no password on stdin: --password-stdin reads the first line
cli-password-no-terminal = stdin is not a terminal, so no password can be asked for; pipe it in with --password-stdin
cli-password-cannot-ask = cannot ask for a password without a terminal ({ $reason }); pipe it in with --password-stdin
# Prompts; the program adds a space after them.
cli-password-prompt = New password for { $name }:
cli-password-repeat = Repeat it:
cli-password-mismatch = the two passwords differ; nothing was changed
# $role: admin or scanner (as --role writes it).
cli-user-created = Created { $role } { $name }.
cli-users-none = No users yet; add one with `ticket-cli user add NAME --role admin`.
cli-users-col-name = NAME
cli-users-col-role = ROLE
cli-users-col-created = CREATED
cli-user-password-changed = Password of { $name } changed.
cli-user-role-set = { $name } is now { $role }.
cli-user-removed = Removed { $name } and their API tokens.
cli-token-created = API token { $id } (`{ $label }`) for { $user }: shown only this once, store it now. Send it as `Authorization: Bearer TOKEN`.

## db
cli-db-migrated = { $url } ({ $backend }) is at schema version { $version } ({ $description }), { $applied } migrations applied; up to date.
cli-db-backup-written = Backup written to { $path } ({ $bytes } bytes). Restore by pointing --database-url at a copy of it.
cli-db-rows = { $n ->
    [one] ({ $count } row)
   *[other] ({ $count } rows)
}
cli-db-rows-affected = { $n ->
    [one] { $count } row affected.
   *[other] { $count } rows affected.
}

## Language names in sentences ("mails in German")
cli-lang-en = English
cli-lang-de = German
cli-lang-fr = French
cli-lang-es = Spanish
