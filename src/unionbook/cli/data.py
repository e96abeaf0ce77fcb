"""Commands on the database as a whole: the demo union, backups and restore."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    pass
from unionbook.cli.base import (
    EXIT_INPUT,
    EXIT_OK,
    Context,
    command,
    display_width,
    err,
    out,
    pad,
)


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--members", type=int, default=300, metavar="N", help="演示工会的职工人数（默认 300）")
    p.add_argument("--seed", type=int, default=20240101, help="随机种子：相同种子生成相同数据")


@command("demo", "在空数据库中生成一个虚构的演示工会（约300名职工及四本台账）", _demo_args)
def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.demo import generate_demo

    if args.members < 1:
        err("--members 至少为 1")
        return EXIT_INPUT
    summary = generate_demo(ctx.db.session_factory, members=args.members, seed=args.seed)
    out(
        f"已生成演示工会：职工 {summary.members} 人，集体合同 {summary.contracts} 份，"
        f"困难职工档案 {summary.hardship_files} 户，帮扶发放 {summary.payments} 笔，"
        f"活动 {summary.activities} 场（数据库：{ctx.db.location}）"
    )
    return EXIT_OK


def _refuse_on_server(ctx: Context, what: str) -> None:
    """The automatic backups sit in a folder beside a SQLite file; a server book has none (README)."""
    from unionbook.db.backend import backend_for, refuse_on_server

    refuse_on_server(backend_for(ctx.db_path), what, "没有自动备份；请用 unionbook backup -o 文件 备份，或由管理员在服务器上定时 pg_dump")


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                   help="备份文件路径（一个 .zip 文件，包含数据库和全部附件）")  # fmt: skip


@command("backup", "把数据库连同全部附件备份到一个文件（先做完整性检查）", _backup_args)
def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import write_backup

    written = write_backup(ctx.db, args.output)
    extra = f"，附件 {written.attachments} 个" if written.attachments else ""
    out(f"已备份到 {written.path}（{written.size / 1024 / 1024:.1f} MB{extra}）")
    if written.missing:
        err(f"提示：有 {len(written.missing)} 个附件文件在 attachments 文件夹中找不到，未能备份")
    return EXIT_OK


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="要恢复的备份文件（.zip 备份包，或旧版本的 .sqlite 备份）")


@command("restore", "用备份文件替换当前数据库：先完整检查备份，当前内容先另存一份", _restore_args)
def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import restore

    result = restore(ctx.open_for_restore(), args.file)
    out(result.message())
    return EXIT_OK


@command("backups", "列出自动备份和手动备份：时间、原因、大小（保存在数据库旁的 backups 文件夹）")
def cmd_backups(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import backup_folder, backups_of

    _refuse_on_server(ctx, "自动备份文件夹")
    # Listed without opening the database: the backups matter most when it is damaged, and the
    # list may be read while the window has the database open.
    db_path, entries, keep = backups_of(ctx.db_path)
    if not entries:
        out(f"还没有备份。自动备份会保存在 {backup_folder(db_path)}。")
        return EXIT_OK
    header = ("时间", "原因", "大小", "文件")
    rows = [(f"{e.when:%Y-%m-%d %H:%M:%S}", e.reason, f"{e.size / 1024 / 1024:.1f} MB", str(e.path)) for e in entries]
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(pad(cell, widths[i], right=i == 2) for i, cell in enumerate(row)).rstrip())
    out(f"共 {len(entries)} 份；自动备份保留：当天全部，另外每日 {keep.daily} 份、每周 {keep.weekly} 份、每月 {keep.monthly} 份（手动备份不会自动删除）。"
        f"恢复：unionbook restore 备份文件")  # fmt: skip
    return EXIT_OK
