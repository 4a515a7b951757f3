/** Identity of one stored event across businesses and sources. */
export const inboxKey = (businessId: string, source: string, externalEventId: string) => `${businessId}\u0000${source}\u0000${externalEventId}`;
