import { EntityManager } from 'typeorm';
import { CanonicalRecord, EntitySpec, FieldSpec, REF_TABLES, RefTarget, entitySpec } from '../records/record-specs';
import { ValidRecord, validateRecords } from '../records/record-validator';
import { ClientChange, IngestBatch, RejectedRecord, WriteOptions, WriteResult } from './ingest.types';
import { BOOKING_STATE_RANK, buildUpdate, buildUpsert } from './upsert-sql';
import { refreshRegistration, refreshVisitDerived, VisitDayChange } from './derived-columns';
import { ALT_PLACEHOLDER_PREFIX, ClientMergePair, mergeClients } from './client-merge';

interface WrittenRow {
  id: string;
  client_id: string | null;
  inserted: boolean;
  visited_on?: string;
  old_client_id?: string | null;
  old_visited_on?: string | null;
}

interface Resolved {
  index: number;
  record: CanonicalRecord;
  /** ref field name -> internal id (string) or null */
  refs: Map<string, string | null>;
}

/**
 * The one write path for canonical data: validation, reference resolution and one
 * set-based upsert per record shape, then the derived client columns. Runs inside the
 * caller's transaction so a batch lands whole or not at all.
 */
export class CanonicalWriter {
  constructor(private readonly m: EntityManager) {}

  async write(businessId: string, source: string, batch: IngestBatch, opts: WriteOptions): Promise<WriteResult> {
    const spec = entitySpec(batch.entity);
    const { valid, rejected } = validateRecords(spec, batch.records, batch.updateOnly);
    const withClients = await this.resolveAltClients(businessId, source, spec, valid, rejected, opts);
    const { records: deduped, folded } = dedupeByExternalId(withClients);
    let resolved = await this.resolveRefs(businessId, source, spec, deduped, opts, rejected);
    if (batch.updateOnly) resolved = await this.keepExisting(businessId, source, spec, resolved, rejected);

    const result: WriteResult = { accepted: 0, inserted: 0, updated: 0, unchanged: 0, rejected, changes: [] };
    const touchedClients = new Set<string>();
    const visitDays: VisitDayChange[] = [];

    for (const group of groupByShape(spec, resolved)) {
      const stmt = batch.updateOnly ? buildUpdate(spec, group.fields) : buildUpsert(spec, group.fields);
      const params: unknown[] = [businessId, source, ...group.fields.map((f) => columnValues(f, group.rows))];
      const rows: WrittenRow[] = await this.m.query(stmt.sql, params);
      for (const row of rows) {
        if (row.inserted) result.inserted++;
        else result.updated++;
        if (row.client_id) touchedClients.add(row.client_id);
        if (row.visited_on && row.client_id) {
          visitDays.push({ clientId: row.client_id, day: row.visited_on, oldClientId: row.old_client_id ?? undefined, oldDay: row.old_visited_on ?? undefined });
        }
      }
    }
    // a record folded into another counts as accepted only if that one survived
    result.accepted = resolved.reduce((n, r) => n + (folded.get(r.index) ?? 1), 0);
    result.unchanged = result.accepted - result.inserted - result.updated;

    if (visitDays.length) await refreshVisitDerived(this.m, businessId, visitDays);
    if (spec.table === 'subscription' && touchedClients.size) await refreshRegistration(this.m, businessId, [...touchedClients]);

    result.changes = [...touchedClients].map((clientId): ClientChange => ({ clientId, kinds: [spec.changeKind] }));
    if (spec.table === 'client') result.changes.push(...(await this.foldClients(businessId, source, resolved)));
    result.rejected.sort((a, b) => a.index - b.index);
    return result;
  }

  // Records that name their client by the source's alternate id get the client's external id
  // instead. An alternate id nobody has is a rejection in strict mode; in lenient mode (webhooks,
  // sync) it gets a placeholder client (`alt:<id>`, a stub holding the alternate id) that the
  // real client absorbs when a record carrying both ids arrives (foldClients).
  private async resolveAltClients(businessId: string, source: string, spec: EntitySpec, records: ValidRecord[], rejected: RejectedRecord[], opts: WriteOptions): Promise<ValidRecord[]> {
    const altField = spec.fields.find((f) => f.name === 'clientAltExternalId');
    if (!altField) return records;
    const wanted = [...new Set(records.filter((r) => r.record.clientExternalId === undefined && typeof r.record.clientAltExternalId === 'string').map((r) => r.record.clientAltExternalId as string))];
    const found = new Map<string, string>();
    if (wanted.length) {
      // a real client before a placeholder, should both hold the id for a moment
      const rows: Array<{ alt_external_id: string; external_id: string }> = await this.m.query(
        `SELECT DISTINCT ON (alt_external_id) alt_external_id, external_id FROM client
          WHERE business_id = $1 AND source = $2 AND alt_external_id = ANY($3::text[]) ORDER BY alt_external_id, is_stub, id`,
        [businessId, source, wanted],
      );
      rows.forEach((r) => found.set(r.alt_external_id, r.external_id));
      const missing = wanted.filter((a) => !found.has(a));
      if (missing.length && opts.mode === 'lenient') {
        const made: Array<{ alt_external_id: string; external_id: string }> = await this.m.query(
          `INSERT INTO client (business_id, source, external_id, alt_external_id, is_stub)
           SELECT $1, $2, $3 || x, x, true FROM unnest($4::text[]) AS x
           ON CONFLICT (business_id, source, external_id) DO UPDATE SET alt_external_id = EXCLUDED.alt_external_id
           RETURNING alt_external_id, external_id`,
          [businessId, source, ALT_PLACEHOLDER_PREFIX, missing],
        );
        made.forEach((r) => found.set(r.alt_external_id, r.external_id));
      }
    }
    const out: ValidRecord[] = [];
    for (const r of records) {
      if (r.record.clientAltExternalId === undefined) {
        out.push(r);
        continue;
      }
      const { clientAltExternalId, ...rest } = r.record;
      if (rest.clientExternalId !== undefined) {
        out.push({ index: r.index, record: rest });
        continue;
      }
      const ext = typeof clientAltExternalId === 'string' ? found.get(clientAltExternalId) : undefined;
      if (ext) out.push({ index: r.index, record: { ...rest, clientExternalId: ext } });
      else
        rejected.push({
          index: r.index,
          field: 'clientAltExternalId',
          reason: `no client with altExternalId "${typeof clientAltExternalId === 'string' ? clientAltExternalId : JSON.stringify(clientAltExternalId)}" from source "${source}"`,
        });
    }
    return out;
  }

  // After a clients write: a client whose record lists mergedExternalIds absorbs those clients,
  // and a client whose altExternalId a placeholder holds absorbs the placeholder (client-merge.ts).
  private async foldClients(businessId: string, source: string, rows: Resolved[]): Promise<ClientChange[]> {
    const into: string[] = [];
    const from: string[] = [];
    for (const { record } of rows) {
      const ext = record.externalId as string;
      if (ext.startsWith(ALT_PLACEHOLDER_PREFIX)) continue;
      const absorbed = Array.isArray(record.mergedExternalIds) ? (record.mergedExternalIds as string[]).filter((m) => m !== ext) : [];
      if (typeof record.altExternalId === 'string') absorbed.push(ALT_PLACEHOLDER_PREFIX + record.altExternalId);
      for (const m of absorbed) {
        into.push(ext);
        from.push(m);
      }
    }
    if (!into.length) return [];
    const pairs: ClientMergePair[] = await this.m.query(
      `SELECT f.id::text AS "fromId", i.id::text AS "intoId"
         FROM unnest($3::text[], $4::text[]) AS p(into_ext, from_ext)
         JOIN client i ON i.business_id = $1 AND i.source = $2 AND i.external_id = p.into_ext
         JOIN client f ON f.business_id = $1 AND f.source = $2 AND f.external_id = p.from_ext
        WHERE f.deleted_at IS NULL OR f.alt_external_id IS NOT NULL`,
      [businessId, source, into, from],
    );
    return mergeClients(this.m, businessId, pairs);
  }

  private async keepExisting(businessId: string, source: string, spec: EntitySpec, rows: Resolved[], rejected: RejectedRecord[]): Promise<Resolved[]> {
    if (!rows.length) return rows;
    const found: Array<{ external_id: string }> = await this.m.query(`SELECT external_id FROM ${spec.table} WHERE business_id = $1 AND source = $2 AND external_id = ANY($3::text[])`, [
      businessId,
      source,
      rows.map((r) => r.record.externalId as string),
    ]);
    const exists = new Set(found.map((f) => f.external_id));
    return rows.filter((r) => {
      if (exists.has(r.record.externalId as string)) return true;
      rejected.push({ index: r.index, field: 'externalId', reason: `no ${spec.entity} record "${String(r.record.externalId)}" to update` });
      return false;
    });
  }

  // Resolves every ref field of the batch with one query per field. Unknown clients become
  // stubs in lenient mode; in strict mode the record is rejected naming the field.
  private async resolveRefs(businessId: string, source: string, spec: EntitySpec, records: ValidRecord[], opts: WriteOptions, rejected: RejectedRecord[]): Promise<Resolved[]> {
    const out: Resolved[] = records.map((r) => ({ ...r, refs: new Map() }));
    const refFields = spec.fields.filter((f) => f.ref);
    const dropped = new Set<number>();
    for (const field of refFields) {
      const wanted = [...new Set(out.map((r) => r.record[field.name]).filter((v): v is string => typeof v === 'string'))];
      if (!wanted.length) continue;
      const ids = await this.lookup(businessId, source, field.ref!, wanted);
      if (opts.mode === 'lenient' && field.ref === 'client') {
        const missing = wanted.filter((x) => !ids.has(x));
        if (missing.length) for (const [k, v] of await this.createClientStubs(businessId, source, missing)) ids.set(k, v);
      }
      for (const r of out) {
        const ext = r.record[field.name];
        if (typeof ext !== 'string') {
          if (ext === null) r.refs.set(field.name, null);
          continue;
        }
        const id = ids.get(ext);
        if (id) r.refs.set(field.name, id);
        else if (opts.mode === 'strict' || field.required) {
          if (!dropped.has(r.index)) {
            rejected.push({ index: r.index, field: field.name, reason: `no ${field.ref} with externalId "${ext}" from source "${source}"` });
            dropped.add(r.index);
          }
        } else r.refs.set(field.name, null);
      }
    }
    return out.filter((r) => !dropped.has(r.index));
  }

  private async lookup(businessId: string, source: string, target: RefTarget, externalIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ external_id: string; id: string }> = await this.m.query(
      `SELECT external_id, id::text AS id FROM ${REF_TABLES[target]}
        WHERE business_id = $1 AND source = $2 AND external_id = ANY($3::text[])`,
      [businessId, source, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  private async createClientStubs(businessId: string, source: string, externalIds: string[]): Promise<Map<string, string>> {
    // ON CONFLICT DO UPDATE (a no-op) so a stub created concurrently is still returned
    const rows: Array<{ external_id: string; id: string }> = await this.m.query(
      `INSERT INTO client (business_id, source, external_id, is_stub)
       SELECT $1, $2, x, true FROM unnest($3::text[]) AS x
       ON CONFLICT (business_id, source, external_id) DO UPDATE SET external_id = EXCLUDED.external_id
       RETURNING external_id, id::text AS id`,
      [businessId, source, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }
}

// Within one batch the same external id may appear several times (many events about one
// client in a drained webhook batch, a repeated row in a file). One statement cannot update
// a row twice, so they are folded into one record in update order (updatedAt, then position):
// later fields win, fields only an earlier record carries are kept.
function dedupeByExternalId(records: ValidRecord[]): { records: ValidRecord[]; folded: Map<number, number> } {
  const byId = new Map<string, ValidRecord[]>();
  for (const r of records) {
    const key = r.record.externalId as string;
    const list = byId.get(key);
    if (list) list.push(r);
    else byId.set(key, [r]);
  }
  const out: ValidRecord[] = [];
  const folded = new Map<number, number>();
  for (const list of byId.values()) {
    if (list.length === 1) {
      out.push(list[0]);
      continue;
    }
    // equal times: the higher-ranked booking state folds last and wins, as in the upsert
    const ordered = [...list].sort((a, b) => updatedAtOf(a.record) - updatedAtOf(b.record) || stateRankOf(a.record) - stateRankOf(b.record) || a.index - b.index);
    const record = Object.assign({}, ...ordered.map((r) => r.record)) as CanonicalRecord;
    const index = ordered[ordered.length - 1].index;
    out.push({ index, record });
    folded.set(index, list.length);
  }
  return { records: out, folded };
}

// only bookings carry a state; other records rank alike
function stateRankOf(r: CanonicalRecord): number {
  return typeof r.state === 'string' ? (BOOKING_STATE_RANK[r.state] ?? 0) : 0;
}

function updatedAtOf(r: CanonicalRecord): number {
  const t = typeof r.updatedAt === 'string' ? Date.parse(r.updatedAt) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function groupByShape(spec: EntitySpec, rows: Resolved[]): Array<{ fields: FieldSpec[]; rows: Resolved[] }> {
  const groups = new Map<string, { fields: FieldSpec[]; rows: Resolved[] }>();
  for (const row of rows) {
    const fields = spec.fields.filter((f) => !f.virtual && row.record[f.name] !== undefined);
    const key = fields.map((f) => f.name).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { fields, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.values()];
}

function columnValues(f: FieldSpec, rows: Resolved[]): unknown[] {
  return rows.map((r) => {
    if (f.ref) return r.refs.get(f.name) ?? null;
    const v = r.record[f.name];
    if (v === null || v === undefined) return null;
    if (f.type === 'textArray') return JSON.stringify(v);
    return v;
  });
}
