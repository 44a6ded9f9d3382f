"""Shared pieces of the portal's plugins: a plain package, not a Pelican plugin (nothing to register).

- problems: the Problem editors see (`path:line: what — how to fix`) and ContentProblems, raised with them
- values: one parser per kind of editor value (dates, times, counts, yes/no, lists, degrees)
- tables: read_table, the one reader of the CSV files editors export from Excel
- run: Run, a typed view of one build run (language, public address, today, cache folder); run_of(settings)
- digest: stable text forms and digests of settings and code, for every cache of the build
"""
