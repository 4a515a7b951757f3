import { DomainError } from '../../common/domain-error';
import { compileTemplate, renderTemplate } from './merge-fields';

describe('merge fields', () => {
  it('should substitute client and business fields and escape them in HTML only', () => {
    const t = compileTemplate('<p>Hi {{client.first_name}}, from {{ business.name }}</p>', 'template.html');
    const values = { 'client.first_name': '<script>alert("x")</script> & Tom', 'business.name': "Jo's Gym" };
    expect(renderTemplate(t, values, 'html')).toBe('<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Tom, from Jo&#39;s Gym</p>');
    expect(renderTemplate(t, values, 'text')).toBe('<p>Hi <script>alert("x")</script> & Tom, from Jo\'s Gym</p>');
  });

  it('should use the fallback for an empty or missing value', () => {
    const t = compileTemplate('Hi {{client.first_name | there}}!', 'template.text');
    expect(renderTemplate(t, { 'client.first_name': null }, 'text')).toBe('Hi there!');
    expect(renderTemplate(t, { 'client.first_name': '' }, 'text')).toBe('Hi there!');
    expect(renderTemplate(t, { 'client.first_name': 'Ana' }, 'text')).toBe('Hi Ana!');
  });

  it('should refuse unknown fields and unbalanced braces, naming the path', () => {
    expect(() => compileTemplate('Hi {{client.password}}', 'template.subject')).toThrow(DomainError);
    expect(() => compileTemplate('Hi {{client.password}}', 'template.subject')).toThrow(/template\.subject: unknown merge field \{\{client\.password\}\}/);
    expect(() => compileTemplate('Hi {{client.first_name', 'template.html')).toThrow(/template\.html: unbalanced/);
  });

  it('should not let a value inject a merge field', () => {
    const t = compileTemplate('{{client.first_name}}', 'x');
    expect(renderTemplate(t, { 'client.first_name': '{{unsubscribe_url}}' }, 'text')).toBe('{{unsubscribe_url}}');
  });
});
