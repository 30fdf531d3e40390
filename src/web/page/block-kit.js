/*
 * Block Kit, drawn as the Slack client draws it: header, section (fields, accessory), context,
 * actions (buttons, selects, overflow), divider, markdown, image and rich_text blocks. Shared
 * through window.WarroomPage; the text inside goes through slack-text.js.
 */
/* global window */
(function () {
  'use strict';

  const page = (window.WarroomPage = window.WarroomPage || {});
  const { escapeHtml, unSlack, safeHref, link, markdown, plainText, textObject } = page.text;

  // ---- Block Kit ------------------------------------------------------------------------------

  function imageUrl(element) {
    if (element.slack_file && element.slack_file.id) return `/sandbox/files/${encodeURIComponent(element.slack_file.id)}`;
    return safeHref(element.image_url || '');
  }

  function elementHtml(element, ctx) {
    // A message's controls carry its ts; a Home tab's carry the view's id (Slack's container).
    const data = `data-action="${escapeHtml(element.action_id || '')}" data-ts="${escapeHtml(ctx.ts)}"${ctx.viewId ? ` data-view="${escapeHtml(ctx.viewId)}"` : ''}`;
    switch (element.type) {
      case 'button': {
        const style = element.style === 'primary' ? ' primary' : element.style === 'danger' ? ' danger' : '';
        if (element.url && !element.action_id) return link(element.url, unSlack(element.text.text));
        const confirm = element.confirm ? ` data-confirm="${escapeHtml(unSlack(`${element.confirm.title.text}\n${element.confirm.text.text}`))}"` : '';
        return `<button type="button" class="btn${style}" ${data}${confirm}>${textObject(element.text)}</button>`;
      }
      case 'static_select':
      case 'overflow': {
        const options = (element.options || []).map((o) => `<option value="${escapeHtml(o.value)}">${plainText(o.text.text)}</option>`).join('');
        const placeholder = element.placeholder ? element.placeholder.text : 'Choose…';
        return `<select class="btn" ${data}><option value="" selected disabled>${plainText(placeholder)}</option>${options}</select>`;
      }
      case 'image': {
        const src = imageUrl(element);
        return src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(element.alt_text || '')}">` : '';
      }
      case 'mrkdwn':
      case 'plain_text':
        return `<span>${textObject(element)}</span>`;
      default:
        return '';
    }
  }

  function blockHtml(block, ctx) {
    switch (block.type) {
      case 'header':
        return `<div class="block"><h3>${textObject(block.text)}</h3></div>`;
      case 'section': {
        const fields = block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${textObject(f)}</div>`).join('')}</div>` : '';
        const accessory = block.accessory ? `<div class="accessory">${elementHtml(block.accessory, ctx)}</div>` : '';
        return `<div class="block section"><div class="text">${textObject(block.text)}${fields}</div>${accessory}</div>`;
      }
      case 'context':
        return `<div class="block context">${(block.elements || []).map((e) => elementHtml(e, ctx)).join('')}</div>`;
      case 'actions':
        return `<div class="block actions">${(block.elements || []).map((e) => elementHtml(e, ctx)).join('')}</div>`;
      case 'divider':
        return '<hr class="divider">';
      case 'markdown':
        return `<div class="block markdown">${markdown(block.text)}</div>`;
      case 'image': {
        const src = imageUrl(block);
        const title = block.title ? `<div>${textObject(block.title)}</div>` : '';
        return src ? `<div class="block">${title}<img class="block-image" src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text || '')}"></div>` : '';
      }
      case 'rich_text':
        return `<div class="block">${escapeHtml(JSON.stringify(block.elements || []).replace(/.*"text":"([^"]*)".*/, '$1'))}</div>`;
      default:
        return '';
    }
  }

  page.blockKit = { elementHtml, blockHtml };
})();
