"""Frame cells as plain values (handover/ui/tables.py): a date column converted at once reads the
same as cell by cell, missing dates as None."""

from datetime import date

import pandas as pd
import pyarrow as pa

from handover.ui.tables import cell_date, cell_dates


def test_a_date_column_converted_at_once_reads_as_cell_by_cell_with_none_for_missing() -> None:
    days = [date(2026, 11, 30), None, date(9999, 12, 31), date(1970, 1, 1)]
    # As the queries deliver it: through Arrow, dates as datetime64.
    column = pa.table({"due": pa.array(days, pa.date32())}).to_pandas(date_as_object=False)["due"]
    assert str(column.dtype).startswith("datetime64")
    assert cell_dates(column) == days
    assert cell_dates(column) == [cell_date(value) for value in column.tolist()]


def test_a_column_of_date_objects_or_nothing_reads_the_same() -> None:
    assert cell_dates(pd.Series([date(2027, 1, 29), None], dtype=object)) == [
        date(2027, 1, 29),
        None,
    ]
    assert cell_dates(pd.Series([], dtype="datetime64[ms]")) == []
