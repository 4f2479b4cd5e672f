"""beraad: run a moreel beraad (moral case deliberation) in the terminal."""

__version__ = "0.1.0"
