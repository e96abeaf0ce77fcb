"""Templates cannot exhaust memory or outlive their deadline (issue 12, item 7).

The payloads of the reliability probe reached 4.9–9.7 GB (`([s]*200)|join`, `replace` with a
long text, big loops) or ignored the 120 s deadline (`(((10**64)**64)**64)**64`, one step in C).
Each is rendered here through the real renderer, in a subprocess under a 2 GiB address-space
limit: each must be refused within seconds with a Chinese message, and no process may come near
the limit. The worker process itself is tested too: killed from outside at the deadline, replaced
when it died, kept under its own memory limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unionbook.domain.errors import InputError
from unionbook.fileio import render_worker
from unionbook.fileio.template_limits import MAX_INT_BITS, check_number_operation, text_size

BIG = "{% set s = 'x' * 4000000 %}"
PAYLOADS = {
    "join": BIG + "{{ ([s]*200)|join }}",
    "join method": BIG + "{{ ''.join([s]*200) }}",
    "join separator": "{{ (range(100000)|list)|join('y' * 100000) }}",
    "replace filter": BIG + "{{ s|replace('x', 'yyyyyyyyyyyyyyyyyyyy') }}",
    "replace method": BIG + "{{ s.replace('x', s[:1000]) }}",
    "loop": BIG + "{% for i in range(100000) %}{{ s }}{% endfor %}",
    "loop of fixed text": "{% for i in range(100000) %}{% for j in range(10) %}" + "x" * 2000 + "{% endfor %}{% endfor %}",
    "set block": BIG + "{% set t %}{% for i in range(1000) %}{{ s }}{% endfor %}{% endset %}{{ t|length }}",
    "string of a list": BIG + "{{ ([s]*200)|string|length }}",
    "tojson": BIG + "{{ ([s]*200)|tojson|length }}",
    "format": BIG + "{{ '{}{}{}{}'.format(s, s, s, s) }}",
    "format repeating one argument": "{% set s = 'x' * 1000000 %}{{ ('{0}' * 1000).format(s) }}",
    "percent": BIG + "{{ '%s%s' % (s, s) }}",
    "percent repeating one argument": "{% set s = 'x' * 1000000 %}{{ ('%(a)s' * 1000) % {'a': s} }}",
    "filter of ours": BIG + "{{ ([s]*200)|金额 }}",
    "power": "{{ (((10**64)**64)**64)**64 }}",
    "products": "{% set a = 10**64 %}{{ a*a*a*a*a*a*a*a }}",
    "list growth": "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    "slices": "{{ range(10)|slice(1000000000)|list|length }}",
}
_RENDER_ALL = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from pathlib import Path
from docx import Document
from unionbook.domain.errors import InputError
from unionbook.fileio.docx_render import render_docx

def main():
    folder = Path(sys.argv[1])
    results = {}
    for name, source in json.loads(sys.argv[2]).items():
        template = folder / "模板.docx"
        document = Document()
        document.add_paragraph(source)
        document.save(template)
        started = time.monotonic()
        try:
            render_docx(template, {}, folder / "out.docx", timeout=60)
            outcome = "rendered"
        except InputError as exc:
            outcome = exc.message()
        except BaseException as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        results[name] = [outcome, time.monotonic() - started]
    from unionbook.fileio import render_worker

    render_worker.shutdown()  # so that the worker's peak is counted among the children's
    # This process's own high-water mark from /proc (VmHWM): ru_maxrss of SELF keeps the parent's
    # resident size from before the exec, and the parent is pytest — over 1 GB late in a full run.
    # The worker is spawned from here, so RUSAGE_CHILDREN carries only this small process's.
    try:
        status = Path("/proc/self/status").read_text()
        own = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    print(json.dumps({"results": results, "peak_mb": peak}, ensure_ascii=False))

if __name__ == "__main__":
    main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_every_payload_is_refused_quickly_within_a_memory_limit(tmp_path: Path) -> None:
    script = tmp_path / "render_all.py"  # a file, so the worker's spawn can import its __main__
    script.write_text(_RENDER_ALL, encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(script), str(tmp_path), json.dumps(PAYLOADS)],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    for name, (outcome, seconds) in report["results"].items():
        assert outcome.startswith("模板“模板.docx”") and "已停止" in outcome, f"{name}: {outcome}"
        assert seconds < 15, f"{name} took {seconds:.1f} s"
    assert report["peak_mb"] < 1024
    assert time.monotonic() - started < 120


def test_the_worker_is_killed_at_the_deadline_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    """One step the sandbox cannot interrupt (here a sleep in C) still ends at the deadline."""
    monkeypatch.setattr(render_worker, "GRACE", 0.5)
    started = time.monotonic()
    with pytest.raises(InputError) as excinfo:
        render_worker.run("time:sleep", 60, deadline=1, name="慢.docx")
    assert time.monotonic() - started < 10
    assert "模板“慢.docx”生成时间过长" in excinfo.value.message()
    assert render_worker.run("math:floor", 2.5, deadline=10, name="x") == 2  # a new worker takes over


def test_a_worker_that_dies_is_one_message_and_is_replaced() -> None:
    with pytest.raises(InputError) as excinfo:
        render_worker.run("os:_exit", 3, deadline=10, name="坏.docx")
    assert "模板“坏.docx”" in excinfo.value.message() and "已停止" in excinfo.value.message()
    assert render_worker.run("math:floor", 3.5, deadline=10, name="x") == 3


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_the_worker_has_a_memory_limit() -> None:
    with pytest.raises(MemoryError):
        render_worker.run("builtins:bytearray", render_worker.MEMORY_LIMIT, deadline=30, name="x")


def test_errors_come_back_as_they_were_raised(tmp_path: Path) -> None:
    with pytest.raises(InputError) as excinfo:  # an InputError is rebuilt from its parameters
        render_worker.run("unionbook.fileio.docx_render:render_docx_here", tmp_path / "无.docx", {}, tmp_path / "o.docx",
                          deadline=10, name="无.docx")  # fmt: skip
    assert "找不到模板文件“无.docx”" in excinfo.value.message()
    with pytest.raises(ZeroDivisionError):
        render_worker.run("operator:truediv", 1, 0, deadline=10, name="x")


def test_sizes_are_estimated_cheaply_and_numbers_are_capped() -> None:
    cyclic: list = [1]
    cyclic.append(cyclic)
    assert text_size(cyclic, 1000) > 1000  # stops, even on a cycle
    assert text_size(["x" * 10] * 3) == 2 + 6 + 30
    check_number_operation("**", 10, 64)  # 10**64 is allowed
    check_number_operation("*", 2**100, 2**100)
    with pytest.raises(Exception, match="数字过大"):
        check_number_operation("**", 10**64, 64)
    with pytest.raises(Exception, match="数字过大"):
        check_number_operation("*", 2**MAX_INT_BITS, 2)
    check_number_operation("*", "ab", 3)  # text is sized elsewhere
