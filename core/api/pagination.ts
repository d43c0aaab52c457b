import type { Pagination } from '../schemas/content-generation.ts';

/** Page metadata for `total` matching items; a page past the end is empty, not an error. */
export function pagination(page: number, limit: number, total: number): Pagination {
  const totalPages = Math.ceil(total / limit);
  return {
    page,
    limit,
    total_items: total,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_previous: page > 1 && totalPages > 0,
  };
}
