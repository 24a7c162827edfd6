"""`field__any=[ids]`: membership in a list of ids sent as one array parameter on PostgreSQL
(`= ANY(%s)`), instead of one bound parameter per id as `__in` does. Thousands of ids then cost
one parameter to send and to parse. Elsewhere it is a plain IN of integer literals."""

from django.db import models
from django.db.models import Lookup


class AnyLookup(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]
        if not ids:
            return "1 = 0", list(lhs_params)
        # Integers (converted above) written inline: SQLite caps bound parameters per query.
        return f"{lhs} IN ({', '.join(map(str, ids))})", list(lhs_params)


def register() -> None:
    for field in (models.BigAutoField, models.AutoField, models.ForeignKey, models.IntegerField):
        field.register_lookup(AnyLookup)
