// The questions the bot could not answer (GET /v1/analytics/knowledge-gaps), grouped by meaning
// into topics, shown under the overview's figures for the same days: each topic with how often it
// was asked, a few of its wordings (personal data already replaced by placeholders by the server),
// and "Write an article", which opens the knowledge base's editor with the topic's question; with
// the nearest article the knowledge base has to it, the one to fix, linked where it has a web address.

import { counted } from '/client/texts.js';
import { webLink } from '/client/citations.js';
import { $, el, fill } from './console-dom.js';

// Why each question counts (docs/analytics.md#knowledge-gaps), in words: the codes are the API's.
const REASONS = {
  no_article: 'no article found',
  cannot_answer: 'answered "I can\'t answer that"',
  handoff: 'asked again, handed to a person',
  did_not_know: 'the bot said it did not know',
  bad_score: 'its conversation was judged poor',
};

/** "Nearest article: <title>", the title a link (opening apart) when the article has a web address. */
function nearestArticle({ title, url }) {
  const line = el('p', 'hint', 'Nearest article, to fix: ');
  const href = webLink(url);
  const name = el(href ? 'a' : 'strong', null, title);
  if (href) Object.assign(name, { href, target: '_blank', rel: 'noopener noreferrer' });
  line.append(name);
  return line;
}

export class KnowledgeGaps {
  /** {@code console} asks the server ({@code request}) and opens the knowledge base's editor ({@code writeArticle}). */
  constructor(console) {
    this.console = console;
  }

  async load(from, to) {
    const report = await this.console.request('GET',
      `/v1/analytics/knowledge-gaps?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`);
    $('gaps-summary').textContent = report.questions === 0 ? 'Every question of these days was answered.'
      : `${counted(report.questions, { one: '{count} unanswered question', other: '{count} unanswered questions' })} in `
      + `${counted(report.topics.length, { one: '{count} topic', other: '{count} topics' })}.`;
    fill('gaps-topics', report.topics, 'No topics.', (item, topic) => {
      item.dataset.count = topic.count;
      const heading = el('p');
      heading.append(el('strong', null, topic.question), ' ', el('span', 'hint', counted(topic.count, { one: 'asked once', other: 'asked {count} times' })));
      const why = Object.entries(topic.reasons).map(([reason, count]) => `${REASONS[reason] ?? reason}: ${count}`).join('; ');
      const examples = el('ul', 'admin__examples');
      examples.setAttribute('aria-label', `Wordings of ${topic.question}`);
      topic.examples.forEach((example) => examples.append(el('li', null, example)));
      const write = el('button', 'button button--ghost', 'Write an article');
      write.type = 'button';
      write.setAttribute('aria-label', `Write an article answering ${topic.question}`);
      write.addEventListener('click', () => this.console.act(() => this.console.writeArticle(topic.question), write));
      item.append(heading, el('p', 'hint', why), examples, write);
      if (topic.article) item.append(nearestArticle(topic.article));
    });
  }

  /** Signing out empties the list: the questions are the customers' words. */
  forget() {
    $('gaps-topics').replaceChildren();
    $('gaps-summary').textContent = '';
  }
}
