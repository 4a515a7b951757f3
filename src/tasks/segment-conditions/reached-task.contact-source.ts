import { HumanContactSource } from '../../segments';

/**
 * "Last human contact" from tasks' side: a staff task completed with outcome "reached"; the
 * moment is its completed_at. Completing a task is what records the contact: the row itself,
 * read through staff_task_reached_idx, no copy kept anywhere else.
 */
export const reachedTaskContactSource: HumanContactSource = {
  name: 'task_reached',
  rowsSql: (ctx) => `SELECT k.client_id, k.completed_at AS at FROM staff_task k WHERE k.business_id = ${ctx.businessId} AND k.state = 'done' AND k.outcome = 'reached'`,
};
