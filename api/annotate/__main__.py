"""``python -m api.annotate``: extract claims from text files, or score the annotator against gold, with no
database and no web framework loaded.

    python -m api.annotate extract FILE|DIR|-... [--published-on YYYY-MM-DD] [--all]
    python -m api.annotate eval GOLD [--texts DIR] [--pred FILE] [--count-optional] [--per-doc]

``extract`` reads each FILE, the ``.txt`` files of each DIR, and ``-`` standard input (doc name ``stdin``).
``eval`` reads only the texts its gold names, and prints lenient, exact-boundary and token figures (defined
in ``scoring``), then the counts behind them; ``--per-doc`` adds one line per document with its
predictions, claim gold and matches.

Bad input (a missing file, a bad date, a malformed gold line) ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from .commands import error_line, write_eval, write_extract

USAGE_ERROR = 2


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m api.annotate", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the claims of text files as JSON lines")
    extract.add_argument(
        "files", nargs="+", metavar="FILE", help="a text file, a folder of .txt files, or - for standard input"
    )
    extract.add_argument(
        "--published-on",
        type=_iso_date,
        metavar="DATE",
        help="the documents' publication date, to date claims said 'on Tuesday'",
    )
    extract.add_argument(
        "--all",
        action="store_true",
        dest="include_all",
        help="also print candidates with no speaker (never stored)",
    )

    evaluation = commands.add_parser("eval", help="score the annotator against gold data")
    evaluation.add_argument(
        "gold", metavar="GOLD", help="gold JSONL file, or BRAT folder with text/ and attributions/"
    )
    evaluation.add_argument(
        "--texts", metavar="DIR", help="folder of DOC.txt for JSONL gold (default: the gold file's folder)"
    )
    evaluation.add_argument(
        "--pred", metavar="FILE", help="score these predictions instead of running the pipeline"
    )
    evaluation.add_argument(
        "--count-optional",
        action="store_true",
        help="count optional gold claims as claims (default: they are neither needed nor errors)",
    )
    evaluation.add_argument(
        "--per-doc",
        action="store_true",
        help="also print one line per document: predictions, claim gold, lenient and exact matches",
    )
    return parser


def _extract(args: argparse.Namespace) -> None:
    write_extract(args.files, sys.stdout, published_on=args.published_on, include_all=args.include_all)


def _eval(args: argparse.Namespace) -> None:
    write_eval(args.gold, sys.stdout, texts=args.texts, pred=args.pred, count_optional=args.count_optional,
               per_doc=args.per_doc)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help; a bad date or usage is code 2
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    try:
        if args.command == "extract":
            _extract(args)
        else:
            _eval(args)
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return 1
    except (OSError, ValueError) as exc:  # a missing file, GoldError, a text that is not UTF-8
        print(f"error: {error_line(exc)}", file=sys.stderr)
        return USAGE_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
