#!/usr/bin/env python3
"""Regenerates the .xlsx fixtures of XLSXWorkbookTests. Run from this directory:

    python3 make_xlsx_fixtures.py

Needs openpyxl (`python3 -m pip install openpyxl`, or `make deps`). hist.xlsx is not made here: it is a copy of
the planner trial's input (shared/reviews/planner-trial/inputs/hist.xlsx, inline strings, written by a non-Excel
tool), kept as it was.

The expected cell texts in XLSXWorkbookTests.swift are the values written below, typed by hand in the form Excel
shows them (General format, ISO dates); the tests do not derive them from the reader.

(openpyxl 3.1 writes text as inline strings; merged.xlsx and gb-text.xlsx are then moved to shared strings as Excel
stores them, and formulas.xlsx has Excel's shared strings with rich runs.)

strings-numbers.xlsx  openpyxl; inline strings, rich text, spaces kept, a line break, numbers (141.2 patched in
                      Excel's 17-digit form 141.19999999999999, 1948101.65, 230000, 0.1+0.2), booleans, an
                      error, a gap of columns up to AB, an empty row in the middle, text that CSV must quote.
dates.xlsx            openpyxl; built-in and custom date formats, a time, a year typed as a number, Excel's
                      phantom 1900-02-29, a number format with a quoted "d" and colour that is no date.
dates1904.xlsx        openpyxl with the 1904 date system.
merged.xlsx           openpyxl, shared strings; a title merged over A1:H1, a two-row header (项目资金 over F3:H3, 部门 … over
                      A3:A4 … E3:E4), the department 深圳市商务局 merged down A5:A7.
gb-text.xlsx          openpyxl, shared strings; two sheets with Chinese names, full of 深圳市商务局 unit and project names, a
                      character outside the BMP, empty rows in the middle.
formulas.xlsx         hand-written XML (what Excel saves): formulas with cached values, a formula string, a
                      formula boolean and error, 12 formulas with no saved value, shared strings with rich runs,
                      a phonetic run and an _x000D_ escape, inline strings, cells and rows without r, a date
                      style, sheets listed in the workbook in another order than their part names, a sheet
                      whose XML uses an x: prefix, a chart sheet (left out).
large.xlsx            50,000 rows x 8 columns, a sheet part of about 12 MB on one line (libxml2 refuses more than 10 MB
                      handed over at once: the reader must feed it in chunks).
malformed-sheet.xlsx  formulas.xlsx with its first sheet's XML broken on line 3.
no-workbook.xlsx      a zip without xl/workbook.xml (a Word-like package).
no-sheets.xlsx        a workbook whose <sheets> is empty.
binary.xlsb           an Excel binary workbook (xl/workbook.bin).
bomb-size.xlsx        hist.xlsx-like workbook whose sheet part claims 2 GiB uncompressed (central directory patched).
bomb-ratio.xlsx       the same, claiming 200 MiB from a few hundred compressed bytes.
"""
import datetime
import re
import struct
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def patch(path, part, replacements):
    """Rewrites one part of a zip with text replacements (each must occur)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                for old, new in replacements:
                    assert old in text, (part, old)
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            target.writestr(info, data)


def to_shared_strings(path):
    """Moves the plain inline strings openpyxl writes into xl/sharedStrings.xml, as Excel stores text."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    strings, index_of = [], {}

    def shared(match):
        text = match.group(3)
        if text not in index_of:
            index_of[text] = len(strings)
            strings.append(text)
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{index_of[text]}</v></c>'

    cell = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>')
    parts = []
    for info, data in items:
        if info.filename.startswith("xl/worksheets/"):
            data = cell.sub(shared, data.decode("utf-8")).encode("utf-8")
        elif info.filename == "xl/_rels/workbook.xml.rels":
            data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        elif info.filename == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        parts.append((info, data))
    items_xml = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items_xml}</sst>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, data)
        target.writestr("xl/sharedStrings.xml", sst.encode("utf-8"))


def strings_numbers():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数值"
    ws["A1"], ws["B1"], ws["C1"] = "项目名称", "金额", "说明"
    ws["A2"] = CellRichText(TextBlock(InlineFont(b=True), "世贸事务管理"), "-贸易摩擦应对事务")
    ws["B2"] = 141.2                      # patched below to Excel's 17-digit form; shows 141.2
    ws["C2"] = "  两端空格  "               # spaces kept
    ws["A3"] = '含逗号,和"引号"'             # CSV must quote and double the quotes
    ws["B3"] = 1948101.65
    ws["C3"] = "多行\n文本"                  # a line break inside a cell
    ws["A4"] = "整数"
    ws["B4"] = 230000
    ws["C4"] = 0.1 + 0.2                  # patched below to 0.30000000000000004: shows 0.3
    # row 5 left empty
    ws["A6"], ws["B6"], ws["C6"] = True, False, "#DIV/0!"   # booleans and an error cell
    ws["A7"] = 1 / 3                       # 0.333333333333333 (15 digits)
    ws["B7"] = -0.000012
    ws["C7"] = 123456789012345678          # past 1e15: 1.23456789012346E+17
    ws["A8"] = "远处"
    ws["AB8"] = "AB列"                     # columns B..AA missing
    ws["A9"] = 100.1                       # patched below to 100.09999999999999
    ws["B9"] = 2020                        # a year as a number (General): 2020
    ws["C9"] = -12345.678
    wb.save("strings-numbers.xlsx")
    # openpyxl writes the shortest form; Excel writes 17 significant digits. Put Excel's form in.
    patch("strings-numbers.xlsx", "xl/worksheets/sheet1.xml", [
        ("<v>141.2</v>", "<v>141.19999999999999</v>"),
        ("<v>0.3</v>", "<v>0.30000000000000004</v>"),
        ("<v>100.1</v>", "<v>100.09999999999999</v>"),
    ])


def dates():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "日期"
    ws["A1"], ws["B1"] = "值", "格式"
    rows = [
        (datetime.date(2020, 3, 1), "yyyy-mm-dd", "custom"),                         # row 2: 2020-03-01
        (datetime.date(2019, 12, 31), "mm-dd-yy", "built-in 14"),                     # row 3: 2019-12-31
        (datetime.datetime(2020, 3, 1, 14, 30), "yyyy-mm-dd h:mm", "custom with time"),  # row 4: 2020-03-01 14:30:00
        (datetime.date(2021, 1, 15), 'yyyy"年"m"月"d"日"', "custom Chinese"),          # row 5: 2021-01-15
        (2020, "General", "a year typed as a number"),                                # row 6: 2020
        (43891, "#,##0.00_);[Red](#,##0.00)", "a number format with a colour"),       # row 7: 43891
        (datetime.time(14, 30), "h:mm", "built-in 20, a time"),                       # row 8: 14:30:00
        (60, "mm-dd-yy", "Excel's phantom day"),                                      # row 9: 1900-02-29
        (61, "mm-dd-yy", "the day after"),                                            # row 10: 1900-03-01
        (59, "mm-dd-yy", "the day before"),                                           # row 11: 1900-02-28
        (12.5, '0.00 "d"', "a quoted d is text"),                                     # row 12: 12.5
        (datetime.date(2022, 6, 30), '[$-804]yyyy"年"m"月"', "locale in brackets"),    # row 13: 2022-06-30
    ]
    for index, (value, number_format, note) in enumerate(rows, start=2):
        ws.cell(row=index, column=1, value=value).number_format = number_format
        ws.cell(row=index, column=2, value=note)
    wb.save("dates.xlsx")


def dates_1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = datetime.date(2020, 3, 1)     # serial 42429 in the 1904 system
    ws["A1"].number_format = "yyyy-mm-dd"
    wb.save("dates1904.xlsx")


def merged():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "部门预算"
    ws["A1"] = "深圳市商务局2021年部门预算"
    ws.merge_cells("A1:H1")
    for column, title in zip("ABCDE", ["部门", "单位", "项目名称", "功能科目", "经济科目"]):
        ws[f"{column}3"] = title
        ws.merge_cells(f"{column}3:{column}4")
    ws["F3"] = "项目资金"
    ws.merge_cells("F3:H3")
    ws["F4"], ws["G4"], ws["H4"] = "年初预算数", "全年预算数", "全年执行数"
    ws["A5"] = "深圳市商务局"
    ws.merge_cells("A5:A7")
    data = [
        ("深圳市商务局本级", "世贸事务管理-贸易摩擦应对事务", "2010199", "30201", 230000, 230000, 219000),
        ("深圳市商务局本级", "会展业发展专项资金", "2011308", "30227", 1948101.65, 1948101.65, 1500000),
        ("深圳市商务局机关服务中心", "机关后勤保障", "2010150", "30205", 82694.3, 82694.3, 80000),
    ]
    for row, values in enumerate(data, start=5):
        for column, value in enumerate(values, start=2):
            ws.cell(row=row, column=column, value=value)
    wb.save("merged.xlsx")
    to_shared_strings("merged.xlsx")


GB_UNITS = ["深圳市商务局本级", "深圳市商务局机关服务中心", "深圳市口岸办公室", "深圳市经济贸易和信息化委员会（原）",
            "深圳市电子商务促进中心", "深圳市国际商会秘书处"]
GB_PROJECTS = ["世贸事务管理-贸易摩擦应对事务", "商贸流通业扶持资金（含𠀾字）", "外贸稳增长专项：展会补贴，第二批",
               "粤港澳大湾区经贸合作交流", "“一带一路”经贸活动", "消费券发放及核销服务费"]


def gb_text():
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "部门收入"
    first.append(["单位名称", "项目名称", "年度", "金额"])
    for index in range(30):
        first.append([GB_UNITS[index % 6], GB_PROJECTS[index % 6], 2015 + index % 6, 1000 * (index + 1) + 0.5])
    second = wb.create_sheet("部门支出")
    second.append(["单位名称", "项目名称"])
    second.append([GB_UNITS[0], GB_PROJECTS[0]])
    # rows 3 and 4 empty
    second["A5"], second["B5"] = GB_UNITS[1], GB_PROJECTS[1]
    wb.save("gb-text.xlsx")
    to_shared_strings("gb-text.xlsx")


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

# Sheets listed 计算 (sheet2.xml) first, then 前缀 (sheet1.xml), then a chart sheet.
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr defaultThemeVersion="164011"/><sheets><sheet name="计算" sheetId="2" r:id="rId2"/><sheet name="前缀" sheetId="1" r:id="rId1"/><sheet name="图表" sheetId="3" r:id="rId6"/></sheets><calcPr calcId="191029"/></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>"""

# cellXfs: 0 General, 1 built-in 14 (date), 2 custom 164 yyyy/m/d h:mm, 3 custom 165 0.00 with [Red] (no date).
# The <dxfs> numFmt is a differential format and must not be taken for a cell format.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm"/><numFmt numFmtId="165" formatCode="0.00;[Red]\\-0.00"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="14" fontId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" xfId="0"/><xf numFmtId="14" fontId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" xfId="0" applyNumberFormat="1"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>"""

# 0 plain, 1 rich runs, 2 with a phonetic run (left out), 3 _x000D_ escape (a CR) and an escaped escape.
SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>单价</t></si><si><r><rPr><b/><sz val="11"/></rPr><t>深圳市</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve">商务局 </t></r><r><t>本级</t></r></si><si><t>数量</t><rPh sb="0" eb="2"><t>シュウリョウ</t></rPh></si><si><t>第一行_x000D_
第二行 _x005F_x000D_</t></si></sst>"""

# 计算: row 1 header, row 2 values and formulas (one string, one bool, one error), row 3 without r,
# cells without r, row 5 with 12 formulas that have no saved value.
SHEET_CALC = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:L5"/><sheetData>
<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="inlineStr"><is><t>金额</t></is></c><c r="D1" t="s"><v>1</v></c><c r="E1" t="s"><v>3</v></c></row>
<row r="2" spans="1:6"><c r="A2"><v>70.599999999999994</v></c><c r="B2"><v>2</v></c><c r="C2"><f>A2*B2</f><v>141.19999999999999</v></c><c r="D2" t="str"><f>"合计"&amp;"："&amp;TEXT(C2,"0.0")</f><v>合计：141.2</v></c><c r="E2" t="b"><f>C2&gt;100</f><v>1</v></c><c r="F2" t="e"><f>C2/0</f><v>#DIV/0!</v></c></row>
<row spans="1:6"><c s="1"><v>43891</v></c><c s="2"><v>43891.604166666664</v></c><c s="3"><v>43891</v></c><c r="E3" t="inlineStr"><is><r><t>内联</t></r><r><rPr><b/></rPr><t>富文本</t></r></is></c><c><f>E2</f><v>0</v></c></row>
<row r="5"><c r="A5"><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c><c><f>1+1</f></c></row>
</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"""

# 前缀: the same SpreadsheetML namespace bound to the prefix x:, as some non-Excel tools write it.
SHEET_PREFIXED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>1948101.6499999999</x:v></x:c></x:row></x:sheetData></x:worksheet>"""

CHART_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>"""


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            archive.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))


def formulas_parts(sheet_calc=SHEET_CALC):
    return [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", SHARED_STRINGS),
        ("xl/worksheets/sheet1.xml", SHEET_PREFIXED),
        ("xl/worksheets/sheet2.xml", sheet_calc),
        ("xl/chartsheets/sheet1.xml", CHART_SHEET),
    ]


def formulas():
    write_zip("formulas.xlsx", formulas_parts())
    # Line 3 of sheet2.xml: the first <row> loses its closing '>' and quote.
    broken = SHEET_CALC.replace('<row r="1" spans="1:6">', '<row r="1 spans="1:6"', 1)
    write_zip("malformed-sheet.xlsx", formulas_parts(broken))


def large():
    """A sheet part of about 12 MB on one line, as Excel writes it: libxml2 refuses a part over 10 MB given whole.
    Cells without r (they follow each other) and repeated values keep the file small once zipped."""
    cells = ('<c t="s"><v>0</v></c><c><v>2020</v></c><c><v>141.19999999999999</v></c><c><v>230000</v></c>'
             '<c><v>0.36</v></c><c s="1"><v>43891</v></c><c t="str"><f>A1&amp;B1</f><v>深圳市商务局本级2020</v></c>'
             '<c t="b"><v>1</v></c>')
    rows = "".join(f'<row r="{r}">{cells}</row>' for r in range(1, 50001))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
    assert len(sheet.encode("utf-8")) > 11_000_000
    strings = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>深圳市商务局本级</t></si></sst>'
    write_zip("large.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK.split("<sheets>")[0] + '<sheets><sheet name="大表" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", strings),
        ("xl/worksheets/sheet1.xml", sheet),
    ])


def not_workbooks():
    write_zip("no-workbook.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", '<?xml version="1.0"?><document/>'),
    ])
    write_zip("no-sheets.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK.split("<sheets>")[0] + "<sheets/></workbook>"),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ])
    write_zip("binary.xlsb", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS.replace("xl/workbook.xml", "xl/workbook.bin")),
        ("xl/workbook.bin", bytes([0x83, 0x01, 0x00, 0x80, 0x01])),
    ])


HIST_SHEET = """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>年度</t></is></c></row></sheetData></worksheet>"""


def bomb(path, claimed_size):
    """A small workbook whose sheet part claims `claimed_size` bytes uncompressed in the central directory."""
    write_zip(path, [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK.split("<sheets>")[0] + '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", HIST_SHEET),
    ])
    data = bytearray(open(path, "rb").read())
    name = b"xl/worksheets/sheet1.xml"
    header = data.find(b"PK\x01\x02" + b"\x00" * 0)  # first central directory header
    while header != -1:
        name_length = struct.unpack_from("<H", data, header + 28)[0]
        if data[header + 46:header + 46 + name_length] == name:
            struct.pack_into("<I", data, header + 24, claimed_size)   # uncompressed size
            break
        header = data.find(b"PK\x01\x02", header + 4)
    assert header != -1
    open(path, "wb").write(bytes(data))


if __name__ == "__main__":
    strings_numbers()
    dates()
    dates_1904()
    merged()
    gb_text()
    formulas()
    large()
    not_workbooks()
    bomb("bomb-size.xlsx", 2 << 30)
    bomb("bomb-ratio.xlsx", 200 << 20)
