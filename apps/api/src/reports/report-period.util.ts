const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parse(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number);
  return [y, m];
}

function format(y: number, m: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** The due-date bounds of a period of whole months: first day of `from`, first day after `to`. */
export function periodBounds(from: string, to: string): { fromDate: string; toExclusive: string } {
  const [ty, tm] = parse(to);
  const next = tm === 12 ? format(ty + 1, 1) : format(ty, tm + 1);
  return { fromDate: `${from}-01`, toExclusive: `${next}-01` };
}

/** Every month from `from` to `to` inclusive, as YYYY-MM. */
export function monthKeys(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = parse(from);
  const end = to;
  for (let key = format(y, m); key <= end; key = format(y, m)) {
    out.push(key);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

export function monthLabel(key: string): string {
  const [y, m] = parse(key);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}
