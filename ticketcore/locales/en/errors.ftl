# The core's errors and refusals and a guest-list row's problems.

## The core's error kinds (error.rs). `what_key` and `field_key` are the
## thing's or field's name with dashes for spaces (`event`, `pairing-link`,
## `event-name`), to choose a translation; `what` and `field` as written.
not-found = { $what_key ->
    [pick] this search result is no longer valid: search again
   *[other] { $what } `{ $key }` not found
}
invalid-code-spec = invalid code settings: { $reason }
invalid-code = invalid code: { $reason }
code-space-exhausted = code space exhausted: { $needed } new codes needed but only { $free } are free; use a longer code or a larger alphabet
invalid-input = invalid { $field }: { $reason }
bad-credentials = wrong user name or password
too-many-attempts = too many login attempts; try again in { $seconds } seconds
too-many-unknown-codes = too many unknown codes; wait { $seconds } s (or ask an admin to reset the door guard)
too-many-searches = too many searches; wait { $seconds } s
unsupported-database = unsupported database URL `{ $url }`: use { $supported }
database-failed = the database is unavailable or failed; see the server log
database-not-writable = cannot write the database file { $path }: { $reason }
migration-failed = database migration failed: { $detail }
internal-error = internal error: { $detail }
mail-run-busy = another send run is mailing this event: { $holder }, since { $since } UTC; nothing was sent (try again when it has finished; if that run died, a new run takes over at once on its machine, from another machine after { $until } UTC)

## The web server's answers when it fails (ticket-web).
server-disk-full = The database's disk is full, so nothing was saved. Free some disk space on the server; looking things up still works meanwhile.
server-read-only = The database is read-only right now, so nothing was saved; looking things up still works. Check the database server or its disk.
server-disk-failed = The database's disk reported an error, so nothing was saved; looking things up may still work. Check the server's disk: it may have failed or turned read-only.
server-database-not-writable = The database file cannot be written; check the server's disk and who owns the file. The server log has the details.
server-database-away = The database is not answering right now. Please try again in a moment.
server-failed = Something went wrong on the server; the log has the details.
# The title of an error page, by HTTP status.
http-status = { $code ->
    [400] Bad Request
    [401] Unauthorized
    [403] Forbidden
    [404] Not Found
    [405] Method Not Allowed
    [409] Conflict
    [413] Payload Too Large
    [422] Unprocessable Entity
    [429] Too Many Requests
    [500] Internal Server Error
    [503] Service Unavailable
    [507] Insufficient Storage
   *[other] Error
}
web-imports-busy = The server is busy reading other guest lists; try again in a minute.
web-upload-unreadable = The uploaded file cannot be read back: { $detail }
web-import-failed = The import failed: { $detail }
web-log-in-or-token = log in or send an API token
web-role-forbids = your role does not allow this
web-scanner-only = Your account may only scan tickets. Ask an admin for more.
web-setup-link-invalid = This setup link is not valid. Open the link printed in the server log.
web-door-search-off = door search is off (an admin turns it on on the settings page)

## office.rs (and shared checks of names, notes, searches, doors and party sizes)
field-empty = must not be empty
field-too-long = at most { $max } characters
field-control-chars = must not contain control or text-direction characters
persons-range = from 1 to { $max }
event-slug-exhausted = too many events are named like `{ $base }`; give a slug
# A guest list row's problems (each a message of the import), joined with "; ".
guest-problems = { $problems }
guest-email-taken = { $email } already has a ticket for this event
guest-name-or-email-missing = the name or the address is missing
guest-email-required = a guest from the list needs an email address
offline-upload-too-many = at most { $max } per upload
offline-id-malformed = `{ $id }` is not 1 to 64 letters, digits, `-` or `_`
# $day: the event's day as 2026-07-04.
door-copy-wrong-day = { $event } is on { $day }: a door copy is handed out only from the day before the event to the day after
door-search-too-short = type at least { $min } letters of the name

## store/shared.rs
event-slug-taken = an event with the slug `{ $slug }` already exists
walk-in-limit-reached = the { $limit } walk-ins { $event } allows are all in
ticket-not-checked-in = ticket { $code } is not checked in
ticket-revoked = ticket { $code } is revoked
party-too-many = only { $left } of the party of { $size } may come in now
party-nobody-inside = nobody of ticket { $code } is inside
party-only-inside = only { $inside } of the party are inside
ticket-already-revoked = ticket { $code } is already revoked
ticket-not-revoked = ticket { $code } is not revoked
party-at-least = { $arrived } people of this party have come in: the ticket must admit at least { $arrived }
user-name-taken = a user named `{ $name }` already exists
mail-lease-contended = the event's mail lease changed hands three times in a row; try again
user-last-admin = `{ $name }` is the last admin; make another user admin first

## store/mod.rs
import-email-taken = { $name } <{ $email }> already has a ticket for this event; nothing was imported (import the list again to see every duplicate)
import-email-repeated = { $name } <{ $email }> comes twice in this list; nothing was imported (import the list again to see every duplicate)

## model.rs
walk-ins-unknown = `{ $value }` is not off, admins or doors
time-zone-unknown = `{ $name }` is not a time zone name; use one like Europe/Berlin or America/New_York
event-slug-malformed = use 1-64 lower-case letters, digits and dashes, not only digits
ticket-status-unknown = use valid, used or revoked
ticket-sort-unknown = `{ $value }` is not an order; use issued, name, status or check_in
role-unknown = use admin or scanner

## maintenance.rs
backup-postgres = a PostgreSQL database is backed up with PostgreSQL's own tool, pg_dump, which copies a consistent snapshot while the app keeps running, e.g. `pg_dump --format=custom --file=tickets.dump "$TICKET_DATABASE_URL"` (restore with `pg_restore --dbname=URL tickets.dump`)
backup-mysql = a MySQL/MariaDB database is backed up with the server's own tool, mysqldump (mariadb-dump on MariaDB), which copies a consistent snapshot while the app keeps running, e.g. `mysqldump --single-transaction -h HOST -u USER -p DATABASE > tickets.sql` (restore with `mysql -h HOST -u USER -p DATABASE < tickets.sql`)
backup-exists = `{ $path }` already exists; a backup never overwrites a file, choose a new name
backup-folder-missing = the folder `{ $folder }` does not exist
backup-path-not-utf8 = the path must be valid UTF-8
sql-empty = the statement is empty
sql-several = run one statement at a time (found { $count })
sql-parameters-question = the statement has `?` parameters; write the values into it
sql-parameters-dollar = the statement has `$1` parameters; write the values into it

## door_rules.rs
number-too-high = at most { $max }
walk-ins-off = walk-ins are off for { $event }
walk-ins-admins-only = only admins may add walk-ins to { $event }

## settings.rs
mail-from-missing = no sender of ticket mails is set for { $event }: set the event's own sender or a default sender (e.g. Summer Ball <tickets@example.org>)

## auth.rs
password-too-short = use at least { $min } characters
password-too-long = use at most { $max } bytes

## session.rs
session-id-length = must have 1 to { $max } bytes

## pairing.rs
pairing-link-revoked = this pairing link was revoked: ask an admin for a new one
pairing-link-expired = this pairing link has expired: ask an admin for a new one
pairing-link-used = this pairing link was already used by another phone: ask an admin for a new one

## template_file.rs
template-subject-first = line { $line }: the file must start with a `Subject:` line
template-header-expected = line { $line }: expected a header such as `Subject: ...`, then a blank line, then the mail text
template-second-subject = line { $line }: a second `Subject:` line
template-subject-empty = line { $line }: the subject is empty
template-unknown-header = line { $line }: unknown header `{ $header }`; use `Subject:` and optionally `Message:`
template-file-empty = the file is empty; it must start with a `Subject:` line
template-no-text = no mail text: leave one blank line after the headers, then write the text
template-text-empty = the mail text after the headers is empty
template-html-empty = the HTML part after `{ $separator }` is empty

## code.rs: CodeSpecError (a code specification is refused)
# $symbol: the character; for code-alphabet-unusable and
# code-alphabet-not-typable as Rust writes it, in single quotes ('\t').
code-alphabet-too-few = the alphabet needs at least 2 distinct characters
code-alphabet-duplicate = the alphabet contains `{ $symbol }` twice (upper and lower case count as the same)
code-alphabet-unusable = the alphabet may not contain { $symbol } (whitespace, dashes and invisible characters are ignored when codes are typed)
code-alphabet-not-typable = the alphabet may not contain { $symbol }: keyboards type it as another character or as part of one; use the character a keyboard types
code-length-zero = the code length must be at least 1
code-space-too-large = { $symbols } symbols to the power { $length } is more codes than fit in 64 bits; use a shorter code

## code.rs: CodeError (typed text is not a code)
code-empty = no code was entered
code-too-long = the input is far too long to be a code
code-invalid-char = `{ $symbol }` is not a character of this event's codes
code-wrong-length = a code has { $expected } characters, this has { $got }

## import/error.rs: a file that cannot be imported at all
import-empty = the file is empty; choose the guest list file again
import-too-large = the file is too large ({ $size } bytes; at most { $max } bytes are accepted); delete unused sheets, pictures and columns, or save it as CSV
import-unsupported-format = files of type "{ $extension }" cannot be imported; use an Excel workbook (.xlsx, .xlsm, .xls, .xlsb), a LibreOffice sheet (.ods) or CSV (.csv)
import-text-named-as-workbook = the file is named "{ $file_name }" but is really a text (CSV) file, not a workbook; rename it to end in .csv, or open it in Excel and save it as "Excel Workbook (.xlsx)"
import-not-a-spreadsheet = the file "{ $file_name }" is not a spreadsheet or CSV file (its content is not recognised); open the guest list in Excel or LibreOffice and save it as .xlsx or as "CSV UTF-8"
# $format: xlsx, xls, …; $detail: a technical hint in English (the reader's message).
import-damaged = the { $format } workbook could not be read; it may be damaged or incomplete ({ $detail }); open it in Excel or LibreOffice, save it again and upload the new copy
import-password-protected = this workbook is password-protected; open it, remove the password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear the box) and save an unprotected copy, or save it as CSV
import-uncompressed-too-large = the workbook unpacks to { $uncompressed } bytes (at most { $max } are accepted) or is compressed suspiciously well; it cannot be a normal guest list. Save the guest list as a new, small workbook or as CSV
import-sheet-too-large = sheet "{ $sheet }" spans { $rows } rows × { $columns } columns, which is too large to read (at most { $max_cells } cells); delete the unused rows and columns far from the guest list (or copy the list to a new sheet), or save the file as .xlsx or CSV
import-too-many-rows = the guest list has more than { $max } rows; at most { $max } guests can be imported at once, split the list into several files
# $email, $name, $first, $last: the column titles looked for, quoted and
# comma-separated ("Email", "E-mail", …).
import-no-header = no header row found: the guest list needs a row of column titles with an email column ({ $email }) and a name column ({ $name }) or first and last name columns ({ $first } / { $last }); add such a title row above the guests, or name the columns in the import options
# $place: import-where-sheet or import-where-sheets.
import-no-header-in = no header row found { $place }: the guest list needs a row of column titles with an email column ({ $email }) and a name column ({ $name }) or first and last name columns ({ $first } / { $last }); add such a title row above the guests, or name the columns in the import options
import-no-guests = the guest list has column titles (row { $header_row }) but no guests below them
# $available: the workbook's sheet names, quoted and comma-separated.
import-sheet-not-found = the workbook has no sheet named "{ $name }"; its sheets are: { $available }
import-unknown-encoding = the characters of this CSV file cannot be read reliably (unknown text encoding); save the file as CSV UTF-8 in Excel: File > Save As > "CSV UTF-8 (comma delimited)" (LibreOffice: File > Save As > Text CSV, character set "Unicode (UTF-8)")
# $detail: the CSV reader's message, in English.
import-bad-csv = the CSV file could not be read near row { $row }: { $detail }; save it again as CSV UTF-8
# $count: how many rows have problems; $first_problem: the first bad row's
# problems (row-… messages joined with "; ").
import-bad-rows = { $count } row(s) of the guest list have problems (first: row { $first_row }: { $first_problem }); fix them and import again, or import only the valid rows

## import/mod.rs: where no header row was found (after "no header row found")
import-where-sheet = in sheet "{ $sheet }"
# $sheets: the sheet names, quoted and comma-separated.
import-where-sheets = in sheets { $sheets }

## import/rows.rs: a guest-list row's problems
# The fields, as row-cell-error and row-cell-no-result name them.
row-field-name = name
row-field-first-name = first name
row-field-last-name = last name
row-field-salutation = salutation
row-field-note = note
row-field-language = language
# $field: one of row-field-…; $error: the spreadsheet's error value (#N/A, #REF!, …).
row-cell-error = the { $field } cell shows the error { $error }
row-cell-no-result = the { $field } is calculated by a formula whose result is not saved in the file; open the file in Excel or LibreOffice, save it there and import it again
# $column: the party-size column's title as the file writes it.
row-party-cell-error = the cell in column "{ $column }" shows the error { $error }
row-party-no-result = the value in column "{ $column }" is calculated by a formula whose result is not saved in the file; open the file in Excel or LibreOffice, save it there and import it again
# $value: the cell, shortened and already in quotes ("4 people").
row-party-invalid = the party size { $value } in column "{ $column }" is not a whole number from 1 to { $max }
row-companions-invalid = { $value } in column "{ $column }" is neither a number of companions from 0 to { $max } nor yes or no
# $languages: the language codes, comma-separated (en, de, fr, es).
row-language-unknown = "{ $value }" is no language the mails are written in ({ $languages })
row-name-missing = the name is missing
row-name-too-long = the name is longer than { $max } characters
row-salutation-too-long = the salutation is longer than { $max } characters
row-note-too-long = the note is longer than { $max } characters
row-email-merged = the email address is missing: the email cell is merged with the row above, so it belongs to that row only; give every guest an address of their own
row-email-missing = the email address is missing
row-email-no-result = the email address is calculated by a formula whose result is not saved in the file; open the file in Excel or LibreOffice, save it there and import it again
row-email-cell-error = the email cell shows the error { $error }
row-email-number = "{ $value }" is a number, not an email address
# $row: the row that used the address first.
row-duplicate = duplicate of row { $row } (the same email address { $email })

## import/email.rs: an email cell that is no usable address ($cell: the cell, shortened)
row-email-several = the email cell holds more than one address ("{ $cell }"); give each guest one row with one address
row-email-more-than-address = the email cell "{ $cell }" holds more than an address; write only the address, e.g. anna@example.org
row-email-spaces = the email address "{ $cell }" contains spaces
row-email-at-written = "{ $cell }" is not a usable email address: write "@" instead of "(at)"
row-email-no-at = "{ $cell }" is not an email address (it has no "@")
row-email-not-address = "{ $cell }" is not an email address
row-email-nothing-before-at = the email address "{ $cell }" has nothing before the "@"
row-email-several-at = the email address "{ $cell }" has more than one "@"
row-email-non-ascii = the part before "@" in "{ $cell }" has non-ASCII characters, which many mail servers refuse; ask the guest for another address
row-email-quotes = the email address "{ $cell }" uses quotes, which many mail servers refuse
row-email-no-domain = the email address "{ $cell }" has no domain after the "@"
row-email-ip-address = the email address "{ $cell }" uses an IP address instead of a domain name
row-email-bad-idn = the domain of "{ $cell }" is not a valid internationalised domain name
row-email-domain-too-long = the email address "{ $cell }" has a domain that is too long
row-email-no-tld = the email address "{ $cell }" has no top-level domain (like .org or .com) after the "@"
row-email-domain-empty-part = the email address "{ $cell }" has an empty or over-long part in its domain (two dots in a row?)
row-email-domain-hyphen = the email address "{ $cell }" has a domain part that starts or ends with a hyphen
row-email-domain-characters = the email address "{ $cell }" has characters in its domain that are not allowed there
row-email-bad-tld = the email address "{ $cell }" has no valid top-level domain (like .org or .com)
row-email-too-long = the email address "{ $cell }" is too long
# $error: the address checker's message, in English.
row-email-invalid = "{ $cell }" is not a valid email address ({ $error })

## mail/message.rs (after "invalid mail from:" or "invalid email:")
mail-from-too-long = at most { $max } characters
mail-from-invalid = `{ $sender }` is not a mail address: write it as Summer Ball <tickets@example.org> or tickets@example.org
# $error: the mail library's message, in English.
mail-address-invalid = `{ $email }` is not a valid address: { $error }
mail-cannot-build = cannot build the message: { $error }

## mail/transport.rs (after "invalid SMTP URL:" or "invalid mail:")
# $url: the SMTP URL, password masked; $error: the mail library's or the
# SMTP server's message, in English.
mail-smtp-url-invalid = { $url }: { $error }
# $path: the outbox folder; $error: the operating system's message.
mail-outbox-cannot-create = cannot create { $path }: { $error }
mail-outbox-cannot-write = cannot write to { $path }: { $error }
# $server: the SMTP URL, password masked.
mail-server-no-answer = { $server } does not answer
mail-server-failed = { $server }: { $error }
# $timeout: e.g. 30s.
mail-server-timeout = { $server } did not answer within { $timeout }

## mail/template.rs (after "invalid mail template:")
# The parts of a mail template, as the messages below name them ($part).
mail-part-subject = subject
mail-part-text = text
mail-part-html = html
mail-part-message = message
mail-template-repetition = { $part }: `*` (line { $line }) is not allowed in a template: repeating text or lists could make a mail of any size
mail-template-too-long = the { $part } is longer than { $max } bytes
# $language: the language's own name (Deutsch); $language_code: its code (de);
# $reason: one of the other mail-template messages.
mail-template-of-language = the { $language } template: { $reason }
# $error: the template engine's message, in English.
mail-template-part-error = { $part }: { $error }
mail-template-engine-failed = { $part }: the template engine failed on this template ({ $detail }); write the failing expression differently
# $name: the unknown name as written ({{ vorname }}); $placeholders: every
# placeholder, comma-separated ({{ greeting }}, {{ name }}, …).
mail-template-unknown-placeholder = the { $part } uses { $name }, which is not a placeholder; the placeholders are { $placeholders }
mail-template-unknown-placeholder-html = the { $part } uses { $name }, which is not a placeholder; the placeholders are { $placeholders }, and { "{{ body }}" } (the text)

## The web pages' own checks (ticket-web).
web-whole-number = use a whole number such as 3
web-language-unknown = use en, de, fr or es

## Where mail goes (settings and send pages, the command line).
mail-to-outbox = outbox folder { $folder }
mail-to-smtp = SMTP server { $url }
web-no-such-page = There is nothing at this address. Check the link, or start again from the start page.
