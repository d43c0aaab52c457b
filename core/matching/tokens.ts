/**
 * Words for text overlap between what was said in a clip and what was written on GitHub. Code
 * identifiers are split (`UniqueConstraintViolation`, `process_item`, `use-form`) and also kept
 * whole; a light stemmer folds plurals (`retries` → `retry`). Stop words and generic words are
 * dropped, so a shared token is evidence of a shared topic. Tokens are `[a-z0-9]` only, so a token
 * quoted in a reason can never carry markup (references are `#` and digits: `#13`, also from
 * "PR 13" and "pull request 13").
 */
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by
  can could did do does doing done down during each else even every few for from further get gets got had has have
  having he her here hers him his how i if in into is it its just let lets like me more most much my no nor not now
  of off on once only or other our out over own really right same she should so some such than that the their them
  then there these they thing things this those through to too under until up very was we were what when where which
  while who why will with would yes yeah yep you your okay ok alright gonna wanna kind sort actually basically
  literally going go see look one two three want need make makes made say said take well still way lot new
  thank thanks hello hey guys chat stream today
  merge merged pull request branch commit commits from into feat fix chore refactor docs wip co authored noreply
  que los las el la de del para con una uno por pero esto esta como muy mas más y o en es lo se su al le ya`.split(
    /\s+/,
  ),
);

/**
 * Words a developer says about any change and writes in any commit. Sharing one says nothing about
 * the topic (`fix the error` is not `handle upload error`), so, like stop words, they are not tokens:
 * every token two texts share is evidence that they are about the same thing. Stemmed forms.
 */
const GENERIC_WORDS = new Set(
  `add added adding update updated updating remove removed removing change changed changing use used using code
  file work worked working stuff time first last next better good nice great fine small big little bit minor typo
  cleanup clean bump version initial todo tweak improve improved handle handled support run running try tried
  trying show start started check checked call called put bug error issue problem number`.split(/\s+/),
);

const IDENTIFIER_BOUNDARY = /([a-z0-9])([A-Z])|([A-Z])([A-Z][a-z])/g;

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function keep(word: string): boolean {
  return word.length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/.test(word);
}

/** `#13` in "PR #13 merged live" or "Fixes #41": a reference to an issue or pull request. */
const REFERENCE = /(?:^|[^\p{L}\p{N}&])#(\d{1,7})\b/gu;
/** The same reference as it is spoken or written out: "PR 13", "pull request 13", "issue number 41". */
const SPOKEN_REFERENCE = /\b(?:pr|pull[ -]request|issue)\s*(?:number\s*|no\.\s*)?#?(\d{1,7})\b/giu;

/** The distinct informative tokens of a text, plus `#<n>` references. */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) out.add(`#${Number(match[1])}`);
  for (const match of text.matchAll(SPOKEN_REFERENCE)) out.add(`#${Number(match[1])}`);
  for (const raw of text.split(/[^\p{L}\p{N}_-]+/u)) {
    if (!raw) continue;
    const whole = raw.toLowerCase().replace(/[_-]+/g, '');
    const parts = raw
      .replace(IDENTIFIER_BOUNDARY, '$1$3 $2$4')
      .split(/[\s_-]+/)
      .map((part) => part.toLowerCase());
    for (const word of parts.length > 1 ? [...parts, whole] : parts) {
      // Accents fold to their base letter (`más` → `mas`); pure ASCII skips the costly normalisation.
      const ascii = (/^[a-z0-9]*$/.test(word) ? word : word.normalize('NFD')).replace(/[^a-z0-9]/g, '');
      if (!keep(ascii)) continue;
      const stemmed = stem(ascii);
      if (!GENERIC_WORDS.has(stemmed)) out.add(stemmed);
    }
  }
  return out;
}

/** How many tokens the two sets share. */
export function countShared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const token of small) if (large.has(token)) count += 1;
  return count;
}

/** Tokens present in both sets, in a stable order (longest first, then alphabetical). */
export function sharedTokens(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const shared: string[] = [];
  for (const token of small) if (large.has(token)) shared.push(token);
  return shared.sort((x, y) => y.length - x.length || (x < y ? -1 : x > y ? 1 : 0));
}

const repositoryCache = new Map<string, Set<string>>();

/** Words of a repository name that identify it (`payments-api` → `payment`); generic ones do not. */
export function repositoryTokens(repository: string): ReadonlySet<string> {
  let cached = repositoryCache.get(repository);
  if (!cached) {
    cached = computeRepositoryTokens(repository);
    // Bounded: a streamer works in a handful of repositories, but input is never trusted.
    if (repositoryCache.size < 1000) repositoryCache.set(repository, cached);
  }
  return cached;
}

function computeRepositoryTokens(repository: string): Set<string> {
  const name = repository.split('/')[1] ?? repository;
  const generic = new Set(['api', 'app', 'web', 'site', 'service', 'server', 'client', 'lib', 'core', 'main']);
  return new Set([...tokens(name.replace(/[-_.]/g, ' '))].filter((token) => !generic.has(token)));
}
