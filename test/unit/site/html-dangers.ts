import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';
import { FORBIDDEN_TAGS } from '../../../site/lib/markdown-safety.ts';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Attributes a browser loads or navigates to. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'poster',
  'cite',
  'background',
  'data',
  'longdesc',
  'xlink:href',
  'ping',
]);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * What in `html` could run script or frame content, found the way a browser finds it: parsed by
 * parse5 (the WHATWG HTML parser), every element and attribute visited, entities already decoded.
 * Reports forbidden elements (script, iframe, object, embed, style, svg, math, form, …), elements
 * outside `allowedTags` when given (raw HTML passing through), comments, event handler and `style`
 * attributes, `srcdoc`, and URL attributes whose scheme, read as a browser reads it (tabs and
 * newlines dropped, leading spaces and controls trimmed), is not http, https or mailto.
 */
export function htmlDangers(html: string, allowedTags?: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeName === '#comment') found.push('<!--comment-->');
    if ('tagName' in node) checkElement(node, found, allowedTags);
    if ('content' in node) visit(node.content);
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html));
  return found;
}

function checkElement(element: Element, found: string[], allowedTags?: ReadonlySet<string>): void {
  const tag = element.tagName.toLowerCase();
  if ((FORBIDDEN_TAGS as readonly string[]).includes(tag)) found.push(`<${tag}>`);
  else if (allowedTags && !allowedTags.has(tag)) found.push(`<${tag}> (not made by the composer)`);
  for (const { name, value } of element.attrs) {
    const key = name.toLowerCase();
    if (key.startsWith('on') || key === 'style' || key === 'srcdoc') found.push(`${tag}[${key}]`);
    if (URL_ATTRIBUTES.has(key) && !isSafeUrl(value)) found.push(`${tag}[${key}=${value}]`);
  }
  if (tag === 'input' && !(attr(element, 'type') === 'checkbox' && attr(element, 'disabled') !== undefined)) {
    found.push('<input> (only disabled task-list checkboxes)');
  }
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** The URL parser's view of a scheme: relative (no scheme) or one of the safe ones. */
function isSafeUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL parser strips exactly these.
  const url = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}
