// Recovery's vocabulary for readers above it (the segment condition "in recovery", the follow-up
// goal "regained contract"): SQL fragments over an alias of recovery_entry the caller names.

/** How a reader filters entries by outcome: open (no outcome yet) or one of the outcomes. */
export const RECOVERY_OUTCOME_FILTERS = ['open', 'regained', 'lost', 'not_edited'] as const;
export type RecoveryOutcomeFilter = (typeof RECOVERY_OUTCOME_FILTERS)[number];

/** `e` has the outcome (a bound text parameter; 'open' is no outcome yet). */
export const recoveryOutcomeSql = (e: string, outcome: string) => `COALESCE(${e}.outcome, 'open') = ${outcome}`;

/** The client's entries (`client` a SQL expression, `businessId` bound): the (client_id) index. */
export const recoveryEntriesOfSql = (e: string, client: string, businessId: string) => `FROM recovery_entry ${e} WHERE ${e}.client_id = ${client} AND ${e}.business_id = ${businessId}`;

/** The instant an entry was regained (by hand or automatically), NULL otherwise. */
export const regainedAtSql = (e: string) => `(CASE WHEN ${e}.outcome = 'regained' THEN ${e}.outcome_at END)`;
