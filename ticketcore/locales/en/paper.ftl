# The printed door list and the printed ticket. Keep the ids and the
# { $variables }; no HTML here (the text is escaped).

paper-list-title = Door list · { $event }
paper-list-how = Print this list with your browser (Ctrl+P, or ⌘P on a Mac). { $guests ->
    [one] { $guests } guest
   *[other] { $guests } guests
} on { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}, alphabetical by last name. Tick the box when a guest arrives; a struck-through code is revoked: do not let it in.
paper-page = Page { $n } of { $total }
paper-meta = Door list printed { $printed } · { $guests ->
    [one] { $guests } guest
   *[other] { $guests } guests
}
paper-col-name = Name
paper-col-code = Code
paper-col-email = Email
paper-col-status = Status
paper-empty = No guests yet.
paper-revoked = revoked
paper-in-at = in at { $time }
paper-ticket-title = Ticket · { $event } · { $name }
paper-ticket-how = Print this ticket with your browser (Ctrl+P, or ⌘P on a Mac) and give it to the guest.
paper-ticket-revoked-code = REVOKED
paper-ticket-revoked = This ticket was revoked and admits no one.
paper-ticket-qr-alt = QR code of { $code }
paper-ticket-hint = Show this code at the door: the letters or the QR code.
