# Texte der Einlassseite (Ergebnisse, Meldungen und die Texte ihres Skripts).

## Uhrzeiten am Einlass und in den Tabellen: ein strftime-Muster, dann das Ganze.
time-format = %H:%M
clock = { $time } Uhr

welcome = Willkommen
offline = offline
