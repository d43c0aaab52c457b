import type { Pagination } from '../schemas/content-generation.ts';

/** The plan's page metadata for `total` matching items; a page past the end is empty, not an error. */
export function pagination(page: number, limit: number, total: number): Pagination {
  const totalPages = Math.ceil(total / limit);
  return {
    total_items: total,
    total_pages: totalPages,
    current_page: page,
    per_page: limit,
    has_next: page < totalPages,
    has_prev: page > 1 && totalPages > 0,
  };
}
