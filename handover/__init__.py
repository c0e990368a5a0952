"""Handover planner: obligations of an organisation that is ceasing, and who receives them.

The package is layered (see README "Architecture"): domain <- store <- charts <- ui <- pages.
"""

__version__ = "0.1.0"
