"""Add/edit dialogs of the registers."""
