"""区总 in the window: the district page and the district window a district book opens instead of
the grassroots navigation (ui/windows.py chooses)."""
