"""The data-request workbook, one file format in one place: `layout` (its sheets, columns and
key), `write` (a workbook per entity and language, stage 3) and `read` (a filled workbook
returned into data/raw/contributed/, read back as raw data by stage 1).
"""
