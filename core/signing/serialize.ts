import type { BareItem, InnerList, Item, Params } from './structured-fields.ts';

/** RFC 8941 §4.1 serialisation of the values signatures use. Throws on values that cannot be serialised. */
export function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case 'integer':
      if (!Number.isInteger(item.value) || Math.abs(item.value) > 999_999_999_999_999) {
        throw new RangeError(`not a structured-field integer: ${item.value}`);
      }
      return String(item.value);
    case 'decimal': {
      const rounded = Math.round(item.value * 1000) / 1000;
      return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
    }
    case 'string':
      if (!/^[\x20-\x7e]*$/.test(item.value)) throw new RangeError('structured-field strings are printable ASCII');
      return `"${item.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
    case 'token':
      return item.value;
    case 'bytes':
      return `:${item.value}:`;
    case 'boolean':
      return item.value ? '?1' : '?0';
  }
}

export function serializeParams(params: Params): string {
  let out = '';
  for (const [key, value] of params) {
    out += `;${key}`;
    if (!(value.type === 'boolean' && value.value)) out += `=${serializeBareItem(value)}`;
  }
  return out;
}

export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParams(item.params);
}

export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeItem).join(' ')})${serializeParams(list.params)}`;
}

/** A string item, the form component identifiers and most parameters take. */
export function sfString(value: string): BareItem {
  return { type: 'string', value };
}

export function sfInteger(value: number): BareItem {
  return { type: 'integer', value };
}
