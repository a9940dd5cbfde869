"""Many reports at once: `gongkai batch` reads and checks files, folders, globs and
zip archives into Parquet, DuckDB and a summary workbook, on this machine's
processes or on a Dask cluster; `compare` and `aggregate` work on its output;
`collect` fetches the reports a government site lists.
"""

from .run import Options, Summary, run_batch

__all__ = ["Options", "Summary", "run_batch"]
