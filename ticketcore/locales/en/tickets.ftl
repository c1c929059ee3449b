# Texts of the tickets pages.
