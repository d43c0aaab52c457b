import { StreamlogError } from '../../core/errors.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../system-clock.ts';

/** The budget row name for Workers AI neurons in `budgets`. */
export const WORKERS_AI_BUDGET = 'workers_ai';

export interface D1AiBudgetOptions {
  /** Units (neurons) allowed per UTC day: `AiSettings.dailyBudget` (`AI_DAILY_BUDGET`). */
  dailyLimit: number;
  /** The day is the clock's UTC date (Workers AI's own allocation resets at 00:00 UTC). */
  clock?: Clock;
}

export interface BudgetUsage {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  /** The limit the day's last reservation ran against (the configured limit when nothing was reserved yet). */
  limit_units: number;
  used_units: number;
}

/**
 * The daily Workers AI budget in D1 (`budgets`, row `workers_ai` per UTC day). `reserve` is one SQL
 * statement, an upsert whose update only happens when the total stays within the limit, so
 * concurrent reservations from any number of Workers never overrun it: D1 runs each statement
 * atomically, one after the other. The configured limit always governs (it is written on every
 * reservation), so raising `AI_DAILY_BUDGET` takes effect the same day. Reservations are not
 * returned when a call fails; the estimate errs high anyway.
 */
export class D1AiBudget {
  readonly #db: D1Database;
  readonly #limit: number;
  readonly #clock: Clock;

  constructor(db: D1Database, options: D1AiBudgetOptions) {
    if (!Number.isFinite(options.dailyLimit) || options.dailyLimit < 0) {
      throw new StreamlogError('configuration_error', `the daily AI budget must be ≥ 0, got ${options.dailyLimit}`);
    }
    this.#db = db;
    this.#limit = options.dailyLimit;
    this.#clock = options.clock ?? systemClock;
  }

  /** Today's UTC date by the injected clock. */
  today(): string {
    return this.#clock.now().toISOString().slice(0, 10);
  }

  /** Takes `units` from today's budget; false (and nothing taken) when that would exceed the limit. */
  async reserve(units: number): Promise<boolean> {
    if (!Number.isFinite(units) || units < 0) {
      throw new StreamlogError('validation_failed', `a budget reservation must be ≥ 0 units, got ${units}`);
    }
    const now = this.#clock.now();
    const row = await this.#db
      .prepare(
        `INSERT INTO budgets (budget, day, limit_units, used_units, updated_ms)
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE ?4 <= ?3
         ON CONFLICT (budget, day) DO UPDATE SET
           used_units = budgets.used_units + excluded.used_units,
           limit_units = excluded.limit_units,
           updated_ms = excluded.updated_ms
         WHERE budgets.used_units + excluded.used_units <= excluded.limit_units
         RETURNING used_units`,
      )
      .bind(WORKERS_AI_BUDGET, now.toISOString().slice(0, 10), this.#limit, units, now.getTime())
      .first<{ used_units: number }>();
    return row !== null;
  }

  /** What was reserved on `day` (default today), for reports. */
  async used(day: string = this.today()): Promise<BudgetUsage> {
    const row = await this.#db
      .prepare('SELECT limit_units, used_units FROM budgets WHERE budget = ?1 AND day = ?2')
      .bind(WORKERS_AI_BUDGET, day)
      .first<{ limit_units: number; used_units: number }>();
    return { day, limit_units: row?.limit_units ?? this.#limit, used_units: row?.used_units ?? 0 };
  }
}
