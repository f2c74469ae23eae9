"""Fast bulk inserts for seed_bench: rows as dicts, written with PostgreSQL's COPY (elsewhere,
bulk_create). Fields not given take their model default, so every NOT NULL column is filled
as the ORM would fill it."""

import datetime
import io
import json

from django.core.management.color import no_style
from django.db import connection

BATCH = 20_000


class TableWriter:
    """Buffers rows of one model and writes them in batches. The primary key is left to the
    database unless the rows give it (then call `sequences_reset` afterwards)."""

    def __init__(self, model, *, with_pk=False):
        self.model = model
        self.fields = [
            field for field in model._meta.concrete_fields if with_pk or not field.primary_key
        ]
        self.fixed = {
            field.attname: field.get_default()
            for field in self.fields
            if not callable(field.default)
        }
        self.per_row = [field for field in self.fields if callable(field.default)]
        self.rows = []
        self.written = 0

    def add(self, **values):
        for field in self.per_row:
            if field.attname not in values:
                values[field.attname] = field.get_default()
        self.rows.append({**self.fixed, **values})
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self.model.objects.bulk_create([self.model(**row) for row in self.rows])
        self.written += len(self.rows)
        self.rows = []

    def _copy(self):
        columns = [field.column for field in self.fields]
        attnames = [field.attname for field in self.fields]
        buffer = io.StringIO()
        for row in self.rows:
            buffer.write("\t".join(_copy_text(row[name]) for name in attnames))
            buffer.write("\n")
        buffer.seek(0)
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


def sequences_reset(*models):
    """Move the id sequences past ids that were given explicitly (PostgreSQL)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
