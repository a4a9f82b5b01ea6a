// An agent's face beside its messages (docs/agent-console.md): the picture the node serves from its own
// origin, named by the frames, else the agent's initials, which also stand in when the picture does not
// load (the agent has none). Only a path of the node's agent pictures is loaded, never another host's.

/** Up to two initials of a person's name, for a face without a picture. */
export function initials(name) {
  return String(name ?? '').split(/\s+/).filter(Boolean).slice(0, 2).map((word) => [...word][0].toUpperCase()).join('');
}

/**
 * The face of the agent `name` as an element of `doc` with class `className`: an image of `picture`
 * (alt text the name) served by the node at `origin`, turning into the initials if it fails to load.
 */
export function agentAvatar(doc, name, picture, origin, className) {
  const face = (tag) => Object.assign(doc.createElement(tag), { className });
  const byInitials = () => {
    const span = face('span');
    span.setAttribute('aria-hidden', 'true');
    span.textContent = initials(name);
    return span;
  };
  if (!String(picture).startsWith('/v1/agent-pictures/')) return byInitials();
  const image = Object.assign(face('img'), { alt: name, src: origin + picture });
  image.addEventListener('error', () => image.replaceWith(byInitials()), { once: true });
  return image;
}
