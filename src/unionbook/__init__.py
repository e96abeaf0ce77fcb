"""UnionBook (工会台账): offline records for grassroots union chairs."""

__version__ = "0.1.0"
