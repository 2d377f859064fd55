// goyaml.v2 resolve.go's parseTimestamp, without dependencies (the YAML printer and reader share it).

/** The subset of yaml.org timestamps resolve.go accepts (time.Parse with its four layouts, dates checked). */
export function parseTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2})))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]) return false;
  const h = m[4] ?? m[9];
  if (h !== undefined) {
    const [mi, se] = [m[5] ?? m[10], m[6] ?? m[11]];
    if (+h > 23 || +mi > 59 || +se > 59) return false;
    if (m[7] !== undefined && (+m[7] > 24 || +m[8] > 60)) return false;
  }
  return true;
}
