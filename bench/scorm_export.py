"""Export time, zip size and worst-case suspend_data per module and SCORM version.

    .venv/bin/python bench/scorm_export.py [MODULES_DIR ...]

Defaults to ``modules/`` and the test fixture module. Prints a table and writes
bench/results/scorm_export.json. Build time is the median of five builds in a
warm app (templates compiled); the first build of a process is shown apart.
"""

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from learn import create_app  # noqa: E402
from learn.content.loader import load_library  # noqa: E402
from learn.testing.runtime import node, suspend_worst_case  # noqa: E402
from scorm_export import STANDARDS, build_package  # noqa: E402

RUNS = 5


def main(folders: list[Path]) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SERVER_NAME": "bench.local"})
    rows = []
    for folder in folders:
        for module in load_library(folder):
            for standard in STANDARDS.values():
                started = time.perf_counter()
                package = build_package(module, standard, app)
                first = time.perf_counter() - started
                times = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    again = build_package(module, standard, app)
                    times.append(time.perf_counter() - started)
                    assert again.data == package.data, "not deterministic"
                worst = suspend_worst_case(package.data) if node() else None
                rows.append(
                    {
                        "module": module.id,
                        "version": module.version,
                        "standard": standard.label,
                        "first_build_s": round(first, 3),
                        "build_s": round(statistics.median(times), 3),
                        "zip_bytes": len(package.data),
                        "files": len(package.files),
                        "suspend_worst_case_chars": worst,
                        "suspend_limit": standard.suspend_limit,
                    }
                )
    print(
        f"{'module':34} {'standard':24} {'build s':>8} {'first s':>8} {'zip bytes':>10} {'files':>5} {'state/limit':>13}"
    )
    for row in rows:
        state = f"{row['suspend_worst_case_chars']}/{row['suspend_limit']}"
        print(
            f"{row['module'] + ' ' + row['version']:34} {row['standard']:24} {row['build_s']:8.3f} "
            f"{row['first_build_s']:8.3f} {row['zip_bytes']:10,} {row['files']:5} {state:>13}"
        )
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "scorm_export.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    default = [p for p in (REPO / "modules", REPO / "tests" / "fixtures" / "modules") if p.is_dir()]
    main(arguments or default)
