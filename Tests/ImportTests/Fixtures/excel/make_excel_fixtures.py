#!/usr/bin/env python3
"""Regenerates two-sheets.xlsx for ExcelLayoutTests. Run from this directory: python3 make_excel_fixtures.py
(needs openpyxl; `make deps` installs it).

The other files here are copies of the planner trial's inputs (shared/reviews/planner-trial/inputs), kept as
they were: hist_wan_gbk*.csv (GB18030, CRLF), hist_wan_utf8.csv, subtotal.csv, req2021_*.csv.

two-sheets.xlsx, as a 预算处 clerk would save it:
  sheet 2019年  a title merged over A1:H1, 单位：万元 on row 2, a two-row header (序号, 实施单位, 项目名称, 年度 and
                备注 merged down rows 3-4; 项目资金 merged over E3:G3 above 年初预算数/全年预算数/全年执行数), two
                projects in 万元, and a 合计 row merged over A7:D7 (the reader copies 合计 into B7:D7).
                By hand: 贸易摩擦应对事务 23/23/21.9 万元 = 230,000/230,000/219,000 元; 进出口预警事务 30/25/22.1 万元
                = 300,000/250,000/221,000 元; 合计 53/48/44 万元 = 530,000/480,000/440,000 元, the sum of the two.
  sheet 说明    empty.
  sheet 2020年  a one-row header, amounts in 元: 贸易摩擦应对事务 2020 230,000/230,000/82,694.30.
"""
import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2019年"
ws["A1"] = "深圳市商务局2019年度项目支出执行情况表"
ws.merge_cells("A1:H1")
ws["A2"] = "单位：万元"
for column, label in zip("ABCDH", ["序号", "实施单位", "项目名称", "年度", "备注"]):
    ws[f"{column}3"] = label
    ws.merge_cells(f"{column}3:{column}4")
ws["E3"] = "项目资金"
ws.merge_cells("E3:G3")
ws["E4"], ws["F4"], ws["G4"] = "年初预算数", "全年预算数", "全年执行数"
ws.append([1, "深圳市商务发展促进中心", "世贸事务管理-贸易摩擦应对事务", 2019, 23, 23, 21.9, None])
ws.append([2, "深圳市商务发展促进中心", "世贸事务管理-进出口预警事务", 2019, 30, 25, 22.1, "年中调减"])
ws.append(["合计", None, None, None, 53, 48, 44, None])
ws.merge_cells("A7:D7")
wb.create_sheet("说明")
later = wb.create_sheet("2020年")
later.append(["实施单位", "项目名称", "年度", "年初预算数", "全年预算数", "全年执行数"])
later.append(["深圳市商务发展促进中心", "世贸事务管理-贸易摩擦应对事务", 2020, 230000, 230000, 82694.3])
wb.save("two-sheets.xlsx")
