# The default ticket mail. Each text is a placeholder of the mail template
# ({{ texts.intro }} and so on), so an organiser's own template can use them
# too. Keep the message ids and the { $variables }.

mail-subject = Your ticket for { $event }: { $code }
# The greeting: "Dear Anna" (a salutation column replaces it).
mail-greeting = Dear { $first }
# Without a first name.
mail-greeting-plain = Hello
mail-intro = here is your ticket for { $event }.
mail-intro-dated = here is your ticket for { $event } ({ $date }).
mail-code-label = Your ticket code
mail-code-line = { $label }:  { $code }
mail-how = At the door, simply say or show this code. No printout and no app are needed.
mail-admits = { $persons ->
    [one] The code admits one person once.
   *[other] This ticket admits { $persons } people.
}
mail-together = They may come in together or one after another.
mail-see-you = See you there!
mail-qr-alt = QR code of { $code }
# How many people, as the text of an organiser's own template may say it.
mail-people = { $persons ->
    [one] one person
   *[other] { $persons } people
}
