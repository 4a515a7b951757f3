// Twilio's default opt-out and opt-in keywords (a message that is just the word, any case).
// When Advanced Opt-Out is on, Twilio also sends OptOutType (STOP, START, HELP), which wins.

const OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN_KEYWORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP']);

type InboundIntent = 'opt_out' | 'opt_in' | 'help' | 'reply';

export function inboundIntent(body: string | undefined, optOutType: string | undefined): InboundIntent {
  const type = optOutType?.trim().toUpperCase();
  if (type === 'STOP') return 'opt_out';
  if (type === 'START') return 'opt_in';
  if (type === 'HELP') return 'help';
  const word = (body ?? '')
    .trim()
    .toUpperCase()
    .replace(/[.!]+$/, '');
  if (OPT_OUT_KEYWORDS.has(word)) return 'opt_out';
  if (OPT_IN_KEYWORDS.has(word)) return 'opt_in';
  if (word === 'HELP' || word === 'INFO') return 'help';
  return 'reply';
}
