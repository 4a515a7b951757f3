import { Injectable } from '@nestjs/common';
import { ReconnectContactRepository } from './reconnect-contact.repository';

type Row = Awaited<ReturnType<ReconnectContactRepository['report']>>[number];

/** Contacted, reconnected, rate and revenue per category and overall, with the control group. */
@Injectable()
export class ReconnectReportService {
  constructor(private readonly contacts: ReconnectContactRepository) {}

  async report(businessId: string) {
    // judged on read as well as on schedule: the page is right the moment a booking arrives
    await this.contacts.judge(businessId);
    const rows = await this.contacts.report(businessId);
    const total = rows.reduce<Omit<Row, 'serviceCategory'>>(
      (a, r) => ({
        contacted: a.contacted + r.contacted,
        reconnected: a.reconnected + r.reconnected,
        revenue: a.revenue + r.revenue,
        control: a.control + r.control,
        controlReconnected: a.controlReconnected + r.controlReconnected,
        openWindows: a.openWindows + r.openWindows,
        delivered: a.delivered + r.delivered,
        clicked: a.clicked + r.clicked,
        smsDelivered: a.smsDelivered + r.smsDelivered,
        replied: a.replied + r.replied,
      }),
      { contacted: 0, reconnected: 0, revenue: 0, control: 0, controlReconnected: 0, openWindows: 0, delivered: 0, clicked: 0, smsDelivered: 0, replied: 0 },
    );
    return { overall: figures({ serviceCategory: null, ...total }), categories: rows.map(figures) };
  }
}

const share = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

function figures({ delivered, clicked, smsDelivered, replied, ...r }: Omit<Row, 'serviceCategory'> & { serviceCategory: string | null }) {
  return {
    ...r,
    rate: r.contacted ? r.reconnected / r.contacted : null,
    controlRate: r.control ? r.controlReconnected / r.control : null,
    engagement: { delivered, clicked, clickThroughRate: share(clicked, delivered), smsDelivered, replied, replyRate: share(replied, smsDelivered) },
  };
}
