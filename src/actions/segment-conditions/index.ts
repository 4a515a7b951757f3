import { registerHumanContactSource, registerSegmentConditions } from '../../segments';
import { consentCondition } from './consent.condition';
import { clickedMessageCondition, openedMessageCondition } from './engagement.conditions';
import { receivedActionCondition } from './received-action.condition';
import { sleepingMemberCondition } from './sleeping-member.condition';
import { smsReplyContactSource } from './sms-reply.contact-source';

// Actions' contribution to the segment catalogue (docs/segments.md "Conditions from other
// modules"): conditions over touches, the consent ledger and the sleeping flag, which actions
// owns. Registered when this file is loaded, i.e. whenever actions' index.ts is (the composition
// root imports it in every process).
export const ACTIONS_SEGMENT_CONDITIONS = [receivedActionCondition, consentCondition, sleepingMemberCondition, clickedMessageCondition, openedMessageCondition];

registerSegmentConditions(ACTIONS_SEGMENT_CONDITIONS);
registerHumanContactSource(smsReplyContactSource);
