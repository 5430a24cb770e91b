"""geo: from news texts to a map of who moved where and when.

Importing the package does no work; data files load lazily on first use.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
