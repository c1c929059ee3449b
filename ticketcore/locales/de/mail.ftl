# Die Standard-Ticketmail.

mail-subject = Dein Ticket für { $event }: { $code }
# Die Anrede ist bewusst neutral ("Hallo Anna"); eine Anrede-Spalte der
# Gästeliste ersetzt sie ("Liebe Anna", "Sehr geehrter Herr Berg").
mail-greeting = Hallo { $first }
mail-greeting-plain = Hallo
mail-intro = hier ist dein Ticket für { $event }.
mail-intro-dated = hier ist dein Ticket für { $event } ({ $date }).
mail-code-label = Dein Ticket-Code
mail-code-line = { $label }:  { $code }
mail-how = Am Einlass einfach diesen Code sagen oder zeigen. Du brauchst keinen Ausdruck und keine App.
mail-admits = { $persons ->
    [one] Der Code lässt eine Person einmal ein.
   *[other] Dieses Ticket gilt für { $persons } Personen.
}
mail-together = Ihr könnt zusammen oder nacheinander kommen.
mail-see-you = Bis bald!
mail-qr-alt = QR-Code von { $code }
mail-people = { $persons ->
    [one] eine Person
   *[other] { $persons } Personen
}
