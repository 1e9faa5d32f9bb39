/** "2024-03-09" as a Date at midnight UTC. */
export function parseDay(text: string): Date {
  const [year, month, day] = text.split("-").map(Number);
  return new Date(Date.UTC(year!, month!, day!));
}

/** A Date as "2024-03-09" (UTC). */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
