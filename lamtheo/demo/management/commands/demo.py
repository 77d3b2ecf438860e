"""`lamtheo demo`: load the demo province An Giang unless it is loaded, then print one login per role.

The demo is built as it stands today (its current year's topic, study, registrations, meetings and reports), or on
the day `--as-of` names.
"""

import argparse
import dataclasses
import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.demo import builder
from lamtheo.lib import vn


def positive_number(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(_("%(value)s không phải là một số.") % {"value": text}) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(_("Số phải lớn hơn 0."))
    return value


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)s không phải là một ngày dạng NNNN-TT-NN (ví dụ 2026-11-23).") % {"value": text}
        ) from None


def positive_int(text: str) -> int:
    value = positive_number(text)
    if value != int(value):
        raise argparse.ArgumentTypeError(_("%(value)s không phải là một số nguyên.") % {"value": text})
    return int(value)


class Command(BaseCommand):
    help = _(
        "Nạp tỉnh trình diễn An Giang (tên xã, phường thật; người, chức vụ, lịch sử sắp xếp tổ chức; chuyên đề và "
        "văn bản) nếu chưa có, rồi in tài khoản đăng nhập của từng vai trò."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(builder.SCALES),
            default="small",
            help=_(
                "small: 12 xã, phường và 2 đảng ủy cấp tỉnh (mặc định); full: toàn tỉnh, khoảng 130.000 người."
            ),
        )
        parser.add_argument(
            "--people-per-cell",
            type=positive_number,
            metavar="N",
            help=_("Số người trung bình của một chi bộ (mặc định: quy mô thực tế, khoảng 26)."),
        )
        parser.add_argument(
            "--communes",
            type=positive_int,
            metavar="N",
            help=_("Chỉ nạp N xã, phường đầu tiên (để thử nghiệm)."),
        )
        parser.add_argument(
            "--as-of",
            type=iso_date,
            metavar="NNNN-TT-NN",
            help=_(
                "Ngày của dữ liệu trình diễn (mặc định: hôm nay); không có gì được ghi ngày sau ngày này."
            ),
        )
        parser.add_argument("--reset", action="store_true", help=_("Xóa dữ liệu trình diễn rồi nạp lại."))

    def handle(self, *args, scale, people_per_cell, communes, reset, as_of=None, **options):
        started = time.monotonic()
        quiet = options["verbosity"] < 1
        if reset:
            if builder.is_loaded() and not quiet:
                self.stdout.write(_("Đang xóa dữ liệu trình diễn..."))
            deleted = builder.delete_demo()
            if deleted and not quiet:
                self.stdout.write(
                    _("Đã xóa tỉnh trình diễn (%(people)s người).") % {"people": vn.number(deleted)}
                )
        if builder.is_loaded():
            if not quiet:
                self.stdout.write(_("Tỉnh trình diễn đã có sẵn, không nạp lại (thêm --reset để nạp lại)."))
        else:
            chosen = builder.SCALES[scale]
            if communes is not None:
                chosen = dataclasses.replace(chosen, communes=communes)
            if people_per_cell is not None:
                chosen = dataclasses.replace(chosen, people_per_cell=people_per_cell)
            as_of = as_of or timezone.localdate()
            if not quiet:
                self.stdout.write(
                    _("Đang nạp tỉnh trình diễn An Giang (quy mô %(scale)s, ngày %(day)s)...")
                    % {"scale": scale, "day": vn.short_date(as_of)}
                )
            try:
                result = builder.build(chosen, progress=None if quiet else self.stdout.write, as_of=as_of)
            except builder.DemoError as error:
                raise CommandError(str(error)) from error
            if not quiet:
                self.stdout.write(
                    self.style.SUCCESS(
                        _(
                            "Đã nạp %(units)s đơn vị (%(cells)s chi bộ) và %(people)s người (%(members)s đảng viên)."
                        )
                        % {
                            "units": vn.number(result.units),
                            "cells": vn.number(result.cells),
                            "people": vn.number(result.people),
                            "members": vn.number(result.members),
                        }
                    )
                )
                paperwork = result.paperwork
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Đã nạp %(topics)s chuyên đề và %(documents)s văn bản (%(drafts)s dự thảo).")
                        % {
                            "topics": vn.number(paperwork.topics),
                            "documents": vn.number(paperwork.documents),
                            "drafts": vn.number(paperwork.drafts),
                        }
                    )
                )
        self.print_logins()
        if not quiet:
            seconds = vn.number(time.monotonic() - started, 1)
            self.stdout.write(_("Tổng thời gian: %(seconds)s giây.") % {"seconds": seconds})
        if not settings.DEBUG:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "Cảnh báo: DEBUG đang tắt nên các tài khoản trình diễn không đăng nhập được. Chạy với DEBUG=1."
                    )
                )
            )

    def print_logins(self):
        rows = builder.logins()
        if not rows:
            return
        header = ("Vai trò", "Tên đăng nhập", "Mật khẩu", "Đơn vị")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        line = "+-" + "-+-".join("-" * width for width in widths) + "-+"
        self.stdout.write("")
        self.stdout.write(_("Tài khoản trình diễn (chỉ đăng nhập được khi DEBUG bật):"))
        self.stdout.write(line)
        for row in [header, None, *rows]:
            if row is None:
                self.stdout.write(line)
                continue
            self.stdout.write(
                "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
            )
        self.stdout.write(line)
