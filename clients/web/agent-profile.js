// The agent's own profile: the display name and picture customers see on the agent's messages and
// join notices (GET/PUT /v1/agents/me). The name is read as the console's socket connects, so a
// saved change reconnects it: conversations taken from then on show the new name.

import { $ } from './console-dom.js';

export class ProfileForm {
  /**
   * @param request (method, path, body) => the node's JSON answer
   * @param saved () => called after a change was saved (the console reconnects)
   */
  constructor({ request, saved }) {
    this.request = request;
    this.saved = saved;
    $('profile-button').addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
    $('profile-cancel').addEventListener('click', () => this.close());
    $('profile').addEventListener('submit', (event) => { event.preventDefault(); this.save(); });
    $('profile-picture').addEventListener('change', () => this.preview($('profile-picture').value.trim()));
  }

  isOpen() {
    return !$('profile').hidden;
  }

  async open() {
    $('profile').hidden = false;
    $('profile-button').setAttribute('aria-expanded', 'true');
    $('profile-title').focus();
    $('profile-status').textContent = '';
    try {
      const profile = await this.request('GET', '/v1/agents/me');
      $('profile-name').value = profile.displayName ?? '';
      $('profile-picture').value = profile.pictureUrl ?? '';
      this.preview(profile.pictureUrl ?? '');
      $('profile-status').textContent = `Customers see you as ${profile.shownName}.`;
    } catch (failure) {
      $('profile-status').textContent = `Could not read your profile: ${failure.message}`;
    }
  }

  close() {
    $('profile').hidden = true;
    $('profile-button').setAttribute('aria-expanded', 'false');
    $('profile-button').focus();
  }

  preview(url) {
    $('profile-preview').hidden = !url.startsWith('https://');
    if (url.startsWith('https://')) $('profile-preview').src = url;
  }

  async save() {
    const displayName = $('profile-name').value.trim();
    const pictureUrl = $('profile-picture').value.trim();
    try {
      const profile = await this.request('PUT', '/v1/agents/me', { displayName: displayName || null, pictureUrl: pictureUrl || null });
      $('profile-status').textContent = `Saved: customers now see you as ${profile.displayName ?? 'the name you signed in with'}.`;
      this.saved();
    } catch (failure) {
      $('profile-status').textContent = `Not saved: ${failure.message}`;
    }
  }
}
