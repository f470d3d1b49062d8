import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventView, AuditQuery } from '@egov-box/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Keys whose values never reach the audit log, at any depth. */
const SECRET_KEY = /pass(word)?|token|secret|cookie|authorization|choice|ballot/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1),
    ]),
  );
}

/**
 * Writes and reads the append-only audit log. Recording never makes the caller's request
 * fail: a lost audit line is logged as an error instead (unless written inside the
 * caller's transaction, where it commits or rolls back with the change it describes).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    const row = {
      actorId: entry.actorId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      details: redact(entry.details ?? {}) as object,
    } as never;
    if (em) {
      await em.getRepository(AuditEvent).insert(row);
      return;
    }
    try {
      await this.db.getRepository(AuditEvent).insert(row);
    } catch (err) {
      this.logger.error({ err, action: entry.action }, 'audit event not written');
    }
  }

  async list(query: AuditQuery): Promise<{ items: AuditEventView[]; total: number }> {
    const qb = this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('a')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(query.limit)
      .skip(query.offset);
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.targetType) qb.andWhere('a.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('a.target_id = :targetId', { targetId: query.targetId });
    if (query.from) qb.andWhere('a.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.at < :to', { to: query.to });
    const [rows, total] = await qb.getManyAndCount();
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        at: r.at.toISOString(),
        actorId: r.actorId,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        ip: r.ip,
        details: r.details,
      })),
      total,
    };
  }
}
