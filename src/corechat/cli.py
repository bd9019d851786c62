"""The ``corechat`` command. Each subsystem registers its own subcommands; this module only dispatches.

A subsystem module listed in ``COMMAND_MODULES`` defines ``add_commands(subparsers)``, which adds
its subcommands with ``set_defaults(handler=fn)``; ``fn(args) -> int`` is the exit status.
Imports are deferred to the chosen command's handler, so ``corechat --help`` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from corechat import __version__

COMMAND_MODULES = (
    "corechat.nlu.command",
    "corechat.server",
    "corechat.admin",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corechat",
        description="The Brek Partner Core Chat API: serve it, administer it, and try its parser.",
    )
    parser.add_argument("--version", action="version", version=f"corechat {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    return int(handler(args) or 0)
