// The editor libraries the sites use, mounted the way the sites mount them, for fixture pages.
// Draft.js (X, TikTok) and Quill (LinkedIn) come as UMD globals (script tags in the page);
// Lexical (Facebook, Reddit) and ProseMirror (LinkedIn's newer box) as ES modules through
// lib/importmap.js.

import { createEditor } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from 'prosemirror-schema-basic';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';

/** Lexical on `root` (a div the page rendered, as Facebook and Reddit do). */
export function mountLexical(root) {
  const editor = createEditor({ namespace: 'fixture', onError: (error) => console.error(error) });
  editor.setRootElement(root);
  registerPlainText(editor);
  return editor;
}

/** ProseMirror in `place`, its editable element carrying `className` (LinkedIn: "tiptap"). */
export function mountProseMirror(place, className = '') {
  const state = EditorState.create({ schema, plugins: [keymap(baseKeymap)] });
  return new EditorView(place, { state, attributes: { class: className } });
}

/** Quill 2 in `container` (needs the quill.js UMD script in the page). */
export function mountQuill(container) {
  return new globalThis.Quill(container, { placeholder: 'Add a reply…' });
}

/**
 * A Draft.js editor rendered by React 17 into `container` (needs the React, ReactDOM,
 * Immutable and Draft UMD scripts). `testId` becomes the editable's data-testid, as on X.
 */
export function mountDraft(container, { testId, placeholder = 'Post your reply' } = {}) {
  const { React, ReactDOM, Draft } = globalThis;
  function Box() {
    const [state, setState] = React.useState(() => Draft.EditorState.createEmpty());
    return React.createElement(Draft.Editor, { editorState: state, onChange: setState, placeholder, webDriverTestID: testId });
  }
  ReactDOM.render(React.createElement(Box), container);
}
