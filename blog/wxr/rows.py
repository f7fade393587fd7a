"""Many new rows into a table at once: COPY on PostgreSQL, plain INSERTs elsewhere.

bulk_create spends most of an import's time in Django's SQL compiler (preparing
each value of each row). The rows an import writes by the hundred thousand
(comments, their thread rows, WordPress IDs, tag links) have plain values, so on
PostgreSQL they go through COPY, their primary keys taken from the table's
sequence beforehand, as an INSERT would. Values are written as they are on the
objects: no field's pre_save (auto_now) runs and no signal is sent, as with
bulk_create.
"""

from collections.abc import Iterable

from django.db import connection

ROWS_AT_ONCE = 2000  # bulk_create's batches where there is no COPY


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Insert rows (tuples of these columns' values) into `table`."""
    names = ", ".join(_quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", list(rows)
        )


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys from the sequence of `model`'s table (PostgreSQL)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(model, rows: list) -> None:
    """Insert these rows of `model` (SimpleNamespaces of field attnames, lighter than
    instances by the hundred thousand); each has its pk set afterwards."""
    if not rows:
        return
    fields = model._meta.local_concrete_fields
    if connection.vendor != "postgresql":
        names = {field.attname for field in fields}
        objects = [
            model(**{k: v for k, v in vars(row).items() if k in names}) for row in rows
        ]
        model.objects.bulk_create(objects, batch_size=ROWS_AT_ONCE)
        for row, obj in zip(rows, objects, strict=True):
            row.pk = obj.pk
        return
    pk = model._meta.pk.attname
    for row, number in zip(rows, reserve_ids(model, len(rows)), strict=True):
        row.pk = number
        setattr(row, pk, number)
    copy_rows(
        model._meta.db_table,
        [field.column for field in fields],
        ([getattr(row, field.attname, None) for field in fields] for row in rows),
    )


def insert_objects(model, objects: list) -> None:
    """Insert these new instances of `model`; each has its pk set afterwards."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=ROWS_AT_ONCE)
        return
    for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    fields = model._meta.local_concrete_fields
    copy_rows(
        model._meta.db_table,
        [field.column for field in fields],
        ([getattr(obj, field.attname) for field in fields] for obj in objects),
    )
