# Le mail de billet par défaut. Chaque texte est une variable du modèle de
# mail ({{ texts.intro }} etc.). Garder les identifiants et les { $variables }.

mail-subject = Votre billet pour { $event } : { $code }
# La salutation : « Bonjour Anna » (une colonne de salutation la remplace).
mail-greeting = Bonjour { $first }
# Sans prénom.
mail-greeting-plain = Bonjour
mail-intro = Voici votre billet pour { $event }.
mail-intro-dated = Voici votre billet pour { $event } ({ $date }).
mail-code-label = Votre code de billet
mail-code-line = { $label } :  { $code }
mail-how = À l'entrée, il suffit de dire ou de montrer ce code. Ni impression ni application ne sont nécessaires.
mail-admits = { $persons ->
    [one] Le code permet à une personne d'entrer une fois.
   *[other] Ce billet est valable pour { $persons } personnes.
}
mail-together = Elles peuvent entrer ensemble ou l'une après l'autre.
mail-see-you = À bientôt !
mail-qr-alt = QR code de { $code }
mail-people = { $persons ->
    [one] une personne
   *[other] { $persons } personnes
}
