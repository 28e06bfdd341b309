"""Time zones and deadline arithmetic: stored in UTC, shown and typed in the event's zone."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ANYWHERE_ON_EARTH = "Etc/GMT+12"  # UTC-12; the POSIX sign is inverted on purpose


def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo for an IANA name, Anywhere on Earth when unset."""
    return ZoneInfo(name or ANYWHERE_ON_EARTH)


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_label(name: str | None) -> str:
    """A human name for a zone: 'AoE (UTC-12)' reads better than 'Etc/GMT+12'."""
    name = name or ANYWHERE_ON_EARTH
    if name == ANYWHERE_ON_EARTH:
        return "AoE (UTC-12)"
    return name


def to_local(instant: datetime | None, zone_name: str | None) -> datetime | None:
    if instant is None:
        return None
    return instant.astimezone(zone(zone_name))


def from_local(naive: datetime | None, zone_name: str | None) -> datetime | None:
    """A wall-clock time typed in the event's zone, as an aware UTC instant."""
    if naive is None:
        return None
    return naive.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def format_local(instant: datetime | None, zone_name: str | None, fmt="%Y-%m-%d %H:%M") -> str:
    if instant is None:
        return "TBD"
    return f"{to_local(instant, zone_name).strftime(fmt)} {zone_label(zone_name)}"


def format_remaining(delta: timedelta) -> str:
    """'3 days 4 hours left' style text for a time left; 'passed' when negative."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "passed"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h left"
    if hours:
        return f"{hours} h {minutes} min left"
    return f"{minutes} min left"


def local_day_counts(buckets, zone_name: str | None, *, bucket_seconds: int) -> list[tuple[str, int]]:
    """(local ISO day, count) in day order, from (bucket number, count) pairs where bucket n
    covers the UTC instants [n * bucket_seconds, (n + 1) * bucket_seconds)."""
    days: dict[str, int] = {}
    for bucket, count in buckets:
        start = datetime.fromtimestamp(bucket * bucket_seconds, UTC)
        day = to_local(start, zone_name).date().isoformat()
        days[day] = days.get(day, 0) + count
    return sorted(days.items())


def format_date(day: date | None) -> str:
    return day.strftime("%B %-d, %Y") if day else "TBD"


def common_zones() -> list[str]:
    return [ANYWHERE_ON_EARTH, "UTC"] + sorted(
        z for z in available_timezones() if "/" in z and not z.startswith("Etc/")
    )
