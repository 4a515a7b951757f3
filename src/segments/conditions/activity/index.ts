import { ConditionDefinition } from '../condition-definition';
import { activeNoShowsCondition } from './active-no-shows.condition';
import { classAttendanceCondition } from './class-attendance.condition';
import { daysSinceOverdueInvoiceCondition } from './days-since-overdue-invoice.condition';
import { gymVisitsCondition } from './gym-visits.condition';
import { overdueForReconnectCondition } from './overdue-for-reconnect.condition';
import { productBookedCondition } from './product-booked.condition';
import { productBookingStartsCondition } from './product-booking-starts.condition';
import { productBoughtCondition } from './product-bought.condition';
import { productLabelBookedCondition } from './product-label-booked.condition';
import { productLabelBookingStartsCondition } from './product-label-booking-starts.condition';
import { productLabelBoughtCondition } from './product-label-bought.condition';
import { serviceBookingsCondition } from './service-bookings.condition';
import { visitsCondition } from './visits.condition';

// Catalogue order (segments.md).
export const ACTIVITY_CONDITIONS: readonly ConditionDefinition[] = [
  visitsCondition,
  gymVisitsCondition,
  classAttendanceCondition,
  activeNoShowsCondition,
  serviceBookingsCondition,
  productBookedCondition,
  productBookingStartsCondition,
  productBoughtCondition,
  productLabelBookedCondition,
  productLabelBookingStartsCondition,
  productLabelBoughtCondition,
  daysSinceOverdueInvoiceCondition,
  overdueForReconnectCondition,
];
