import { dispatchBatch } from './queue/dispatch.ts';
import { routeFetch } from './routes.ts';
import { runSchedule } from './schedule.ts';

/** The pipeline Worker's entry: it only routes. */
export default {
  fetch: (request, env, ctx) => routeFetch(request, env, ctx),
  scheduled: (controller, env, ctx) => runSchedule(controller, env, ctx),
  queue: (batch, env) => dispatchBatch(batch, env),
} satisfies ExportedHandler<Env>;
