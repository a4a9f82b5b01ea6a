// The stylesheet of the widget's parts that most conversations never use (widget-panel.js adds it
// with the first of them to load): the replies to tap, the approvals, the prompt for a contact, the
// files attached and those a message carries, the articles an answer cites, and the rating asked once a conversation has ended.

export const PARTS_CSS = `
.citations { list-style: none; margin: 6px 0 0; padding: 0; font-size: 13px; } .citations a { color: inherit; text-decoration: underline; }
.rating { padding: 8px 12px; border-top: 1px solid var(--line); }
.rating-title { margin: 0 0 6px; font-weight: 600; }
.rating textarea { width: 100%; margin-bottom: 6px; }
.scores { display: flex; gap: 4px; }
.score { min-width: 40px; min-height: 40px; padding: 0; color: var(--muted); }
.score svg { width: 28px; height: 28px; }
.score:hover svg, .score:focus-visible svg { fill: #f5b301; stroke: #8a6100; }
.again { margin-top: 6px; border: 1px solid var(--edge); }
/* The cards scroll within their own room: a form's fields may be taller than the conversation leaves them. */
.approvals { flex: none; max-height: 60%; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; padding: 0 12px; }
.approval { border: 1px solid #d0d5dd; border-radius: 10px; padding: 8px 10px; }
/* A form's fields in its approval card: a label over each input, its problem under it. */
.approval__form { display: flex; flex-direction: column; gap: 6px; margin: 4px 0 8px; } .approval__field { display: flex; flex-direction: column; gap: 2px; }
.approval__field input:not([type="checkbox"]), .approval__field select { min-height: 36px; padding: 6px 10px; border: 1px solid var(--edge); border-radius: 8px; background: var(--bg); color: var(--fg); }
.approval__hint, .approval__problem { margin: 0; font-size: 13px; } .approval__problem:empty { display: none; } [aria-invalid="true"] { border-color: #b42318; }
/* The prompt for a contact scrolls within its own room: the notice above it keeps the conversation's. */
.contact-prompt { flex: none; max-height: 45%; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; margin: 0 12px 8px;
border: 1px solid #d0d5dd; border-radius: 10px; padding: 8px 10px; } .contact-prompt[hidden] { display: none; }
.contact-title { margin: 0; } .contact-status { margin: 0; font-size: 13px; } .contact-status:empty { display: none; }
.contact-prompt input[type="email"] { min-height: 36px; padding: 6px 10px; border: 1px solid var(--edge); border-radius: 8px; background: var(--bg); color: var(--fg); }
.contact-transcript { display: flex; gap: 6px; align-items: center; } .contact-actions { display: flex; flex-wrap: wrap; gap: 6px; }
/* Its buttons read as buttons: the one that leaves the email in the accent, the other framed. */
.contact-actions button { min-height: 36px; padding: 6px 14px; border-radius: 18px; border: 1px solid var(--accent); }
.contact-send { background: var(--accent); color: var(--on-accent); font-weight: 600; } .contact-skip { background: var(--bg); color: var(--fg); border-color: var(--edge); }
.approval p { margin: 0 0 6px; }
.approval .what { font-weight: 600; }
.approval button { margin-inline-end: 6px; padding: 4px 12px; border-radius: 14px; border: 1px solid var(--accent); cursor: pointer; }
.approval .confirm { background: var(--accent); color: var(--on-accent); }
.approval .cancel { background: #ffffff; color: #1b1e25; }
.approval.waiting { margin: 0; font-size: 14px; }
.replies { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 12px 8px; }
.replies button { border: 1px solid var(--accent); border-radius: 14px; padding: 4px 12px; color: var(--fg); text-align: start; }
.attachments, .files { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0 10px; list-style: none; }
.attachment { display: flex; align-items: center; gap: 6px; padding: 4px 6px; border: 1px solid var(--line); border-radius: 8px; font-size: 13px; }
.attachment.failed { border-color: var(--bad); }
.attachment .remove { min-width: 28px; min-height: 28px; padding: 0; }
.thumbnail { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; }
.files { padding: 6px 0 0; } .msg .thumbnail { width: 120px; height: auto; max-height: 120px; display: block; }
.file { display: inline-flex; flex-direction: column; gap: 2px; font-size: 13px; text-decoration: underline; }
`;
