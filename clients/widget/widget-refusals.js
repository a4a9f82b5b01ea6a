// What the site's owner reads when the node refuses the widget's setup: the setting of the script
// tag, or of the organisation, to fix. widget.js loads this module with the first refusal.

/** Why the node refused the widget's configuration request with `status` and `error` (its JSON error). */
export function refusal(setup, status, error) {
  const detail = error.message ? ' (' + error.message + ')' : '';
  if (setup.draft) return 'the draft of tenant "' + setup.tenant + '" cannot be tried' + detail;
  if (status === 401) return 'data-key is not a publishable key of tenant "' + setup.tenant + '"' + detail;
  if (status === 403 && /origin/i.test(error.message ?? '')) return siteRefused(setup);
  if (status === 403) return 'data-key is a publishable key of another tenant than data-tenant "' + setup.tenant + '"' + detail;
  return 'data-tenant "' + setup.tenant + '" is not a tenant of ' + setup.origin + detail;
}

/**
 * What the site's owner reads when the organisation does not allow the page's site: where its admins
 * allow one. Never the node's settings, which only the node's operator sees.
 */
export function siteRefused(setup) {
  return 'this site, ' + location.origin + ', is not among the sites allowed to chat with "' + setup.tenant
    + '": an admin of the organisation adds it in Parley\'s admin console (' + setup.origin
    + '/admin, Keys, "Publishable keys and sites")';
}
