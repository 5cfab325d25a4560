"""Seed version 1 of the default rule set: Liandu's 2013 rules (SPEC §3, §5)."""

from django.db import migrations


def seed(apps, schema_editor):
    RuleSet = apps.get_model("accountability", "RuleSet")
    if not RuleSet.objects.filter(region__isnull=True).exists():
        RuleSet.objects.create(
            region=None,
            version=1,
            name="莲都区2013年重点项目考核规则",
            reason="Default rule set: Liandu District, 2013 (red below 90 %, green from 100 %, stalled after 2 months; month → 情况说明, quarter → 常务会议说明, half-year → 诫勉谈话, year → 不发考核奖).",
        )


def unseed(apps, schema_editor):
    RuleSet = apps.get_model("accountability", "RuleSet")
    RuleSet.objects.filter(region__isnull=True, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
