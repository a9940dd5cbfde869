"""A holiday schedule entered or changed: every case's due date follows at once — those
of the years it touches too, so that a reply judged late against a provisional date is
judged again."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import HolidaySchedule
from .services import refresh_deadlines


@receiver(post_save, sender=HolidaySchedule)
def schedule_changed(sender, instance: HolidaySchedule, **kwargs):
    refresh_deadlines(since=instance.year - 1)
