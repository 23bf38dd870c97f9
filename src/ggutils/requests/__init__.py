"""The data-request workbook, one file format: `layout` (its sheets, columns and key, shared
by the writer and the reader), `gaps` (what an entity's request asks for: the indicators and
years its plans' targets lack) and `write` (the workbook per entity and language, stage 3). A
filled workbook returned into data/raw/contributed/ is read back as raw data by stage 1
(ggutils.clean.contributed, with workbook_limits, workbook_read and workbook_checks): the
reader is built on the cleaning's number grammar and checks, and clean_all calls it.
"""
