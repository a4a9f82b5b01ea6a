// The questions the bot could not answer (GET /v1/analytics/knowledge-gaps), grouped by meaning
// into topics, shown under the overview's figures for the same days: each topic with how often it
// was asked, a few of its wordings (personal data already replaced by placeholders by the server),
// and "Write an article", which opens the knowledge base's editor with the topic's question.

import { $, el, fill } from './console-dom.js';

const REASONS = { no_article: 'no article found', cannot_answer: 'answered "I can\'t answer that"', handoff: 'asked again, handed to a person' };

export class KnowledgeGaps {
  /** {@code console} asks the server ({@code request}) and opens the knowledge base's editor ({@code writeArticle}). */
  constructor(console) {
    this.console = console;
  }

  async load(from, to) {
    const report = await this.console.request('GET',
      `/v1/analytics/knowledge-gaps?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`);
    $('gaps-summary').textContent = report.questions === 0 ? 'Every question of these days was answered.'
      : `${report.questions} unanswered questions in ${report.topics.length} topics.`;
    fill('gaps-topics', report.topics, 'No topics.', (item, topic) => {
      item.dataset.count = topic.count;
      const heading = el('p');
      heading.append(el('strong', null, topic.question), ' ', el('span', 'hint', `asked ${topic.count} times`));
      const why = Object.entries(topic.reasons).map(([reason, count]) => `${REASONS[reason] ?? reason}: ${count}`).join('; ');
      const examples = el('ul', 'admin__examples');
      examples.setAttribute('aria-label', `Wordings of ${topic.question}`);
      topic.examples.forEach((example) => examples.append(el('li', null, example)));
      const write = el('button', 'button button--ghost', 'Write an article');
      write.type = 'button';
      write.setAttribute('aria-label', `Write an article answering ${topic.question}`);
      write.addEventListener('click', () => this.console.act(() => this.console.writeArticle(topic.question), write));
      item.append(heading, el('p', 'hint', why), examples, write);
    });
  }

  /** Signing out empties the list: the questions are the customers' words. */
  forget() {
    $('gaps-topics').replaceChildren();
    $('gaps-summary').textContent = '';
  }
}
