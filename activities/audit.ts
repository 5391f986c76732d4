import type { Db } from '../db/connection';
import { appendEvent } from '../db/events';
import { callingWorkflow } from './context';

export interface AuditAnchor {
  /** The day (China time) the anchor closes. */
  day: string;
  seq: number;
  hash: string;
}

/** The auditors' side of the event log: the daily anchor of its hash chain. */
export function createAuditActivities(db: Db) {
  return {
    /**
     * Stores the chain's head as the anchor of `day`, once: a retry or a second run finds the
     * first anchor. Undefined while the log is empty.
     */
    async anchorChainHead(input: { day: string }): Promise<AuditAnchor | undefined> {
      const { workflowId } = callingWorkflow();
      return db.transaction(async (trx) => {
        const head = await trx('events').orderBy('seq', 'desc').first('seq', 'hash');
        if (!head) return undefined;
        await trx('audit_anchors').insert({ day: input.day, seq: head.seq, hash: head.hash }).onConflict('day').ignore();
        const anchor = await trx('audit_anchors').where({ day: input.day }).first('seq', 'hash');
        await appendEvent(trx, {
          type: 'audit.anchored',
          actor: `workflow:${workflowId}`,
          workflowId,
          data: { day: input.day, seq: Number(anchor.seq), hash: anchor.hash },
          idempotencyKey: `audit.anchored:${input.day}`,
        });
        return { day: input.day, seq: Number(anchor.seq), hash: anchor.hash };
      });
    },
  };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
