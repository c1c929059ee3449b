# El correo de la entrada por defecto. Cada texto es una variable de la
# plantilla ({{ texts.intro }} etc.). Mantén los identificadores y las
# { $variables }.

mail-subject = Tu entrada para { $event }: { $code }
# El saludo: "Hola Ana" (una columna de saludo lo sustituye).
mail-greeting = Hola { $first }
# Sin nombre de pila.
mail-greeting-plain = Hola
mail-intro = Aquí tienes tu entrada para { $event }.
mail-intro-dated = Aquí tienes tu entrada para { $event } ({ $date }).
mail-code-label = Tu código de entrada
mail-code-line = { $label }:  { $code }
mail-how = En la puerta, basta con decir o mostrar este código. No hace falta imprimir nada ni instalar ninguna app.
mail-admits = { $persons ->
    [one] El código da acceso a una persona una vez.
   *[other] Esta entrada es válida para { $persons } personas.
}
mail-together = Pueden entrar juntas o una tras otra.
mail-see-you = ¡Nos vemos allí!
mail-qr-alt = Código QR de { $code }
mail-people = { $persons ->
    [one] una persona
   *[other] { $persons } personas
}
