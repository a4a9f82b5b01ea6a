// The widget's approval cards (widget-panel.js loads this module with the first approval): the
// client library's ApprovalCards (approval-cards.js) drawn in the widget's markup.

import { ApprovalCards } from './approval-cards.js';
import { drawForm } from './approval-form.js';

/** The approvals shown in `box`, worded by `t(key, values)` in the conversation's language. */
export function widgetApprovalCards(box, t) {
  const make = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };
  return new ApprovalCards(box, {
    t,
    waiting: (frame) => make('p', { class: 'approval waiting', role: 'status', 'data-approval-id': frame.approvalId,
      text: t('approvalWaiting', { summary: frame.summary }) }),
    asking(frame) {
      const status = make('p', { role: 'status' });
      const confirm = make('button', { type: 'button', class: 'confirm', text: t('confirm') });
      const cancel = make('button', { type: 'button', class: 'cancel', text: t('cancel') });
      const fields = make('div', { class: 'fields' });
      const card = make('div', { class: 'approval', role: 'group', 'aria-label': t('approval'), 'data-approval-id': frame.approvalId },
        make('p', { text: t(frame.form ? 'formAsk' : 'approvalAsk') }), make('p', { class: 'what', text: frame.summary }), fields,
        confirm, cancel, status);
      return { card, confirm, cancel, status, fields };
    },
    form: (frame) => drawForm(frame.form, t, frame.approvalId),
  });
}
