# Die gedruckte Einlassliste und das gedruckte Ticket.

paper-list-title = Einlassliste · { $event }
paper-list-how = Drucke diese Liste mit deinem Browser (Strg+P, auf dem Mac ⌘P). { $guests ->
    [one] { $guests } Gast
   *[other] { $guests } Gäste
} auf { $pages ->
    [one] { $pages } Seite
   *[other] { $pages } Seiten
}, alphabetisch nach Nachname. Hake das Kästchen ab, wenn ein Gast ankommt; ein durchgestrichener Code ist storniert: nicht einlassen.
paper-page = Seite { $n } von { $total }
paper-meta = Einlassliste, gedruckt am { $printed } · { $guests ->
    [one] { $guests } Gast
   *[other] { $guests } Gäste
}
paper-col-name = Name
paper-col-code = Code
paper-col-email = E-Mail
paper-col-status = Status
paper-empty = Noch keine Gäste.
paper-revoked = storniert
paper-in-at = da seit { $time }
paper-ticket-title = Ticket · { $event } · { $name }
paper-ticket-how = Drucke dieses Ticket mit deinem Browser (Strg+P, auf dem Mac ⌘P) und gib es dem Gast.
paper-ticket-revoked-code = STORNIERT
paper-ticket-revoked = Dieses Ticket wurde storniert und lässt niemanden ein.
paper-ticket-qr-alt = QR-Code von { $code }
paper-ticket-hint = Zeige diesen Code am Einlass: die Buchstaben oder den QR-Code.
