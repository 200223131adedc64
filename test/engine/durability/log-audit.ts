import type { Knex } from 'knex';

/** One row of engine_records as stored: numbers as text, the value as the exact JSON text that was hashed. */
export interface LogRow {
  position: string;
  source_record_position: string;
  key: string;
  timestamp: string;
  record_type: string;
  value_type: string;
  intent: string;
  rejection_type: string | null;
  rejection_reason: string | null;
  value: string;
  hash: string;
}

export async function readLogRows(db: Knex): Promise<LogRow[]> {
  const result = await db.raw(
    `select position::text as position, source_record_position::text as source_record_position, key::text as key,
            timestamp::text as timestamp, record_type, value_type, intent, rejection_type, rejection_reason, value, hash
       from engine_records order by engine_records.position`,
  );
  return result.rows;
}


/** The paths where two JSON-like values differ, with both sides, so a failure shows what diverged and not a wall of JSON. */
export function differences(live: unknown, other: unknown, limit = 12, path = '$', found: string[] = []): string[] {
  if (found.length >= limit) return found;
  if (Object.is(live, other)) return found;
  const bothObjects = live !== null && other !== null && typeof live === 'object' && typeof other === 'object';
  if (!bothObjects || Array.isArray(live) !== Array.isArray(other)) {
    found.push(`${path}: live ${short(live)} but recovered ${short(other)}`);
    return found;
  }
  if (Array.isArray(live) && Array.isArray(other) && live.length !== other.length) {
    found.push(`${path}: live has ${live.length} entries, recovered ${other.length}`);
  }
  const keys = new Set([...Object.keys(live as object), ...Object.keys(other as object)]);
  for (const key of keys) {
    differences((live as any)[key], (other as any)[key], limit, `${path}.${key}`, found);
    if (found.length >= limit) break;
  }
  return found;
}

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
