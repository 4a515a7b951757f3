// A send time typed as the business's wall clock ("2026-12-08T09:00" in its time zone) and the
// instant it means, whatever zone the marketer's browser is in.

function wall(at: number, zone: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
}

/** The instant `zone`'s clock reads `local` (YYYY-MM-DDTHH:mm); null when it is not such a time. */
export function zonedToInstant(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const target = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // the offset at the target moment, checked twice across a daylight-saving change
  let at = target - (wall(target, zone) - target);
  at = target - (wall(at, zone) - at);
  return new Date(at);
}

/** An instant as `zone`'s wall clock, YYYY-MM-DDTHH:mm (the value of a datetime-local input). */
export function instantToZoned(at: Date, zone: string): string {
  return new Date(wall(at.getTime(), zone)).toISOString().slice(0, 16);
}
