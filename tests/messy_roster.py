"""A roster as a chair's office really sends it (issue 11), built with openpyxl, and the warnings
and rejections it must give — written out by hand, not computed by the code under test.

A title row, the header on row 2, a 出生年月 column in every spelling (1985.03 as text and as a
number, 1985年3月, 198503, 1985-3, 1985/02, a year alone, a date-formatted cell), names padded
for alignment, phones without area codes or with a digit missing, a join before 16, after death
and in the future, and IDs Excel has already turned into numbers (a float, an int whose last digits
are zeros, and the "4.40101E+17" text a CSV keeps).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from unionbook.domain.idnumber import check_digit


def rid(prefix17: str) -> str:
    """A valid 18-digit resident ID from its first 17 digits (the 17th: odd 男, even 女)."""
    return prefix17 + check_digit(prefix17)


HEADER = ["序号", "姓名", "性别", "出生年月", "身份证号码", "部门", "联系电话", "入会时间", "会籍变化类型", "会籍变化日期"]  # fmt: skip

XIAO = rid("44010619850312002")  # 女 1985-03-12
WANG = rid("44010619900715004")  # 女 1990-07-15
LI = rid("44010619850420011")  # 男 1985-04-20
ZHAO = rid("44010619781120013")  # 男 1978-11-20
QIAN = rid("44010619920305022")  # 女 1992-03-05
SUN = rid("44010619880210031")  # 男 1988-02-10
ZHOU = rid("44010619850601015")  # 男 1985-06-01
WU = rid("44010619851231017")  # 男 1985-12-31
CHU = rid("44010619700115026")  # 女 1970-01-15
WEI = rid("44010619830825019")  # 男 1983-08-25

#: Every valid ID and phone of the roster: none may appear in full in a message, log or history.
FULL_NUMBERS = [XIAO, WANG, LI, ZHAO, QIAN, SUN, ZHOU, WU, CHU, WEI, "13812345678", "13912345678", "13800001111"]

ROWS: list[list[object]] = [
    # row 3: padded with an ideographic space; a year-month that agrees with the ID
    [1, "萧　红", "女", "1985.03", XIAO, "生产一车间", "13812345678", "2010.05", None, None],
    # row 4: padded with two spaces; 1990年7月 agrees
    [2, "王  芳", "女", "1990年7月", WANG, "质检部", "0898-66668888", "2015年3月", None, None],
    # row 5: leading and trailing spaces; 198503 says March, the ID says April: a real disagreement
    [3, " 李四 ", "男", "198503", LI, "销售部", "13912345678", "20100601", None, None],
    # row 6: 1978.11 typed into a General cell (a number); a fixed line without its area code
    [4, "赵六", "男", 1978.11, ZHAO, "生产一车间", "66668888", "2000-01-01", None, None],
    # row 7: a mobile with a digit missing; joined at 15
    [5, "钱七", "女", "1992-3", QIAN, "质检部", "1391234567", "2007-06-01", None, None],
    # row 8: a join date in the future
    [6, "孙八", "男", "1988/02", SUN, "销售部", None, "2099-01-01", None, None],
    # row 9: a year alone that agrees; no 入会时间 (imported as 日期不详, with a warning)
    [7, "周九", "男", "1985", ZHOU, "后勤部", None, None, None, None],
    # row 10: a year alone that does not
    [8, "吴十", "男", "1986", WU, "后勤部", None, "2010-01-01", None, None],
    # rows 11-13: IDs Excel has already rounded: a float, its CSV text, an int with zeroed digits
    [9, "郑一", "男", "1985.03", 4.40106198503e17, "生产二车间", None, None, None, None],
    [10, "冯二", "女", "1990.07", "4.40101E+17", "生产二车间", None, None, None, None],
    [11, "陈三", "男", "1988.01", 440106198801011000, "生产二车间", None, None, None, None],
    # row 14: a Latin-script name keeps one space; no ID, so the year-month is kept as the 1st
    [12, "John  Smith", "男", "1980.05", None, "技术部", "13800001111", "2012-09-01", None, None],
    # row 15: a join recorded after the person's death
    [13, "褚四", "女", "1970年1月", CHU, "后勤部", None, "2020-01-01", "去世", "2019-05-01"],
    # row 16: a month typed into a date-formatted cell (Excel keeps 1983-08-01) under 出生年月
    [14, "卫五", "男", datetime(1983, 8, 1), WEI, "技术部", None, "2005-07-01", None, None],
    ["合计", "14人", None, None, None, None, None, None, None, None],
]

#: (row, column, part of the message): exactly the warnings the roster must give.
EXPECTED_WARNINGS = sorted([
    (5, "出生年月", "表中为1985年3月，与证件号码不符，已按证件号码改为 1985-04-20"),
    (6, "联系电话", "只有8位数字，像是固定电话漏了区号"),
    (7, "联系电话", "既不是11位手机号，也不是带区号的固定电话（这里是10位数字）"),
    (7, "入会时间", "入会时未满16周岁（出生日期 1992-03-05，入会日期 2007年6月1日）"),
    (8, "入会时间", "入会日期 2099年1月1日 晚于今天"),
    (9, "入会时间", "入会日期为空，按“日期不详”登记入会"),
    (10, "出生年月", "表中为1986年，与证件号码不符，已按证件号码改为 1985-12-31"),
    (15, "入会时间", "入会日期 2020年1月1日 晚于去世日期 2019年5月1日"),
])  # fmt: skip

#: (row, column, part of the message): the rows rejected.
EXPECTED_REJECTIONS = [
    (11, "身份证号码", "Excel 已把证件号码当作数字存储"),
    (12, "身份证号码", "Excel 已把证件号码当作数字存储"),
    (13, "身份证号码", "Excel 已把证件号码当作数字存储"),
]

#: The ID cells of the rejected rows as the errors file must show them.
EXPECTED_ID_CELLS = [
    "440106198503000（已被Excel改成数字，末几位已丢失）",
    "4.40101E+17",
    "440106198801011（已被Excel改成数字，末几位已丢失）",
]

#: The names as stored.
EXPECTED_NAMES = ["萧红", "王芳", "李四", "赵六", "钱七", "孙八", "周九", "吴十", "John Smith", "褚四", "卫五"]


def messy_roster(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["某某公司工会会员花名册（2024年12月）"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["D16"].number_format = "yyyy年m月"  # the date cell shows as 1983年8月
    workbook.save(path)
    return path
