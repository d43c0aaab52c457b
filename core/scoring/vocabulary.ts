/**
 * Tags the blog uses, each with the words that earn it. Patterns run on lower-cased text with word
 * boundaries, so `reactivity` is not `react` and `vuex` is not `vue`.
 */
export const TAG_VOCABULARY: readonly { tag: string; pattern: RegExp }[] = [
  { tag: 'laravel', pattern: /\b(laravel|eloquent|artisan|cashier|blade)\b/ },
  { tag: 'php', pattern: /\b(php|composer)\b/ },
  { tag: 'stripe', pattern: /\b(stripe|stripe connect|payouts?)\b/ },
  { tag: 'payments', pattern: /\b(payments?|invoices? paid|receipts?|cents)\b/ },
  { tag: 'webhooks', pattern: /\bwebhooks?\b/ },
  { tag: 'idempotency', pattern: /\b(idempoten\w*|dedupe|deduplicat\w*)\b/ },
  { tag: 'react', pattern: /\breact\b/ },
  { tag: 'inertia', pattern: /\binertia(js)?\b/ },
  { tag: 'vue', pattern: /\b(vue|v-html|v-model)\b/ },
  { tag: 'typescript', pattern: /\b(typescript|zod)\b/ },
  { tag: 'cloudflare', pattern: /\b(cloudflare|wrangler|workers ai|workers-ai|durable objects?|d1|r2)\b/ },
  { tag: 'workers-ai', pattern: /\b(workers ai|workers-ai|@cf\/)/ },
  { tag: 'llm', pattern: /\b(llm|llama|prompt|json mode|model)\b/ },
  { tag: 'ai', pattern: /\b(ai|llm|llama|whisper)\b/ },
  { tag: 'python', pattern: /\b(python|pip|pdfplumber|django|fastapi)\b/ },
  { tag: 'ocr', pattern: /\b(ocr|tesseract|pdfplumber)\b/ },
  { tag: 'pdf', pattern: /\bpdfs?\b/ },
  { tag: 'testing', pattern: /\b(tests?|testing|phpunit|pest|vitest|green)\b/ },
  { tag: 'security', pattern: /\b(xss|escap\w*|prompt injection|injection|sanitiz\w*)\b/ },
  { tag: 'debugging', pattern: /\b(bug|debug\w*|retry bug|stack trace)\b/ },
  { tag: 'minecraft', pattern: /\b(minecraft|creeper|redstone|nether)\b/ },
];

/** Words that mark speech as technical; two or more in a transcript make it development talk. */
export const TECHNICAL_WORDS =
  /\b(api|webhooks?|database|index|table|query|function|class|component|deploy\w*|commit|branch|merge|tests?|bug|fix|refactor|endpoint|json|schema|regex|null|async|queue|cache|migration|model|prompt|parser|deploy|server|request|response|unique|constraint|exception|code|laravel|react|vue|inertia|stripe|python|ocr|typescript|javascript|php|sql|cloudflare|workers?|llm|ai)\b/g;

/** Twitch categories (game ids) that are about making software. */
export const DEVELOPMENT_GAME_IDS: ReadonlySet<string> = new Set([
  '1469308723', // Software and Game Development
  '509670', // Science & Technology
]);

/** Twitch categories that are talk, not games. */
export const NON_GAME_IDS: ReadonlySet<string> = new Set([
  '509658', // Just Chatting
  '417752', // Talk Shows & Podcasts
  '499973', // Always On
]);
