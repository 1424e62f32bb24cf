"""Import and export: JSON (canonical, lossless), CSV and XLSX, with every problem located.

`read_dataset(path)` / `write_dataset(dataset, path)` choose the format by extension (`.json`,
`.xlsx`, `.csv` for one collection named by the file, `.zip` of CSV files, or a directory of CSV
files); `read_dataset_bytes` / `write_dataset_bytes` do the same on bytes for web uploads and
downloads. Reading never changes anything: the caller (the store) owns merging and transactions.
The layouts are documented in docs/data-format.md.
"""

from muster.interchange._common import FORMAT, LIMITS, TABLES, VERSION, Limits, Progress
from muster.interchange.files import (
    format_of,
    read_dataset,
    read_dataset_bytes,
    write_dataset,
    write_dataset_bytes,
)
from muster.interchange.json_format import dumps_json, read_json

__all__ = [
    "FORMAT",
    "LIMITS",
    "TABLES",
    "VERSION",
    "Limits",
    "Progress",
    "dumps_json",
    "format_of",
    "read_dataset",
    "read_dataset_bytes",
    "read_json",
    "write_dataset",
    "write_dataset_bytes",
]
