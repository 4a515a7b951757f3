import { actualSql, defineCondition } from '../condition-definition';
import { clientHasRowsSql } from '../params/client-rows.params';
import { DaysComparisonParams, comparisonParamSpecs, comparisonSql, wholeBounds } from '../params/comparison.params';

class DaysSinceOverdueInvoiceParams extends DaysComparisonParams {}

/**
 * Some unpaid invoice (paid_at IS NULL) is overdue by that many days: today - due_on, and for a
 * direct-debit invoice the business's "block card after N overdue days" is added to the due date
 * first (today - (due_on + N)): the debit may still be collected until then. Only invoices
 * actually overdue (1 day or more) count, so "= 0" or "< 1" match nobody. Any one invoice
 * satisfying the comparison is enough ("has an unpaid invoice past due by ..."), as with the
 * other to-many conditions.
 */
export const daysSinceOverdueInvoiceCondition = defineCondition({
  type: 'days_since_overdue_invoice',
  label: 'Days since overdue invoice',
  group: 'activity',
  description: 'has an unpaid invoice past due by that many days (1 or more); for a direct-debit invoice the business\'s "block card after N overdue days" setting is added to the due date first',
  params: comparisonParamSpecs('integer', 'days', wholeBounds('days')),
  dto: DaysSinceOverdueInvoiceParams,
  heavy: true,
  compile: (p, ctx) => {
    // a negative or missing setting would make debits overdue before they are due: read as 0
    const grace = Math.max(0, Math.trunc(Number(ctx.settings.directDebitBlockAfterDays) || 0));
    const days = `(${ctx.today} - i.due_on - CASE WHEN i.direct_debit THEN ${ctx.params.bind(grace, 'int')} ELSE 0 END)`;
    return clientHasRowsSql({
      from: 'invoice i',
      client: 'i.client_id',
      where: [
        `i.business_id = ${ctx.businessId}`,
        'i.paid_at IS NULL',
        // grace >= 0, so every overdue invoice is due before today: a range on invoice_unpaid_cover_idx
        `i.due_on < ${ctx.today}`,
        `${days} >= 1`,
        comparisonSql(days, p, ctx, 'int'),
      ],
    });
  },
  actual: (_p, ctx) => {
    const grace = Math.max(0, Math.trunc(Number(ctx.settings.directDebitBlockAfterDays) || 0));
    return actualSql(
      `(SELECT max(${ctx.today} - i.due_on - CASE WHEN i.direct_debit THEN ${ctx.params.bind(grace, 'int')} ELSE 0 END) FROM invoice i WHERE i.client_id = c.id AND i.business_id = ${ctx.businessId} AND i.paid_at IS NULL AND i.due_on < ${ctx.today})`,
    );
  },
});
