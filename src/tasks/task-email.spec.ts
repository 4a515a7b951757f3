import { escapeHtml, formatDay, formatDue, headerText, renderTaskEmail, TaskEmailInput, taskLink } from './task-email';

const base: TaskEmailInput = {
  taskId: '42',
  businessName: 'Iron & Co',
  assigneeFirstName: 'Sam',
  clientFirstName: 'Ada',
  clientLastName: 'Lovelace',
  clientPhone: '+46 70 123',
  clientEmail: null,
  reason: 'At Risk: absent',
  instructions: 'Ask about\nthe new class',
  priority: 'high',
  dueAt: new Date('2025-06-02T22:00:00Z'),
  dueOn: '2025-06-02',
  dueEndOfDay: true,
  timezone: 'Europe/Stockholm',
  publicBaseUrl: 'https://app.example.com/',
};

describe('renderTaskEmail', () => {
  it('should name the client, the reason, the due date and link to the task', () => {
    const sut = renderTaskEmail(base);
    expect(sut.subject).toBe('Check in with Ada Lovelace: At Risk: absent (due Mon 2 Jun 2025)');
    expect(sut.text).toContain('Client: Ada Lovelace');
    expect(sut.text).toContain('Due: Mon 2 Jun 2025');
    expect(sut.text).toContain('Open the task: https://app.example.com/tasks/42');
    expect(sut.text).toContain('Instructions:\nAsk about\nthe new class');
    expect(sut.html).toContain('<a href="https://app.example.com/tasks/42">Open the task</a>');
    expect(sut.html).toContain('Ask about<br>the new class');
  });

  it('should show the exact time in the business time zone when one was given', () => {
    const sut = renderTaskEmail({ ...base, dueAt: new Date('2025-06-02T12:30:00Z'), dueEndOfDay: false });
    expect(sut.text).toContain('Due: Mon 2 Jun 2025, 14:30 (Europe/Stockholm)');
  });

  it('should HTML-escape every value when they contain markup', () => {
    const sut = renderTaskEmail({
      ...base,
      businessName: '<b>Gym</b>',
      clientFirstName: '<script>alert(1)</script>',
      reason: `"quoted" & 'single'`,
      instructions: '<img src=x onerror=alert(1)>',
      assigneeFirstName: '<i>Sam</i>',
    });
    expect(sut.html).not.toMatch(/<script|<img|<b>Gym|<i>Sam/);
    expect(sut.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(sut.html).toContain('&quot;quoted&quot; &amp; &#39;single&#39;');
    expect(sut.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(sut.html).toContain('&lt;b&gt;Gym&lt;/b&gt;');
  });

  it('should keep the subject on one line when values carry line breaks', () => {
    const sut = renderTaskEmail({ ...base, reason: 'x\r\nBcc: victim@example.com' });
    expect(sut.subject).not.toMatch(/[\r\n]/);
    expect(sut.subject).toContain('x Bcc: victim@example.com');
  });

  it('should mark urgent tasks and fall back to "a client" without a name', () => {
    const sut = renderTaskEmail({ ...base, priority: 'urgent', clientFirstName: null, clientLastName: ' ' });
    expect(sut.subject.startsWith('[Urgent] Check in with a client:')).toBe(true);
  });
});

describe('task email helpers', () => {
  it('should escape the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('should cut long header text with an ellipsis', () => {
    expect(headerText('a'.repeat(300), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('should join the base URL and the task id with one slash', () => {
    expect(taskLink('http://localhost:3000///', '7')).toBe('http://localhost:3000/tasks/7');
  });

  it('should write a day with its weekday', () => {
    expect(formatDay('2024-02-29')).toBe('Thu 29 Feb 2024');
  });

  it('should show the due instant in the business time zone', () => {
    expect(formatDue(new Date('2025-01-15T12:30:00Z'), 'America/New_York')).toBe('Wed 15 Jan 2025, 07:30 (America/New_York)');
  });
});
