"""Helpers shared by the benchmarks: demo databases and timing."""

import hashlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATA = ROOT / "data" / "bench"
SEIHO = [sys.executable, "-m", "seiho.cli"]

# The demo generator's code and data. A change to any of them builds new demo databases.
GENERATOR_SOURCES = [ROOT / "lib" / "seiho" / "synth", ROOT / "data" / "synth"]


def demo_database(households: int, seed: int = 1) -> Path:
    """Return a demo database of this size, building it once under data/bench/."""
    BENCH_DATA.mkdir(parents=True, exist_ok=True)
    path = BENCH_DATA / f"demo-{households}-{generator_fingerprint()}.duckdb"
    if not path.exists():
        print(f"building {path} …", file=sys.stderr, flush=True)
        subprocess.run([*SEIHO, "demo", "--db", str(path), "--households", str(households), "--seed", str(seed)], check=True)
    return path


def generator_fingerprint() -> str:
    """Return a short hash of the demo generator's code and data, so a stale cached demo is never used."""
    digest = hashlib.sha256()
    for folder in GENERATOR_SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".csv", ".sql", ".json"):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def timed(function, *args, **kwargs) -> tuple[float, object]:
    """Run a function once; return (seconds, result)."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def describe(samples: list[float], unit: str = "ms", scale: float = 1000.0) -> str:
    """Format the median and the spread of timing samples."""
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return (
        f"median {statistics.median(ordered) * scale:.1f} {unit}, "
        f"min {ordered[0] * scale:.1f}, p90 {p90 * scale:.1f} (n={len(ordered)})"
    )
