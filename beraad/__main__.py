from beraad.cli import run

run()
