"""Widgets of the app: they draw what the screens give them."""
