import { Box, Tabs } from '@mantine/core';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { RECOVERY_OUTCOMES, type RecoveryOutcome, useRecoveryBoard } from '../../api/recovery';
import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { t, tDynamic } from '../../i18n/i18n';
import { BoardView } from './BoardView';
import { EntryDrawer } from './EntryDrawer';
import { OutcomeList } from './OutcomeList';
import { ReportsView } from './ReportsView';
import { SettingsView } from './SettingsView';

type Tab = 'board' | RecoveryOutcome | 'reports' | 'settings';
const TABS: Tab[] = ['board', ...RECOVERY_OUTCOMES, 'reports', 'settings'];

/**
 * The recovery board (docs/recovery.md): the active group's phases as columns, the Regained /
 * Lost / Not edited lists, reports and settings, each a tab at /recovery/<tab>. ?entry=<id> opens
 * an entry's drawer over any of them.
 */
export default function RecoveryPage() {
  const { tab: asked } = useParams();
  const tab: Tab = TABS.includes(asked as Tab) ? (asked as Tab) : 'board';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const role = useSession().data!.role;
  const board = useRecoveryBoard();
  const entryId = params.get('entry');
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);

  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v === null) p.delete(k);
    else p.set(k, v);
    setParams(p);
  };
  const open = (id: string) => setParam('entry', id);

  return (
    <Box>
      <PageHeader title={t('recovery.title')} subtitle={board.data ? t('recovery.subtitle', { count: board.data.total, unseen: board.data.unseen }) : undefined} />
      <Tabs value={tab} onChange={(v) => navigate(v === 'board' ? '/recovery' : `/recovery/${v}`)} keepMounted={false}>
        <Tabs.List aria-label={t('recovery.tabs.label')} mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {TABS.map((v) => (
            <Tabs.Tab key={v} value={v}>
              {tDynamic('recovery.tabs', v)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="board">
          <QueryState query={board}>{(b) => <BoardView board={b} onOpen={open} />}</QueryState>
        </Tabs.Panel>
        {RECOVERY_OUTCOMES.map((o) => (
          <Tabs.Panel key={o} value={o}>
            <OutcomeList state={o} page={page} onPage={(p) => setParam('page', p === 1 ? null : String(p))} onOpen={open} />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="reports">
          <ReportsView />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsView canEdit={role === 'admin' || role === 'marketer'} canRecord={role === 'admin' || role === 'manager'} />
        </Tabs.Panel>
      </Tabs>
      <EntryDrawer id={entryId} onClose={() => setParam('entry', null)} />
    </Box>
  );
}
