"""Seed the official calendar with every year the chinesecalendar package knows (2004 onwards)."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("planning", "CalendarYear")
    CalendarDay = apps.get_model("planning", "CalendarDay")
    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    first, last = min(holidays).year, max(holidays).year
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="package") for y in range(first, last + 1)], ignore_conflicts=True
    )
    days = [
        CalendarDay(date=d, kind="holiday", name=NAMES.get(str(n), str(n)), source="package")
        for d, n in holidays.items()
        if d.weekday() < 5  # a weekend holiday is a day off anyway; keep only the exceptions
    ] + [CalendarDay(date=d, kind="workday", name=NAMES.get(str(n), str(n)), source="package") for d, n in workdays.items()]
    CalendarDay.objects.bulk_create(days, ignore_conflicts=True, batch_size=500)


def unseed(apps, schema_editor):
    apps.get_model("planning", "CalendarDay").objects.filter(source="package").delete()
    apps.get_model("planning", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
