/** Everything held about one client, as GET /clients/:id/export answers it. */
export interface ClientExport {
  exportedAt: string;
  businessId: string;
  client: Record<string, unknown>;
  /** one entry per table with a client_id column: the client's rows */
  tables: Record<string, Array<Record<string, unknown>>>;
  /** rows about the client kept without a client_id: freezes of its subscriptions, the messages (templates) of its touches, the segments it is or was in, the history (notes, outcome reasons) of its recovery entries, and the demo mailbox's copies of mail to it */
  related: Record<string, Array<Record<string, unknown>>>;
}

export interface ErasureResult {
  clientId: string;
  erasedAt: Date;
  /** true when the client had been erased before (the call cleared what arrived since) */
  alreadyErased: boolean;
  /** rows changed per table by this call */
  cleared: Record<string, number>;
}
