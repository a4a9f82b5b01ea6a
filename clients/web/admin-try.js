// The admin console's frame for trying the draft: loads the real widget (/widget.js) in its draft
// mode and hands it the admin key of this tab (the console's sessionStorage, which a frame of the
// same origin shares), so the widget reads the draft's appearance, and the admin's first message
// starts a test conversation on it. Without a key (signed out) nothing is loaded.

const STORE = 'parley.admin';
const tenant = new URLSearchParams(location.search).get('tenant');

if (sessionStorage.getItem(STORE) && tenant) {
  const script = document.createElement('script');
  script.src = '/widget.js';
  Object.assign(script.dataset, { tenant, draft: 'true', open: 'true' });
  script.addEventListener('load', () => window.Parley.identify(() => sessionStorage.getItem(STORE)));
  document.head.append(script);
}
