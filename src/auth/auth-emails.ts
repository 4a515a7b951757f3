import { escapeHtml } from '../common/html';
import { SystemEmail } from '../common/system-mailer';
// Invitation and password-reset emails (pure, unit-tested). Data is HTML-escaped; the subject
// loses control characters.

const headerText = (v: string) =>
  v
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);

type AuthEmail = SystemEmail;

export function setPasswordUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/set-password?token=${encodeURIComponent(token)}`;
}

export function invitationEmail(input: { businessName: string; inviteeName: string | null; role: string; url: string; hours: number }): AuthEmail {
  const hello = input.inviteeName ? `Hi ${input.inviteeName},` : 'Hi,';
  const lines = [
    hello,
    '',
    `You have been invited to ${input.businessName} on Comeback as ${input.role}.`,
    `Choose a password to sign in: ${input.url}`,
    '',
    `The link works once and for ${input.hours} hours.`,
  ];
  return {
    subject: headerText(`Your invitation to ${input.businessName} on Comeback`),
    text: lines.join('\n'),
    html: page(
      `<p>${escapeHtml(hello)}</p><p>You have been invited to <strong>${escapeHtml(input.businessName)}</strong> on Comeback as ${escapeHtml(input.role)}.</p>` +
        `<p><a href="${escapeHtml(input.url)}">Choose a password and sign in</a></p><p>The link works once and for ${input.hours} hours.</p>`,
    ),
  };
}

export function resetEmail(input: { businessName: string; url: string; minutes: number }): AuthEmail {
  const lines = [
    'Hi,',
    '',
    `Someone (we hope you) asked to set a new password for your ${input.businessName} account on Comeback.`,
    `Set it here: ${input.url}`,
    '',
    `The link works once and for ${input.minutes} minutes. If you did not ask, ignore this email; your password stays as it is.`,
  ];
  return {
    subject: headerText(`Set a new password for ${input.businessName} on Comeback`),
    text: lines.join('\n'),
    html: page(
      `<p>Hi,</p><p>Someone (we hope you) asked to set a new password for your <strong>${escapeHtml(input.businessName)}</strong> account on Comeback.</p>` +
        `<p><a href="${escapeHtml(input.url)}">Set a new password</a></p><p>The link works once and for ${input.minutes} minutes. If you did not ask, ignore this email; your password stays as it is.</p>`,
    ),
  };
}

const page = (body: string) => `<!doctype html><html><body style="font-family:sans-serif">${body}</body></html>`;
