import { auth } from './auth';
import { automations } from './automations';
import { campaigns } from './campaigns';
import { common } from './common';
import { deliveries } from './deliveries';
import { labels } from './labels';
import { mailbox } from './mailbox';
import { members } from './members';
import { overview } from './overview';
import { reconnect } from './reconnect';
import { recovery } from './recovery';
import { reports } from './reports';
import { segments } from './segments';
import { settings } from './settings';
import { tasks } from './tasks';

/** English, the reference catalogue: every other language has exactly this shape. */
export const en = { auth, automations, campaigns, common, deliveries, labels, mailbox, members, overview, reconnect, recovery, reports, segments, settings, tasks };
