// For contenteditable fixtures without a library, the model is the text a user sees: one line
// per block (div, p...), <br> a line break (except the placeholder <br> closing a block), and
// no-break spaces read as spaces. renderedCaret() is the caret's offset in that text.
// (innerText differs: it counts an empty <div><br></div> after text as two line breaks.)

const BLOCK = /^(DIV|P|LI|H[1-6]|BLOCKQUOTE|PRE)$/;

/** The text of `editor`, up to `stop` ({node, offset}, a DOM boundary point) when given. */
function serializeEditable(editor, stop) {
  let out = '';
  let atLineStart = true;
  let done = false;
  const visit = (node) => {
    node.childNodes.forEach((child, index) => {
      if (done) return;
      if (stop && node === stop.node && index === stop.offset) { done = true; return; }
      if (child.nodeType === Node.TEXT_NODE) {
        const data = stop && child === stop.node ? child.data.slice(0, stop.offset) : child.data;
        out += data;
        if (data) atLineStart = false;
        if (stop && child === stop.node) done = true;
      } else if (child.nodeName === 'BR') {
        const closesBlock = child.nextSibling === null && child.parentNode !== editor;
        if (!closesBlock) { out += '\n'; atLineStart = true; }
      } else if (BLOCK.test(child.nodeName)) {
        if (!atLineStart) { out += '\n'; atLineStart = true; }
        visit(child);
        if (!done) { out += '\n'; atLineStart = true; }
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        visit(child);
      }
    });
    if (stop && node === stop.node) done = true;
  };
  visit(editor);
  return out.replace(/\u00a0/g, ' ');
}

function renderedText(editor) {
  return serializeEditable(editor).replace(/\n$/, '');
}

function renderedCaret(editor) {
  const selection = document.getSelection();
  if (!selection.rangeCount || !editor.contains(selection.focusNode)) return null;
  return serializeEditable(editor, { node: selection.focusNode, offset: selection.focusOffset }).length;
}
