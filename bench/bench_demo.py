"""Wall time and database size of ``seiho demo`` (3,000 and 100,000 households).

Each run starts ``python -m seiho.cli demo`` as a new process, as a user
would, so the time includes interpreter start-up and imports. The database
is written under data/bench/ and removed afterwards.

Usage: python bench/bench_demo.py [--sizes 3000 100000] [--runs 5 3]
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DATA, SEIHO, describe, timed  # noqa: E402

AS_OF = "2026-12-01"


def build_once(path: Path, households: int) -> None:
    """Build one demo database at ``path``, replacing an earlier one."""
    subprocess.run(
        [*SEIHO, "demo", "--db", str(path), "--households", str(households), "--seed", "1",
         "--as-of", AS_OF, "--force", "--no-progress"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 100_000], help="household counts to build")
    parser.add_argument("--runs", type=int, nargs="+", default=[5, 3], help="runs per size, in the order of --sizes")
    args = parser.parse_args()
    if len(args.runs) != len(args.sizes):
        parser.error("--runs needs one count per entry of --sizes")

    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    print(f"seiho demo build, seed 1, as of {AS_OF}")
    for households, runs in zip(args.sizes, args.runs):
        path = BENCH_DATA / f"bench-demo-{households}.duckdb"
        seconds = [timed(build_once, path, households)[0] for _ in range(runs)]
        size_mb = path.stat().st_size / 2**20
        print(f"  {households:,} households: {describe(seconds, unit='s', scale=1.0)}, database {size_mb:,.0f} MiB")
        for leftover in (path, Path(str(path) + ".wal"), Path(str(path) + ".lock")):
            leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
