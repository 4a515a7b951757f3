// Finds the links of a rendered message: href attributes of <a> and <area> in HTML, http(s)
// URLs in plain text (SMS, the text part of email). Only absolute http(s) links are tracked:
// mailto:, tel: and in-page anchors go nowhere we could forward to.

const HTML_HREF = /(<(?:a|area)\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"'<>\s]+)\2/gi;
const TEXT_URL = /https?:\/\/[^\s<>"]+/g;
// sentence punctuation right after a URL in text belongs to the sentence, not the URL
const TRAILING = /[.,;:!?'")\]]+$/;

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Rewrites every link `replace` answers for (it returns the tracked URL, or null to keep the link). */
export function rewriteLinks(body: string, mode: 'html' | 'text', replace: (url: string) => string | null): string {
  if (mode === 'html') {
    return body.replace(HTML_HREF, (all, head: string, quote: string, raw: string) => {
      const tracked = replace(unescapeHtml(raw));
      return tracked === null ? all : `${head}${quote}${tracked}${quote}`;
    });
  }
  return body.replace(TEXT_URL, (found) => {
    const tail = TRAILING.exec(found)?.[0] ?? '';
    const url = found.slice(0, found.length - tail.length);
    const tracked = replace(url);
    return tracked === null ? found : tracked + tail;
  });
}
