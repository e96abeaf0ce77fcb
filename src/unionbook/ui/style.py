"""The application's look: one style sheet, kept in one place."""

STYLE_SHEET = """
QListWidget#nav { background: #2b3a4a; color: #e8edf2; border: none; font-size: 15px; }
QListWidget#nav::item { padding: 12px 18px; }
QListWidget#nav::item:selected { background: #c0392b; color: white; }
QLabel#pageHeading { font-size: 22px; font-weight: bold; color: #2b3a4a; padding-bottom: 8px; }
QLabel#unionName { font-size: 15px; font-weight: bold; color: #2b3a4a; }
QLabel#hint { color: #6b7785; }
QLabel#error { color: #c0392b; }
QLabel#warning { color: #b9770e; }
QLabel#countLabel { font-size: 15px; padding: 8px 0; }
QFrame#card { background: white; border: 1px solid #d5dbe1; border-radius: 6px; }
QLabel#cardTitle { color: #6b7785; }
QLabel#cardValue { font-size: 26px; font-weight: bold; color: #c0392b; }
"""
