# Textes de la page d'entrée.

## Heures : un motif strftime, puis l'ensemble.
time-format = %H:%M
clock = { $time }

welcome = Bienvenue
offline = hors ligne
