"""Reading last year's summary whatever it was saved as: .docx, .doc/.wps, or plain text.

.docx is read by docx_text. Old binary Word (.doc) and WPS (.wps) files are converted to .docx by
LibreOffice when it is installed (`soffice --headless --convert-to docx`); without it the chair is
told what else works (save as .docx in Word/WPS, or paste the text). Plain text is UTF-8 (with or
without BOM) or GBK, the encodings Notepad and WPS write, never decoded lossily.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from unionbook.domain.errors import InputError
from unionbook.fileio.csv_reader import _decode as decode_text  # UTF-8, else GB18030 (a superset of GBK)

TEXT_SUFFIXES = (".txt", ".text", ".md")
LEGACY_SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
#: A year's summary is tens of KB of text; anything much larger is not one.
MAX_TEXT_BYTES = 5 * 1024 * 1024
CONVERT_TIMEOUT = 120

_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def read_text_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError(detail=f"文件“{path.name}”太大（超过 5 MB），不像是一份工作总结")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(detail=f"找不到文件“{path.name}”（{path.parent}）") from None
    except OSError as exc:
        raise InputError(detail=f"无法读取文件“{path.name}”：{exc.strerror or exc}") from None
    return decode_text(path, data)


def find_libreoffice() -> str | None:
    """The soffice program, on PATH or where the Windows installer puts it; None when absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        return next((p for p in _WINDOWS_PLACES if Path(p).is_file()), None)
    return None


def convert_to_docx(path: Path, folder: Path) -> Path:
    """`path` (.doc, .wps …) converted into `folder` as .docx by LibreOffice."""
    program = find_libreoffice()
    if program is None:
        raise InputError(
            detail=f"无法读取“{path.name}”：{path.suffix} 文件需要安装 LibreOffice 才能转换。"
            "也可以在 Word/WPS 中把它另存为 .docx 后再选择，或直接复制全文粘贴进来"
        )
    if not path.is_file():
        raise InputError(detail=f"找不到文件“{path.name}”（{path.parent}）")
    # A profile of its own: a LibreOffice the chair has open would otherwise refuse to convert.
    with tempfile.TemporaryDirectory(prefix="unionbook-lo-") as profile:
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--convert-to", "docx", "--outdir", str(folder), str(path)]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(detail=f"LibreOffice 转换“{path.name}”超时（{CONVERT_TIMEOUT} 秒）") from None
        except OSError as exc:
            raise InputError(detail=f"无法运行 LibreOffice 转换“{path.name}”：{exc.strerror or exc}") from None
    converted = folder / f"{path.stem}.docx"
    if not converted.is_file():
        raise InputError(
            detail=f"LibreOffice 没能转换“{path.name}”：文件可能已损坏或设了密码，请在 Word/WPS 中另存为 .docx"
        )
    return converted
