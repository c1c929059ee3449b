# Texts of the door page (results, messages and its script's strings).
# Keep the message ids and the { $variables }. Door texts never choose
# words by a number: write "Still to come: { $n }", not a plural.

## Clock times on the door and in the tables: a strftime pattern
## (%H 24-hour, %-I 12-hour, %M minutes, %p AM/PM), then the whole.
time-format = %-I:%M %p
clock = { $time } { $zone }

welcome = Welcome
offline = offline
