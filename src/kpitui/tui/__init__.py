"""The Textual app. Everything it shows is computed by kpitui.core in workers."""
