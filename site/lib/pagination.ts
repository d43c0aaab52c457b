/** One page of a paginated listing. Page numbers start at 1. */
export interface Page<T> {
  number: number;
  total: number;
  items: T[];
  /** Links to the neighbouring pages, absent at either end. */
  prev?: string;
  next?: string;
}

/**
 * The URL of page `n` of a listing rooted at `base` (which ends in `/`): the first page is the
 * listing itself, the others are `<base>page/<n>/`.
 */
export function pageUrl(base: string, n: number): string {
  return n <= 1 ? base : `${base}page/${n}/`;
}

/** Splits `items` into pages of `size`; an empty listing still has one (empty) page. */
export function paginate<T>(items: readonly T[], size: number, base: string): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a positive integer, got ${size}`);
  const total = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: total }, (_, i) => {
    const number = i + 1;
    return {
      number,
      total,
      items: items.slice(i * size, number * size),
      ...(number > 1 && { prev: pageUrl(base, number - 1) }),
      ...(number < total && { next: pageUrl(base, number + 1) }),
    };
  });
}
