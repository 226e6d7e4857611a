#!/usr/bin/env python3
"""Regenerates the ImportTests fixtures. Run from this directory: python3 make_fixtures.py

gb18030-sample.csv: a two-line 绩效 CSV encoded as GB18030 (what Excel on a Chinese Windows writes as "CSV").
The test expects it to decode to exactly the UTF-8 text below, under both --encoding auto and gb18030.
"""
TEXT = "项目名称,年度,全年执行数\n世贸事务管理-贸易摩擦应对事务,2020,\"82,694.30\"\n"

with open("gb18030-sample.csv", "wb") as f:
    f.write(TEXT.encode("gb18030"))
