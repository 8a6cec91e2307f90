"""The client runtime's modules (learn/static/runtime/) run under node, for the tests and the bench."""

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent / "static" / "runtime"

WORST_CASE = """
import { runInNewContext } from "node:vm";
import { worstCase } from "runtime:state.js";
const window = {};
runInNewContext(input.moduleData, { window });
output(worstCase(window.LEERPAD_MODULE));
"""


def node() -> str | None:
    return shutil.which("node")


def run_in_node(script: str, data) -> object:
    """Run an ES module ``script`` under node with ``input`` (``data``, through JSON) and an ``output(value)``
    function; ``from "runtime:name.js"`` imports a runtime module. Returns what it output."""
    prelude = (
        'import { readFileSync } from "node:fs";\n'
        'const input = JSON.parse(readFileSync(0, "utf8"));\n'
        "const output = (value) => process.stdout.write(JSON.stringify(value));\n"
    )
    source = prelude + script.replace('"runtime:', f'"{RUNTIME.as_uri()}/')
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "script.mjs"
        path.write_text(source, encoding="utf-8")
        result = subprocess.run(
            [node() or "node", str(path)], input=json.dumps(data), capture_output=True, text=True, timeout=120
        )
    if result.returncode:
        raise RuntimeError(f"node failed: {result.stderr}")
    return json.loads(result.stdout)


def suspend_worst_case(package_data: bytes) -> int:
    """The longest suspend_data a package's module can need apart from reflection text (state.js worstCase)."""
    with zipfile.ZipFile(io.BytesIO(package_data)) as archive:
        module_data = archive.read("module-data.js").decode("utf-8")
    return run_in_node(WORST_CASE, {"moduleData": module_data})
