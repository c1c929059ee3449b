# Textos de la página de la entrada.

## Horas: un patrón strftime y luego el conjunto.
time-format = %H:%M
clock = { $time }

welcome = Bienvenido
offline = sin conexión
