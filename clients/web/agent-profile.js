// The agent's own profile: the display name and picture customers see on the agent's messages and
// join notices (GET/PUT /v1/agents/me, PUT /v1/agents/me/picture for the picture the node keeps and
// serves to customers). The name is read as the console's socket connects, so a saved change
// reconnects it: conversations taken from then on show the new name.

import { $ } from './console-dom.js';

/** {@code bytes} in base64, in slices so that a large picture does not overflow the call's arguments. */
export const base64 = (bytes) => {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
};

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
    $('profile-upload').addEventListener('change', () => this.upload($('profile-upload').files[0]));
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
      this.showUploaded(profile.picture ?? null);
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

  /** The picture the node serves to customers (a path on it), or none. */
  showUploaded(picture) {
    $('profile-uploaded').hidden = !picture;
    if (picture) $('profile-uploaded').src = picture;
  }

  /** Sends the chosen image for the node to keep and serve to customers. */
  async upload(file) {
    if (!file) return;
    try {
      const { picture } = await this.request('PUT', '/v1/agents/me/picture',
        { image: base64(new Uint8Array(await file.arrayBuffer())) });
      this.showUploaded(picture);
      $('profile-status').textContent = 'Picture saved: customers see it beside your messages.';
    } catch (failure) {
      $('profile-status').textContent = `Picture not saved: ${failure.message}`;
    }
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
