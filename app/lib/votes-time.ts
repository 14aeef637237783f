/**
 * Times of votes as people type and read them: `datetime-local` values are wall-clock times in the
 * community's time zone (not the browser's, not the server's), and "closes in 2 days 3 hours" is
 * text the server writes, so that it is right without JavaScript. Pure: `now` is an argument.
 */

/** The wall-clock parts of an instant in a time zone. */
function zonedParts(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? "0");
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  };
}

/** How far the zone is ahead of UTC at that instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a `datetime-local` value ("2026-05-01T18:00") names in the time zone, or null when the
 * value is not one. (A wall-clock time that a change of clocks skips resolves to an instant next to
 * it; Asia/Shanghai has no such change.)
 */
export function zonedLocalToUtc(value: string, timeZone: string): Date | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1, 6).map(Number);
  const s = match[6] === undefined ? 0 : Number(match[6]);
  if ([y, mo, d, h, mi].some((n) => n === undefined) || h! > 23 || mi! > 59 || s > 59) return null;
  const wall = Date.UTC(y!, mo! - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return null;
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d) return null;
  // Two passes settle the offset even across a change of offset.
  let guess = wall - offsetAt(new Date(wall), timeZone);
  guess = wall - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

/** The `datetime-local` value of an instant in the time zone (minutes precision). */
export function utcToZonedLocal(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** What is left until an instant, in whole units, for "closes in …" text; null when it has passed. */
export function timeUntil(
  now: Date,
  then: Date,
): { days: number; hours: number; minutes: number } | null {
  const ms = then.getTime() - now.getTime();
  if (ms <= 0) return null;
  const minutes = Math.ceil(ms / 60_000);
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}
