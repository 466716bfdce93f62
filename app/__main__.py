"""``python -m app`` runs the qingshan CLI."""

from app.cli import main

main()
