"""`python -m extract --jsonl FILE...`: see `extract.cli`."""

from extract.cli import run

if __name__ == "__main__":
    run()
