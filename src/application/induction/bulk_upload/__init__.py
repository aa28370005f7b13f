"""Appropriate bodies' bulk CSV upload: claims, and actions (release or pass), checked like the screens."""
