# Texts of the organiser pages.
