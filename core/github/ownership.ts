/** Whose activity counts: the streamer's own repositories, or an explicit allow-list. */
export interface Ownership {
  username: string;
  /** When set, exactly these `owner/name` repositories count, whoever owns them. */
  repositories?: readonly string[];
}

/** GitHub logins and repository names compare case-insensitively. */
export function isOwnRepository(repository: string, ownership: Ownership): boolean {
  const name = repository.toLowerCase();
  if (ownership.repositories && ownership.repositories.length > 0) {
    return ownership.repositories.some((allowed) => allowed.toLowerCase() === name);
  }
  const owner = name.split('/')[0];
  return owner !== undefined && owner === ownership.username.toLowerCase();
}
