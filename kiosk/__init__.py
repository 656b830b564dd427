"""The qualification-testing kiosk: candidate stations and admin mode for a testing center."""

__version__ = "0.1.0"
