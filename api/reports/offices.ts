import type { Db } from '../../db/connection';
import type { ReportOffice } from '../../domain/contracts/reports';

/**
 * Gridflow has no table of offices (供电所/营业所). For reports an office is a meter-reading
 * segment (抄表段, `segments`): it is how customers are already split among the people who
 * serve them (the segment's collector reads, collects and reconnects on site). This file is
 * the one place that says so; an office table later changes only the SQL below.
 *
 * A case belongs to the office of each of its customers: a reconnection to its customer's, a
 * disconnection to the segments of the customers it was applied for (so a case across two
 * segments is in both). A task belongs to its customer's office, or else to its case's.
 */

/** Every office there is, for the reports' filter. */
export async function listOffices(db: Db): Promise<ReportOffice[]> {
  return db('segments').orderBy('code').select('code', 'name');
}

export async function findOffice(db: Db, code: string): Promise<ReportOffice | undefined> {
  return db('segments').where({ code }).first('code', 'name');
}

/** `(case_id, office)` for every case and office it belongs to. */
export const CASE_OFFICES_SQL = `
  SELECT c.id AS case_id, cu.segment_code AS office
    FROM cases c JOIN customers cu ON cu.id = c.customer_id
  UNION
  SELECT o.case_id, cu.segment_code
    FROM disconnection_outcomes o JOIN customers cu ON cu.id = o.customer_id
  UNION
  SELECT c.id, cu.segment_code
    FROM cases c
    JOIN disconnection_applications a ON a.workflow_id = c.workflow_id
    JOIN disconnection_application_customers ac ON ac.application_id = a.id
    JOIN customers cu ON cu.id = ac.customer_id`;

/** `(task_id, office)`; a task whose case has no customer at all has office null. */
export const TASK_OFFICES_SQL = `
  SELECT t.id AS task_id, cu.segment_code AS office
    FROM tasks t JOIN customers cu ON cu.id = t.customer_id
  UNION ALL
  SELECT t.id, co.office
    FROM tasks t LEFT JOIN (${CASE_OFFICES_SQL}) co ON co.case_id = t.case_id
   WHERE t.customer_id IS NULL`;

/** SQL true when `caseColumn` is a case of the office bound as :office (or no office is asked for). */
export const caseInOfficeSql = (caseColumn: string) =>
  `(CAST(:office AS text) IS NULL OR EXISTS (SELECT 1 FROM (${CASE_OFFICES_SQL}) co WHERE co.case_id = ${caseColumn} AND co.office = :office))`;
