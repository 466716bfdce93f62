"""Renderers: content items → the bytes each fake site serves (HTML templates, feeds, JSON API shapes)."""
