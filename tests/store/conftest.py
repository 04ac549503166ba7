"""Make the search cases both stores share importable as `search_cases` by the tests beside it."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
