"""resources/ and migrations/ are found from an installed wheel, not only from the source tree.

Builds the wheel, installs it with no dependencies into a fresh virtual environment whose only
other packages come from this environment's site-packages (through a .pth file, which does not
activate the editable install's import hook), and runs `unionbook --db X demo` from outside the
checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_runs_demo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(dist.glob("unionbook-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("unionbook/migrations/versions/") and n.endswith(".py") for n in names)
    assert any(n.startswith("unionbook/resources/") for n in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies from this environment; the wheel itself is installed for real.
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    db = tmp_path / "wheel.sqlite"
    # Nor through PYTHONPATH (a run testing a checkout's src/ sets it): only the wheel may be imported.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", "import sys, unionbook.app; sys.exit(unionbook.app.main())", "--db", str(db), "demo"],
        cwd=tmp_path,  # not the checkout: nothing may be found through the source tree
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "已生成演示工会" in result.stdout
    located = subprocess.run(
        [str(python), "-c", "from unionbook import paths; print(paths.migrations_path()); print(paths.resources_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(site) in p for p in located), located
