"""Baselines, their nodes and the plan history refuse UPDATE in the database itself (a trigger),
so not even a raw query or a shell session can rewrite them. Deletes are not refused here: the
foreign keys PROTECT them and the ORM refuses, but a test database must stay flushable."""

from django.db import migrations

TABLES = ("planning_baseline", "planning_baselinenode", "planning_planevent")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION planning_refuse_update() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
            params=None,  # no client-side %-formatting: the % is PL/pgSQL's placeholder
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION planning_refuse_update()"
            )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return
    for table in TABLES:
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update{on}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS planning_refuse_update()")


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_plans")]

    operations = [migrations.RunPython(create, drop)]
